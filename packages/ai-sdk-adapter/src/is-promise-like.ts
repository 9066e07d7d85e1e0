/**
 * True for anything with a `then` method — a promise, or the `PromiseLike` a user's resolver
 * or a lazy schema may return — which the adapter awaits; anything else it uses at once.
 *
 * @example
 * isPromiseLike(Promise.resolve(1)); // true
 * isPromiseLike("research-bot"); // false
 */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

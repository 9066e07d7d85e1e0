/** Marks the tools `guardTools` returns; `Symbol.for` so that every copy of the package agrees. */
export const guardedToolBrand = Symbol.for("aumai.connectorguard.langchain.guarded-tool");

/**
 * True for a tool returned by `guardTools` (from any copy of this package).
 *
 * @example
 * const [guardedLookup] = guardTools([lookupOrder], { guard });
 * isGuardedTool(guardedLookup); // true
 * isGuardedTool(lookupOrder); // false
 */
export function isGuardedTool(value: unknown): boolean {
  return typeof value === "object" && value !== null && guardedToolBrand in value;
}

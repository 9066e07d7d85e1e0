// With the `u` flag a surrogate pair is one code point, so only lone surrogates match.
const loneSurrogate = /\p{Cs}/u;
const loneSurrogates = /\p{Cs}/gu;

/**
 * True when `text` holds a lone surrogate (UTF-16 that is not valid Unicode), which
 * `String.prototype.isWellFormed` answers on ES2024 runtimes.
 *
 * @example
 * hasLoneSurrogate("ok"); // false
 * hasLoneSurrogate("\uD800"); // true
 */
export function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}

/**
 * `text` with every lone surrogate replaced by U+FFFD, like ES2024's `toWellFormed`.
 *
 * @example
 * toWellFormedText("a\uD800"); // "a\uFFFD"
 */
export function toWellFormedText(text: string): string {
  return text.replace(loneSurrogates, "\uFFFD");
}

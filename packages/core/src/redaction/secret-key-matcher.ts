/**
 * Key endings that mark a value as a secret. A key matches when, lower-cased and stripped of
 * `-`, `_`, `.` and spaces, it ends with one of them: `password`, `dbPassword`, `x-api-key`,
 * `refresh_token` and `Authorization` match; `max_tokens`, `tokenizer` and `author` do not.
 */
export const DEFAULT_SECRET_KEYS: readonly string[] = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "secretkey",
  "authorization",
  "auth",
  "cookie",
  "credential",
  "credentials",
  "sessionid",
  "jwt",
  "bearer",
];

// Keys seen in inputs repeat (`prompt`, `model`…): remembering the answer keeps redaction
// from normalising every key of every call. Bounded so hostile inputs cannot grow it.
const MAX_REMEMBERED_KEYS = 10_000;
const MAX_REMEMBERED_KEY_LENGTH = 256;

/**
 * Tells whether an object key names a secret, by its normalised ending (see
 * {@link DEFAULT_SECRET_KEYS}).
 *
 * @example
 * const matcher = new SecretKeyMatcher([...DEFAULT_SECRET_KEYS, "ssn"]);
 * matcher.isSecret("customer_SSN"); // true
 * matcher.isSecret("max_tokens"); // false
 */
export class SecretKeyMatcher {
  private readonly endings: readonly string[];
  private readonly remembered = new Map<string, boolean>();

  constructor(endings: readonly string[] = DEFAULT_SECRET_KEYS) {
    this.endings = endings.map(normalizeKey).filter((ending) => ending !== "");
  }

  /** True when `key` looks like the name of a secret. */
  isSecret(key: string): boolean {
    const known = this.remembered.get(key);
    if (known !== undefined) return known;
    const normalized = normalizeKey(key);
    const secret = this.endings.some((ending) => normalized.endsWith(ending));
    if (this.remembered.size < MAX_REMEMBERED_KEYS && key.length <= MAX_REMEMBERED_KEY_LENGTH) {
      this.remembered.set(key, secret);
    }
    return secret;
  }
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_.\s]/g, "");
}

/**
 * The text stored in a searchable column for a value of the record: PostgreSQL text cannot
 * hold NUL, and lone surrogates cannot be encoded, so both become U+FFFD. The record itself
 * keeps the exact value (JSON escapes them).
 *
 * @example
 * toColumnText("agent\0one"); // "agent\ufffdone"
 */
export function toColumnText(value: string): string {
  return value.replace(
    /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    "\ufffd",
  );
}

/** `Name: message` of an error, or the thrown value as text, for audit records. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  try {
    return `thrown value: ${typeof error === "string" ? error : JSON.stringify(error)}`;
  } catch {
    return `thrown value of type ${typeof error}`;
  }
}

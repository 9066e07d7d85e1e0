/** How far the viewer's source verified as a hash chain, for the page's chain banner. */
export interface ChainState {
  /** Entries verified from the first one on. */
  readonly verified: number;
  /** The sequence number and hash of the last verified entry. */
  readonly head: { readonly seq: number; readonly hash: string };
  /** The first break: nothing after it is shown. */
  readonly firstBreak?: { readonly seq: number; readonly reason: string; readonly line?: number };
  /** A last line still being written (or cut short by a crash). */
  readonly tornTail?: { readonly line: number };
  /** When the chain was last checked (ISO 8601). */
  readonly checkedAt: string;
  /** How the chain is checked: `"as read"` (file) or `"on demand"` (PostgreSQL). */
  readonly coverage: "as read" | "on demand";
}

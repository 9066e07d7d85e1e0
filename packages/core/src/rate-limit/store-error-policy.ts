/** What the pipeline does when the rate-limit store cannot decide (down, slow, broken). */
export type StoreErrorPolicy = "deny" | "allow";

/** The accepted {@link StoreErrorPolicy} values; `"deny"` (fail closed) is the default. */
export const STORE_ERROR_POLICIES: readonly StoreErrorPolicy[] = ["deny", "allow"];

/**
 * A customer-support agent on LangChain.js, guarded by ConnectorGuard, driven by a scripted
 * model: offline, no API key. Run it with `pnpm start` (or `pnpm demo` at the repository root).
 */
import { runSupportDemo } from "./support-demo.js";

console.log("ConnectorGuard × LangChain.js — a customer-support agent (scripted model, offline)\n");
await runSupportDemo((line) => console.log(line));

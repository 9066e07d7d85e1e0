export * from "./audit/index.js";
export * from "./errors/index.js";
export * from "./guard/index.js";
export * from "./interceptor/index.js";
export * from "./permissions/index.js";
export * from "./rate-limit/index.js";
export * from "./registry/index.js";
export * from "./schema/index.js";

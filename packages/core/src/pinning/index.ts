export { type ToolDefinition, toolDefinitionHash } from "./tool-definition-hash.js";

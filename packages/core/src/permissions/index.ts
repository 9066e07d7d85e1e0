export { type AgentPermissionMap, PermissionGrants } from "./permission-grants.js";

export { ConnectorRegistry, type RegisteredConnector } from "./connector-registry.js";

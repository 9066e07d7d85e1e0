export {
  ConnectorRegistry,
  type ConnectorRegistryOptions,
  type RegisteredConnector,
} from "./connector-registry.js";

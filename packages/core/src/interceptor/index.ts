export { checkOutput, type OutputVerdict } from "./output-check.js";
export {
  type AuditErrorHandler,
  captureArguments,
  type DecisionHandler,
  RequestInterceptor,
  type RequestInterceptorOptions,
  type WrapTarget,
} from "./request-interceptor.js";

export {
  type AuditErrorHandler,
  captureArguments,
  type DecisionHandler,
  RequestInterceptor,
  type RequestInterceptorOptions,
  type WrapTarget,
} from "./request-interceptor.js";

export {
  type AuditErrorHandler,
  captureArguments,
  RequestInterceptor,
  type RequestInterceptorOptions,
  type WrapTarget,
} from "./request-interceptor.js";

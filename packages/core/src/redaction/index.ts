export {
  AuditRedactor,
  MAX_AUDITED_NAME_LENGTH,
  type RedactionOptions,
  type TruncatedInput,
} from "./audit-redactor.js";
export {
  ANY_SEGMENT,
  parseRedactionPath,
  type RedactionPathSegment,
} from "./redaction-path.js";
export { DEFAULT_SECRET_KEYS, SecretKeyMatcher } from "./secret-key-matcher.js";

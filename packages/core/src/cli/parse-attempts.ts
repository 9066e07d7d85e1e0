import { describeType } from "../support/describe-type.js";
import { isPlainRecord } from "../support/is-plain-record.js";
import type { ConnectionAttemptInit } from "../values/connection-attempt.js";
import { CliUsageError } from "./cli-usage-error.js";

type AttemptField =
  | "connectorName"
  | "sourceAgent"
  | "inputData"
  | "timestamp"
  | "capabilityToken"
  | "toolDefinitionHash";

// The reference writes attempts in snake_case; both spellings are accepted.
const spellings: Readonly<Record<string, AttemptField>> = {
  connectorName: "connectorName",
  connector_name: "connectorName",
  sourceAgent: "sourceAgent",
  source_agent: "sourceAgent",
  inputData: "inputData",
  input_data: "inputData",
  timestamp: "timestamp",
  capabilityToken: "capabilityToken",
  capability_token: "capabilityToken",
  toolDefinitionHash: "toolDefinitionHash",
  tool_definition_hash: "toolDefinitionHash",
};

const knownFields = Object.keys(spellings).filter(
  (key) => key.includes("_") || key === "timestamp",
);

/**
 * Reads the attempts of one attempt file: one attempt object or an array of them, in the
 * reference's snake_case (`connector_name`, `source_agent`, `input_data`, `timestamp`) or in
 * camelCase, optionally with a `capability_token` (a JWT) and a `tool_definition_hash` (for a
 * pinned connector). Throws `CliUsageError` naming the file and the field at fault.
 *
 * @example
 * parseAttempts({ connector_name: "openai-chat", input_data: { prompt: "hi" } }, "a.json");
 * // [{ connectorName: "openai-chat", inputData: { prompt: "hi" } }]
 */
export function parseAttempts(value: unknown, source: string): ConnectionAttemptInit[] {
  if (Array.isArray(value)) {
    return value.map((item, index) => parseAttempt(item, `${source}: [${index}]`));
  }
  return [parseAttempt(value, source)];
}

function parseAttempt(value: unknown, where: string): ConnectionAttemptInit {
  if (!isPlainRecord(value)) {
    throw new CliUsageError(
      `${where}: an attempt must be an object with connector_name (got ${describeType(value)})`,
    );
  }
  const fields = new Map<AttemptField, unknown>();
  for (const [key, field] of Object.entries(value)) {
    const name = Object.hasOwn(spellings, key) ? spellings[key] : undefined;
    if (name === undefined) {
      throw new CliUsageError(
        `${where}: unknown field '${key}' (known: ${knownFields.join(", ")})`,
      );
    }
    if (fields.has(name)) throw new CliUsageError(`${where}: field '${key}' is given twice`);
    fields.set(name, field);
  }
  const connectorName = fields.get("connectorName");
  if (typeof connectorName !== "string" || connectorName.trim() === "") {
    throw new CliUsageError(
      `${where}: connector_name is required and must be a non-empty string (got ${describeType(connectorName)})`,
    );
  }
  const sourceAgent = fields.get("sourceAgent");
  if (sourceAgent !== undefined && (typeof sourceAgent !== "string" || sourceAgent === "")) {
    throw new CliUsageError(`${where}: source_agent must be a non-empty string`);
  }
  const token = fields.get("capabilityToken");
  const hash = fields.get("toolDefinitionHash");
  for (const field of ["capabilityToken", "toolDefinitionHash"] as const) {
    const value = fields.get(field);
    if (value !== undefined && (typeof value !== "string" || value.trim() === "")) {
      const spelling = field === "capabilityToken" ? "capability_token" : "tool_definition_hash";
      throw new CliUsageError(
        `${where}: ${spelling} must be a non-empty string (got ${describeType(value)})`,
      );
    }
  }
  const timestamp = fields.get("timestamp");
  let when: Date | undefined;
  if (timestamp !== undefined) {
    when = typeof timestamp === "string" ? new Date(timestamp) : undefined;
    if (when === undefined || Number.isNaN(when.getTime())) {
      throw new CliUsageError(
        `${where}: timestamp must be an ISO 8601 date string (got ${JSON.stringify(timestamp)})`,
      );
    }
  }
  return {
    connectorName,
    ...(sourceAgent === undefined ? {} : { sourceAgent }),
    inputData: fields.get("inputData") ?? {},
    ...(when === undefined ? {} : { timestamp: when }),
    ...(token === undefined ? {} : { capabilityToken: token as string }),
    ...(hash === undefined ? {} : { toolDefinitionHash: hash as string }),
  };
}

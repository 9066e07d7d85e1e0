/**
 * What {@link scanCanonicalRecord} found in a line that is canonical JSON: byte positions of
 * the members a verifier needs, and whether the rest looks like an audit record. One object is
 * reused from call to call (it is read before the next line is scanned): a verifier scans
 * millions of lines and should allocate nothing per line that it can avoid.
 */
export interface CanonicalRecordFacts {
  /** The value of `seq`, NaN when it is missing or not a number. */
  seq: number;
  /** Content of the `prevHash` string (inside its quotes), or -1 when it is not a plain string. */
  prevHashStart: number;
  prevHashEnd: number;
  /** Content of the `hash` string, or -1 when it is not a plain string. */
  hashStart: number;
  hashEnd: number;
  /** The bytes to cut out to get the hashed text: the `hash` member and one comma beside it. */
  cutStart: number;
  cutEnd: number;
  attemptIsObject: boolean;
  namesAreStrings: boolean;
  resultIsObject: boolean;
  allowedIsBoolean: boolean;
  timestampIsString: boolean;
}

/** How deep a record may nest; deeper is refused rather than risking the stack. */
export const MAX_RECORD_DEPTH = 1_000;

const quote = 0x22;
const backslash = 0x5c;
const comma = 0x2c;
const colon = 0x3a;
const openObject = 0x7b;
const closeObject = 0x7d;
const openArray = 0x5b;
const closeArray = 0x5d;
const minus = 0x2d;
const zero = 0x30;
const nine = 0x39;

// Which object's members are being identified: most are not.
const plainObject = 0;
const recordObject = 1;
const attemptObject = 2;
const resultObject = 3;

const facts: CanonicalRecordFacts = {
  seq: Number.NaN,
  prevHashStart: -1,
  prevHashEnd: -1,
  hashStart: -1,
  hashEnd: -1,
  cutStart: -1,
  cutEnd: -1,
  attemptIsObject: false,
  namesAreStrings: false,
  resultIsObject: false,
  allowedIsBoolean: false,
  timestampIsString: false,
};

// The line being scanned. Module state, not arguments: the scanner is synchronous and these
// would otherwise be threaded through every call of a hot recursive descent.
let source: Buffer = Buffer.alloc(0);
let lineStart = 0;
let limit = 0;
let failure = "";
// Whether the last string scanned was plain ASCII without escapes (compared byte for byte).
let plainString = true;
let namesSeen = 0;

const names = {
  seq: bytesOf("seq"),
  hash: bytesOf("hash"),
  result: bytesOf("result"),
  prevHash: bytesOf("prevHash"),
  timestamp: bytesOf("timestamp"),
  connectionAttempt: bytesOf("connectionAttempt"),
  connectorName: bytesOf("connectorName"),
  sourceAgent: bytesOf("sourceAgent"),
  allowed: bytesOf("allowed"),
  true: bytesOf("true"),
  false: bytesOf("false"),
  null: bytesOf("null"),
};

function bytesOf(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/**
 * Checks that `bytes[start, end)` is exactly what the writer writes for a record — canonical
 * JSON: one object, keys sorted by UTF-16 code units and each given once, no whitespace,
 * strings escaped exactly as `JSON.stringify` escapes them, numbers as `String(number)` writes
 * them — and finds the members a verifier needs. Returns the facts, or undefined with the
 * problem in {@link canonicalProblem}. A parser that keeps the last of two duplicate keys
 * cannot be told apart from one that keeps the first by a hash over the parsed value; this
 * refuses the line instead. The bytes must already be known to be valid UTF-8.
 *
 * @example
 * const found = scanCanonicalRecord(line, 0, line.length);
 * if (found === undefined) console.log(canonicalProblem()); // 'duplicate key "allowed" at byte 84'
 */
export function scanCanonicalRecord(
  bytes: Buffer,
  start: number,
  end: number,
): CanonicalRecordFacts | undefined {
  source = bytes;
  lineStart = start;
  limit = end;
  failure = "";
  facts.seq = Number.NaN;
  facts.prevHashStart = -1;
  facts.prevHashEnd = -1;
  facts.hashStart = -1;
  facts.hashEnd = -1;
  facts.cutStart = -1;
  facts.cutEnd = -1;
  facts.attemptIsObject = false;
  facts.namesAreStrings = false;
  facts.resultIsObject = false;
  facts.allowedIsBoolean = false;
  facts.timestampIsString = false;
  if (bytes[start] !== openObject) {
    fail(start, "a line that does not start with '{'");
    return undefined;
  }
  const next = scanObject(start, 1, recordObject);
  if (next < 0) return undefined;
  if (next !== end) {
    fail(next, "bytes after the record");
    return undefined;
  }
  return facts;
}

/** Why the last {@link scanCanonicalRecord} call returned undefined. */
export function canonicalProblem(): string {
  return failure;
}

function fail(position: number, problem: string): number {
  failure = `${problem} at byte ${position - lineStart}`;
  return -1;
}

function scanValue(position: number, depth: number, role: number): number {
  const byte = source[position] as number;
  switch (byte) {
    case quote:
      return scanString(position);
    case openObject:
      return scanObject(position, depth + 1, role);
    case openArray:
      return scanArray(position, depth + 1);
    case 0x74:
      return scanLiteral(position, names.true);
    case 0x66:
      return scanLiteral(position, names.false);
    case 0x6e:
      return scanLiteral(position, names.null);
    default:
      if (byte === minus || (byte >= zero && byte <= nine)) return scanNumber(position);
      if (byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0a) {
        return fail(position, "whitespace, which the writer never writes,");
      }
      return fail(position, position >= limit ? "a value cut short" : "an unexpected byte");
  }
}

function scanObject(position: number, depth: number, role: number): number {
  const bytes = source;
  if (depth > MAX_RECORD_DEPTH) return fail(position, `nesting deeper than ${MAX_RECORD_DEPTH}`);
  if (role === attemptObject) namesSeen = 0;
  let index = position + 1;
  if (bytes[index] === closeObject) return index + 1;
  let previousStart = -1;
  let previousEnd = -1;
  let previousPlain = true;
  for (;;) {
    if (bytes[index] !== quote) return fail(index, "a member that does not start with a key");
    const keyStart = index;
    index = scanString(index);
    if (index < 0) return -1;
    const keyEnd = index;
    const keyPlain = plainString;
    // Keys mostly differ at their first character: decide there when both are plain.
    if (
      previousStart >= 0 &&
      !(
        keyPlain &&
        previousPlain &&
        (bytes[keyStart + 1] as number) > (bytes[previousStart + 1] as number)
      )
    ) {
      const order = compareKeys(
        previousStart,
        previousEnd,
        previousPlain,
        keyStart,
        keyEnd,
        keyPlain,
      );
      if (order >= 0) {
        const key = keyText(keyStart, keyEnd);
        return fail(
          keyStart,
          order === 0
            ? `duplicate key ${key}`
            : `key ${key} after ${keyText(previousStart, previousEnd)} (keys out of order)`,
        );
      }
    }
    if (bytes[index] !== colon) return fail(index, "a key not followed by ':'");
    const valueStart = index + 1;
    const name =
      role === plainObject || !keyPlain ? undefined : memberName(role, keyStart + 1, keyEnd - 1);
    const childRole =
      name === names.connectionAttempt
        ? attemptObject
        : name === names.result
          ? resultObject
          : plainObject;
    // A 64-character hash needs no scan: the verifier compares it with a hex digest, which
    // only the same 64 ASCII bytes can equal.
    if (bytes[valueStart] !== quote) index = scanValue(valueStart, depth, childRole);
    else if (
      (name === names.hash || name === names.prevHash) &&
      valueStart + 65 < limit &&
      bytes[valueStart + 65] === quote
    ) {
      index = valueStart + 66;
    } else index = scanString(valueStart);
    if (index < 0) return -1;
    if (name !== undefined) noteMember(name, keyStart, valueStart, index);
    const byte = bytes[index];
    if (byte === comma) {
      index++;
      previousStart = keyStart;
      previousEnd = keyEnd;
      previousPlain = keyPlain;
      continue;
    }
    if (byte === closeObject) {
      if (role === attemptObject) facts.namesAreStrings = namesSeen === 2;
      return index + 1;
    }
    return fail(index, "a member not followed by ',' or '}'");
  }
}

function scanArray(position: number, depth: number): number {
  const bytes = source;
  if (depth > MAX_RECORD_DEPTH) return fail(position, `nesting deeper than ${MAX_RECORD_DEPTH}`);
  let index = position + 1;
  if (bytes[index] === closeArray) return index + 1;
  for (;;) {
    index = scanValue(index, depth, plainObject);
    if (index < 0) return -1;
    const byte = bytes[index];
    if (byte === comma) index++;
    else if (byte === closeArray) return index + 1;
    else return fail(index, "an array item not followed by ',' or ']'");
  }
}

// What a byte inside a string asks for: 0 nothing (the common case, one load and one test).
const ordinary = 0;
const stringEnd = 1;
const escaped = 2;
const control = 3;
const nonAscii = 4;
const stringBytes = new Uint8Array(256).map((_, byte) =>
  byte === quote
    ? stringEnd
    : byte === backslash
      ? escaped
      : byte < 0x20
        ? control
        : byte >= 0x80
          ? nonAscii
          : ordinary,
);

function scanString(position: number): number {
  // Locals, not the module's variables, in the loop that sees most of the bytes.
  const bytes = source;
  const end = limit;
  const classes = stringBytes;
  let index = position + 1;
  let plain = true;
  while (index < end) {
    const kind = classes[bytes[index] as number];
    if (kind === ordinary) {
      index++;
      continue;
    }
    if (kind === stringEnd) {
      plainString = plain;
      return index + 1;
    }
    plain = false;
    if (kind === escaped) {
      index = scanEscape(index);
      if (index < 0) return -1;
    } else if (kind === control) {
      return fail(index, "a control character that JSON.stringify escapes");
    } else index++;
  }
  return fail(index, "a string cut short");
}

/** One escape, exactly as JSON.stringify writes it: the short forms, else \u for controls and lone surrogates. */
function scanEscape(position: number): number {
  switch (source[position + 1]) {
    case quote:
    case backslash:
    case 0x62: // b
    case 0x66: // f
    case 0x6e: // n
    case 0x72: // r
    case 0x74: // t
      return position + 2;
    case 0x75: {
      const code = hexAt(position + 2);
      if (code < 0) return fail(position, "a \\u escape not written with 4 lowercase hex digits");
      if (code < 0x20) {
        if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) {
          return fail(position, "a \\u escape where JSON.stringify writes a short escape");
        }
        return position + 6;
      }
      if (code >= 0xd800 && code <= 0xdbff) {
        if (source[position + 6] === backslash && source[position + 7] === 0x75) {
          const low = hexAt(position + 8);
          if (low >= 0xdc00 && low <= 0xdfff) {
            return fail(
              position,
              "a surrogate pair written as escapes (JSON.stringify writes the character)",
            );
          }
        }
        return position + 6;
      }
      if (code >= 0xdc00 && code <= 0xdfff) return position + 6;
      return fail(position, "a \\u escape of a character JSON.stringify writes as it is");
    }
    default:
      return fail(position, "an escape JSON.stringify never writes");
  }
}

function hexAt(position: number): number {
  const bytes = source;
  if (position + 4 > limit) return -1;
  let code = 0;
  for (let index = position; index < position + 4; index++) {
    const byte = bytes[index] as number;
    let digit: number;
    if (byte >= zero && byte <= nine) digit = byte - zero;
    else if (byte >= 0x61 && byte <= 0x66) digit = byte - 0x57;
    else return -1;
    code = code * 16 + digit;
  }
  return code;
}

function scanNumber(position: number): number {
  const bytes = source;
  let index = position;
  if (bytes[index] === minus) index++;
  const digitsStart = index;
  const first = bytes[index] as number;
  if (first === zero) index++;
  else if (first > zero && first <= nine) {
    index++;
    while (isDigit(bytes[index])) index++;
  } else return fail(index, "a number without digits");
  const integerDigits = index - digitsStart;
  let fractionDigits = 0;
  let leadingZeros = 0;
  let trailingZero = false;
  if (bytes[index] === 0x2e) {
    index++;
    const fractionStart = index;
    while (isDigit(bytes[index])) index++;
    fractionDigits = index - fractionStart;
    if (fractionDigits === 0) return fail(index, "a number with an empty fraction");
    trailingZero = bytes[index - 1] === zero;
    while (leadingZeros < fractionDigits && bytes[fractionStart + leadingZeros] === zero) {
      leadingZeros++;
    }
  }
  const exponent = bytes[index];
  let hasExponent = false;
  if (exponent === 0x65 || exponent === 0x45) {
    hasExponent = true;
    index++;
    if (bytes[index] === 0x2b || bytes[index] === minus) index++;
    if (!isDigit(bytes[index])) return fail(index, "a number with an empty exponent");
    while (isDigit(bytes[index])) index++;
  }
  if (!hasExponent && !trailingZero) {
    // Up to 15 significant digits survive a round trip through a double, so such a number
    // is canonical when it is written the way String(number) writes it: no trailing zero in
    // the fraction, and a fraction form (not 1e-7) for values from 1e-6 on.
    const significant =
      first === zero ? fractionDigits - leadingZeros : integerDigits + fractionDigits;
    const fractionForm = first !== zero || fractionDigits === 0 || leadingZeros <= 5;
    if (significant <= 15 && fractionForm) {
      if (digitsStart !== position && significant === 0) {
        return fail(position, "-0, which JSON.stringify writes as 0,");
      }
      return index;
    }
  }
  const text = source.toString("latin1", position, index);
  if (String(Number(text)) !== text) {
    return fail(
      position,
      `the number ${text}, which JSON.stringify writes as ${String(Number(text))},`,
    );
  }
  return index;
}

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= zero && byte <= nine;
}

function scanLiteral(position: number, literal: Uint8Array): number {
  const bytes = source;
  for (let index = 0; index < literal.length; index++) {
    if (bytes[position + index] !== literal[index]) return fail(position, "an unexpected byte");
  }
  return position + literal.length;
}

/**
 * Orders two keys as the writer sorts them (UTF-16 code units): byte by byte when both are
 * plain ASCII without escapes, else by their decoded text.
 */
function compareKeys(
  leftStart: number,
  leftEnd: number,
  leftPlain: boolean,
  rightStart: number,
  rightEnd: number,
  rightPlain: boolean,
): number {
  if (!leftPlain || !rightPlain) {
    const left = decodeKey(leftStart, leftEnd);
    const right = decodeKey(rightStart, rightEnd);
    return left === right ? 0 : left < right ? -1 : 1;
  }
  // Inside the quotes: a closing quote must not be compared as if it were a character.
  const bytes = source;
  const leftLength = leftEnd - leftStart - 2;
  const rightLength = rightEnd - rightStart - 2;
  const shorter = Math.min(leftLength, rightLength);
  for (let offset = 1; offset <= shorter; offset++) {
    const difference =
      (bytes[leftStart + offset] as number) - (bytes[rightStart + offset] as number);
    if (difference !== 0) return difference;
  }
  return leftLength - rightLength;
}

function decodeKey(start: number, end: number): string {
  return JSON.parse(
    Buffer.from(source.buffer, source.byteOffset + start, end - start).toString(),
  ) as string;
}

function keyText(start: number, end: number): string {
  return Buffer.from(source.buffer, source.byteOffset + start, end - start).toString();
}

/** The known member name at `source[start, end)` of a record, its attempt or its result. */
function memberName(role: number, start: number, end: number): Uint8Array | undefined {
  const bytes = source;
  let candidate: Uint8Array | undefined;
  const length = end - start;
  if (role === recordObject) {
    if (length === 3) candidate = names.seq;
    else if (length === 4) candidate = names.hash;
    else if (length === 6) candidate = names.result;
    else if (length === 8) candidate = names.prevHash;
    else if (length === 9) candidate = names.timestamp;
    else if (length === 17) candidate = names.connectionAttempt;
  } else if (role === attemptObject) {
    if (length === 13) candidate = names.connectorName;
    else if (length === 11) candidate = names.sourceAgent;
  } else if (length === 7) candidate = names.allowed;
  if (candidate === undefined) return undefined;
  for (let index = 0; index < length; index++) {
    if (bytes[start + index] !== candidate[index]) return undefined;
  }
  return candidate;
}

function noteMember(
  name: Uint8Array,
  keyStart: number,
  valueStart: number,
  valueEnd: number,
): void {
  const first = source[valueStart];
  switch (name) {
    case names.seq:
      facts.seq =
        first === quote || first === openObject || first === openArray
          ? Number.NaN
          : numberAt(valueStart, valueEnd);
      return;
    case names.prevHash:
      if (first === quote && plainString) {
        facts.prevHashStart = valueStart + 1;
        facts.prevHashEnd = valueEnd - 1;
      }
      return;
    case names.hash:
      if (first === quote && plainString) {
        facts.hashStart = valueStart + 1;
        facts.hashEnd = valueEnd - 1;
      }
      // The hashed text is the record without this member: cut it and the comma after it (or,
      // for a last member, the comma before it).
      if (source[valueEnd] === comma) {
        facts.cutStart = keyStart;
        facts.cutEnd = valueEnd + 1;
      } else {
        facts.cutStart = source[keyStart - 1] === comma ? keyStart - 1 : keyStart;
        facts.cutEnd = valueEnd;
      }
      return;
    case names.timestamp:
      facts.timestampIsString = first === quote;
      return;
    case names.connectionAttempt:
      facts.attemptIsObject = first === openObject;
      if (!facts.attemptIsObject) facts.namesAreStrings = false;
      return;
    case names.result:
      facts.resultIsObject = first === openObject;
      return;
    case names.connectorName:
    case names.sourceAgent:
      if (first === quote) namesSeen++;
      return;
    case names.allowed:
      facts.allowedIsBoolean = first === 0x74 || first === 0x66;
      return;
  }
}

function numberAt(start: number, end: number): number {
  const bytes = source;
  let value = 0;
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number;
    if (byte < zero || byte > nine || index - start >= 15) {
      return Number(
        Buffer.from(source.buffer, source.byteOffset + start, end - start).toString("latin1"),
      );
    }
    value = value * 10 + (byte - zero);
  }
  return value;
}

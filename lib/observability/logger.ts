/**
 * Structured JSON logs, one object per line, to stderr by default. Secrets never reach the output:
 * fields named like a secret (private/signing/api key, secret, token, password, authorization,
 * mnemonic, cookie, credential) are replaced with "[redacted]" at any depth, and every URL in a
 * string value, a message or an error's message and stack is redacted (`redaction.ts`: no
 * credentials, query string or fragment, no path segment that may be a key).
 */
import { redactUrlsIn } from "../net/redaction.ts";

export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line. */
  child(bindings: LogFields): Logger;
}

export interface CreateLoggerOptions {
  name: string;
  /** Lowest level written (default "info"). */
  level?: LogLevel;
  /** Where lines go (default: process.stderr). Receives one JSON line without the newline. */
  write?: (line: string) => void;
  /** Clock (default `Date.now`). */
  nowMs?: () => number;
}

const REDACTED = "[redacted]";
const SECRET_FIELD =
  /(secret|token|passw(or)?d|passphrase|authori[sz]ation|mnemonic|cookie|credential|(^|private|signing|api|secret|_|-)keys?$)/i;
const MAX_DEPTH = 8;

/** True for field names whose values must never be logged. */
export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD.test(name);
}

/** A JSON-safe copy of `value` with secrets redacted. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactUrlsIn(value);
  if (typeof value === "bigint") return value.toString();
  if (value === null || typeof value !== "object") {
    return typeof value === "function" || typeof value === "symbol" ? String(value) : value;
  }
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (value instanceof Error) {
    const out: LogFields = { name: value.name, message: redactUrlsIn(value.message) };
    if (value.stack !== undefined) out.stack = redactUrlsIn(value.stack);
    if (value.cause !== undefined) out.cause = redact(value.cause, depth + 1);
    return out;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: LogFields = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    out[field] = isSecretFieldName(field) ? REDACTED : redact(fieldValue, depth + 1);
  }
  return out;
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "info");
  if (threshold < 0) throw new RangeError(`unknown log level ${String(options.level)}`);
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const nowMs = options.nowMs ?? Date.now;

  const make = (bindings: LogFields): Logger => {
    const emit = (level: LogLevel, msg: string, fields?: LogFields): void => {
      if (LOG_LEVELS.indexOf(level) < threshold) return;
      const line = {
        time: new Date(nowMs()).toISOString(),
        level,
        name: options.name,
        msg: redactUrlsIn(msg),
        ...(redact(bindings) as LogFields),
        ...(fields === undefined ? {} : (redact(fields) as LogFields)),
      };
      write(JSON.stringify(line));
    };
    return {
      debug: (msg, fields) => emit("debug", msg, fields),
      info: (msg, fields) => emit("info", msg, fields),
      warn: (msg, fields) => emit("warn", msg, fields),
      error: (msg, fields) => emit("error", msg, fields),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}

/**
 * Validation of task options at the edge, with zod: every option arrives as the string the
 * operator typed and leaves as the typed value the task uses (an address, a bigint amount in
 * base units, a unix time). A refusal names the option and says what was expected, in one
 * line, before anything is sent.
 */
import { existsSync, readFileSync } from "node:fs";

import { getAddress, keccak256 } from "ethers";
import { z } from "zod";

import { ISO_3166_ALPHA2 } from "../../lib/iso/iso3166.ts";
import { MEMBER_ROLE_NAMES, type MemberRoleName } from "../../lib/chain/roles.ts";
import { InvalidInputError, optionFlag, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import type { MemberDirectory, MemberEntry } from "./members.ts";

/** A required option: Hardhat passes `undefined` when it was not given. */
function given(): z.ZodString {
  return z.string({ required_error: "is required" }).trim().min(1, "is required");
}

/** Free text of 1..maxBytes UTF-8 bytes. */
export function text(maxBytes: number): z.ZodType<string, z.ZodTypeDef, unknown> {
  return given().refine(
    (v) => Buffer.byteLength(v, "utf8") <= maxBytes,
    `is longer than ${maxBytes} bytes`,
  );
}

/** An EVM address; a mixed-case one must carry a valid EIP-55 checksum. */
export const address: z.ZodType<string, z.ZodTypeDef, unknown> = given().transform((v, ctx) => {
  if (!/^0x[0-9a-fA-F]{40}$/.test(v)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" is not an address (0x followed by 40 hex digits)`,
    });
    return z.NEVER;
  }
  try {
    return getAddress(v);
  } catch {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" has a wrong EIP-55 checksum (check the upper/lower case, or type it all lower-case)`,
    });
    return z.NEVER;
  }
});

/** A whole number ≥ `min`, such as a proposal, bill or credit id. */
export function wholeNumber(min = 1n): z.ZodType<bigint, z.ZodTypeDef, unknown> {
  return given().transform((v, ctx) => {
    if (!/^\d+$/.test(v)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not a whole number (e.g. 3)`,
      });
      return z.NEVER;
    }
    const n = BigInt(v);
    if (n < min) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must be at least ${min}` });
      return z.NEVER;
    }
    return n;
  });
}

/**
 * A decimal amount of `unit` with at most `decimals` decimal places ("1250.5" with 2
 * decimals → 125050n), in base units.
 */
export function amount(decimals: number, unit: string): z.ZodType<bigint, z.ZodTypeDef, unknown> {
  return given().transform((v, ctx) => {
    const problem = amountProblem(v, decimals, unit);
    if (problem !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      return z.NEVER;
    }
    return baseUnits(v, decimals);
  });
}

/** A decimal amount as typed ("1250.50"), its decimals checked once the unit is known. */
export const amountText: z.ZodType<string, z.ZodTypeDef, unknown> = given().refine(
  (v) => /^\d+(?:\.\d+)?$/.test(v),
  (v) => ({
    message: `"${v}" is not an amount (digits with an optional decimal point, e.g. 1250.50)`,
  }),
);

/**
 * `text` (checked by `amountText`) in base units of a token with `decimals` decimals; bad
 * input is refused naming `field` (for amounts whose unit is known only from the chain).
 */
export function toBaseUnits(field: string, text: string, decimals: number, unit: string): bigint {
  const problem = amountProblem(text, decimals, unit);
  if (problem !== undefined) throw new InvalidInputError(optionFlag(field), problem);
  return baseUnits(text, decimals);
}

function amountProblem(v: string, decimals: number, unit: string): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(v);
  if (match === null) {
    return `"${v}" is not an amount (digits with an optional decimal point, e.g. 1250.50)`;
  }
  const fraction = match[2] ?? "";
  if (fraction.length > decimals) {
    return `"${v}" has ${fraction.length} decimal places; ${unit} amounts take at most ${decimals}`;
  }
  return undefined;
}

function baseUnits(v: string, decimals: number): bigint {
  const [whole, fraction = ""] = v.split(".") as [string, string?];
  return BigInt(whole + fraction.padEnd(decimals, "0"));
}

/** 125050n with 2 decimals → "1,250.50". */
export function formatUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = BigInt(digits.slice(0, digits.length - decimals)).toLocaleString("en-US");
  const fraction = decimals === 0 ? "" : `.${digits.slice(digits.length - decimals)}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** A calendar date "YYYY-MM-DD", checked to exist, kept as text. */
export const calendarDate: z.ZodType<string, z.ZodTypeDef, unknown> = given().refine(
  (v) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const ms = match === null ? NaN : Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!);
    return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === v;
  },
  (v) => ({ message: `"${v}" is not a date as YYYY-MM-DD (e.g. 2026-12-31)` }),
);

/** A calendar date "YYYY-MM-DD", as the unix time of its start (00:00 UTC). */
export const date: z.ZodType<bigint, z.ZodTypeDef, unknown> = calendarDate.transform((v) =>
  BigInt(Date.parse(`${v}T00:00:00Z`) / 1000),
);

/** A UTC offset "+08:00" / "-05:00" / "Z", in minutes east of UTC. */
export const utcOffset: z.ZodType<number, z.ZodTypeDef, unknown> = given().transform((v, ctx) => {
  if (v === "Z") return 0;
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(v);
  const minutes = match === null ? NaN : Number(match[2]) * 60 + Number(match[3]);
  if (match === null || Number(match[3]) >= 60 || minutes > 14 * 60) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" is not a UTC offset as +HH:MM or -HH:MM (e.g. +08:00 for Shanghai)`,
    });
    return z.NEVER;
  }
  return match[1] === "-" ? -minutes : minutes;
});

/** An optional date: null when not given, else as `date`. */
export const optionalDate: z.ZodType<bigint | null, z.ZodTypeDef, unknown> = z
  .string()
  .transform((v, ctx) => {
    if (v.trim() === "") return null;
    const parsed = date.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
    return z.NEVER;
  });

/** Seconds in a day: a date "valid until" runs to the end of that day. */
export const DAY_SECONDS = 86_400n;

/**
 * A UN/LOCODE: ISO country code and a three-character place code ("GBFXT" or "GB FXT" →
 * "GBFXT"); place codes use letters and the digits 2-9.
 */
export const unLocode: z.ZodType<string, z.ZodTypeDef, unknown> = given().transform((v, ctx) => {
  const match = /^([A-Z]{2}) ?([A-Z2-9]{3})$/.exec(v);
  if (match === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `"${v}" is not a UN/LOCODE (country and place, e.g. GBFXT for Felixstowe)`,
    });
    return z.NEVER;
  }
  return match[1]! + match[2]!;
});

/** An assigned ISO 3166-1 alpha-2 country code, upper case. */
export const country: z.ZodType<string, z.ZodTypeDef, unknown> = given()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code in capitals (e.g. GB)")
  .refine(
    (v) => ISO_3166_ALPHA2.has(v),
    (v) => ({ message: `"${v}" is not an assigned ISO 3166-1 alpha-2 country code` }),
  );

/** One member role name. */
export const role: z.ZodType<MemberRoleName, z.ZodTypeDef, unknown> = given().transform(
  (v, ctx) => {
    const name = MEMBER_ROLE_NAMES.find((r) => r === v.toUpperCase());
    if (name === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${v}" is not a member role (${MEMBER_ROLE_NAMES.join(", ")})`,
      });
      return z.NEVER;
    }
    return name;
  },
);

/** A comma-separated list of member roles ("BANK,INSURER"); may be empty. */
export const roles: z.ZodType<MemberRoleName[], z.ZodTypeDef, unknown> = z
  .string()
  .transform((v, ctx) => {
    const names: MemberRoleName[] = [];
    for (const part of v.split(",").map((p) => p.trim())) {
      if (part === "") continue;
      const parsed = role.safeParse(part);
      if (!parsed.success) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
        return z.NEVER;
      }
      if (names.includes(parsed.data)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${parsed.data} is listed twice` });
        return z.NEVER;
      }
      names.push(parsed.data);
    }
    return names;
  });

/** Schemas that need the member directory of the connected chain. */
export interface MemberInputs {
  /** A member name, resolved to the member. */
  member: z.ZodType<MemberEntry, z.ZodTypeDef, unknown>;
  /** A member name or an address, resolved to an address. */
  party: z.ZodType<string, z.ZodTypeDef, unknown>;
  /** As `party`, or null when not given. */
  optionalParty: z.ZodType<string | null, z.ZodTypeDef, unknown>;
}

const UNKNOWN_MEMBER = "unknown-member";

export function memberInputs(directory: MemberDirectory): MemberInputs {
  const member = given().transform((v, ctx) => {
    const found = directory.entries.find((e) => e.key === v);
    if (found === undefined) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `no consortium member is named "${v}" (known: ${directory.entries.map((e) => e.key).join(", ")})`,
        params: { kind: UNKNOWN_MEMBER },
      });
      return z.NEVER;
    }
    return found;
  });
  const party = given().transform((v, ctx) => {
    if (v.startsWith("0x")) {
      const parsed = address.safeParse(v);
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
      return z.NEVER;
    }
    const parsed = member.safeParse(v);
    if (parsed.success) return parsed.data.address;
    ctx.addIssue({ ...parsed.error.issues[0]!, code: z.ZodIssueCode.custom });
    return z.NEVER;
  });
  const optionalParty = z.string().transform((v, ctx) => {
    if (v.trim() === "") return null;
    const parsed = party.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ ...parsed.error.issues[0]!, code: z.ZodIssueCode.custom });
    return z.NEVER;
  });
  return { member, party, optionalParty };
}

/**
 * Parse a task's options with `schema`; the first problem becomes one InvalidInputError
 * naming the option as typed on the command line.
 */
export function parseOptions<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  raw: Readonly<Record<string, unknown>>,
): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = optionFlag(String(issue.path[0] ?? "option"));
  const isUnknownMember =
    issue.code === z.ZodIssueCode.custom && issue.params?.["kind"] === UNKNOWN_MEMBER;
  const message =
    issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined"
      ? "is required"
      : issue.message;
  throw new InvalidInputError(
    field,
    message,
    isUnknownMember ? TASK_ERRORS.UNKNOWN_MEMBER : TASK_ERRORS.INVALID_INPUT,
  );
}

/**
 * The document's keccak256: `0x` + 64 hex digits as given, or computed from the file at the
 * path given.
 */
export const documentHash: z.ZodType<string, z.ZodTypeDef, unknown> = z
  .string({ required_error: "is required" })
  .transform((v, ctx) => {
    const given = v.trim();
    if (/^0x[0-9a-fA-F]{64}$/.test(given)) return given.toLowerCase();
    if (given !== "" && existsSync(given)) return keccak256(readFileSync(given));
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        given === ""
          ? "is required (the certificate file, or its keccak256 as 0x + 64 hex digits)"
          : `no file at "${given}" (give the certificate file, or its keccak256 as 0x + 64 hex digits)`,
    });
    return z.NEVER;
  });

/** An optional document: null when not given, else as `documentHash`. */
export const optionalDocumentHash: z.ZodType<string | null, z.ZodTypeDef, unknown> = z
  .string()
  .transform((v, ctx) => {
    if (v.trim() === "") return null;
    const parsed = documentHash.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
    return z.NEVER;
  });

/** An optional option: null when not given (empty), else parsed by `schema`. */
export function optionalOf<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>) {
  return z.string().transform((v, ctx): T | null => {
    if (v.trim() === "") return null;
    const parsed = schema.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.error.issues[0]!.message });
    return z.NEVER;
  });
}

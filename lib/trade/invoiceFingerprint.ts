/**
 * The one place where an e-invoice becomes its fingerprints: normalization of the invoice's
 * fields, then keyed hashes over them, as `contracts/documents/InvoiceRegistry.sol` expects
 * (`IInvoiceRegistry.Fingerprints { exact, identity }`, each a bytes32).
 *
 * Why a keyed hash, and why HMAC-SHA256
 * -------------------------------------
 * The fields of an invoice have little entropy (a tax id, a sequential number, a date, an
 * amount): a plain hash of them could be reversed by trying every plausible invoice. The
 * fingerprint is therefore HMAC-SHA256 (RFC 2104, FIPS 198-1) under a secret key of at least
 * 32 bytes that the consortium holds off-chain; without the key nobody can test a guess. The
 * contract never recomputes a fingerprint (it only compares them), so nothing favours a
 * keccak-based construction; HMAC-SHA256 is the standard PRF that every bank's HSM and every
 * language implements, so the key can live in an HSM and any member can reproduce the
 * computation from this specification. (keccak256(key || message) would also be a sound MAC,
 * keccak having no length extension, but it is not a standard construction: KMAC is, with a
 * different padding than Ethereum's keccak256.)
 *
 * The fingerprints
 * ----------------
 * - `exact`: seller tax id, buyer tax id, invoice number, issue date, amount, currency.
 * - `identity` (the fuzzy fingerprint): seller tax id, buyer tax id, invoice number. With the
 *   seller's account, the invoice's id on-chain (`invoiceIdOf` below). It leaves
 *   out the volatile fields (issue date, amount, currency), so an altered copy of an invoice,
 *   with a changed amount, date or currency, has the identity fingerprint of the original. An
 *   invoice number identifies one invoice of its seller (EU VAT Directive 2006/112/EC art.
 *   226(2): "a sequential number ... which uniquely identifies the invoice"), so two genuine
 *   invoices never share it. The buyer is kept in it because some sellers number per customer.
 *
 *   Fingerprints "without amount" and "without date" are not computed: any two invoices that
 *   agree on either also agree on the identity fingerprint, so they would add a storage write
 *   each (about 22,000 gas per invoice) and catch nothing more. A copy with an altered invoice
 *   number or party is a different invoice by its legal identity; catching it needs matching
 *   beyond exact fields (line items, shipment) and is out of scope here.
 *
 * Bound to the seller on chain
 * ----------------------------
 * The registry keys each invoice by keccak256(abi.encode(seller account, identity fingerprint)),
 * its id (`invoiceIdOf`), and keeps a 200-bit tag of the exact fingerprint in the record, which a
 * financing must match (one storage slot per invoice; see InvoiceRegistry). Fingerprints are
 * visible in a pending `register` transaction; bound to the sender, a copy registered first by
 * another exporter is only its own entry and cannot block the real seller's registration. A
 * bank finances naming the seller (its customer), and a fingerprint financed once is refused
 * under every seller, so the guard against double financing still spans all registrations.
 *
 * Message format (version 1), UTF-8, lines joined by "\n" (no normalized field can contain
 * "\n", so the encoding is unambiguous):
 *   caravel.invoice.fingerprint.v1
 *   <kind>                      "exact" or "identity"
 *   seller=<sellerTaxId>
 *   buyer=<buyerTaxId>
 *   number=<invoiceNumber>
 *   date=<YYYY-MM-DD>           exact only
 *   amount=<minor units>        exact only, decimal integer without leading zeros
 *   currency=<ISO 4217 code>    exact only
 *
 * Normalization rules (each refuses what it cannot read for certain, with an
 * `InvoiceFieldError` naming the field):
 * - Every text field: Unicode NFKC (full-width "ＩＮＶ１" becomes "INV1", a no-break space a
 *   space), trimmed, upper-cased.
 * - Tax ids: every whitespace and the separators - . / _ removed. Safe because a tax id is
 *   one token that its issuer prints in groups for reading ("GB 123 4567 89", "DE-123.456.789").
 *   The result must be 4..40 characters A-Z 0-9. A country prefix is kept, not added: "DE123"
 *   and "123" are different ids.
 * - Invoice number: separators are whitespace and - / . _ \ #. A run of separators is removed
 *   at either end and where it sits between a letter and a digit ("INV-001" = "INV 001" =
 *   "inv001": the change of class already delimits), and becomes one "-" between two letters or
 *   two digits, where removing it could merge two different numbers ("FV/1/11/2024" and
 *   "FV/11/1/2024" must stay apart). Leading zeros are kept ("001" is not "1"). The result must
 *   be 1..64 characters of A-Z, 0-9 and "-".
 * - Issue date: to ISO 8601 YYYY-MM-DD from YYYY-MM-DD (with an optional time, whose date is
 *   kept as written, never shifted to UTC), YYYYMMDD, YYYY/M/D, YYYY.M.D, YYYY-M-D, DD.MM.YYYY
 *   (dots: day first), DD/MM/YYYY or MM/DD/YYYY and the same with "-" (accepted only when
 *   the reading is certain: one of the two numbers is above 12, or both are equal), and
 *   English month names ("5 March 2024", "05-Mar-2024", "March 5, 2024"). Two-digit years and
 *   impossible dates are refused.
 * - Amount: a positive decimal number into integer minor units of the currency (ISO 4217
 *   exponent). Thousands may be grouped by ",", ".", space or "'" (groups of three digits); the
 *   decimal separator is "." or ",". When both "," and "." appear, the last one is the decimal
 *   separator. A lone "," or "." followed by exactly three digits after a 1-3 digit integer part
 *   ("1,234", "12.500") is refused as ambiguous (thousands or decimals). More decimals than the
 *   currency has are refused unless they are zeros. No sign, symbol or exponent.
 * - Currency: upper-cased and checked against the ISO 4217 active codes (lib/iso/iso4217.ts).
 */
import { createHmac } from "node:crypto";

import { AbiCoder, keccak256 } from "ethers";
import { z } from "zod";

import { CURRENCY_EXPONENTS } from "../iso/iso4217.ts";

/** The scheme label every fingerprint message starts with. */
export const FINGERPRINT_SCHEME = "caravel.invoice.fingerprint.v1";

/** Fewest bytes a fingerprint key has (HMAC-SHA256 keys shorter than the hash weaken it). */
export const MIN_KEY_BYTES = 32;

export type Bytes32Hex = `0x${string}`;

/** The invoice's fingerprints, named as the contract's `Fingerprints` struct. */
export interface InvoiceFingerprints {
  exact: Bytes32Hex;
  identity: Bytes32Hex;
}

export type FingerprintKind = keyof InvoiceFingerprints;

/** The fields of an invoice after normalization. */
export interface NormalizedInvoice {
  sellerTaxId: string;
  buyerTaxId: string;
  invoiceNumber: string;
  /** ISO 8601 calendar date, YYYY-MM-DD. */
  issueDate: string;
  /** The amount in minor units of `currency`. */
  amountMinor: bigint;
  /** ISO 4217 code. */
  currency: string;
}

export type InvoiceField = keyof RawInvoice;

/** An invoice field that cannot be normalized with certainty; `field` names it. */
export class InvoiceFieldError extends Error {
  readonly field: InvoiceField;
  readonly value: string;
  /** What is wrong with the value, without the field's name ("is not a tax id: ..."). */
  readonly problem: string;

  constructor(field: InvoiceField, value: string, problem: string) {
    super(`${field}: ${JSON.stringify(value)} ${problem}`);
    this.name = "InvoiceFieldError";
    this.field = field;
    this.value = value;
    this.problem = problem;
  }
}

/** Longest raw field accepted, in characters, before any normalization. */
const MAX_RAW_LENGTH = 256;

const rawText = z.string().max(MAX_RAW_LENGTH);

/** The invoice as it comes from outside: strings as printed (the amount may be a number). */
export const RawInvoiceSchema = z
  .object({
    sellerTaxId: rawText,
    buyerTaxId: rawText,
    invoiceNumber: rawText,
    issueDate: rawText,
    amount: z.union([rawText, z.number().finite().positive()]),
    currency: rawText,
  })
  .strict();

export type RawInvoice = z.infer<typeof RawInvoiceSchema>;

/** A fingerprint key: 32 to 64 bytes, as 0x-hex. */
export const FingerprintKeySchema = z
  .string()
  .regex(/^0x(?:[0-9a-fA-F]{2}){32,64}$/, "a fingerprint key is 32 to 64 bytes of 0x-hex");

/** The key bytes of a 0x-hex fingerprint key (validated). */
export function fingerprintKeyFromHex(hex: string): Uint8Array {
  return Buffer.from(FingerprintKeySchema.parse(hex).slice(2), "hex");
}

// ------------------------------------------------------------------ text fields

function foldText(value: string): string {
  return value.normalize("NFKC").trim().toUpperCase();
}

const TAX_ID_SEPARATORS = /[\s\-./_]+/gu;
const TAX_ID = /^[A-Z0-9]{4,40}$/;

/** Normalize a tax id (see the module header for the rules). */
export function normalizeTaxId(value: string, field: "sellerTaxId" | "buyerTaxId"): string {
  const normalized = foldText(value).replace(TAX_ID_SEPARATORS, "");
  if (!TAX_ID.test(normalized)) {
    throw new InvoiceFieldError(
      field,
      value,
      "is not a tax id: without separators it must be 4 to 40 letters A-Z or digits",
    );
  }
  return normalized;
}

const NUMBER_SEPARATOR = /[\s\-/._\\#]/u;
const INVOICE_NUMBER = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
const MAX_INVOICE_NUMBER_LENGTH = 64;

function charClass(c: string): "letter" | "digit" | "other" {
  if (c >= "A" && c <= "Z") return "letter";
  if (c >= "0" && c <= "9") return "digit";
  return "other";
}

/** Normalize an invoice number (see the module header for the rules). */
export function normalizeInvoiceNumber(value: string): string {
  const folded = foldText(value);
  const chars = [...folded];
  let out = "";
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    if (!NUMBER_SEPARATOR.test(c)) {
      out += c;
      i += 1;
      continue;
    }
    let end = i;
    while (end < chars.length && NUMBER_SEPARATOR.test(chars[end]!)) end += 1;
    const before = i > 0 ? charClass(chars[i - 1]!) : undefined;
    const after = end < chars.length ? charClass(chars[end]!) : undefined;
    if (before !== undefined && before === after) out += "-";
    i = end;
  }
  if (out.length === 0 || out.length > MAX_INVOICE_NUMBER_LENGTH || !INVOICE_NUMBER.test(out)) {
    throw new InvoiceFieldError(
      "invoiceNumber",
      value,
      `is not an invoice number: it must be 1 to ${MAX_INVOICE_NUMBER_LENGTH} letters A-Z and digits, with separators - / . _ \\ # or spaces`,
    );
  }
  return out;
}

/** Normalize a currency code: upper-cased ISO 4217 active code. */
export function normalizeCurrency(value: string): string {
  const normalized = foldText(value);
  if (!CURRENCY_EXPONENTS.has(normalized)) {
    throw new InvoiceFieldError("currency", value, "is not an ISO 4217 currency code");
  }
  return normalized;
}

// ------------------------------------------------------------------------ dates

const MONTHS = [
  "JANUARY",
  "FEBRUARY",
  "MARCH",
  "APRIL",
  "MAY",
  "JUNE",
  "JULY",
  "AUGUST",
  "SEPTEMBER",
  "OCTOBER",
  "NOVEMBER",
  "DECEMBER",
] as const;

/** The month number (1..12) of an English month name or its 3-letter abbreviation ("SEPT" too). */
function monthFromName(name: string): number | undefined {
  const upper = name.toUpperCase();
  const index = MONTHS.findIndex(
    (m) => m === upper || m.slice(0, 3) === upper || (upper === "SEPT" && m === "SEPTEMBER"),
  );
  return index < 0 ? undefined : index + 1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const BASIC_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_FIRST = /^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$/;
const DOTTED_DAY_FIRST = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const SLASHED_YEAR_LAST = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})[\s-]+([A-Z]+)\.?,?[\s-]+(\d{4})$/;
const MONTH_NAME_DAY = /^([A-Z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/;

/** Normalize an issue date to ISO 8601 YYYY-MM-DD (see the module header for the formats). */
export function normalizeIssueDate(value: string): string {
  const text = value.normalize("NFKC").trim().toUpperCase();
  const parts = readDate(text, value);
  if (parts === undefined) {
    throw new InvoiceFieldError(
      "issueDate",
      value,
      "is not a date in a known format (e.g. 2024-03-05, 05.03.2024, 5 March 2024)",
    );
  }
  const { year, month, day } = parts;
  if (year < 1900 || year > 2199) {
    throw new InvoiceFieldError("issueDate", value, `has year ${year}, outside 1900..2199`);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvoiceFieldError("issueDate", value, "is not a calendar date");
  }
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function readDate(
  text: string,
  original: string,
): { year: number; month: number; day: number } | undefined {
  let m = ISO_DATE.exec(text) ?? BASIC_DATE.exec(text);
  if (m !== null) return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  m = YEAR_FIRST.exec(text);
  if (m !== null) return { year: Number(m[1]), month: Number(m[3]), day: Number(m[4]) };
  m = DOTTED_DAY_FIRST.exec(text);
  if (m !== null) return { year: Number(m[3]), month: Number(m[2]), day: Number(m[1]) };
  m = SLASHED_YEAR_LAST.exec(text);
  if (m !== null) {
    const first = Number(m[1]);
    const second = Number(m[3]);
    const year = Number(m[4]);
    if (first === second || second > 12) return { year, month: first, day: second };
    if (first > 12) return { year, month: second, day: first };
    throw new InvoiceFieldError(
      "issueDate",
      original,
      `is ambiguous: day ${first} of month ${second}, or month ${first} day ${second}? Write it as YYYY-MM-DD`,
    );
  }
  m = DAY_MONTH_NAME.exec(text);
  if (m !== null) {
    const month = monthFromName(m[2]!);
    if (month !== undefined) return { year: Number(m[3]), month, day: Number(m[1]) };
  }
  m = MONTH_NAME_DAY.exec(text);
  if (m !== null) {
    const month = monthFromName(m[1]!);
    if (month !== undefined) return { year: Number(m[3]), month, day: Number(m[2]) };
  }
  return undefined;
}

// ---------------------------------------------------------------------- amounts

/** The largest amount accepted, in minor units (the contracts' amounts are uint128). */
const MAX_AMOUNT_MINOR = (1n << 128n) - 1n;

/**
 * Parse an amount into integer minor units of `currency` (an already normalized ISO 4217
 * code). See the module header for the accepted number formats.
 */
export function parseAmount(value: string | number, currency: string): bigint {
  const exponent = CURRENCY_EXPONENTS.get(currency);
  if (exponent === undefined)
    throw new InvoiceFieldError("currency", currency, "is not an ISO 4217 currency code");
  const fail = (problem: string): never => {
    throw new InvoiceFieldError("amount", String(value), problem);
  };
  let integerPart: string;
  let fraction: string;
  if (typeof value === "number") {
    // A JavaScript number has no grouping and "." as its only decimal mark: never ambiguous.
    [integerPart, fraction = ""] = numberToPlainDecimal(value).split(".") as [string, string?];
  } else {
    const text = value.normalize("NFKC").trim();
    if (!/^[0-9](?:[0-9 ,.']*[0-9])?$/.test(text)) {
      fail("is not a positive number written with digits and the separators , . ' or space");
    }
    ({ integerPart, fraction } = splitAmount(text, fail));
  }
  if (fraction.length > exponent && !/^0*$/.test(fraction.slice(exponent))) {
    fail(`has ${fraction.length} decimals; ${currency} has ${exponent}`);
  }
  const minor = BigInt(integerPart + fraction.slice(0, exponent).padEnd(exponent, "0"));
  if (minor === 0n) fail("is zero; an invoice to finance has a positive amount");
  if (minor > MAX_AMOUNT_MINOR) fail("is too large");
  return minor;
}

function numberToPlainDecimal(value: number): string {
  const text = String(value);
  if (!/^\d+(?:\.\d+)?$/.test(text)) {
    throw new InvoiceFieldError(
      "amount",
      text,
      "cannot be written as a plain decimal; pass it as a string",
    );
  }
  return text;
}

/** Split `text` (digits and separators only) into its integer digits and its decimal digits. */
function splitAmount(
  text: string,
  fail: (problem: string) => never,
): { integerPart: string; fraction: string } {
  const separators = new Set(text.replace(/[0-9]/g, ""));
  const groupingOnly = [" ", "'"].filter((s) => separators.has(s));
  if (groupingOnly.length > 1) fail("mixes space and ' as thousands separators");

  let decimal: "," | "." | undefined;
  let grouping: string | undefined = groupingOnly[0];
  const commas = text.split(",").length - 1;
  const dots = text.split(".").length - 1;

  if (commas > 0 && dots > 0) {
    if (grouping !== undefined) fail("uses three different separators");
    decimal = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
    grouping = decimal === "," ? "." : ",";
    if ((decimal === "," ? commas : dots) > 1)
      fail(`has more than one decimal separator "${decimal}"`);
  } else if (commas + dots > 0) {
    const mark = commas > 0 ? "," : ".";
    const count = commas + dots;
    if (count > 1) {
      // Repeated: a thousands separator, unless another separator groups the thousands already.
      if (grouping !== undefined) fail(`has "${mark}" more than once`);
      grouping = mark;
    } else {
      const [before, after] = text.split(mark) as [string, string];
      const ambiguous =
        grouping === undefined && /^[1-9][0-9]{0,2}$/.test(before) && /^[0-9]{3}$/.test(after);
      if (ambiguous) {
        fail(
          `is ambiguous: "${mark}" may be a thousands separator (${before}${after}) or the decimal separator (${before}.${after}); add the decimals ("${before}${mark}${after}${mark === "," ? "." : ","}00") or leave out the grouping ("${before}${after}")`,
        );
      }
      decimal = mark;
    }
  }

  const [integerText, fraction = ""] =
    decimal === undefined ? [text] : (text.split(decimal) as [string, string]);
  if (decimal !== undefined && fraction.length === 0)
    fail("has a decimal separator without decimals");
  if (!/^[0-9]*$/.test(fraction)) fail("has a separator among its decimals");
  if (grouping !== undefined && integerText.includes(grouping)) {
    const groups = integerText.split(grouping);
    const wellGrouped =
      /^[0-9]{1,3}$/.test(groups[0]!) && groups.slice(1).every((g) => /^[0-9]{3}$/.test(g));
    if (!wellGrouped) fail(`groups its digits by "${grouping}" in other than threes`);
  }
  const integerPart = grouping === undefined ? integerText : integerText.split(grouping).join("");
  if (!/^[0-9]+$/.test(integerPart)) fail("has misplaced separators");
  return { integerPart, fraction };
}

// ------------------------------------------------------------------ the invoice

/**
 * Validate `input` at the edge (zod) and normalize every field. Throws a ZodError for a value
 * of the wrong shape, an `InvoiceFieldError` naming the field for one that cannot be read with
 * certainty.
 */
export function normalizeInvoice(input: unknown): NormalizedInvoice {
  const raw = RawInvoiceSchema.parse(input);
  const currency = normalizeCurrency(raw.currency);
  return {
    sellerTaxId: normalizeTaxId(raw.sellerTaxId, "sellerTaxId"),
    buyerTaxId: normalizeTaxId(raw.buyerTaxId, "buyerTaxId"),
    invoiceNumber: normalizeInvoiceNumber(raw.invoiceNumber),
    issueDate: normalizeIssueDate(raw.issueDate),
    amountMinor: parseAmount(raw.amount, currency),
    currency,
  };
}

/** The message the `kind` fingerprint is the HMAC of (format in the module header). */
export function fingerprintMessage(kind: FingerprintKind, invoice: NormalizedInvoice): string {
  const lines = [
    FINGERPRINT_SCHEME,
    kind,
    `seller=${invoice.sellerTaxId}`,
    `buyer=${invoice.buyerTaxId}`,
    `number=${invoice.invoiceNumber}`,
  ];
  if (kind === "exact") {
    lines.push(
      `date=${invoice.issueDate}`,
      `amount=${invoice.amountMinor.toString()}`,
      `currency=${invoice.currency}`,
    );
  }
  return lines.join("\n");
}

function hmacSha256(key: Uint8Array, message: string): Bytes32Hex {
  return `0x${createHmac("sha256", key).update(message, "utf8").digest("hex")}`;
}

/** The key bytes of `key` (bytes, or 0x-hex), refused when shorter than `MIN_KEY_BYTES`. */
function keyBytesOf(key: Uint8Array | string): Uint8Array {
  const keyBytes = typeof key === "string" ? fingerprintKeyFromHex(key) : key;
  if (keyBytes.length < MIN_KEY_BYTES) {
    throw new Error(
      `fingerprint key: ${keyBytes.length} bytes; at least ${MIN_KEY_BYTES} are needed`,
    );
  }
  return keyBytes;
}

/**
 * HMAC-SHA256 of `message` under the consortium's fingerprint `key` (32..64 bytes, or the same as
 * 0x-hex): the one keyed hash every document fingerprint is (`lib/trade/documentFingerprint.ts`
 * builds its purchase-order and bill-of-lading messages and hashes them here).
 */
export function keyedFingerprint(key: Uint8Array | string, message: string): Bytes32Hex {
  return hmacSha256(keyBytesOf(key), message);
}

/**
 * The fingerprints of a raw invoice (validated and normalized here) under the consortium's
 * `key` (32..64 bytes, or the same as 0x-hex).
 */
export function invoiceFingerprints(input: unknown, key: Uint8Array | string): InvoiceFingerprints {
  return fingerprintsOf(normalizeInvoice(input), key);
}

/** The fingerprints of an invoice normalized by `normalizeInvoice`, under `key`. */
export function fingerprintsOf(
  invoice: NormalizedInvoice,
  key: Uint8Array | string,
): InvoiceFingerprints {
  const keyBytes = keyBytesOf(key);
  return {
    exact: hmacSha256(keyBytes, fingerprintMessage("exact", invoice)),
    identity: hmacSha256(keyBytes, fingerprintMessage("identity", invoice)),
  };
}

/**
 * The id under which `seller` registers the invoice with identity fingerprint `identity`, as
 * `InvoiceRegistry.invoiceIdOf` computes it: keccak256(abi.encode(seller, identity)).
 * Registrations are bound to their seller, so a copier of the fingerprints gets its own id and
 * blocks nothing.
 */
export function invoiceIdOf(seller: string, identity: string): Bytes32Hex {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [seller, identity]),
  ) as Bytes32Hex;
}

/**
 * The identity fingerprint from the three fields it covers (seller, buyer, invoice number), to
 * look an invoice up by its number without its date or amount; the same as
 * `invoiceFingerprints(invoice, key).identity`.
 */
export function identityFingerprintOf(
  fields: { sellerTaxId: string; buyerTaxId: string; invoiceNumber: string },
  key: Uint8Array | string,
): Bytes32Hex {
  const keyBytes = keyBytesOf(key);
  const message = [
    FINGERPRINT_SCHEME,
    "identity",
    `seller=${normalizeTaxId(fields.sellerTaxId, "sellerTaxId")}`,
    `buyer=${normalizeTaxId(fields.buyerTaxId, "buyerTaxId")}`,
    `number=${normalizeInvoiceNumber(fields.invoiceNumber)}`,
  ].join("\n");
  return hmacSha256(keyBytes, message);
}

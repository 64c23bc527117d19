/**
 * A purchase order's terms, from what a person types to the `IPurchaseOrder.OrderTerms` the
 * contract takes (contracts/documents/PurchaseOrder.sol). Everything is validated here, at the
 * edge, with an `OrderFieldError` naming the field; the contract checks the same shapes again
 * (and the ISO 4217 table only here: the chain checks the code's shape, the table changes).
 *
 * - exporter: a 0x address (the EXPORTER member the order is issued to).
 * - orderNumber: normalized as an invoice number (NFKC, upper case, separators folded:
 *   "po 2025/0042" = "PO-2025-0042"), at most 32 characters, stored as left-aligned ASCII bytes32.
 * - currency: an active ISO 4217 code; amount: a positive decimal in that currency (the invoice
 *   rules: grouping, decimal mark, no ambiguity), written on chain with the settlement token's
 *   `decimals`.
 * - goods: the description of the goods, hashed with keccak256 (UTF-8, NFC, trimmed), or its hash.
 * - incoterm: one of the eleven Incoterms 2020 rules.
 * - ports: UN/LOCODE (two letters, then three letters or digits 2-9), loading and discharge differ.
 * - latestShipmentDate: YYYY-MM-DD (or another unambiguous date the invoice rules read), stored as
 *   the last second of that day in UTC, and in the future.
 * - paymentTermDays: 1..365 days after the bill of lading's date.
 */
import { AbiCoder, getAddress, isAddress, keccak256, toUtf8Bytes, zeroPadBytes } from "ethers";
import { z } from "zod";

import { CURRENCY_EXPONENTS } from "../iso/iso4217.ts";
import {
  InvoiceFieldError,
  normalizeInvoiceNumber,
  normalizeIssueDate,
  parseAmount,
} from "./invoiceFingerprint.ts";

/** The eleven Incoterms 2020 rules, as `PurchaseOrder.isIncoterm` accepts them. */
export const INCOTERMS_2020 = [
  "EXW",
  "FCA",
  "CPT",
  "CIP",
  "DAP",
  "DPU",
  "DDP",
  "FAS",
  "FOB",
  "CFR",
  "CIF",
] as const;
export type Incoterm = (typeof INCOTERMS_2020)[number];

/** `PurchaseOrder.MAX_PAYMENT_TERM_DAYS`. */
export const MAX_PAYMENT_TERM_DAYS = 365;
/** Longest order number: it is stored as bytes32. */
export const MAX_ORDER_NUMBER_LENGTH = 32;

export type OrderField =
  | "exporter"
  | "orderNumber"
  | "currency"
  | "amount"
  | "goods"
  | "incoterm"
  | "portOfLoading"
  | "portOfDischarge"
  | "latestShipmentDate"
  | "paymentTermDays";

/** A purchase-order field that cannot be read with certainty; `field` names it. */
export class OrderFieldError extends Error {
  readonly field: OrderField;
  readonly value: string;
  readonly problem: string;

  constructor(field: OrderField, value: string, problem: string) {
    super(`${field}: ${JSON.stringify(value)} ${problem}`);
    this.name = "OrderFieldError";
    this.field = field;
    this.value = value;
    this.problem = problem;
  }
}

const rawText = z.string().max(256);

/** The order's terms as typed (strings; the amount and the term may be numbers). */
export const RawOrderTermsSchema = z
  .object({
    exporter: rawText,
    orderNumber: rawText,
    currency: rawText,
    amount: z.union([rawText, z.number().finite().positive()]),
    goods: rawText,
    incoterm: rawText,
    portOfLoading: rawText,
    portOfDischarge: rawText,
    latestShipmentDate: rawText,
    paymentTermDays: z.union([rawText, z.number()]),
  })
  .strict();
export type RawOrderTerms = z.infer<typeof RawOrderTermsSchema>;

/** `IPurchaseOrder.OrderTerms`, as ethers passes it. */
export interface OrderTerms {
  exporter: string;
  orderNumber: string;
  currency: string;
  amount: bigint;
  goodsHash: string;
  incoterm: string;
  portOfLoading: string;
  portOfDischarge: string;
  latestShipmentAt: bigint;
  paymentTermDays: number;
}

/** The normalized terms, readable (what the fingerprints cover, and what `order show` prints). */
export interface NormalizedOrderTerms {
  exporter: string;
  /** Normalized order number, e.g. "PO-2025-0042". */
  orderNumber: string;
  currency: string;
  /** In minor units of the currency (ISO 4217 exponent). */
  amountMinor: bigint;
  goodsHash: string;
  incoterm: Incoterm;
  portOfLoading: string;
  portOfDischarge: string;
  /** YYYY-MM-DD. */
  latestShipmentDate: string;
  paymentTermDays: number;
}

/** `text` as left-aligned, zero-padded ASCII bytesN. */
function asciiBytes(text: string, length: number): string {
  return zeroPadBytes(toUtf8Bytes(text), length);
}

/** A left-aligned, zero-padded ASCII bytesN as its text. */
export function bytesText(hex: string): string {
  return Buffer.from(hex.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
}

/** Normalize an order number (the invoice-number rules), at most 32 characters. */
export function normalizeOrderNumber(value: string): string {
  let normalized: string;
  try {
    normalized = normalizeInvoiceNumber(value);
  } catch (error) {
    if (error instanceof InvoiceFieldError) {
      throw new OrderFieldError("orderNumber", value, error.problem.replace("invoice", "order"));
    }
    throw error;
  }
  if (normalized.length > MAX_ORDER_NUMBER_LENGTH) {
    throw new OrderFieldError(
      "orderNumber",
      value,
      `has ${normalized.length} characters once normalized (${normalized}); at most ${MAX_ORDER_NUMBER_LENGTH} fit on chain`,
    );
  }
  return normalized;
}

/** The bytes32 an order number is stored as. */
export function orderNumberBytes(orderNumber: string): string {
  return asciiBytes(normalizeOrderNumber(orderNumber), 32);
}

const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** Normalize a UN/LOCODE: spaces removed ("GB FXT" = "GBFXT"), upper case, and checked. */
export function normalizeUnLocode(
  value: string,
  field: "portOfLoading" | "portOfDischarge",
): string {
  const normalized = value.normalize("NFKC").replace(/\s+/g, "").toUpperCase();
  if (!UN_LOCODE.test(normalized)) {
    throw new OrderFieldError(
      field,
      value,
      "is not a UN/LOCODE: two letters (the country) and three letters or digits 2-9, e.g. GBFXT",
    );
  }
  return normalized;
}

/** Normalize an Incoterm: upper case, one of the eleven Incoterms 2020 rules. */
export function normalizeIncoterm(value: string): Incoterm {
  const normalized = value.normalize("NFKC").trim().toUpperCase();
  const found = INCOTERMS_2020.find((rule) => rule === normalized);
  if (found === undefined) {
    throw new OrderFieldError(
      "incoterm",
      value,
      `is not an Incoterms 2020 rule (${INCOTERMS_2020.join(", ")})`,
    );
  }
  return found;
}

/** The keccak256 of the goods' description (NFC, trimmed), or a 0x bytes32 hash given as is. */
export function goodsHashOf(value: string): string {
  const text = value.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) {
    if (/^0x0{64}$/.test(text)) throw new OrderFieldError("goods", value, "is the zero hash");
    return text.toLowerCase();
  }
  if (text.length === 0) throw new OrderFieldError("goods", value, "is empty: describe the goods");
  return keccak256(toUtf8Bytes(text.normalize("NFC")));
}

/** The last second (UTC) of the YYYY-MM-DD date `date`. */
export function endOfDayUtc(date: string): bigint {
  return BigInt(Date.parse(`${date}T23:59:59Z`) / 1000);
}

/**
 * Validate and normalize `input` at the edge. `now` (unix seconds) is the chain's time the latest
 * shipment date must lie after. Throws a ZodError for the wrong shape, an `OrderFieldError`
 * naming the field for a value that cannot be read with certainty.
 */
export function normalizeOrderTerms(input: unknown, now: bigint): NormalizedOrderTerms {
  const raw = RawOrderTermsSchema.parse(input);
  if (!isAddress(raw.exporter)) {
    throw new OrderFieldError("exporter", raw.exporter, "is not an address (0x and 40 hex digits)");
  }
  const currency = raw.currency.normalize("NFKC").trim().toUpperCase();
  if (!CURRENCY_EXPONENTS.has(currency)) {
    throw new OrderFieldError("currency", raw.currency, "is not an ISO 4217 currency code");
  }
  let amountMinor: bigint;
  try {
    amountMinor = parseAmount(raw.amount, currency);
  } catch (error) {
    if (error instanceof InvoiceFieldError) {
      throw new OrderFieldError("amount", String(raw.amount), error.problem);
    }
    throw error;
  }
  let latestShipmentDate: string;
  try {
    latestShipmentDate = normalizeIssueDate(raw.latestShipmentDate);
  } catch (error) {
    if (error instanceof InvoiceFieldError) {
      throw new OrderFieldError("latestShipmentDate", raw.latestShipmentDate, error.problem);
    }
    throw error;
  }
  if (endOfDayUtc(latestShipmentDate) <= now) {
    throw new OrderFieldError(
      "latestShipmentDate",
      raw.latestShipmentDate,
      "is not in the future: the goods must still be able to ship",
    );
  }
  const paymentTermDays = Number(raw.paymentTermDays);
  if (
    !Number.isInteger(paymentTermDays) ||
    paymentTermDays < 1 ||
    paymentTermDays > MAX_PAYMENT_TERM_DAYS
  ) {
    throw new OrderFieldError(
      "paymentTermDays",
      String(raw.paymentTermDays),
      `is not a whole number of days from 1 to ${MAX_PAYMENT_TERM_DAYS}`,
    );
  }
  const portOfLoading = normalizeUnLocode(raw.portOfLoading, "portOfLoading");
  const portOfDischarge = normalizeUnLocode(raw.portOfDischarge, "portOfDischarge");
  if (portOfDischarge === portOfLoading) {
    throw new OrderFieldError("portOfDischarge", raw.portOfDischarge, "is the port of loading");
  }
  return {
    exporter: getAddress(raw.exporter),
    orderNumber: normalizeOrderNumber(raw.orderNumber),
    currency,
    amountMinor,
    goodsHash: goodsHashOf(raw.goods),
    incoterm: normalizeIncoterm(raw.incoterm),
    portOfLoading,
    portOfDischarge,
    latestShipmentDate,
    paymentTermDays,
  };
}

/**
 * The contract's `OrderTerms` for normalized terms, the amount written with `decimals` (the
 * settlement token's; refused if the currency's minor unit does not fit them).
 */
export function orderTermsFor(terms: NormalizedOrderTerms, decimals: number): OrderTerms {
  const exponent = CURRENCY_EXPONENTS.get(terms.currency)!;
  let amount: bigint;
  if (decimals >= exponent) {
    amount = terms.amountMinor * 10n ** BigInt(decimals - exponent);
  } else {
    const divisor = 10n ** BigInt(exponent - decimals);
    if (terms.amountMinor % divisor !== 0n) {
      throw new OrderFieldError(
        "amount",
        terms.amountMinor.toString(),
        `has more decimals than the token's ${decimals}`,
      );
    }
    amount = terms.amountMinor / divisor;
  }
  return {
    exporter: terms.exporter,
    orderNumber: asciiBytes(terms.orderNumber, 32),
    currency: asciiBytes(terms.currency, 3),
    amount,
    goodsHash: terms.goodsHash,
    incoterm: asciiBytes(terms.incoterm, 3),
    portOfLoading: asciiBytes(terms.portOfLoading, 5),
    portOfDischarge: asciiBytes(terms.portOfDischarge, 5),
    latestShipmentAt: endOfDayUtc(terms.latestShipmentDate),
    paymentTermDays: terms.paymentTermDays,
  };
}

/** The ABI type of `IPurchaseOrder.OrderTerms`, field by field. */
export const ORDER_TERMS_TUPLE =
  "tuple(address exporter, bytes32 orderNumber, bytes3 currency, uint128 amount, bytes32 goodsHash, bytes3 incoterm, bytes5 portOfLoading, bytes5 portOfDischarge, uint48 latestShipmentAt, uint16 paymentTermDays)";

/** `keccak256(abi.encode(terms, exactFingerprint))`: the hash an amendment is accepted by. */
export function amendmentTermsHash(terms: OrderTerms, exactFingerprint: string): string {
  return keccak256(
    AbiCoder.defaultAbiCoder().encode(
      [ORDER_TERMS_TUPLE, "bytes32"],
      [
        [
          terms.exporter,
          terms.orderNumber,
          terms.currency,
          terms.amount,
          terms.goodsHash,
          terms.incoterm,
          terms.portOfLoading,
          terms.portOfDischarge,
          terms.latestShipmentAt,
          terms.paymentTermDays,
        ],
        exactFingerprint,
      ],
    ),
  );
}

/**
 * The keyed fingerprints of every document the consortium's one-document-one-facility guard
 * (`contracts/finance/DocumentFinancingRegistry.sol`, `IDocumentFinancing`) is asked about: an
 * exact one over a document's fields and a fuzzy one over what identifies it, so a copy altered
 * in a volatile field still has the fuzzy fingerprint of the original.
 *
 * The keyed hash is the invoices' (`keyedFingerprint` in lib/trade/invoiceFingerprint.ts:
 * HMAC-SHA256 under the consortium's off-chain key, for the reasons given there), and the
 * invoice's own fingerprints are the invoice registry's (`invoiceFingerprints`: exact and
 * identity, the identity one being its fuzzy fingerprint), so the guard and the registry speak of
 * one invoice with the same two values.
 *
 * Message format (version 1), UTF-8, lines joined by "\n" (no normalized field contains "\n"):
 *   caravel.document.fingerprint.v1
 *   <document>                  "purchase-order" or "bill-of-lading"
 *   <kind>                      "exact" or "fuzzy"
 *   then the fields, each `name=value`, the fuzzy fingerprint's first, then the exact one's:
 *   purchase order  fuzzy: importer, exporter, number; exact adds amount (minor units), currency,
 *                   goods (the 0x keccak256 of the description), latest-shipment (YYYY-MM-DD),
 *                   payment-term (days)
 *   bill of lading  fuzzy: carrier (its member address, lower-case 0x hex: B/L numbers are unique
 *                   per carrier, and the chain names carriers by address, as the customs shipment
 *                   reference does), number; exact adds document (the 0x keccak256 of the bill)
 *
 * Normalization: party ids (importer, exporter) as tax ids (NFKC, upper case, separators removed,
 * 4..40 letters and digits: a tax id or an LEI); the order number as an invoice number; the
 * B/L number NFKC, trimmed, upper case, 1..64 printable ASCII characters without spaces (the
 * contract's B/L reference shape); the rest as `lib/trade/purchaseOrder.ts` reads it.
 */
import { getAddress, isAddress } from "ethers";
import { z } from "zod";

import { type DocumentKindName } from "./enums.ts";
import {
  type Bytes32Hex,
  InvoiceFieldError,
  invoiceFingerprints,
  keyedFingerprint,
  normalizeCurrency,
  normalizeIssueDate,
  normalizeTaxId,
  parseAmount,
} from "./invoiceFingerprint.ts";
import {
  goodsHashOf,
  MAX_PAYMENT_TERM_DAYS,
  normalizeOrderNumber,
  OrderFieldError,
} from "./purchaseOrder.ts";

/** The scheme label every purchase-order and bill-of-lading fingerprint message starts with. */
export const DOCUMENT_FINGERPRINT_SCHEME = "caravel.document.fingerprint.v1";

/** A document's two fingerprints, as `IPurchaseOrder.OrderFingerprints` names them. */
export interface DocumentFingerprints {
  exact: Bytes32Hex;
  fuzzy: Bytes32Hex;
}

/** A document field that cannot be read with certainty; `field` names it. */
export class DocumentFieldError extends Error {
  readonly field: string;
  readonly value: string;

  constructor(field: string, value: string, problem: string) {
    super(`${field}: ${JSON.stringify(value)} ${problem}`);
    this.name = "DocumentFieldError";
    this.field = field;
    this.value = value;
  }
}

const rawText = z.string().max(256);

/** A purchase order's fingerprinted fields, as typed. */
export const RawPurchaseOrderDocumentSchema = z
  .object({
    importerId: rawText,
    exporterId: rawText,
    orderNumber: rawText,
    amount: z.union([rawText, z.number().finite().positive()]),
    currency: rawText,
    goods: rawText,
    latestShipmentDate: rawText,
    paymentTermDays: z.union([rawText, z.number()]),
  })
  .strict();
export type RawPurchaseOrderDocument = z.infer<typeof RawPurchaseOrderDocumentSchema>;

/** A bill of lading's fingerprinted fields, as typed. */
export const RawBillOfLadingDocumentSchema = z
  .object({
    carrier: rawText,
    blNumber: rawText,
    documentHash: rawText,
  })
  .strict();
export type RawBillOfLadingDocument = z.infer<typeof RawBillOfLadingDocumentSchema>;

/** Run `read`, naming `field` in the error an invoice normalizer throws. */
function asField<T>(field: string, value: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvoiceFieldError || error instanceof OrderFieldError) {
      throw new DocumentFieldError(
        field,
        value,
        error.problem.replace(/invoice number/g, "number"),
      );
    }
    throw error;
  }
}

function message(document: string, kind: "exact" | "fuzzy", lines: string[]): string {
  return [DOCUMENT_FINGERPRINT_SCHEME, document, kind, ...lines].join("\n");
}

/** The normalized purchase-order fields the fingerprints cover. */
export interface NormalizedPurchaseOrderDocument {
  importerId: string;
  exporterId: string;
  orderNumber: string;
  amountMinor: bigint;
  currency: string;
  goodsHash: string;
  latestShipmentDate: string;
  paymentTermDays: number;
}

/** Validate (zod) and normalize a purchase order's fingerprinted fields. */
export function normalizePurchaseOrderDocument(input: unknown): NormalizedPurchaseOrderDocument {
  const raw = RawPurchaseOrderDocumentSchema.parse(input);
  const currency = asField("currency", raw.currency, () => normalizeCurrency(raw.currency));
  const paymentTermDays = Number(raw.paymentTermDays);
  if (
    !Number.isInteger(paymentTermDays) ||
    paymentTermDays < 1 ||
    paymentTermDays > MAX_PAYMENT_TERM_DAYS
  ) {
    throw new DocumentFieldError(
      "paymentTermDays",
      String(raw.paymentTermDays),
      `is not a whole number of days from 1 to ${MAX_PAYMENT_TERM_DAYS}`,
    );
  }
  return {
    importerId: asField("importerId", raw.importerId, () =>
      normalizeTaxId(raw.importerId, "buyerTaxId"),
    ),
    exporterId: asField("exporterId", raw.exporterId, () =>
      normalizeTaxId(raw.exporterId, "sellerTaxId"),
    ),
    orderNumber: asField("orderNumber", raw.orderNumber, () =>
      normalizeOrderNumber(raw.orderNumber),
    ),
    amountMinor: asField("amount", String(raw.amount), () => parseAmount(raw.amount, currency)),
    currency,
    goodsHash: asField("goods", raw.goods, () => goodsHashOf(raw.goods)),
    latestShipmentDate: asField("latestShipmentDate", raw.latestShipmentDate, () =>
      normalizeIssueDate(raw.latestShipmentDate),
    ),
    paymentTermDays,
  };
}

/** The fingerprints of a purchase order (validated and normalized here) under `key`. */
export function purchaseOrderFingerprints(
  input: unknown,
  key: Uint8Array | string,
): DocumentFingerprints {
  const po = normalizePurchaseOrderDocument(input);
  const fuzzy = [
    `importer=${po.importerId}`,
    `exporter=${po.exporterId}`,
    `number=${po.orderNumber}`,
  ];
  const exact = [
    ...fuzzy,
    `amount=${po.amountMinor.toString()}`,
    `currency=${po.currency}`,
    `goods=${po.goodsHash}`,
    `latest-shipment=${po.latestShipmentDate}`,
    `payment-term=${po.paymentTermDays}`,
  ];
  return {
    exact: keyedFingerprint(key, message("purchase-order", "exact", exact)),
    fuzzy: keyedFingerprint(key, message("purchase-order", "fuzzy", fuzzy)),
  };
}

const BL_NUMBER = /^[\x21-\x7e]{1,64}$/;

/** The fingerprints of a bill of lading (validated and normalized here) under `key`. */
export function billOfLadingFingerprints(
  input: unknown,
  key: Uint8Array | string,
): DocumentFingerprints {
  const raw = RawBillOfLadingDocumentSchema.parse(input);
  if (!isAddress(raw.carrier)) {
    throw new DocumentFieldError(
      "carrier",
      raw.carrier,
      "is not an address: name the carrier by its member account",
    );
  }
  const carrier = getAddress(raw.carrier).toLowerCase();
  const blNumber = raw.blNumber.normalize("NFKC").trim().toUpperCase();
  if (!BL_NUMBER.test(blNumber)) {
    throw new DocumentFieldError(
      "blNumber",
      raw.blNumber,
      "is not a B/L number: 1 to 64 printable ASCII characters without spaces",
    );
  }
  const documentHash = raw.documentHash.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(documentHash) || /^0x0{64}$/.test(documentHash)) {
    throw new DocumentFieldError(
      "documentHash",
      raw.documentHash,
      "is not a non-zero 0x keccak256 hash (32 bytes)",
    );
  }
  const fuzzy = [`carrier=${carrier}`, `number=${blNumber}`];
  const exact = [...fuzzy, `document=${documentHash.toLowerCase()}`];
  return {
    exact: keyedFingerprint(key, message("bill-of-lading", "exact", exact)),
    fuzzy: keyedFingerprint(key, message("bill-of-lading", "fuzzy", fuzzy)),
  };
}

/** The fingerprints of an invoice for the guard: the invoice registry's exact and identity ones. */
export function invoiceDocumentFingerprints(
  input: unknown,
  key: Uint8Array | string,
): DocumentFingerprints {
  const { exact, identity } = invoiceFingerprints(input, key);
  return { exact, fuzzy: identity };
}

/** The fingerprints of a `kind` document, from its raw fields, under `key`. */
export function documentFingerprints(
  kind: DocumentKindName,
  input: unknown,
  key: Uint8Array | string,
): DocumentFingerprints {
  switch (kind) {
    case "Invoice":
      return invoiceDocumentFingerprints(input, key);
    case "PurchaseOrder":
      return purchaseOrderFingerprints(input, key);
    case "BillOfLading":
      return billOfLadingFingerprints(input, key);
  }
}

/** The list a product passes to `IDocumentFinancing.claim`: exact, then fuzzy. */
export function claimList(fingerprints: DocumentFingerprints): Bytes32Hex[] {
  return [fingerprints.exact, fingerprints.fuzzy];
}

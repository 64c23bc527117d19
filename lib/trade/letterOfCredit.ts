/**
 * Building and reading letters of credit from TypeScript: terms, presentations and amendments in
 * the shapes `LetterOfCredit` takes, from inputs people write (ISO codes, UN/LOCODEs, dates,
 * document contents), validated with zod at the edge. Used by the tests, the benchmark, the demo and
 * the `lc` tasks. Erasable TypeScript only: plain `node` can import it.
 */
import {
  decodeBytes32String,
  encodeBytes32String,
  getAddress,
  hexlify,
  isAddress,
  keccak256,
  parseUnits,
  toUtf8Bytes,
  toUtf8String,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import { z } from "zod";

import type {
  ILetterOfCredit,
  LetterOfCredit,
} from "../../types/ethers-contracts/credit/LetterOfCredit.js";
import {
  AmendmentChange,
  bitmask,
  Discrepancy,
  type DiscrepancyName,
  enumName,
  LcDocument,
  type LcDocumentName,
  LcStatus,
  type LcStatusName,
  namesInBitmask,
  PresentationOutcome,
  type PresentationOutcomeName,
} from "./enums.ts";
import { ISO_3166_ALPHA2 } from "../iso/iso3166.ts";
import { CURRENCY_EXPONENTS } from "../iso/iso4217.ts";

/** Presentation period when the credit states none (UCP 600 art. 14c). */
export const DEFAULT_PRESENTATION_DAYS = 21;

/** Documents every Caravel credit requires. */
export const MANDATORY_DOCUMENTS: readonly LcDocumentName[] = [
  "BillOfLading",
  "CertificateOfOrigin",
  "CommercialInvoice",
];

/** Incoterms 2020 rules. */
export const INCOTERMS = [
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

const SECONDS_PER_DAY = 86_400;

// ------------------------------------------------------------------ codes

function asciiBytes(value: string, pattern: RegExp, field: string): string {
  if (!pattern.test(value)) throw new Error(`${field}: "${value}" does not match ${pattern}`);
  return hexlify(toUtf8Bytes(value));
}

/** An ISO 4217 currency code ("USD") as the bytes3 the contract stores. */
export function currencyCode(code: string): string {
  return asciiBytes(code, /^[A-Z]{3}$/, "currency");
}

/** A UN/LOCODE ("CNSHA") as bytes5. */
export function unLocode(code: string): string {
  return asciiBytes(code, /^[A-Z]{2}[A-Z2-9]{3}$/, "UN/LOCODE");
}

/** An ISO 3166-1 alpha-2 country ("GB") as bytes2. */
export function countryCode(code: string): string {
  return asciiBytes(code, /^[A-Z]{2}$/, "country");
}

/** An Incoterms 2020 rule ("CIF") as bytes3. */
export function incotermCode(code: string): string {
  if (!(INCOTERMS as readonly string[]).includes(code)) {
    throw new Error(`incoterm: "${code}" is not an Incoterms 2020 rule (${INCOTERMS.join(", ")})`);
  }
  return hexlify(toUtf8Bytes(code));
}

/** The ASCII text of a fixed-size code read back from the contract ("0x555344" → "USD"). */
export function decodeCode(bytes: string): string {
  return toUtf8String(bytes);
}

// ------------------------------------------------------------------ dates

/** Days since 1970-01-01 of calendar date `date` ("YYYY-MM-DD"): the contract's local-day numbers. */
export function dayNumber(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`date: "${date}" is not YYYY-MM-DD`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`date: "${date}" is not a calendar date`);
  return ms / 1000 / SECONDS_PER_DAY;
}

/** The last second (unix) of calendar date `date` at a place `utcOffsetMinutes` ahead of UTC. */
export function endOfLocalDay(date: string, utcOffsetMinutes: number): number {
  return (dayNumber(date) + 1) * SECONDS_PER_DAY - 1 - utcOffsetMinutes * 60;
}

/** The first second (unix) of calendar date `date` at a place `utcOffsetMinutes` ahead of UTC. */
export function startOfLocalDay(date: string, utcOffsetMinutes: number): number {
  return dayNumber(date) * SECONDS_PER_DAY - utcOffsetMinutes * 60;
}

// ------------------------------------------------------------------ hashes

/** keccak256 of a document's bytes (a string is hashed as UTF-8). */
export function documentHash(content: string | Uint8Array): string {
  return keccak256(typeof content === "string" ? toUtf8Bytes(content) : content);
}

/** The id of a certificate of origin: keccak256 of its number. */
export function certificateId(certificateNumber: string): string {
  return keccak256(toUtf8Bytes(certificateNumber));
}

/**
 * A discrepancy the examining bank adds in its refusal notice: a short code (up to 31 bytes, e.g.
 * "INVOICE_GOODS_DESCRIPTION") kept readable, longer free text hashed.
 */
export function bankDiscrepancy(text: string): string {
  if (text.length === 0) throw new Error("bank discrepancy: empty");
  return toUtf8Bytes(text).length <= 31 ? encodeBytes32String(text) : documentHash(text);
}

/** The names of the discrepancies in a `Discrepancies` bitmask. */
export function discrepancyNames(bits: bigint | number): DiscrepancyName[] {
  return namesInBitmask(Discrepancy, bits);
}

/** A `Discrepancies` bitmask of `names`. */
export function discrepancies(names: readonly DiscrepancyName[]): number {
  return bitmask(Discrepancy, names);
}

// ------------------------------------------------------------------ terms

const address = z
  .string()
  .refine((a) => isAddress(a), "not an address")
  .transform((a) => getAddress(a));
const uint48 = z
  .number()
  .int()
  .positive()
  .max(2 ** 48 - 1);
const amount = z.bigint().positive();
const fee = z.bigint().nonnegative().default(0n);
const locode = z.string().regex(/^[A-Z]{2}[A-Z2-9]{3}$/, "not a UN/LOCODE");
const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, "not a 32-byte hex value")
  .refine((v) => !/^0x0{64}$/.test(v), "is zero");
const documentName = z.enum(Object.keys(LcDocument) as [LcDocumentName, ...LcDocumentName[]]);

/** What a letter of credit application says, as people write it. */
export const creditTermsInputSchema = z
  .object({
    beneficiary: address,
    issuingBank: address,
    advisingBank: address,
    confirmingBank: address.optional(),
    settlementToken: address,
    /** A consortium-approved feed quoting settlement-token units per unit of `currency`. */
    fxFeed: address.optional(),
    currency: z.string().refine((c) => CURRENCY_EXPONENTS.has(c), "not an active ISO 4217 code"),
    /** In the credit's currency, with the settlement token's decimals. */
    amount,
    aboutAmount: z.boolean().default(false),
    /** UCP 600 art. 31a: partial drawings and shipments are allowed unless the credit says otherwise. */
    partialDrawingsAllowed: z.boolean().default(true),
    customsClearanceRequired: z.boolean().default(false),
    /** Unix seconds: the last second of the expiry date at the place for presentation. */
    expiresAt: uint48,
    placeOfExpiry: locode,
    /** Unix seconds: the last second of the latest shipment date. */
    latestShipmentAt: uint48,
    presentationDays: z.number().int().min(1).max(65_535).default(DEFAULT_PRESENTATION_DAYS),
    portOfLoading: locode,
    portOfDischarge: locode,
    countryOfOrigin: z
      .string()
      .refine((c) => ISO_3166_ALPHA2.has(c), "not an assigned ISO 3166-1 alpha-2 code"),
    incoterm: z.enum(INCOTERMS),
    requiredDocuments: z.array(documentName).default([...MANDATORY_DOCUMENTS]),
    /** The description of the goods as the credit states it (hashed on chain). */
    goodsDescription: z.string().min(1),
    advisingFee: fee,
    confirmationFee: fee,
    /**
     * Availability (UCP 600 art. 6b): 0 for sight payment; N for deferred payment at N calendar
     * days after the bill of lading's shipped-on-board date (art. 7a iv), paid in a voucher.
     */
    deferredPaymentDays: z.number().int().min(0).max(65_535).default(0),
  })
  .superRefine((t, ctx) => {
    if (t.latestShipmentAt > t.expiresAt) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["latestShipmentAt"],
        message: "the latest shipment date is after expiry",
      });
    }
    for (const required of MANDATORY_DOCUMENTS) {
      if (!t.requiredDocuments.includes(required)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["requiredDocuments"],
          message: `${required} is always required`,
        });
      }
    }
    if (t.confirmingBank === undefined && t.confirmationFee !== 0n) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["confirmationFee"],
        message: "a confirmation fee without a confirming bank",
      });
    }
  });

export type CreditTermsInput = z.input<typeof creditTermsInputSchema>;

/** The `Terms` struct `applyForCredit` takes, from validated input. */
export function buildTerms(input: CreditTermsInput): ILetterOfCredit.TermsStruct {
  const t = creditTermsInputSchema.parse(input);
  return {
    beneficiary: t.beneficiary,
    issuingBank: t.issuingBank,
    advisingBank: t.advisingBank,
    confirmingBank: t.confirmingBank ?? ZeroAddress,
    settlementToken: t.settlementToken,
    fxFeed: t.fxFeed ?? ZeroAddress,
    currency: currencyCode(t.currency),
    amount: t.amount,
    aboutAmount: t.aboutAmount,
    partialDrawingsAllowed: t.partialDrawingsAllowed,
    customsClearanceRequired: t.customsClearanceRequired,
    expiresAt: t.expiresAt,
    placeOfExpiry: unLocode(t.placeOfExpiry),
    latestShipmentAt: t.latestShipmentAt,
    presentationDays: t.presentationDays,
    portOfLoading: unLocode(t.portOfLoading),
    portOfDischarge: unLocode(t.portOfDischarge),
    countryOfOrigin: countryCode(t.countryOfOrigin),
    incoterm: incotermCode(t.incoterm),
    requiredDocuments: bitmask(LcDocument, t.requiredDocuments),
    goodsHash: documentHash(t.goodsDescription),
    advisingFee: t.advisingFee,
    confirmationFee: t.confirmationFee,
    deferredPaymentDays: t.deferredPaymentDays,
  };
}

/** The most a credit pays: its amount, +10 % when "about" (UCP 600 art. 30a). */
export function maxDrawable(amount: bigint, aboutAmount: boolean): bigint {
  return aboutAmount ? amount + amount / 10n : amount;
}

/** "125000.50" in a token with `decimals` decimals. */
export function parseAmount(value: string, decimals: number): bigint {
  if (!/^\d+(\.\d+)?$/.test(value)) throw new Error(`amount: "${value}" is not a decimal number`);
  return parseUnits(value, decimals);
}

// ------------------------------------------------------------------ presentations

/** A presentation as the beneficiary assembles it. */
export const presentationInputSchema = z.object({
  /** The issuing bank or the nominated bank (UCP 600 art. 6a). */
  presentedTo: address,
  /** The amount drawn, in the credit's currency with the settlement token's decimals. */
  amount,
  billId: z.bigint().nonnegative(),
  certificate: z.object({ number: z.string().min(1), document: z.string().min(1) }).optional(),
  /** Document contents; each is hashed. Omitted = not presented. */
  invoice: z.string().min(1).optional(),
  insuranceCertificate: z.string().min(1).optional(),
  packingList: z.string().min(1).optional(),
  /**
   * The fingerprints (exact and identity, lib/trade/documentFingerprint.ts) of the commercial
   * invoice and of the bill of lading, which the presentation claims in the consortium's
   * one-document-one-facility guard where one is configured. Empty: none claimed.
   */
  invoiceFingerprints: z.array(bytes32).default([]),
  billFingerprints: z.array(bytes32).default([]),
});

export type PresentationInput = z.input<typeof presentationInputSchema>;

/** The `Documents` struct `present` takes. */
export function buildDocuments(input: PresentationInput): ILetterOfCredit.DocumentsStruct {
  const p = presentationInputSchema.parse(input);
  return {
    presentedTo: p.presentedTo,
    amount: p.amount,
    billId: p.billId,
    certificateId: p.certificate === undefined ? ZeroHash : certificateId(p.certificate.number),
    certificateHash: p.certificate === undefined ? ZeroHash : documentHash(p.certificate.document),
    invoiceHash: p.invoice === undefined ? ZeroHash : documentHash(p.invoice),
    insuranceHash:
      p.insuranceCertificate === undefined ? ZeroHash : documentHash(p.insuranceCertificate),
    packingListHash: p.packingList === undefined ? ZeroHash : documentHash(p.packingList),
    invoiceFingerprints: p.invoiceFingerprints,
    billFingerprints: p.billFingerprints,
  };
}

// ------------------------------------------------------------------ amendments

/** An amendment as the issuing bank writes it: only what changes. */
export const amendmentInputSchema = z
  .object({
    amount: amount.optional(),
    expiresAt: uint48.optional(),
    latestShipmentAt: uint48.optional(),
    presentationDays: z.number().int().min(1).max(65_535).optional(),
    cancellation: z.boolean().default(false),
    /** "Deemed accepted unless rejected by ..." — recorded, without effect (UCP 600 art. 10f). */
    deemedAcceptedAfter: z.number().int().nonnegative().default(0),
    details: z.string().min(1),
  })
  .superRefine((a, ctx) => {
    const changesTerms =
      a.amount !== undefined ||
      a.expiresAt !== undefined ||
      a.latestShipmentAt !== undefined ||
      a.presentationDays !== undefined;
    if (a.cancellation && changesTerms) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "a cancellation changes no terms (art. 10a)",
      });
    }
    if (!a.cancellation && !changesTerms) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "the amendment changes nothing" });
    }
  });

export type AmendmentInput = z.input<typeof amendmentInputSchema>;

/** The `Amendment` struct `proposeAmendment` takes; `changes` names what it changes. */
export function buildAmendment(input: AmendmentInput): ILetterOfCredit.AmendmentStruct {
  const a = amendmentInputSchema.parse(input);
  const changed: (keyof typeof AmendmentChange)[] = [];
  if (a.amount !== undefined) changed.push("Amount");
  if (a.expiresAt !== undefined) changed.push("Expiry");
  if (a.latestShipmentAt !== undefined) changed.push("LatestShipment");
  if (a.presentationDays !== undefined) changed.push("PresentationPeriod");
  if (a.cancellation) changed.push("Cancellation");
  return {
    changes: bitmask(AmendmentChange, changed),
    amount: a.amount ?? 0n,
    expiresAt: a.expiresAt ?? 0,
    latestShipmentAt: a.latestShipmentAt ?? 0,
    presentationDays: a.presentationDays ?? 0,
    deemedAcceptedAfter: a.deemedAcceptedAfter,
    detailsHash: documentHash(a.details),
  };
}

// ------------------------------------------------------------------ reading a credit in words

/** What each discrepancy the chain finds means, with the rule it comes from. */
export const DISCREPANCY_TEXT: Readonly<Record<DiscrepancyName, string>> = {
  BillMissing: "no bill of lading in force under that reference (UCP 600 art. 14a)",
  CarrierNotRegistered: "the bill was not issued by a registered carrier (art. 20a i)",
  ShippedLate: "no on-board date, or shipped after the latest date of shipment (art. 20a ii)",
  TitleNotWithBank: "the bill is neither endorsed nor pledged to the bank",
  LatePresentation: "presented later than the presentation period after shipment (art. 14c)",
  PresentedAfterExpiry: "presented after the credit expired (art. 6d i)",
  AmountOverTolerance: "drawing above the credit amount, tolerance included (art. 30a)",
  AmountOverBalance: "drawing above what is left undrawn under the credit",
  PartialNotAllowed: "a partial drawing where partial drawings are prohibited (art. 31a)",
  CertificateInvalid:
    "the certificate of origin is unknown, revoked, expired or not the one issued",
  OriginMismatch: "the certificate states another country of origin than the credit requires",
  ConsigneeMismatch: "the certificate's consignee is not the applicant",
  PortsMismatch: "port of loading or discharge differs from the credit (art. 20a iii)",
  DocumentMissing: "a document the credit requires was not presented (art. 14a)",
};

/** The discrepancies in bitmask `bits`, in words. */
export function describeDiscrepancies(bits: bigint | number): string[] {
  return discrepancyNames(bits).map((name) => DISCREPANCY_TEXT[name]);
}

/** A bank discrepancy as written: its short code, or the hash of the free text it stands for. */
export function describeBankDiscrepancy(value: string): string {
  try {
    const text = decodeBytes32String(value);
    if (/^[\x20-\x7e]+$/.test(text)) return text;
  } catch {
    // not a short string: a hash of longer free text
  }
  return `free text, keccak256 ${value}`;
}

/** One presentation of a credit, read back in plain values. */
export interface PresentationSummary {
  presentationId: bigint;
  outcome: PresentationOutcomeName;
  amount: bigint;
  presentedTo: string;
  presentedAt: bigint;
  examineBy: bigint;
  discrepancies: string[];
  bankDiscrepancies: string[];
  paid: bigint;
}

/** A credit read back in plain values, for the demo, tasks and logs. */
export interface CreditSummary {
  lcId: bigint;
  status: LcStatusName;
  currency: string;
  amount: bigint;
  aboutAmount: boolean;
  expiresAt: bigint;
  escrow: { escrowed: bigint; paid: bigint; refunded: bigint; held: bigint; drawn: bigint };
  presentations: PresentationSummary[];
}

/** Everything `readCredit` needs of the contract (a `LetterOfCredit` or a read-only view of it). */
export type LetterOfCreditReader = Pick<
  LetterOfCredit,
  "status" | "terms" | "escrowOf" | "presentationCount" | "presentation"
>;

/** Read credit `lcId`: status, terms in brief, money, and every presentation with its findings. */
export async function readCredit(lc: LetterOfCreditReader, lcId: bigint): Promise<CreditSummary> {
  const [status, terms, escrow, count] = await Promise.all([
    lc.status(lcId),
    lc.terms(lcId),
    lc.escrowOf(lcId),
    lc.presentationCount(lcId),
  ]);
  const presentations: PresentationSummary[] = [];
  for (let i = 0n; i < count; i++) {
    const p = await lc.presentation(lcId, i);
    presentations.push({
      presentationId: i,
      outcome: enumName(PresentationOutcome, p.outcome),
      amount: p.amount,
      presentedTo: p.presentedTo,
      presentedAt: p.presentedAt,
      examineBy: p.examineBy,
      discrepancies: describeDiscrepancies(p.discrepancies),
      bankDiscrepancies: p.bankDiscrepancies.map(describeBankDiscrepancy),
      paid: p.paid,
    });
  }
  return {
    lcId,
    status: enumName(LcStatus, status),
    currency: decodeCode(terms.currency),
    amount: terms.amount,
    aboutAmount: terms.aboutAmount,
    expiresAt: terms.expiresAt,
    escrow: {
      escrowed: escrow.escrowed,
      paid: escrow.paid,
      refunded: escrow.refunded,
      held: escrow.held,
      drawn: escrow.drawn,
    },
    presentations,
  };
}

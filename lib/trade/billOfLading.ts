/**
 * The electronic bill of lading from TypeScript: the codes it validates (UN/LOCODE, IMO numbers,
 * B/L numbers), how a bill's id and shipment reference are derived, mirrors of its Solidity enums,
 * and the validated input of an issue. Mirrors contracts/documents/BillOfLading.sol and
 * contracts/libraries/TransportCodes.sol; test/documents/BillOfLading.test.ts checks they agree.
 *
 * Plain-node safe (no enums, no namespaces): used by tasks, the demo and the tests.
 */
import {
  getAddress,
  hexlify,
  isAddress,
  keccak256,
  solidityPackedKeccak256,
  toUtf8Bytes,
  ZeroAddress,
} from "ethers";
import { z } from "zod";

import { BillStatus, enumName } from "./enums.ts";

/** Longest B/L number the contract accepts (DCSA `transportDocumentReference`). */
export const MAX_BL_NUMBER_LENGTH = 20;
/** Longest voyage number the contract accepts (DCSA `carrierExportVoyageNumber`). */
export const MAX_VOYAGE_NUMBER_LENGTH = 50;
/** Longest reason for rejecting a surrender or voiding a bill, in bytes. */
export const MAX_REASON_LENGTH = 256;

// IBillOfLadingTitle.BillStatus and the enum-name lookup live with the other enum mirrors.
export { BillStatus, enumName };
export type BillStatusName = keyof typeof BillStatus;

/** IBillOfLading.BillForm, by name. */
export const BillForm = { Straight: 0, Order: 1, Bearer: 2 } as const;
export type BillFormName = keyof typeof BillForm;

/** IBillOfLading.TitleEventKind, by name (DCSA eBL 3.0 action codes in the Solidity comments). */
export const TitleEventKind = {
  Issued: 0,
  Endorsed: 1,
  EndorsedInBlank: 2,
  PossessionTransferred: 3,
  Refused: 4,
  Pledged: 5,
  PledgeReleased: 6,
  PledgeEnforced: 7,
  SurrenderedForDelivery: 8,
  SurrenderedForAmendment: 9,
  SurrenderAccepted: 10,
  SurrenderRejected: 11,
  Replaced: 12,
  Voided: 13,
  IssuedAsReplacement: 14,
  Exported: 15,
  Imported: 16,
} as const;
export type TitleEventKindName = keyof typeof TitleEventKind;

const UN_LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

/** Whether `code` is a UN/LOCODE: 2 letters (country) + 3 upper-case letters or digits 2-9. */
export function isUnLocode(code: string): boolean {
  return UN_LOCODE.test(code);
}

/** A UN/LOCODE as the `bytes5` the contract stores, e.g. "GBFXT" -> "0x4742465854". */
export function unLocode(code: string): string {
  if (!isUnLocode(code)) {
    throw new Error(
      `"${code}" is not a UN/LOCODE (2 letters + 3 upper-case letters or digits 2-9)`,
    );
  }
  return hexlify(toUtf8Bytes(code));
}

/** The UN/LOCODE text of a `bytes5` value read from the contract. */
export function unLocodeText(bytes5: string): string {
  const text = Buffer.from(bytes5.replace(/^0x/, ""), "hex").toString("ascii");
  if (!isUnLocode(text)) throw new Error(`${bytes5} does not hold a UN/LOCODE`);
  return text;
}

/** Whether `n` is an IMO ship number: 7 digits, the last the check digit (weights 7..2, mod 10). */
export function isImoNumber(n: number): boolean {
  if (!Number.isInteger(n) || n < 1_000_000 || n > 9_999_999) return false;
  const digits = String(n).split("").map(Number);
  const sum = digits.slice(0, 6).reduce((acc, d, i) => acc + d * (7 - i), 0);
  return sum % 10 === digits[6];
}

/** Whether `text` has the shape of a B/L or voyage number: 1..max printable ASCII, no spaces. */
export function isReference(text: string, maxLength: number): boolean {
  return text.length >= 1 && text.length <= maxLength && /^[\x21-\x7e]+$/.test(text);
}

/**
 * The shipment reference of bill `blNumber` issued by `carrier` (the customs oracle's key, as
 * `BillOfLading.shipmentRefOf`): keccak256 of the carrier's address and the B/L number's bytes,
 * since B/L numbers are unique only per carrier.
 */
export function shipmentRefOf(carrier: string, blNumber: string): string {
  return solidityPackedKeccak256(["address", "string"], [getAddress(carrier), blNumber]);
}

const LOW_96_BITS = (1n << 96n) - 1n;

/**
 * The id of the bill `carrier` numbers `blNumber`: the carrier address in the top 160 bits, the
 * low 96 bits of keccak256 of the B/L number below (as `BillOfLading.billIdOf`).
 */
export function billIdOf(carrier: string, blNumber: string): bigint {
  return (
    (BigInt(getAddress(carrier)) << 96n) | (BigInt(keccak256(toUtf8Bytes(blNumber))) & LOW_96_BITS)
  );
}

/** The carrier embedded in a bill id. */
export function carrierOfBillId(billId: bigint): string {
  return getAddress("0x" + (billId >> 96n).toString(16).padStart(40, "0"));
}

/** The document hash the chain keeps for an off-chain B/L document: keccak256 of its bytes. */
export function documentHashOf(document: Uint8Array | string): string {
  return keccak256(typeof document === "string" ? toUtf8Bytes(document) : document);
}

const address = z
  .string()
  .refine((a) => isAddress(a), { message: "not an address" })
  .transform((a) => getAddress(a));

/**
 * What a carrier states to issue a bill, as people write it: ports as UN/LOCODE text, the
 * consignee as an address or "to order", the shipped-on-board time as a Date or unix seconds.
 */
export const billIssueInputSchema = z.object({
  blNumber: z.string().refine((s) => isReference(s, MAX_BL_NUMBER_LENGTH), {
    message: `1..${MAX_BL_NUMBER_LENGTH} printable ASCII characters, no spaces`,
  }),
  shipper: address,
  consignee: z.union([z.literal("to order"), address]),
  notifyParty: z.union([z.literal("none"), address]),
  vesselImo: z.number().refine(isImoNumber, { message: "not an IMO number (7 digits + check)" }),
  voyageNumber: z.string().refine((s) => isReference(s, MAX_VOYAGE_NUMBER_LENGTH), {
    message: `1..${MAX_VOYAGE_NUMBER_LENGTH} printable ASCII characters, no spaces`,
  }),
  portOfLoading: z.string().refine(isUnLocode, { message: "not a UN/LOCODE" }),
  portOfDischarge: z.string().refine(isUnLocode, { message: "not a UN/LOCODE" }),
  shippedOnBoardAt: z.union([z.date(), z.number().int().positive()]),
  documentHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, { message: "not a 32-byte hex hash" }),
});
export type BillIssueInput = z.input<typeof billIssueInputSchema>;

/** `IBillOfLading.BillIssue` as ethers takes it. */
export interface BillIssueStruct {
  blNumber: string;
  shipper: string;
  consignee: string;
  notifyParty: string;
  vesselImo: number;
  voyageNumber: string;
  portOfLoading: string;
  portOfDischarge: string;
  shippedOnBoardAt: bigint;
  documentHash: string;
}

/** Validates `input` (throws a ZodError naming each bad field) and builds the contract struct. */
export function billIssueStruct(input: BillIssueInput): BillIssueStruct {
  const bill = billIssueInputSchema.parse(input);
  if (bill.portOfDischarge === bill.portOfLoading) {
    throw new Error("portOfDischarge: must differ from the port of loading");
  }
  const shippedOnBoardAt =
    bill.shippedOnBoardAt instanceof Date
      ? BigInt(Math.floor(bill.shippedOnBoardAt.getTime() / 1000))
      : BigInt(bill.shippedOnBoardAt);
  return {
    blNumber: bill.blNumber,
    shipper: bill.shipper,
    consignee: bill.consignee === "to order" ? ZeroAddress : bill.consignee,
    notifyParty: bill.notifyParty === "none" ? ZeroAddress : bill.notifyParty,
    vesselImo: bill.vesselImo,
    voyageNumber: bill.voyageNumber,
    portOfLoading: unLocode(bill.portOfLoading),
    portOfDischarge: unLocode(bill.portOfDischarge),
    shippedOnBoardAt,
    documentHash: bill.documentHash.toLowerCase(),
  };
}

/** One step of a bill's title chain, as rebuilt from its events (`lib/trade/titleChain.ts`). */
export interface TitleStep {
  /** The holder once the step took effect. */
  party: string;
  /** Block time of the step, unix seconds. */
  timestamp: bigint;
  kind: TitleEventKindName;
}

const STEP_WORDS: Record<TitleEventKindName, (party: string) => string> = {
  Issued: (p) => `issued to ${p}`,
  Endorsed: (p) => `endorsed to ${p}`,
  EndorsedInBlank: (p) => `endorsed in blank by ${p} (now a bearer bill)`,
  PossessionTransferred: (p) => `possession passed to ${p}`,
  Refused: (p) => `refused by its receiver; back with ${p}`,
  Pledged: (p) => `pledged to ${p}`,
  PledgeReleased: (p) => `pledge released; back with ${p}`,
  PledgeEnforced: (p) => `pledge enforced; ${p} holds it outright`,
  SurrenderedForDelivery: (p) => `surrendered for delivery to ${p}`,
  SurrenderedForAmendment: (p) => `surrendered for amendment to ${p}`,
  SurrenderAccepted: (p) => `surrender accepted by ${p}: accomplished`,
  SurrenderRejected: (p) => `surrender rejected; back with ${p}`,
  Replaced: (p) => `replaced by an amended bill (kept by ${p})`,
  Voided: (p) => `voided (kept by ${p})`,
  IssuedAsReplacement: (p) => `issued as an amended bill to ${p}`,
  Exported: (p) => `sent by ${p} to another eBL platform over PINT (exported)`,
  Imported: (p) => `received from another eBL platform over PINT; held by ${p}`,
};

/**
 * A title step in plain words, e.g. "endorsed to Thames Trade Bank plc". `nameOf` turns an
 * address into a display name (default: the address itself).
 */
export function describeTitleStep(
  step: TitleStep,
  nameOf: (address: string) => string = (address) => address,
): string {
  return STEP_WORDS[step.kind](nameOf(step.party));
}

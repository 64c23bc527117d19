/**
 * TypeScript mirrors of the Solidity enums the letter of credit speaks in
 * (contracts/interfaces/ILetterOfCredit.sol, contracts/types/Discrepancies.sol,
 * contracts/types/CustomsTypes.sol), and those of the open-account documents (IPurchaseOrder,
 * IDocumentFinancing). Plain `as const` objects, not TS enums, so plain `node`
 * can run the scripts that import them. test/credit/Enums.test.ts checks them against the contract.
 */

/** `ILetterOfCredit.Status`: where a credit is in its life (derived from facts and the clock). */
export const LcStatus = {
  None: 0,
  Applied: 1,
  Declined: 2,
  Issued: 3,
  Advised: 4,
  Presented: 5,
  Refused: 6,
  Honoured: 7,
  Expired: 8,
  Cancelled: 9,
  Closed: 10,
} as const;
export type LcStatusName = keyof typeof LcStatus;

/** `ILetterOfCredit.PresentationOutcome`. */
export const PresentationOutcome = {
  Pending: 0,
  Honoured: 1,
  Refused: 2,
  Waived: 3,
  Settled: 4,
  Superseded: 5,
} as const;
export type PresentationOutcomeName = keyof typeof PresentationOutcome;

/** `ILetterOfCredit.Document`: bit positions in `Terms.requiredDocuments`. */
export const LcDocument = {
  BillOfLading: 0,
  CertificateOfOrigin: 1,
  CommercialInvoice: 2,
  InsuranceCertificate: 3,
  PackingList: 4,
} as const;
export type LcDocumentName = keyof typeof LcDocument;

/** `ILetterOfCredit.AmendmentChange`: bit positions in `Amendment.changes`. */
export const AmendmentChange = {
  Amount: 0,
  Expiry: 1,
  LatestShipment: 2,
  PresentationPeriod: 3,
  Cancellation: 4,
} as const;
export type AmendmentChangeName = keyof typeof AmendmentChange;

/** `ILetterOfCredit.AmendmentState`. */
export const AmendmentState = {
  None: 0,
  Pending: 1,
  Accepted: 2,
  Rejected: 3,
} as const;

/** `ILetterOfCredit.SettlementCondition`. */
export const SettlementCondition = {
  TitleToIssuingBank: 0,
  CustomsClearance: 1,
} as const;
export type SettlementConditionName = keyof typeof SettlementCondition;

/** `Discrepancy` (contracts/types/Discrepancies.sol): bit positions in a `Discrepancies` set. */
export const Discrepancy = {
  BillMissing: 0,
  CarrierNotRegistered: 1,
  ShippedLate: 2,
  TitleNotWithBank: 3,
  LatePresentation: 4,
  PresentedAfterExpiry: 5,
  AmountOverTolerance: 6,
  AmountOverBalance: 7,
  PartialNotAllowed: 8,
  CertificateInvalid: 9,
  OriginMismatch: 10,
  ConsigneeMismatch: 11,
  PortsMismatch: 12,
  DocumentMissing: 13,
} as const;
export type DiscrepancyName = keyof typeof Discrepancy;

/** `CustomsEventType` (contracts/types/CustomsTypes.sol). */
export const CustomsEventType = {
  None: 0,
  DeclarationAccepted: 1,
  DeclarationRejected: 2,
  UnderControl: 3,
  DocumentsRequired: 4,
  Released: 5,
  Cleared: 6,
  GoodsExited: 7,
  Detained: 8,
  Loaded: 9,
  Departed: 10,
  Arrived: 11,
  Discharged: 12,
} as const;

/** `IBillOfLadingTitle.BillStatus`. */
export const BillStatus = {
  None: 0,
  Active: 1,
  SurrenderPending: 2,
  Accomplished: 3,
  Replaced: 4,
  Void: 5,
  ExportPending: 6,
  Exported: 7,
} as const;

/** `ICertificateOfOriginRegistry.Verdict`. */
export const CertificateVerdict = {
  Unknown: 0,
  Valid: 1,
  Revoked: 2,
  Expired: 3,
  HashMismatch: 4,
} as const;

/** `IPurchaseOrder.OrderStatus`: where a purchase order is. */
export const OrderStatus = {
  None: 0,
  Issued: 1,
  Accepted: 2,
  Declined: 3,
  Cancelled: 4,
} as const;
export type OrderStatusName = keyof typeof OrderStatus;

/** `IDocumentFinancing.DocumentKind`: the kind of document a fingerprint is of. */
export const DocumentKind = {
  Invoice: 0,
  PurchaseOrder: 1,
  BillOfLading: 2,
} as const;
export type DocumentKindName = keyof typeof DocumentKind;

/** The name of value `value` in enum mirror `mirror` (throws for a value it does not know). */
export function enumName<T extends Record<string, number>>(
  mirror: T,
  value: bigint | number,
): keyof T & string {
  const found = Object.entries(mirror).find(([, v]) => BigInt(v) === BigInt(value));
  if (found === undefined) throw new Error(`no enum member has the value ${value}`);
  return found[0];
}

/** A set of enum values as the bitmask the contracts store (bit `i` = value `i`). */
export function bitmask<T extends Record<string, number>>(
  mirror: T,
  names: readonly (keyof T)[],
): number {
  return names.reduce((mask, name) => mask | (1 << mirror[name]!), 0);
}

/** The names of the values set in bitmask `bits`, in value order. */
export function namesInBitmask<T extends Record<string, number>>(
  mirror: T,
  bits: bigint | number,
): (keyof T & string)[] {
  const mask = BigInt(bits);
  return Object.entries(mirror)
    .filter(([, v]) => (mask >> BigInt(v)) & 1n)
    .sort(([, a], [, b]) => a - b)
    .map(([name]) => name);
}

/** The allowed-status bitmap `LetterOfCreditUnexpectedStatus` reports, as the bytes32 it carries. */
export function statusBitmap(statuses: readonly LcStatusName[]): string {
  const mask = statuses.reduce((m, s) => m | (1n << BigInt(LcStatus[s])), 0n);
  return "0x" + mask.toString(16).padStart(64, "0");
}

/** `IPaymentCommitment.CommitmentStatus`: where a bank payment commitment on open account is. */
export const CommitmentStatus = {
  None: 0,
  Offered: 1,
  Committed: 2,
  Irrevocable: 3,
  Declined: 4,
  Withdrawn: 5,
  Expired: 6,
} as const;
export type CommitmentStatusName = keyof typeof CommitmentStatus;

/**
 * The open-account data match off chain: the fields `OpenAccountMatch` (contracts/libraries/)
 * compares between purchase order, commercial invoice, bill of lading and customs, in bit order,
 * and the decoding of a mismatch bitmap (`CommitmentDocumentsMismatch`, `check`) into their names
 * and sentences an operator reads. test/credit/Enums.test.ts checks the order against the contract.
 */

/** `OpenAccountMatch.Field`: bit positions of a mismatch bitmap. */
export const MatchField = {
  InvoiceBuyer: 0,
  InvoiceCurrency: 1,
  InvoiceAmount: 2,
  InvoiceGoods: 3,
  InvoiceNotRegistered: 4,
  BillNotActive: 5,
  BillCarrier: 6,
  BillShipper: 7,
  BillConsignee: 8,
  BillHolder: 9,
  PortOfLoading: 10,
  PortOfDischarge: 11,
  ShippedLate: 12,
  CustomsNotCleared: 13,
  ClearedElsewhere: 14,
  MaturityPassed: 15,
} as const;
export type MatchFieldName = keyof typeof MatchField;

/** What each mismatched field means, as a clause of a refusal. */
const DESCRIPTIONS: Readonly<Record<MatchFieldName, string>> = {
  InvoiceBuyer: "the invoice's buyer is not the order's importer",
  InvoiceCurrency: "the invoice's currency is not the order's",
  InvoiceAmount: "the invoice amount is further from the order's than the tolerance allows",
  InvoiceGoods: "the invoice's goods are not the order's (goods hash)",
  InvoiceNotRegistered:
    "the exporter has no Registered invoice under these fingerprints (never registered, cancelled, financed, or backing a payable)",
  BillNotActive: "no bill of lading with that id is in force",
  BillCarrier: "the bill's carrier is not an active CARRIER member",
  BillShipper: "the bill's shipper is not the order's exporter",
  BillConsignee: 'the bill is consigned neither to the importer nor "to order"',
  BillHolder: "the bill is held by neither the exporter nor the importer",
  PortOfLoading: "the bill's port of loading is not the order's",
  PortOfDischarge: "the bill's port of discharge is not the order's",
  ShippedLate: "the bill has no shipped-on-board date, or one after the latest shipment date",
  CustomsNotCleared: "customs at destination has not cleared the goods",
  ClearedElsewhere: "the goods were cleared, but not at the bill's port of discharge",
  MaturityPassed: "the shipped-on-board date plus the payment term is already past",
};

const FIELD_NAMES = (Object.keys(MatchField) as MatchFieldName[]).sort(
  (a, b) => MatchField[a] - MatchField[b],
);

/**
 * The names of the fields set in mismatch bitmap `bits`, in bit order. Throws for a bit no field
 * has, so a contract that grew a field is not decoded silently wrong.
 */
export function mismatchedFields(bits: bigint | number): MatchFieldName[] {
  const value = BigInt(bits);
  if (value < 0n) throw new Error(`mismatch bitmap ${value} is negative`);
  const unknown = value >> BigInt(FIELD_NAMES.length);
  if (unknown !== 0n) throw new Error(`mismatch bitmap ${value} has bits no field names`);
  return FIELD_NAMES.filter((name) => (value >> BigInt(MatchField[name])) & 1n);
}

/** The bitmap with exactly the fields `names` set. */
export function mismatchBits(names: readonly MatchFieldName[]): bigint {
  return names.reduce((bits, name) => bits | (1n << BigInt(MatchField[name])), 0n);
}

/** Mismatch bitmap `bits` as a sentence: "field (what it means); ...", or "none" for 0. */
export function describeMismatches(bits: bigint | number): string {
  const names = mismatchedFields(bits);
  if (names.length === 0) return "none";
  return names.map((name) => `${name} (${DESCRIPTIONS[name]})`).join("; ");
}

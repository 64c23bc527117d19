/**
 * Customs reports as the oracle committee signs them: the event types (mirroring
 * contracts/types/CustomsTypes.sol), the EIP-712 domain and types that ICustomsOracle
 * documents, event builders and signing into the packed compact signatures submitReport takes.
 */
import {
  concat,
  hexlify,
  keccak256,
  Signature,
  toUtf8Bytes,
  TypedDataEncoder,
  type Signer,
  type SigningKey,
  type TypedDataDomain,
} from "ethers";

import { CustomsEventType } from "../../../lib/trade/enums.ts";

/** The one mirror of the Solidity enum (lib/trade/enums.ts), for the tests that import it here. */
export { CustomsEventType };

export type CustomsEventTypeName = keyof typeof CustomsEventType;

/** The name of an event type number. */
export function eventTypeName(value: number | bigint): CustomsEventTypeName {
  const entry = Object.entries(CustomsEventType).find(([, v]) => BigInt(v) === BigInt(value));
  if (entry === undefined) throw new Error(`no CustomsEventType ${value}`);
  return entry[0] as CustomsEventTypeName;
}

/** One `CustomsEvent` as ethers encodes the struct. */
export interface CustomsEventInput {
  shipmentRef: string;
  eventType: number;
  location: string;
  occurredAt: bigint;
  sourceDocHash: string;
  sourceMessageId: string;
}

export interface CustomsReportInput {
  epoch: number | bigint;
  sequence: number | bigint;
  events: CustomsEventInput[];
}

/** The EIP-712 types of a report, exactly as ICustomsOracle documents them. */
export const CUSTOMS_REPORT_TYPES = {
  CustomsReport: [
    { name: "epoch", type: "uint32" },
    { name: "sequence", type: "uint64" },
    { name: "events", type: "CustomsEvent[]" },
  ],
  CustomsEvent: [
    { name: "shipmentRef", type: "bytes32" },
    { name: "eventType", type: "uint8" },
    { name: "location", type: "bytes5" },
    { name: "occurredAt", type: "uint48" },
    { name: "sourceDocHash", type: "bytes32" },
    { name: "sourceMessageId", type: "bytes32" },
  ],
};

/** The oracle's EIP-712 domain. */
export function customsDomain(chainId: bigint, verifyingContract: string): TypedDataDomain {
  return { name: "CaravelCustomsOracle", version: "1", chainId, verifyingContract };
}

/**
 * A distinct shipment key per name, for tests of the oracle alone (it treats references as
 * opaque). A bill's real reference binds its carrier: `shipmentRefOf(carrier, blNumber)` in
 * lib/trade/billOfLading.ts.
 */
export function shipmentRef(transportDocumentReference: string): string {
  return keccak256(toUtf8Bytes(transportDocumentReference));
}

/** A UN/LOCODE ("CNSHA") as bytes5. */
export function locode(code: string): string {
  if (!/^[A-Z]{2}[A-Z2-9]{3}$/.test(code)) throw new Error(`"${code}" is not a UN/LOCODE`);
  return hexlify(toUtf8Bytes(code));
}

/** A customs event whose source document and message id are derived from its content. */
export function customsEvent(
  ref: string,
  type: CustomsEventTypeName,
  occurredAt: number | bigint,
  location = "CNSHA",
): CustomsEventInput {
  const source = `${ref}/${type}/${occurredAt}/${location}`;
  return {
    shipmentRef: ref,
    eventType: CustomsEventType[type],
    location: locode(location),
    occurredAt: BigInt(occurredAt),
    sourceDocHash: keccak256(toUtf8Bytes(`doc:${source}`)),
    sourceMessageId: keccak256(toUtf8Bytes(`msg:${source}`)),
  };
}

/** The digest the committee signs (computed off-chain, as the daemons do). */
export function reportDigest(domain: TypedDataDomain, report: CustomsReportInput): string {
  return TypedDataEncoder.hash(domain, CUSTOMS_REPORT_TYPES, report);
}

/** Sign through the signers' wallets (eth_signTypedData_v4), packed as compact signatures. */
export async function signReportWith(
  signers: readonly Signer[],
  domain: TypedDataDomain,
  report: CustomsReportInput,
): Promise<string> {
  const signatures: string[] = [];
  for (const signer of signers) {
    const sig = await signer.signTypedData(domain, CUSTOMS_REPORT_TYPES, report);
    signatures.push(Signature.from(sig).compactSerialized);
  }
  return signatures.length === 0 ? "0x" : concat(signatures);
}

/** Sign a digest with raw keys (fast, for many reports), packed as compact signatures. */
export function signDigestWith(keys: readonly SigningKey[], digest: string): string {
  return keys.length === 0 ? "0x" : concat(keys.map((k) => k.sign(digest).compactSerialized));
}

/**
 * The report the committee signs, and its EIP-712 digest, exactly as
 * `contracts/interfaces/ICustomsOracle.sol` defines it:
 *
 *   domain  {name: "CaravelCustomsOracle", version: "1", chainId, verifyingContract}
 *   CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,
 *                bytes32 sourceDocHash,bytes32 sourceMessageId)
 *   CustomsReport(uint32 epoch,uint64 sequence,CustomsEvent[] events)
 *
 * The digest is computed here with one keccak per struct over pre-laid-out bytes (a report holds
 * hundreds of events and every node hashes every proposal); a test checks it against viem's
 * generic `hashTypedData` and an integration test against the contract's `reportDigest`.
 */
import { hexToBytes, type Address, type Hex } from "viem";
import { keccak256Bytes } from "../crypto/keccak256.ts";
import { toHex, writeEventWords, type OnChainCustomsEvent } from "../events/customsEvent.ts";

export const EIP712_DOMAIN_NAME = "CaravelCustomsOracle";
export const EIP712_DOMAIN_VERSION = "1";

/** The EIP-712 types, in viem's `signTypedData`/`hashTypedData` shape. */
export const REPORT_TYPES = {
  CustomsEvent: [
    { name: "shipmentRef", type: "bytes32" },
    { name: "eventType", type: "uint8" },
    { name: "location", type: "bytes5" },
    { name: "occurredAt", type: "uint48" },
    { name: "sourceDocHash", type: "bytes32" },
    { name: "sourceMessageId", type: "bytes32" },
  ],
  CustomsReport: [
    { name: "epoch", type: "uint32" },
    { name: "sequence", type: "uint64" },
    { name: "events", type: "CustomsEvent[]" },
  ],
} as const;

/** A report: the events applied on chain as report number `sequence` of committee `epoch`. */
export interface CustomsReport {
  epoch: number;
  sequence: bigint;
  events: readonly OnChainCustomsEvent[];
}

/** Where reports are verified: the chain and the oracle contract (the EIP-712 domain). */
export interface ReportDomain {
  chainId: number;
  verifyingContract: Address;
}

const utf8 = new TextEncoder();
const keccak = keccak256Bytes;

const EVENT_TYPEHASH = keccak(
  utf8.encode(
    "CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,bytes32 sourceDocHash,bytes32 sourceMessageId)",
  ),
);
const REPORT_TYPEHASH = keccak(
  utf8.encode(
    "CustomsReport(uint32 epoch,uint64 sequence,CustomsEvent[] events)CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,bytes32 sourceDocHash,bytes32 sourceMessageId)",
  ),
);
const DOMAIN_TYPEHASH = keccak(
  utf8.encode("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
);

/** Writes `value` big-endian into the 32-byte word at `offset` (right-aligned). */
function writeUint(target: Uint8Array, offset: number, value: bigint): void {
  let v = value;
  for (let i = 31; i >= 0 && v > 0n; i -= 1) {
    target[offset + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function writeBytes(target: Uint8Array, offset: number, hex: Hex, expectedLength: number): void {
  const bytes = hexToBytes(hex);
  if (bytes.length !== expectedLength) {
    throw new RangeError(`expected ${expectedLength} bytes, got ${bytes.length} in ${hex}`);
  }
  target.set(bytes, offset); // left-aligned: bytesN is padded on the right
}

/** EIP-712 `hashStruct` of one event. */
export function eventStructHash(event: OnChainCustomsEvent): Uint8Array {
  const buffer = new Uint8Array(32 * 7);
  buffer.set(EVENT_TYPEHASH, 0);
  writeEventWords(buffer, 32, event);
  return keccak(buffer);
}

/** EIP-712 domain separator of the oracle contract. */
export function domainSeparator(domain: ReportDomain): Uint8Array {
  const buffer = new Uint8Array(32 * 5);
  buffer.set(DOMAIN_TYPEHASH, 0);
  buffer.set(keccak(utf8.encode(EIP712_DOMAIN_NAME)), 32);
  buffer.set(keccak(utf8.encode(EIP712_DOMAIN_VERSION)), 64);
  writeUint(buffer, 96, BigInt(domain.chainId));
  writeBytes(buffer, 128 + 12, domain.verifyingContract, 20);
  return keccak(buffer);
}

/** The digest the committee members sign for `report` (EIP-712, `\x19\x01 ‖ domain ‖ struct`). */
export function reportDigest(domain: ReportDomain, report: CustomsReport): Hex {
  return reportDigestAndKeys(domain, report).digest;
}

/**
 * The report digest and, on the way, every event's key (`eventKey`: keccak256 of the six ABI
 * words, the same words the EIP-712 struct hash covers after its type hash): each event is laid
 * out once and hashed twice.
 */
export function reportDigestAndKeys(
  domain: ReportDomain,
  report: CustomsReport,
): { digest: Hex; keys: Hex[] } {
  const eventHashes = new Uint8Array(32 * report.events.length);
  const keys: Hex[] = [];
  const buffer = new Uint8Array(32 * 7);
  buffer.set(EVENT_TYPEHASH, 0);
  const words = buffer.subarray(32);
  report.events.forEach((event, index) => {
    words.fill(0);
    writeEventWords(buffer, 32, event);
    eventHashes.set(keccak(buffer), index * 32);
    keys.push(toHex(keccak(words)));
  });
  const struct = new Uint8Array(32 * 4);
  struct.set(REPORT_TYPEHASH, 0);
  writeUint(struct, 32, BigInt(report.epoch));
  writeUint(struct, 64, report.sequence);
  struct.set(keccak(eventHashes), 96);
  const message = new Uint8Array(2 + 32 + 32);
  message[0] = 0x19;
  message[1] = 0x01;
  message.set(domainSeparator(domain), 2);
  message.set(keccak(struct), 34);
  return { digest: toHex(keccak(message)), keys };
}

/**
 * The deterministic order of events in a report: by time of occurrence, then by event key, so
 * that every node builds the same report from the same set and a shipment's events apply in the
 * order they happened even when the feed delivered them out of order.
 */
export function compareReportEvents(
  a: { event: OnChainCustomsEvent; key: Hex },
  b: { event: OnChainCustomsEvent; key: Hex },
): number {
  if (a.event.occurredAt !== b.event.occurredAt) return a.event.occurredAt - b.event.occurredAt;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

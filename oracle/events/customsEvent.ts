/**
 * The canonical customs/transport event every ingest path produces and every oracle node agrees on,
 * and its mapping onto the on-chain `CustomsEvent` struct (contracts/types/CustomsTypes.sol).
 */
import { stringToHex, type Address, type Hex } from "viem";
import { CustomsEventType as CUSTOMS_EVENT_CODES } from "../../lib/trade/enums.ts";
import { keccak256Bytes, keccak256Hex } from "../crypto/keccak256.ts";
import { CARRIER_ADDRESS_PATTERN } from "./carriers.ts";

/** A customs/transport event type by name: the on-chain enum's members but its zero, `None`. */
export type CustomsEventType = Exclude<keyof typeof CUSTOMS_EVENT_CODES, "None">;

/**
 * Event types in on-chain enum order; the on-chain code of `CUSTOMS_EVENT_TYPES[i]` is `i + 1`.
 * Derived from the one mirror of the Solidity enum (lib/trade/enums.ts, checked against the
 * compiler's output by test/credit/Enums.test.ts), so the enum is written once in TypeScript.
 */
export const CUSTOMS_EVENT_TYPES = Object.entries(CUSTOMS_EVENT_CODES)
  .filter(([name]) => name !== "None")
  .sort(([, a], [, b]) => a - b)
  .map(([name]) => name) as [CustomsEventType, ...CustomsEventType[]];

export const EVENT_SOURCES = ["wco-dms", "dcsa-tnt", "canonical"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export interface CustomsEventRecord {
  /** The source's own message id (dedup key), e.g. WCO FunctionalReferenceID / DCSA eventID. */
  sourceMessageId: string;
  source: EventSource;
  /**
   * The member address (lower case) of the carrier that issued the bill: B/L numbers are unique
   * only per carrier, so the on-chain shipment reference binds it (`shipmentRefOf`).
   */
  carrier: Address;
  /** Transport document reference = the carrier's B/L number, e.g. "MAEU123456789". */
  shipmentRef: string;
  /** Customs declaration number (MRN/DUCR) when known. */
  declarationId?: string;
  eventType: CustomsEventType;
  /** UN/LOCODE, 5 upper-case characters. */
  location: string;
  /** Unix seconds. */
  occurredAt: number;
  /**
   * keccak256 of the raw message bytes this node read the event from: evidence kept off chain
   * (the inbox keeps the message under it). Not part of the event's key nor of its on-chain form:
   * the same event reaches nodes framed differently (alone, or in a batch), and every node must
   * key and sign it alike. The on-chain `sourceDocHash` is `eventContentHash` (below).
   */
  sourceDocHash: Hex;
}

/** The event as the `CustomsEvent` struct is ABI-encoded and EIP-712-hashed on chain. */
export interface OnChainCustomsEvent {
  shipmentRef: Hex;
  eventType: number;
  location: Hex;
  occurredAt: number;
  sourceDocHash: Hex;
  sourceMessageId: Hex;
}

/** The largest `occurredAt` the on-chain `uint48` holds. */
export const MAX_OCCURRED_AT = 2 ** 48 - 1;

/** UN/LOCODE: ISO 3166-1 alpha-2 country + 3 characters of [A-Z2-9] (UNECE Rec. 16). */
export const LOCODE_PATTERN = /^[A-Z]{2}[A-Z2-9]{3}$/;
/**
 * B/L number: upper-case letters, digits and dashes, at most 35 characters (UN/EDIFACT an..35).
 * Upper case only, because the chain keys shipments by keccak256 of the exact bytes.
 */
export const SHIPMENT_REF_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,34}$/;
/** Source message ids: printable ASCII without spaces, at most 500 characters (DCSA eventID maxLength). */
export const SOURCE_MESSAGE_ID_PATTERN = /^[\x21-\x7e]{1,500}$/;
/** Declaration ids (MRN, DUCR, LRN): printable ASCII without spaces, at most 70 characters. */
export const DECLARATION_ID_PATTERN = /^[\x21-\x7e]{1,70}$/;

const HEX32_LOWER = /^0x[0-9a-f]{64}$/;
const RECORD_FIELDS = new Set([
  "sourceMessageId",
  "source",
  "carrier",
  "shipmentRef",
  "declarationId",
  "eventType",
  "location",
  "occurredAt",
  "sourceDocHash",
]);

/**
 * Throws unless `e` is a well-formed record: the inbox's check of each event it stores, after the
 * format parsers validated the message at the edge. What it guards is what the chain and the other
 * nodes see: the key is a hash of these exact values, so a lower-case B/L number or an upper-case
 * hash would be a different event. Written out rather than as a zod schema: every node runs it for
 * every event it ingests, and the schema was 4-5% of a node's CPU time under the burst.
 */
export function checkCustomsEventRecord(e: CustomsEventRecord): void {
  const refuse = (field: string, reason: string): never => {
    throw new Error(`event record: ${field} ${reason}`);
  };
  for (const field in e) if (!RECORD_FIELDS.has(field)) refuse(field, "is not a record field");
  if (typeof e.sourceMessageId !== "string" || !SOURCE_MESSAGE_ID_PATTERN.test(e.sourceMessageId)) {
    refuse("sourceMessageId", "must be 1-500 printable characters without spaces");
  }
  if (!(EVENT_SOURCES as readonly unknown[]).includes(e.source)) {
    refuse("source", `must be one of ${EVENT_SOURCES.join(", ")}`);
  }
  if (typeof e.carrier !== "string" || !CARRIER_ADDRESS_PATTERN.test(e.carrier)) {
    refuse("carrier", "must be the carrier's address, 0x followed by 40 lower-case hex digits");
  }
  if (typeof e.shipmentRef !== "string" || !SHIPMENT_REF_PATTERN.test(e.shipmentRef)) {
    refuse("shipmentRef", "must be an upper-case B/L number");
  }
  if (
    e.declarationId !== undefined &&
    (typeof e.declarationId !== "string" || !DECLARATION_ID_PATTERN.test(e.declarationId))
  ) {
    refuse("declarationId", "must be 1-70 printable characters");
  }
  if (!(CUSTOMS_EVENT_TYPES as readonly unknown[]).includes(e.eventType)) {
    refuse("eventType", "is not a customs event type");
  }
  if (typeof e.location !== "string" || !LOCODE_PATTERN.test(e.location)) {
    refuse("location", "must be a UN/LOCODE (e.g. CNSHA)");
  }
  if (!Number.isInteger(e.occurredAt) || e.occurredAt < 0 || e.occurredAt > MAX_OCCURRED_AT) {
    refuse("occurredAt", `must be an integer from 0 to ${MAX_OCCURRED_AT}`);
  }
  if (typeof e.sourceDocHash !== "string" || !HEX32_LOWER.test(e.sourceDocHash)) {
    refuse("sourceDocHash", "must be 0x followed by 64 lower-case hex digits");
  }
}

/** The on-chain enum value (1..12) of an event type. */
export function eventTypeCode(eventType: CustomsEventType): number {
  return CUSTOMS_EVENT_TYPES.indexOf(eventType) + 1;
}

/** The event type of an on-chain enum value, or undefined for 0 / out of range. */
export function eventTypeFromCode(code: number): CustomsEventType | undefined {
  return code >= 1 ? CUSTOMS_EVENT_TYPES[code - 1] : undefined;
}

/** keccak256 of the raw message bytes: the (off-chain) `sourceDocHash` of every event read from it. */
export function sourceDocHashOf(body: Uint8Array | string): Hex {
  return keccak256Hex(body);
}

/**
 * Remembers the last values a function of a string gave (cleared when full). A shipment's events
 * share its reference and a feed has few locations: every node maps every event it ingests, signs
 * or sees on chain, and hashing the same reference again was a measurable part of ingest.
 */
function recentlyComputed(compute: (input: string) => Hex, capacity = 4_096) {
  const cache = new Map<string, Hex>();
  return (input: string): Hex => {
    let value = cache.get(input);
    if (value === undefined) {
      if (cache.size >= capacity) cache.clear();
      value = compute(input);
      cache.set(input, value);
    }
    return value;
  };
}

/** `carrier` (20 bytes) followed by the B/L number's bytes, as the cache's key and the hash input. */
const shipmentRefHash = recentlyComputed((carrierAndBl) =>
  keccak256Hex(
    Buffer.concat([
      Buffer.from(carrierAndBl.slice(2, 42), "hex"),
      Buffer.from(carrierAndBl.slice(42), "utf8"),
    ]),
  ),
);

/**
 * The on-chain shipment reference of bill `blNumber` issued by `carrier`:
 * keccak256(abi.encodePacked(carrier, blNumber)), as `CustomsShipmentRef.derive` and
 * `BillOfLading.shipmentRefOf` compute it (a test compares the two).
 */
export function shipmentRefOf(carrier: Address, blNumber: string): Hex {
  return shipmentRefHash(`${carrier.toLowerCase()}${blNumber}`);
}

const packedLocation = recentlyComputed((code) => stringToHex(code, { size: 5 }), 1_024);

/**
 * Maps a canonical record onto the on-chain struct (hashes the references, packs the LOCODE, and
 * hashes the content into `sourceDocHash`). The message id is hashed once, into the words the
 * content hash is taken over, and read back from them.
 */
export function toOnChainEvent(e: CustomsEventRecord): OnChainCustomsEvent {
  const words = EVENT_WORDS.fill(0);
  writeRecordWords(words, e);
  return {
    shipmentRef: shipmentRefOf(e.carrier, e.shipmentRef),
    eventType: eventTypeCode(e.eventType),
    location: packedLocation(e.location),
    occurredAt: e.occurredAt,
    sourceDocHash: keccak256Hex(words),
    sourceMessageId: toHex(words.subarray(160, 192)),
  };
}

/** Writes a non-negative safe integer right-aligned in the 32-byte word at `offset`. */
export function writeWordUint(target: Uint8Array, offset: number, value: number): void {
  let v = value;
  for (let i = 31; i >= 0 && v > 0; i -= 1) {
    target[offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** Writes the `length` bytes of `hex` at `offset` (left-aligned, as bytesN is encoded). */
export function writeHexBytes(target: Uint8Array, offset: number, hex: Hex, length: number): void {
  if (hex.length !== 2 + length * 2) throw new RangeError(`expected ${length} bytes in ${hex}`);
  const written = Buffer.from(target.buffer, target.byteOffset + offset, length).write(
    hex.slice(2),
    "hex",
  );
  if (written !== length) throw new RangeError(`not hex: ${hex}`);
}

/** `0x`-prefixed lower-case hex of `bytes`. */
export function toHex(bytes: Uint8Array): Hex {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`;
}

/**
 * Writes the six ABI words of an event's on-chain form (bytes32 shipmentRef, uint8 eventType,
 * bytes5 location, uint48 occurredAt, bytes32 sourceDocHash, bytes32 sourceMessageId) at `offset`;
 * the words must be zero there. Laid out by hand: this runs for every event a node ingests, signs
 * or sees on chain, and viem's generic encoder is several times slower. A test checks the bytes
 * against ethers' AbiCoder.
 */
export function writeEventWords(target: Uint8Array, offset: number, e: OnChainCustomsEvent): void {
  writeHexBytes(target, offset, e.shipmentRef, 32);
  writeWordUint(target, offset + 32, e.eventType);
  writeHexBytes(target, offset + 64, e.location, 5);
  writeWordUint(target, offset + 96, e.occurredAt);
  writeHexBytes(target, offset + 128, e.sourceDocHash, 32);
  writeHexBytes(target, offset + 160, e.sourceMessageId, 32);
}

/**
 * Stable id of the event: keccak256(abi.encode(...)) of the six words of its on-chain form
 * (`writeEventWords`). It depends on the event's source, message id and fields only, never on the
 * message that carried it: one DCSA event sent alone to some nodes and inside a batch to others is
 * one event with one key everywhere (its on-chain `sourceDocHash` is `eventContentHash`).
 */
export function eventKey(e: CustomsEventRecord | OnChainCustomsEvent): Hex {
  const words = EVENT_WORDS.fill(0);
  if ("source" in e) {
    writeRecordWords(words, e);
    words.set(keccak256Bytes(words), 128); // the content hash, over the words with word 4 zero
  } else writeEventWords(words, 0, e);
  return keccak256Hex(words);
}

/**
 * The on-chain `sourceDocHash` of an event: keccak256 of the six words of its on-chain form with
 * the `sourceDocHash` word itself zero, i.e. of (shipmentRef, eventType, location, occurredAt, 0,
 * sourceMessageId). Every node that accepted the event derives the same value whatever message
 * framed it, so they sign one report; the raw message's own hash (the record's `sourceDocHash`)
 * stays in each node's inbox as evidence, found from the event's key. A design choice: the raw
 * hash cannot go on chain, since nodes may hold the event in different messages.
 */
export function eventContentHash(e: CustomsEventRecord): Hex {
  const words = EVENT_WORDS.fill(0);
  writeRecordWords(words, e);
  return keccak256Hex(words);
}

/** The words `eventKey` hashes (one buffer: the function runs to completion, never interleaved). */
const EVENT_WORDS = new Uint8Array(6 * 32);

/**
 * `writeEventWords(target, 0, toOnChainEvent(e))` without the on-chain form's hex strings and with
 * the `sourceDocHash` word left zero: the message id's hash goes into its word as bytes. Every
 * node keys every event it ingests.
 */
function writeRecordWords(target: Uint8Array, e: CustomsEventRecord): void {
  writeHexBytes(target, 0, shipmentRefOf(e.carrier, e.shipmentRef), 32);
  writeWordUint(target, 32, eventTypeCode(e.eventType));
  writeHexBytes(target, 64, packedLocation(e.location), 5);
  writeWordUint(target, 96, e.occurredAt);
  target.set(keccak256Bytes(`${e.source}:${e.sourceMessageId}`), 160);
}

/**
 * The consensus hot path's view of events: their on-chain form and their key, computed fast and
 * remembered. A leader looks at hundreds of candidate events every round and a follower checks
 * every event of every report; the canonical definitions (`toOnChainEvent`, `eventKey` in
 * `oracle/events/customsEvent.ts`) go through viem's generic ABI encoder, these lay the six
 * 32-byte words out directly and hash them with one keccak. A test checks both agree.
 */
import { keccak_256 } from "@noble/hashes/sha3.js";
import type { Hex } from "viem";
import {
  toOnChainEvent,
  type CustomsEventRecord,
  type OnChainCustomsEvent,
} from "../events/customsEvent.ts";

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

/** Writes a non-negative safe integer right-aligned in the 32-byte word at `offset`. */
export function writeWordUint(target: Uint8Array, offset: number, value: number): void {
  let v = value;
  for (let i = 31; i >= 0 && v > 0; i -= 1) {
    target[offset + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

/** keccak256(abi.encode(shipmentRef, eventType, location, occurredAt, sourceDocHash, sourceMessageId)). */
export function fastEventKey(event: OnChainCustomsEvent): Hex {
  const words = new Uint8Array(32 * 6);
  writeHexBytes(words, 0, event.shipmentRef, 32);
  writeWordUint(words, 32, event.eventType);
  writeHexBytes(words, 64, event.location, 5);
  writeWordUint(words, 96, event.occurredAt);
  writeHexBytes(words, 128, event.sourceDocHash, 32);
  writeHexBytes(words, 160, event.sourceMessageId, 32);
  return toHex(keccak_256(words));
}

/** Remembers the on-chain form of recently seen inbox events (bounded, oldest dropped first). */
export class OnChainEventCache {
  readonly #limit: number;
  readonly #entries = new Map<Hex, OnChainCustomsEvent>();

  constructor(limit = 50_000) {
    this.#limit = limit;
  }

  /** The on-chain form of the inbox event stored under `key`. */
  get(key: Hex, record: CustomsEventRecord): OnChainCustomsEvent {
    let event = this.#entries.get(key);
    if (event === undefined) {
      event = toOnChainEvent(record);
      this.#entries.set(key, event);
      if (this.#entries.size > this.#limit) {
        this.#entries.delete(this.#entries.keys().next().value!);
      }
    }
    return event;
  }
}

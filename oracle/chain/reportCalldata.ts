/**
 * Writes and reads `submitReport` calldata by its fixed layout.
 *
 * Reading: the event keys straight out of a `submitReport` transaction's calldata. A node that did not
 * sign a report (it was not asked: a quorum had signed) learns which events it carried from the
 * transaction; viem's generic decoder builds 512 objects of six fields for that, and the watcher
 * only needs each event's key, which is the keccak256 of the event's six ABI words exactly as they
 * sit in the calldata (a static struct, encoded in place in the array).
 *
 * Writing: the leader's submitter encodes a 512-event report for every transaction, and viem's
 * generic encoder walks the ABI for each of the 3,072 fields; the words are laid out here with the
 * same `writeEventWords` the digest uses. Tests check both directions against viem.
 */
import { getAbiItem, hexToBytes, toFunctionSelector, type Hex } from "viem";
import { keccak256Bytes } from "../crypto/keccak256.ts";
import {
  toHex,
  writeEventWords,
  writeWordUint,
  type OnChainCustomsEvent,
} from "../events/customsEvent.ts";
import { customsOracleAbi } from "./oracleAbi.ts";

const SUBMIT_REPORT_SELECTOR = toFunctionSelector(
  getAbiItem({ abi: customsOracleAbi, name: "submitReport" }),
);
const WORD = 32;
const EVENT_BYTES = 6 * WORD;

/** A safe integer read from the 32-byte word at `offset`, or undefined if it is larger. */
function wordAsNumber(data: Uint8Array, offset: number): number | undefined {
  for (let i = 0; i < WORD - 6; i++) if (data[offset + i] !== 0) return undefined;
  let value = 0;
  for (let i = WORD - 6; i < WORD; i++) value = value * 256 + data[offset + i]!;
  return value;
}

/**
 * `(epoch, sequence, events)` of a `submitReport(epoch, sequence, events, signatures)` call, each
 * event as a view of its six ABI words in the calldata; undefined if `input` is not one (another
 * function, or calldata not laid out as the ABI encoder lays it out: decode it the generic way).
 */
export function reportEventWords(
  input: Hex,
): { epoch: number; sequence: bigint; events: Uint8Array[] } | undefined {
  if (input.slice(0, 10).toLowerCase() !== SUBMIT_REPORT_SELECTOR) return undefined;
  const data = hexToBytes(input).subarray(4);
  if (data.length < 4 * WORD) return undefined;
  const epoch = wordAsNumber(data, 0);
  const sequence = wordAsNumber(data, WORD);
  const eventsAt = wordAsNumber(data, 2 * WORD);
  if (epoch === undefined || sequence === undefined || eventsAt === undefined) return undefined;
  if (eventsAt % WORD !== 0 || eventsAt + WORD > data.length) return undefined;
  const count = wordAsNumber(data, eventsAt);
  if (count === undefined || eventsAt + WORD + count * EVENT_BYTES > data.length) return undefined;
  const events: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const start = eventsAt + WORD + i * EVENT_BYTES;
    events.push(data.subarray(start, start + EVENT_BYTES));
  }
  return { epoch, sequence: BigInt(sequence), events };
}

/** The `sourceMessageId` (the last of its six words) of an event as `reportEventWords` gives it. */
export function sourceMessageIdOfWords(words: Uint8Array): Hex {
  return toHex(words.subarray(5 * WORD, 6 * WORD));
}

/** `(epoch, sequence, eventKeys)` of a `submitReport` call (see `reportEventWords`). */
export function reportFromCalldata(
  input: Hex,
): { epoch: number; sequence: bigint; eventKeys: Hex[] } | undefined {
  const report = reportEventWords(input);
  if (report === undefined) return undefined;
  const { epoch, sequence, events } = report;
  return { epoch, sequence, eventKeys: events.map((words) => toHex(keccak256Bytes(words))) };
}

/**
 * The calldata of `submitReport(epoch, sequence, events, signatures)`: the selector, four head
 * words (epoch, sequence, and the offsets of the two dynamic arguments), the events array (its
 * length, then six words per event) and the signature bytes (length, then the bytes zero-padded to
 * a whole word).
 */
export function encodeSubmitReport(
  epoch: number,
  sequence: bigint,
  events: readonly OnChainCustomsEvent[],
  signatures: Hex,
): Hex {
  if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`bad epoch ${epoch}`);
  if (sequence < 0n || sequence > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`bad sequence ${sequence}`);
  }
  const signatureBytes = hexToBytes(signatures);
  const eventsAt = 4 * WORD;
  const signaturesAt = eventsAt + WORD + events.length * EVENT_BYTES;
  const paddedSignatures = Math.ceil(signatureBytes.length / WORD) * WORD;
  const data = new Uint8Array(4 + signaturesAt + WORD + paddedSignatures);
  data.set(hexToBytes(SUBMIT_REPORT_SELECTOR), 0);
  const body = data.subarray(4);
  writeWordUint(body, 0, epoch);
  writeWordUint(body, WORD, Number(sequence));
  writeWordUint(body, 2 * WORD, eventsAt);
  writeWordUint(body, 3 * WORD, signaturesAt);
  writeWordUint(body, eventsAt, events.length);
  events.forEach((event, i) => writeEventWords(body, eventsAt + WORD + i * EVENT_BYTES, event));
  writeWordUint(body, signaturesAt, signatureBytes.length);
  body.set(signatureBytes, signaturesAt + WORD);
  return toHex(data);
}

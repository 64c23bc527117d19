/**
 * A block header's logs bloom (the 2048-bit filter every Ethereum block carries, Yellow Paper
 * §4.3.1): each log's address and each of its topics set three bits, taken from the first three
 * 16-bit words of its keccak256 hash (11 bits each). A value whose three bits are not all set is
 * certainly in no log of the block; all three set means "maybe" (another value may have set them).
 *
 * The chain watcher reads the logs bloom of each new head it already fetched, and asks for the
 * block's logs (`eth_getLogs`) only when the bloom may hold the oracle's address and one of the
 * topics it follows: on the trading day most blocks carry other contracts' transactions only.
 */
import { hexToBytes, type Hex } from "viem";
import { keccak256Bytes } from "../crypto/keccak256.ts";

/** Where one value's three bits sit in the bloom: byte offsets (0 = the first byte) and masks. */
type BloomBits = readonly { byte: number; mask: number }[];

const BLOOM_BYTES = 256;

/** The three bloom bits of `value` (an address or a topic, as bytes). */
export function bloomBitsOf(value: Hex): BloomBits {
  const hash = keccak256Bytes(hexToBytes(value));
  const bits: { byte: number; mask: number }[] = [];
  for (let i = 0; i < 6; i += 2) {
    const bit = ((hash[i]! << 8) | hash[i + 1]!) & 0x7ff;
    // Bit 0 is the lowest bit of the last byte (the bloom is one big-endian 2048-bit number).
    bits.push({ byte: BLOOM_BYTES - 1 - (bit >> 3), mask: 1 << (bit & 7) });
  }
  return bits;
}

function hasBits(bloom: Hex, bits: BloomBits): boolean {
  for (const { byte, mask } of bits) {
    const at = 2 + byte * 2;
    if ((Number.parseInt(bloom.slice(at, at + 2), 16) & mask) === 0) return false;
  }
  return true;
}

/**
 * A test of a logs bloom for logs emitted by `address` with any of `topics` as their first topic.
 * False means the block certainly holds no such log; true means it may. A bloom that is not 256
 * bytes of hex (a malformed answer) is answered true: the caller then reads the logs.
 */
export function logsBloomFilter(address: Hex, topics: readonly Hex[]): (bloom: Hex) => boolean {
  const addressBits = bloomBitsOf(address);
  const topicBits = topics.map((topic) => bloomBitsOf(topic));
  return (bloom) => {
    if (!/^0x[0-9a-fA-F]{512}$/.test(bloom)) return true;
    return hasBits(bloom, addressBits) && topicBits.some((bits) => hasBits(bloom, bits));
  };
}

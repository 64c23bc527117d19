/**
 * The packed form of a run of `RecoverItem`s, as one transferable buffer, and the loop that
 * recovers their signers' addresses. Each item takes `RECOVER_STRIDE` bytes:
 *
 *   [0]        signature length: 64 (EIP-2098 compact) or 65 (r ‖ s ‖ v); 0 = malformed
 *   [1, 33)    digest
 *   [33, 98)   signature (first 64 or 65 bytes used)
 *
 * Results come back as `ADDRESS_STRIDE` bytes per item: [0] 1 when recovered, then the
 * 20-byte address.
 *
 * Ethereum's rules are applied as `ecrecover` plus OpenZeppelin's `ECDSA.tryRecover` apply
 * them: v must be 27 or 28 (for the 65-byte form; the compact form carries the parity in the
 * top bit of s), s must be at most ⌊n/2⌋ (EIP-2 low-s), r and s must be in [1, n − 1], and a
 * recovered zero address counts as a failure.
 */
import { addressToHex, writeAddress } from "./address.ts";
import type { Secp256k1Engine } from "./engine.ts";
import { SECP256K1_HALF_ORDER, isAbove } from "./scalars.ts";
import type { Address, RecoverItem } from "./types.ts";

export const RECOVER_STRIDE = 98;
const ADDRESS_STRIDE = 21;
const DIGEST = 1;
const SIGNATURE = 33;

/** Packs `items[start..end)`. */
export function encodeRecoverChunk(
  items: readonly RecoverItem[],
  start: number,
  end: number,
): ArrayBuffer {
  const buffer = new ArrayBuffer((end - start) * RECOVER_STRIDE);
  const bytes = new Uint8Array(buffer);
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    const at = (i - start) * RECOVER_STRIDE;
    const length = item.signature.length;
    if (item.digest.length !== 32 || (length !== 64 && length !== 65)) continue; // malformed: 0
    bytes[at] = length;
    bytes.set(item.digest, at + DIGEST);
    bytes.set(item.signature, at + SIGNATURE);
  }
  return buffer;
}

/**
 * Splits a packed signature into `r ‖ s` (written to `rs`) and its recovery id, or returns
 * -1 when Ethereum would refuse it before any curve arithmetic (bad v, high s).
 */
function splitEthereumSignature(input: Uint8Array, at: number, rs: Uint8Array): number {
  const length = input[at];
  const signature = at + SIGNATURE;
  rs.set(input.subarray(signature, signature + 64));
  let recoveryId: number;
  if (length === 65) {
    recoveryId = input[signature + 64]! - 27;
    if (recoveryId !== 0 && recoveryId !== 1) return -1;
  } else if (length === 64) {
    // EIP-2098: the top bit of the second word is y's parity, the rest is s.
    recoveryId = rs[32]! >> 7;
    rs[32] = rs[32]! & 0x7f;
  } else {
    return -1;
  }
  if (isAbove(rs, 32, SECP256K1_HALF_ORDER)) return -1;
  return recoveryId;
}

function isZeroAddress(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 20; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Recovers every packed item's signer; returns `ADDRESS_STRIDE` bytes per item. */
export function executeRecoverChunk(
  input: Uint8Array,
  count: number,
  secp256k1: Secp256k1Engine,
): Uint8Array {
  const output = new Uint8Array(count * ADDRESS_STRIDE);
  const rs = new Uint8Array(64);
  const publicKey = new Uint8Array(65);
  for (let i = 0; i < count; i++) {
    const at = i * RECOVER_STRIDE;
    const recoveryId = splitEthereumSignature(input, at, rs);
    if (recoveryId < 0) continue;
    const digest = input.subarray(at + DIGEST, at + SIGNATURE);
    if (!secp256k1.recover(rs, recoveryId, digest, publicKey)) continue;
    const out = i * ADDRESS_STRIDE;
    writeAddress(publicKey, output, out + 1);
    if (!isZeroAddress(output, out + 1)) output[out] = 1;
  }
  return output;
}

/** Turns a chunk's results into addresses (null where nothing was recovered) at `out[start..)`. */
export function decodeRecoveredAddresses(
  results: Uint8Array,
  out: (Address | null)[],
  start: number,
): void {
  const count = results.length / ADDRESS_STRIDE;
  for (let i = 0; i < count; i++) {
    const at = i * ADDRESS_STRIDE;
    out[start + i] = results[at] === 1 ? addressToHex(results, at + 1) : null;
  }
}

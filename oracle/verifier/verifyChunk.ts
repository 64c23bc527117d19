/**
 * The packed form of a run of `VerifyItem`s, as one transferable buffer, and the loop that
 * verifies it. Each item takes `VERIFY_STRIDE` bytes:
 *
 *   [0]        kind: 0 = malformed (lengths or key prefix wrong: verdict false), 1 = secp256k1, 2 = P-256
 *   [1]        public-key length (33 or 65)
 *   [2, 34)    digest
 *   [34, 98)   signature r ‖ s
 *   [98, 163)  public key (first 33 or 65 bytes used)
 *
 * The verdicts come back as one byte per item (1 valid, 0 not).
 */
import type { Secp256k1Engine } from "./engine.ts";
import { verifyP256 } from "./p256.ts";
import type { VerifyItem } from "./types.ts";

export const VERIFY_STRIDE = 163;
const KIND_MALFORMED = 0;
const KIND_SECP256K1 = 1;
const KIND_P256 = 2;
const DIGEST = 2;
const SIGNATURE = 34;
const PUBLIC_KEY = 98;

/** A SEC1 point this verifier accepts: compressed (02/03, 33 bytes) or uncompressed (04, 65 bytes). */
function isSec1PublicKey(publicKey: Uint8Array): boolean {
  const prefix = publicKey[0];
  if (publicKey.length === 33) return prefix === 0x02 || prefix === 0x03;
  if (publicKey.length === 65) return prefix === 0x04;
  return false;
}

/** Packs `items[start..end)` (schemes already checked by the caller). */
export function encodeVerifyChunk(
  items: readonly VerifyItem[],
  start: number,
  end: number,
): ArrayBuffer {
  const buffer = new ArrayBuffer((end - start) * VERIFY_STRIDE);
  const bytes = new Uint8Array(buffer);
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    const at = (i - start) * VERIFY_STRIDE;
    const wellFormed =
      item.digest.length === 32 && item.signature.length === 64 && isSec1PublicKey(item.publicKey);
    if (!wellFormed) continue; // kind stays KIND_MALFORMED (0)
    bytes[at] = item.scheme === "secp256k1" ? KIND_SECP256K1 : KIND_P256;
    bytes[at + 1] = item.publicKey.length;
    bytes.set(item.digest, at + DIGEST);
    bytes.set(item.signature, at + SIGNATURE);
    bytes.set(item.publicKey, at + PUBLIC_KEY);
  }
  return buffer;
}

/** Verifies every packed item; returns one verdict byte per item. */
export function executeVerifyChunk(
  input: Uint8Array,
  count: number,
  lowS: boolean,
  secp256k1: Secp256k1Engine,
): Uint8Array {
  const verdicts = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * VERIFY_STRIDE;
    const kind = input[at];
    if (kind === KIND_MALFORMED) continue;
    const digest = input.subarray(at + DIGEST, at + SIGNATURE);
    const signature = input.subarray(at + SIGNATURE, at + PUBLIC_KEY);
    const publicKey = input.subarray(at + PUBLIC_KEY, at + PUBLIC_KEY + input[at + 1]!);
    const valid =
      kind === KIND_SECP256K1
        ? secp256k1.verify(signature, digest, publicKey, lowS)
        : verifyP256(signature, digest, publicKey, lowS);
    verdicts[i] = valid ? 1 : 0;
  }
  return verdicts;
}

/** Copies a chunk's verdict bytes into `out[start..)`. */
export function decodeVerifyVerdicts(verdicts: Uint8Array, out: boolean[], start: number): void {
  for (let i = 0; i < verdicts.length; i++) out[start + i] = verdicts[i] === 1;
}

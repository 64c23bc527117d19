/**
 * Encoders for the signature batch verifier's packed calldata (the layouts documented in
 * contracts/interfaces/ISignatureBatchVerifier.sol), and a reader for its bitmaps.
 */
import { concat, getAddress, hexlify, toBeHex, type BytesLike, type Signature } from "ethers";

/** 2^256 — anything at or above it does not fit a 32-byte word. */
const WORD = 1n << 256n;
/** 2^255 — EIP-2098 keeps yParity in this bit of the `vs` word, so s must stay below it. */
const PARITY_BIT = 1n << 255n;

/** Whether `value` fits a 32-byte word. */
export function fitsWord(value: bigint): boolean {
  return value >= 0n && value < WORD;
}

/** A 32-byte big-endian word. */
export function word(value: bigint): string {
  if (!fitsWord(value)) throw new Error(`${value} does not fit 32 bytes`);
  return toBeHex(value, 32);
}

/**
 * EIP-2098 compact signature r ‖ (yParity·2^255 | s), 64 bytes. Throws if s uses bit 255
 * (such an s is high anyway, so Ethereum's low-s rule refuses it).
 */
export function compactSignature(r: bigint, s: bigint, yParity: 0 | 1): string {
  if (s >= PARITY_BIT) throw new Error("s >= 2^255 has no EIP-2098 form");
  return concat([word(r), word(s | (yParity === 1 ? PARITY_BIT : 0n))]);
}

/** The compact form of an ethers signature. */
export function compactOf(signature: Signature): string {
  return concat([signature.r, signature.yParityAndS]);
}

/** One 116-byte generic secp256k1 entry: digest ‖ signer ‖ r ‖ yParity·2^255+s. */
export function secp256k1Entry(digest: BytesLike, signer: string, compact: BytesLike): string {
  return concat([digest, getAddress(signer), compact]);
}

/** One 160-byte generic P-256 entry: digest ‖ r ‖ s ‖ qx ‖ qy (the EIP-7951 input). */
export function p256Entry(digest: BytesLike, r: bigint, s: bigint, qx: bigint, qy: bigint): string {
  return concat([digest, word(r), word(s), word(qx), word(qy)]);
}

/** One 65-byte P-256 quorum signature: key index ‖ r ‖ s. */
export function p256QuorumSignature(keyIndex: number, r: bigint, s: bigint): string {
  if (!Number.isInteger(keyIndex) || keyIndex < 0 || keyIndex > 255) {
    throw new Error(`key index ${keyIndex} does not fit one byte`);
  }
  return concat([toBeHex(keyIndex, 1), word(r), word(s)]);
}

/** Packed 20-byte signer list. */
export function packSigners(signers: readonly string[]): string {
  return signers.length === 0 ? "0x" : concat(signers.map((s) => getAddress(s)));
}

/** Packed 64-byte P-256 keys qx ‖ qy. */
export function packP256Keys(keys: readonly { qx: bigint; qy: bigint }[]): string {
  return keys.length === 0 ? "0x" : concat(keys.flatMap((k) => [word(k.qx), word(k.qy)]));
}

/** Concatenation that accepts an empty list. */
export function packed(parts: readonly BytesLike[]): string {
  return parts.length === 0 ? "0x" : hexlify(concat(parts));
}

/** Bit i of a multi-word bitmap (bit i of word i / 256). */
export function bitAt(bitmap: readonly bigint[], i: number): boolean {
  const w = bitmap[Math.floor(i / 256)] ?? 0n;
  return ((w >> BigInt(i % 256)) & 1n) === 1n;
}

/** The set bits of a one-word bitmap, lowest first. */
export function setBits(bitmap: bigint): number[] {
  const bits: number[] = [];
  for (let i = 0; i < 256; i++) if ((bitmap >> BigInt(i)) & 1n) bits.push(i);
  return bits;
}

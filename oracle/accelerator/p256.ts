/**
 * secp256r1 / P-256 ECDSA verification of a precomputed digest.
 *
 * Why not node:crypto: `crypto.verify` always hashes its input (with `null` as algorithm,
 * OpenSSL picks SHA-256 for EC keys and hashes the digest again), and Node 22 has no
 * verify-a-digest call (`crypto.verifyDigest` is proposed in nodejs/node#62345). The
 * accelerator's items carry digests, like the EIP-7951 precompile does, so P-256 runs on
 * @noble/curves with `prehash: false`.
 */
import { p256 } from "@noble/curves/nist.js";

/**
 * Verifies `signature` (64 bytes `r ‖ s`) over `digest` (32 bytes) by `publicKey` (SEC1,
 * 33 or 65 bytes). With `lowS`, s above ⌊n/2⌋ is refused. Never throws.
 */
export function verifyP256(
  signature: Uint8Array,
  digest: Uint8Array,
  publicKey: Uint8Array,
  lowS: boolean,
): boolean {
  try {
    return p256.verify(signature, digest, publicKey, { prehash: false, lowS, format: "compact" });
  } catch {
    return false;
  }
}

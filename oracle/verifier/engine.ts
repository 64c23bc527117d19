/**
 * What a secp256k1 implementation must provide to the verifier. Both implementations
 * (`secp256k1Native.ts`, `secp256k1Js.ts`) take inputs whose lengths the caller has already
 * checked, never throw on bad values, and report failure as `false`.
 */
export interface Secp256k1Engine {
  readonly backend: "native" | "js";
  /**
   * Plain ECDSA verification of `signature` (64 bytes `r ‖ s`) over `digest` (32 bytes) by
   * `publicKey` (33 or 65 bytes SEC1). With `lowS`, s above ⌊n/2⌋ is refused; without it,
   * (r, s) and (r, n − s) are equally valid.
   */
  verify(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array, lowS: boolean): boolean;
  /**
   * Recovers the signer's public key from `signature` (64 bytes `r ‖ s`), `recoveryId`
   * (0 or 1: the parity of R's y) and `digest`, writing it uncompressed (65 bytes) into `out`.
   * Returns false when no key can be recovered (r or s zero or ≥ n, no curve point with x = r).
   */
  recover(signature: Uint8Array, recoveryId: number, digest: Uint8Array, out: Uint8Array): boolean;
}

/**
 * The verifier's public value types. Byte inputs are plain `Uint8Array`s; the
 * verifier never keeps a reference to them after the call returns.
 */

/** Curves the verifier verifies: secp256k1 (Ethereum keys) and secp256r1/P-256 (HSMs, passkeys). */
export type SignatureScheme = "secp256k1" | "p256";

/** Where secp256k1 runs: libsecp256k1 through its N-API binding, or pure JS (@noble/curves). */
export type Secp256k1Backend = "native" | "js";

/** An Ethereum address, lower-case hex (`0x` + 40 digits). */
export type Address = `0x${string}`;

/** One plain-ECDSA verification. */
export interface VerifyItem {
  scheme: SignatureScheme;
  /** The 32-byte message digest: the hash has already been applied (no hashing happens here). */
  digest: Uint8Array;
  /** 64 bytes, `r ‖ s`, each 32 bytes big-endian (IEEE P1363). */
  signature: Uint8Array;
  /** SEC1 point: 33 bytes compressed (`02`/`03` ‖ x) or 65 bytes uncompressed (`04` ‖ x ‖ y). */
  publicKey: Uint8Array;
}

/** One Ethereum-style signer recovery (what `ecrecover` and OpenZeppelin's `ECDSA.tryRecover` do). */
export interface RecoverItem {
  /** The 32-byte digest that was signed (e.g. an EIP-712 or EIP-191 hash). */
  digest: Uint8Array;
  /** 65 bytes `r ‖ s ‖ v` with v ∈ {27, 28}, or 64 bytes EIP-2098 compact `r ‖ yParityAndS`. */
  signature: Uint8Array;
}

export interface VerifyOptions {
  /**
   * Reject signatures whose s is above half the curve order (Ethereum's EIP-2 / Bitcoin's
   * BIP-62 rule), for both curves. Default `false`: plain ECDSA, where (r, s) and (r, n − s)
   * are both valid.
   */
  lowS?: boolean;
}

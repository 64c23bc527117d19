/**
 * Deterministic test keys: secp256k1 wallets (ethers) and P-256 key pairs (@noble/curves),
 * and signing over a 32-byte digest as the accelerator takes it.
 */
import { p256 } from "@noble/curves/nist.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { getBytes, hexlify, id, Wallet, type BytesLike, type Signature } from "ethers";

/** secp256k1 group order. */
export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
/** P-256 group order. */
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** `count` deterministic secp256k1 wallets, named by `label`. */
export function secp256k1Wallets(count: number, label = "caravel-test"): Wallet[] {
  return Array.from({ length: count }, (_, i) => new Wallet(id(`${label}/${i}`)));
}

/** A secp256k1 signature over a raw 32-byte digest (low-s, as ethers produces). */
export function signDigest(wallet: Wallet, digest: BytesLike): Signature {
  return wallet.signingKey.sign(digest);
}

export interface P256Key {
  secretKey: Uint8Array;
  qx: bigint;
  qy: bigint;
}

/** `count` deterministic P-256 key pairs, named by `label`. */
export function p256Keys(count: number, label = "caravel-test"): P256Key[] {
  return Array.from({ length: count }, (_, i) => {
    const secretKey = sha256(new TextEncoder().encode(`${label}/p256/${i}`));
    const pub = p256.getPublicKey(secretKey, false); // 04 ‖ x ‖ y
    return {
      secretKey,
      qx: BigInt(hexlify(pub.subarray(1, 33))),
      qy: BigInt(hexlify(pub.subarray(33, 65))),
    };
  });
}

/** A P-256 signature (r, s) over a raw 32-byte digest; `lowS: false` keeps a high s. */
export function p256Sign(
  key: P256Key,
  digest: BytesLike,
  options: { lowS?: boolean } = {},
): { r: bigint; s: bigint } {
  const compact = p256.sign(getBytes(digest), key.secretKey, {
    prehash: false,
    lowS: options.lowS ?? true,
  });
  return {
    r: BigInt(hexlify(compact.subarray(0, 32))),
    s: BigInt(hexlify(compact.subarray(32, 64))),
  };
}

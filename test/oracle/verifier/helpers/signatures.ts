/** Freshly signed test material for the verifier's tests (random keys, random digests). */
import { randomBytes } from "node:crypto";

import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";

import type { SignatureScheme, VerifyItem } from "../../../../oracle/verifier/index.ts";

export const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
export const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

const curves = { secp256k1, p256 } as const;

export function toWord(value: bigint): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}

export function fromWord(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** A valid, low-s signed item over a random digest by a random key. */
export function signedItem(scheme: SignatureScheme, compressed = false): VerifyItem {
  const curve = curves[scheme];
  const secretKey = curve.utils.randomSecretKey();
  const digest = Uint8Array.from(randomBytes(32));
  return {
    scheme,
    digest,
    signature: curve.sign(digest, secretKey, { prehash: false, lowS: true }),
    publicKey: curve.getPublicKey(secretKey, compressed),
  };
}

/** The same signature with s replaced by n − s: valid plain ECDSA, refused under low-s. */
export function withHighS(item: VerifyItem): VerifyItem {
  const n = item.scheme === "secp256k1" ? SECP256K1_N : P256_N;
  const signature = item.signature.slice();
  signature.set(toWord(n - fromWord(item.signature.subarray(32))), 32);
  return { ...item, signature };
}

/** The item with byte `index` of `field` XOR-ed with 1. */
export function flipped(
  item: VerifyItem,
  field: "digest" | "signature" | "publicKey",
  index: number,
): VerifyItem {
  const bytes = item[field].slice();
  bytes[index] = bytes[index]! ^ 1;
  return { ...item, [field]: bytes };
}

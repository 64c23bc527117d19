/**
 * BLS12-381 test keys (@noble/curves, keys in G1 and signatures in G2) and the EIP-2537 point
 * encoding the accelerator takes.
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concat, toBeHex } from "ethers";

/** The proof-of-possession ciphersuite tag (Ethereum's consensus layer uses it too). */
export const POP_DST = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

type G1 = ReturnType<typeof bls12_381.longSignatures.getPublicKey>;
type G2 = ReturnType<typeof bls12_381.longSignatures.hash>;

export interface BlsKey {
  secretKey: Uint8Array;
  publicKey: G1;
}

/** `count` deterministic BLS key pairs, named by `label`. */
export function blsKeys(count: number, label = "caravel-test"): BlsKey[] {
  return Array.from({ length: count }, (_, i) => {
    // keygen wants a 48-byte seed: two SHA-256 outputs, cut to 48 bytes.
    const a = sha256(new TextEncoder().encode(`${label}/bls/${i}/a`));
    const b = sha256(new TextEncoder().encode(`${label}/bls/${i}/b`));
    const seed = new Uint8Array([...a, ...b.subarray(0, 16)]);
    const { secretKey, publicKey } = bls12_381.longSignatures.keygen(seed);
    return { secretKey, publicKey };
  });
}

/** An Fp element as EIP-2537 encodes it: 64 bytes, big-endian. */
function fp(value: bigint): string {
  return toBeHex(value, 64);
}

/** A G1 point, EIP-2537 encoding (x ‖ y, 128 bytes; zeros for infinity). */
export function g1Point(point: G1): string {
  if (point.is0()) return `0x${"00".repeat(128)}`;
  const { x, y } = point.toAffine();
  return concat([fp(x), fp(y)]);
}

/** A G2 point, EIP-2537 encoding (x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1, 256 bytes; zeros for infinity). */
export function g2Point(point: G2): string {
  if (point.is0()) return `0x${"00".repeat(256)}`;
  const { x, y } = point.toAffine();
  return concat([fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1)]);
}

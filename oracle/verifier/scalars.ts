/**
 * Curve-order constants as 32-byte big-endian arrays, and the byte comparisons the hot
 * paths need (no bigint conversion per signature).
 */

function fromHex(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

/** ⌊n / 2⌋ for secp256k1, the largest s Ethereum accepts (EIP-2; OpenZeppelin `ECDSA`). */
export const SECP256K1_HALF_ORDER = fromHex(
  "7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0",
);

/** ⌊n / 2⌋ for secp256r1 / P-256. */
export const P256_HALF_ORDER = fromHex(
  "7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8",
);

/** Compares 32 big-endian bytes at `bytes[offset..offset+32)` with `limit`: true when greater. */
export function isAbove(bytes: Uint8Array, offset: number, limit: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const a = bytes[offset + i]!;
    const b = limit[i]!;
    if (a !== b) return a > b;
  }
  return false;
}

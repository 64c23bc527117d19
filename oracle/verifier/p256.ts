/**
 * secp256r1 / P-256 ECDSA verification of a precomputed digest, with node:crypto (OpenSSL)
 * doing the scalar multiplications.
 *
 * node:crypto cannot verify a digest directly: `crypto.verify` always hashes its input (with
 * `null` as algorithm OpenSSL picks SHA-256 for EC keys and hashes the digest again) and
 * Node 22 has no verify-a-digest call (`crypto.verifyDigest` is proposed in nodejs/node#62345).
 * The verifier's items carry digests, as the EIP-7951 precompile does, so this module runs
 * SEC 1 §4.1.4 itself, re-associated so that OpenSSL's ECDH primitives do the two expensive
 * multiplications:
 *
 *   R = u1·G + u2·Q  with u1 = h/s, u2 = r/s (mod n)
 *     = u2·(Q + t·G) with t = u1/u2 = h/r (mod n)
 *
 * t·G comes from `ECDH.setPrivateKey(t).getPublicKey()` (a full point), the one addition
 * S = Q + t·G is done here in affine coordinates, and x(u2·S) is exactly what
 * `ECDH.computeSecret(S)` returns for private key u2. The signature is valid iff
 * x(R) mod n = r. This is ten times faster than @noble/curves' pure-JS verify, and it is
 * checked against every Wycheproof P-256 vector and against noble on random input.
 */
import { ECDH, createECDH } from "node:crypto";

import { P256_HALF_ORDER, isAbove } from "./scalars.ts";

const CURVE = "prime256v1";
/** The field prime p and the group order n of P-256 (SEC 2 §2.4.2). */
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** Public keys remembered per thread (committees are small; the cache is cleared when full). */
const KEY_CACHE_LIMIT = 1_024;

interface AffinePoint {
  x: bigint;
  y: bigint;
}

const baseMultiplier = createECDH(CURVE);
const pointMultiplier = createECDH(CURVE);
const keyCache = new Map<string, AffinePoint | null>();

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`);
}

function toWord(value: bigint): Buffer {
  return Buffer.from(value.toString(16).padStart(64, "0"), "hex");
}

function mod(value: bigint, modulus: bigint): bigint {
  const rest = value % modulus;
  return rest < 0n ? rest + modulus : rest;
}

/** a⁻¹ mod m for 0 < a < m, m prime (extended Euclid). */
function invert(a: bigint, m: bigint): bigint {
  let [r0, r1] = [m, a];
  let [x0, x1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [x0, x1] = [x1, x0 - q * x1];
  }
  return mod(x0, m);
}

function fromUncompressed(bytes: Uint8Array): AffinePoint {
  return { x: toBigInt(bytes.subarray(1, 33)), y: toBigInt(bytes.subarray(33, 65)) };
}

function toUncompressed(point: AffinePoint): Buffer {
  return Buffer.concat([Buffer.of(0x04), toWord(point.x), toWord(point.y)]);
}

/**
 * The public key as an affine point, or null when it is not a point on P-256. OpenSSL
 * decodes it (decompressing a compressed key) and refuses points off the curve.
 */
function publicKeyPoint(publicKey: Uint8Array): AffinePoint | null {
  const cacheKey = Buffer.from(publicKey).toString("hex");
  const cached = keyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let point: AffinePoint | null;
  try {
    const uncompressed = ECDH.convertKey(publicKey, CURVE, undefined, undefined, "uncompressed");
    point = fromUncompressed(uncompressed as Buffer);
  } catch {
    point = null;
  }
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(cacheKey, point);
  return point;
}

/** a + b on P-256 (a = −3), or null for the point at infinity. */
function add(a: AffinePoint, b: AffinePoint): AffinePoint | null {
  let slope: bigint;
  if (a.x === b.x) {
    // b = −a sums to infinity; P-256 has no point with y = 0 (its order is odd).
    if (a.y !== b.y) return null;
    slope = mod((3n * a.x * a.x - 3n) * invert(mod(2n * a.y, P), P), P);
  } else {
    slope = mod((b.y - a.y) * invert(mod(b.x - a.x, P), P), P);
  }
  const x = mod(slope * slope - a.x - b.x, P);
  return { x, y: mod(slope * (a.x - x) - a.y, P) };
}

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
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32, 64));
  if (r === 0n || r >= N || s === 0n || s >= N) return false;
  if (lowS && isAbove(signature, 32, P256_HALF_ORDER)) return false;
  const q = publicKeyPoint(publicKey);
  if (q === null) return false;
  try {
    // One inversion serves both: (rs)⁻¹·s = r⁻¹ and (rs)⁻¹·r = s⁻¹.
    const inverseRs = invert(mod(r * s, N), N);
    const h = mod(toBigInt(digest), N); // a 256-bit digest needs no truncation for P-256
    const t = mod(h * s * inverseRs, N); // h / r
    const u2 = mod(r * r * inverseRs, N); // r / s
    let sum: AffinePoint | null = q;
    if (t !== 0n) {
      baseMultiplier.setPrivateKey(toWord(t));
      sum = add(q, fromUncompressed(baseMultiplier.getPublicKey()));
    }
    if (sum === null) return false; // R is the point at infinity
    pointMultiplier.setPrivateKey(toWord(u2));
    const rx = toBigInt(pointMultiplier.computeSecret(toUncompressed(sum)));
    return mod(rx, N) === r;
  } catch {
    return false;
  }
}

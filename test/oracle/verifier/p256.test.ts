import { p256 } from "@noble/curves/nist.js";
import { expect } from "chai";
import fc from "fast-check";

import { verifyP256 } from "../../../oracle/verifier/p256.ts";
import { P256_N, fromWord, toWord } from "./helpers/signatures.ts";

const secretKeys = Array.from({ length: 4 }, () => p256.utils.randomSecretKey());
const publicKeys = secretKeys.map((secretKey) => p256.getPublicKey(secretKey, false));

/** What @noble/curves (an independent, audited implementation) says about the same input. */
function nobleVerdict(
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

describe("P-256 verification on node:crypto", function () {
  it("agrees with @noble/curves on valid, high-s, altered and mismatched signatures (property)", function () {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat({ max: 3 }),
        fc.nat({ max: 3 }),
        fc.constantFrom("as signed", "high s", "altered r", "altered s", "other digest"),
        fc.boolean(),
        fc.boolean(),
        (digest, signer, verifier, variant, lowS, compressed) => {
          let signature = p256.sign(digest, secretKeys[signer]!, { prehash: false });
          let checked = digest;
          if (variant === "high s") {
            signature = new Uint8Array([
              ...signature.subarray(0, 32),
              ...toWord(P256_N - fromWord(signature.subarray(32))),
            ]);
          } else if (variant === "altered r" || variant === "altered s") {
            signature = signature.slice();
            signature[variant === "altered r" ? 7 : 39]! ^= 0x10;
          } else if (variant === "other digest") {
            checked = digest.slice();
            checked[0]! ^= 1;
          }
          const publicKey = compressed
            ? p256.getPublicKey(secretKeys[verifier]!, true)
            : publicKeys[verifier]!;
          expect(verifyP256(signature, checked, publicKey, lowS)).to.equal(
            nobleVerdict(signature, checked, publicKey, lowS),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it("agrees with @noble/curves on random r, s and public keys", function () {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat({ max: 3 }),
        (signature, digest, key) => {
          expect(verifyP256(signature, digest, publicKeys[key]!, false)).to.equal(
            nobleVerdict(signature, digest, publicKeys[key]!, false),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("verifies a signature over a digest ≡ 0 (mod n), where R = u2·Q alone", function () {
    const zero = new Uint8Array(32);
    const signature = p256.sign(zero, secretKeys[0]!, { prehash: false });
    expect(verifyP256(signature, zero, publicKeys[0]!, false)).to.equal(true);
    // n itself reduces to the same h = 0
    expect(verifyP256(signature, toWord(P256_N), publicKeys[0]!, false)).to.equal(true);
    expect(verifyP256(signature, toWord(1n), publicKeys[0]!, false)).to.equal(false);
  });

  it("reduces a digest at or above n before use", function () {
    const digest = toWord(P256_N + 5n);
    const signature = p256.sign(toWord(5n), secretKeys[1]!, { prehash: false });
    expect(verifyP256(signature, digest, publicKeys[1]!, false)).to.equal(true);
  });

  it("refuses a public key off the curve, including once its valid twin is cached", function () {
    const digest = new Uint8Array(32).fill(9);
    const signature = p256.sign(digest, secretKeys[2]!, { prehash: false });
    const offCurve = publicKeys[2]!.slice();
    offCurve[64]! ^= 1;
    expect(verifyP256(signature, digest, publicKeys[2]!, false)).to.equal(true);
    expect(verifyP256(signature, digest, offCurve, false)).to.equal(false);
    expect(verifyP256(signature, digest, offCurve, false)).to.equal(false);
  });
});

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";
import fc from "fast-check";

import {
  type SignatureVerifier,
  createSignatureVerifier,
  nativeSecp256k1Available,
  type RecoverItem,
  recoverAddresses,
  type Secp256k1Backend,
} from "../../../oracle/verifier/index.ts";
import { type EthereumSigned, ethereumSigned, randomWallet } from "./helpers/ethereum.ts";
import { SECP256K1_N, fromWord, toWord } from "./helpers/signatures.ts";

const HALF_N = SECP256K1_N / 2n;
const P = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;
const GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n;

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/** The smallest x for which x³ + 7 has no square root mod p: no curve point has it. */
function xOffTheCurve(): bigint {
  for (let x = 1n; ; x++) {
    if (modPow(x ** 3n + 7n, (P - 1n) / 2n, P) === P - 1n) return x;
  }
}

function signature65(r: bigint, s: bigint, v: number): Uint8Array {
  return new Uint8Array([...toWord(r), ...toWord(s), v]);
}

/** The address plain secp256k1 recovery gives, with no Ethereum rule applied. */
function plainRecovery(r: bigint, s: bigint, recovery: number, digest: Uint8Array): string {
  const point = new secp256k1.Signature(r, s, recovery).recoverPublicKey(digest);
  const hash = keccak_256(point.toBytes(false).subarray(1));
  return `0x${Buffer.from(hash.subarray(12)).toString("hex")}`;
}

describe("recoverAddresses", function () {
  const wallets = Array.from({ length: 8 }, randomWallet);
  const signed: EthereumSigned[] = Array.from({ length: 120 }, (_, i) =>
    ethereumSigned(wallets[i % wallets.length]!),
  );

  it("has test signatures of both y parities", function () {
    expect(signed.some((s) => s.yParity === 0)).to.equal(true);
    expect(signed.some((s) => s.yParity === 1)).to.equal(true);
  });

  const backends: Secp256k1Backend[] = nativeSecp256k1Available() ? ["native", "js"] : ["js"];
  for (const backend of backends) {
    describe(`${backend} backend, Ethereum's rules`, function () {
      let verifier: SignatureVerifier;
      before(function () {
        verifier = createSignatureVerifier({ backend, inlineThreshold: Number.MAX_SAFE_INTEGER });
      });
      after(async function () {
        await verifier.close();
      });

      it("refuses a high-s signature (EIP-2) that plain ECDSA recovery accepts", async function () {
        const item = signed[0]!;
        const r = fromWord(item.signature.subarray(0, 32));
        const s = fromWord(item.signature.subarray(32, 64));
        const flippedParity = item.yParity ^ 1;
        // (r, n − s) with the other parity recovers the same key in plain ECDSA ...
        expect(plainRecovery(r, SECP256K1_N - s, flippedParity, item.digest)).to.equal(item.signer);
        // ... and Ethereum refuses it.
        const [recovered] = await verifier.recoverAddresses([
          { digest: item.digest, signature: signature65(r, SECP256K1_N - s, 27 + flippedParity) },
        ]);
        expect(recovered).to.equal(null);
      });

      it("accepts s = ⌊n/2⌋ and refuses s = ⌊n/2⌋ + 1, in both forms", async function () {
        const digest = signed[0]!.digest;
        const compact = (s: bigint) => new Uint8Array([...toWord(GX), ...toWord(s)]); // parity 0
        const [atFull, aboveFull, atCompact, aboveCompact] = await verifier.recoverAddresses([
          { digest, signature: signature65(GX, HALF_N, 27) },
          { digest, signature: signature65(GX, HALF_N + 1n, 27) },
          { digest, signature: compact(HALF_N) },
          { digest, signature: compact(HALF_N + 1n) },
        ]);
        expect(atFull).to.equal(plainRecovery(GX, HALF_N, 0, digest));
        expect(atCompact).to.equal(atFull);
        expect(aboveFull).to.equal(null);
        expect(aboveCompact).to.equal(null);
      });

      it("refuses v other than 27 or 28, as ecrecover does (0 and 1 included)", async function () {
        const item = signed[0]!;
        const withV = (v: number): RecoverItem => {
          const signature = item.signature.slice();
          signature[64] = v;
          return { digest: item.digest, signature };
        };
        expect(await verifier.recoverAddresses([0, 1, 26, 29, 35, 255].map(withV))).to.deep.equal(
          Array(6).fill(null),
        );
      });

      it("returns null for garbage: wrong lengths, r or s zero or ≥ n, r off the curve", async function () {
        const { digest, signature } = signed[0]!;
        const r = fromWord(signature.subarray(0, 32));
        const s = fromWord(signature.subarray(32, 64));
        const garbage: RecoverItem[] = [
          { digest, signature: new Uint8Array(0) },
          { digest, signature: signature.subarray(0, 63) },
          { digest, signature: new Uint8Array([...signature, 0]) },
          { digest: digest.subarray(0, 31), signature },
          { digest: new Uint8Array(33), signature },
          { digest, signature: new Uint8Array(65) },
          { digest, signature: new Uint8Array(64) },
          { digest, signature: signature65(0n, s, 27) },
          { digest, signature: signature65(r, 0n, 27) },
          { digest, signature: signature65(SECP256K1_N, s, 27) },
          { digest, signature: signature65(SECP256K1_N + 1n, s, 28) },
          { digest, signature: signature65(xOffTheCurve(), s, 27) },
          { digest, signature: signature65(xOffTheCurve(), s, 28) },
        ];
        expect(await verifier.recoverAddresses(garbage)).to.deep.equal(
          Array(garbage.length).fill(null),
        );
      });

      it("keeps each answer with its item when garbage and good signatures mix", async function () {
        const good = signed.slice(0, 3);
        const items: RecoverItem[] = [
          good[0]!,
          { digest: good[1]!.digest, signature: new Uint8Array(65) },
          good[2]!,
          { digest: good[0]!.digest, signature: good[0]!.signature.subarray(0, 63) },
        ];
        expect(await verifier.recoverAddresses(items)).to.deep.equal([
          good[0]!.signer,
          null,
          good[2]!.signer,
          null,
        ]);
      });
    });
    for (const mode of ["pooled", "inline"] as const) {
      describe(`${backend} backend, ${mode}`, function () {
        let verifier: SignatureVerifier;
        before(function () {
          verifier = createSignatureVerifier({
            backend,
            threads: 2,
            inlineThreshold: mode === "inline" ? Number.MAX_SAFE_INTEGER : 0,
          });
        });
        after(async function () {
          await verifier.close();
        });

        it("recovers the signer of 65-byte r ‖ s ‖ v signatures, as ethers' recoverAddress does", async function () {
          const recovered = await verifier.recoverAddresses(
            signed.map(({ digest, signature }) => ({ digest, signature })),
          );
          expect(recovered).to.deep.equal(signed.map((s) => s.ethersRecovered));
          expect(recovered).to.deep.equal(signed.map((s) => s.signer));
        });

        it("recovers the signer of 64-byte EIP-2098 compact signatures", async function () {
          const recovered = await verifier.recoverAddresses(
            signed.map(({ digest, compact }) => ({ digest, signature: compact })),
          );
          expect(recovered).to.deep.equal(signed.map((s) => s.signer));
        });
      });
    }
  }

  it("returns lower-case hex addresses", async function () {
    const [address] = await recoverAddresses([signed[0]!]);
    expect(address).to.match(/^0x[0-9a-f]{40}$/);
  });

  it("agrees with ethers for any key and digest (property)", async function () {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 32 }), async (digest) => {
        const item = ethereumSigned(randomWallet(), digest);
        const [full, compact] = await recoverAddresses([
          { digest, signature: item.signature },
          { digest, signature: item.compact },
        ]);
        expect(full).to.equal(item.ethersRecovered);
        expect(compact).to.equal(item.ethersRecovered);
      }),
      { numRuns: 100 },
    );
  });

  it("rejects a field that is not a Uint8Array, naming it", async function () {
    const item = { digest: signed[0]!.digest, signature: "0x00" } as unknown as RecoverItem;
    const outcome: unknown = await recoverAddresses([item]).then(
      () => "resolved",
      (error: unknown) => error,
    );
    expect(outcome).to.be.instanceOf(TypeError);
    expect((outcome as TypeError).message).to.equal(
      "recoverAddresses: items[0].signature must be a Uint8Array, got string",
    );
  });
});

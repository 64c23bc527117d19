import { expect } from "chai";

import {
  type SignatureVerifier,
  createSignatureVerifier,
  nativeSecp256k1Available,
  type Secp256k1Backend,
  type SignatureScheme,
  type VerifyItem,
  verifyBatch,
} from "../../../oracle/verifier/index.ts";
import {
  P256_N,
  SECP256K1_N,
  flipped,
  signedItem,
  toWord,
  withHighS,
} from "./helpers/signatures.ts";

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome: unknown = await promise.then(
    () => "resolved",
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error))
    throw new Error(`expected a rejection with an Error, got ${String(outcome)}`);
  return outcome;
}

const SCHEMES: SignatureScheme[] = ["secp256k1", "p256"];
const ORDER = { secp256k1: SECP256K1_N, p256: P256_N };

describe("verifyBatch", function () {
  const backends: Secp256k1Backend[] = nativeSecp256k1Available() ? ["native", "js"] : ["js"];

  for (const backend of backends) {
    describe(`with the ${backend} secp256k1 backend`, function () {
      let verifier: SignatureVerifier;
      before(function () {
        // Inline: these are small batches; the pool has its own tests.
        verifier = createSignatureVerifier({ backend, inlineThreshold: 1_000 });
      });
      after(async function () {
        await verifier.close();
      });

      it("reports the backend it runs", function () {
        expect(verifier.backend).to.equal(backend);
      });

      for (const scheme of SCHEMES) {
        const n = ORDER[scheme];
        const verify = (items: VerifyItem[], lowS = false) => verifier.verifyBatch(items, { lowS });

        describe(scheme, function () {
          it("accepts valid signatures with uncompressed and compressed public keys", async function () {
            expect(await verify([signedItem(scheme), signedItem(scheme, true)])).to.deep.equal([
              true,
              true,
            ]);
          });

          it("refuses a signature over another digest, by another key, or altered", async function () {
            const item = signedItem(scheme);
            const otherKey = signedItem(scheme).publicKey;
            expect(
              await verify([
                flipped(item, "digest", 31),
                { ...item, publicKey: otherKey },
                flipped(item, "signature", 5),
                flipped(item, "signature", 40),
              ]),
            ).to.deep.equal([false, false, false, false]);
          });

          it("accepts high s as plain ECDSA, and refuses it with { lowS: true }", async function () {
            const high = withHighS(signedItem(scheme));
            expect(await verify([high])).to.deep.equal([true]);
            expect(await verify([high], true)).to.deep.equal([false]);
          });

          it("accepts a low-s signature with { lowS: true }", async function () {
            expect(await verify([signedItem(scheme)], true)).to.deep.equal([true]);
          });

          it("answers false, without throwing, for wrong lengths", async function () {
            const item = signedItem(scheme);
            expect(
              await verify([
                { ...item, digest: item.digest.subarray(0, 31) },
                { ...item, digest: new Uint8Array(33) },
                { ...item, signature: item.signature.subarray(0, 63) },
                { ...item, signature: new Uint8Array([...item.signature, 27]) },
                { ...item, publicKey: item.publicKey.subarray(0, 64) },
                { ...item, publicKey: new Uint8Array(0) },
              ]),
            ).to.deep.equal([false, false, false, false, false, false]);
          });

          it("answers false for a public key that is not a SEC1 point on the curve", async function () {
            const item = signedItem(scheme);
            const hybrid = item.publicKey.slice();
            hybrid[0] = 0x06 | (hybrid[64]! & 1); // X9.62 hybrid form: not accepted
            const offCurve = flipped(item, "publicKey", 64);
            const badPrefix = item.publicKey.slice();
            badPrefix[0] = 0x05;
            expect(
              await verify([
                { ...item, publicKey: hybrid },
                offCurve,
                { ...item, publicKey: badPrefix },
                { ...item, publicKey: new Uint8Array(65) },
              ]),
            ).to.deep.equal([false, false, false, false]);
          });

          it("answers false for r or s zero, equal to n, or above n", async function () {
            const item = signedItem(scheme);
            const r = item.signature.subarray(0, 32);
            const s = item.signature.subarray(32);
            const sig = (a: Uint8Array, b: Uint8Array) => ({
              ...item,
              signature: new Uint8Array([...a, ...b]),
            });
            expect(
              await verify([
                sig(toWord(0n), s),
                sig(r, toWord(0n)),
                sig(toWord(n), s),
                sig(r, toWord(n)),
                sig(toWord(2n ** 256n - 1n), s),
                sig(r, toWord(2n ** 256n - 1n)),
              ]),
            ).to.deep.equal([false, false, false, false, false, false]);
          });
        });
      }

      it("keeps each verdict with its item in a mixed batch", async function () {
        const good = SCHEMES.map((scheme) => signedItem(scheme));
        const bad = good.map((item) => flipped(item, "digest", 0));
        const items = [good[0]!, bad[1]!, bad[0]!, good[1]!];
        expect(await verifier.verifyBatch(items)).to.deep.equal([true, false, false, true]);
      });
    });
  }

  it("answers an empty batch with an empty array", async function () {
    expect(await verifyBatch([])).to.deep.equal([]);
  });

  it("verifies through the shared module-level verifier", async function () {
    const item = signedItem("secp256k1");
    expect(await verifyBatch([item, flipped(item, "digest", 3)])).to.deep.equal([true, false]);
  });

  it("rejects an unknown scheme with an error naming the item's field", async function () {
    const item = signedItem("secp256k1");
    const error = await rejection(
      verifyBatch([item, { ...item, scheme: "ed25519" } as unknown as VerifyItem]),
    );
    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.equal(
      'verifyBatch: items[1].scheme must be "secp256k1" or "p256", got "ed25519"',
    );
  });

  it("rejects a byte field that is not a Uint8Array, naming it", async function () {
    const item = signedItem("p256");
    const hexKey = Buffer.from(item.publicKey).toString("hex");
    const error = await rejection(
      verifyBatch([{ ...item, publicKey: hexKey } as unknown as VerifyItem]),
    );
    expect(error).to.be.instanceOf(TypeError);
    expect(error.message).to.equal(
      "verifyBatch: items[0].publicKey must be a Uint8Array, got string",
    );
  });

  it("refuses nonsensical verifier options", function () {
    expect(() => createSignatureVerifier({ threads: 0 })).to.throw(
      RangeError,
      "threads must be an integer ≥ 1",
    );
    expect(() => createSignatureVerifier({ threads: 1.5 })).to.throw(RangeError);
    expect(() => createSignatureVerifier({ inlineThreshold: -1 })).to.throw(
      RangeError,
      "inlineThreshold",
    );
    expect(() =>
      createSignatureVerifier({ backend: "wasm" as unknown as Secp256k1Backend }),
    ).to.throw(TypeError, 'backend must be "native" or "js", got "wasm"');
  });
});

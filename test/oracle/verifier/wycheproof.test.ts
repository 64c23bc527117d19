/**
 * Conformance: every Wycheproof ECDSA vector for secp256k1 and P-256 goes through the
 * verifier's `verifyBatch` and must get the file's verdict.
 *
 * How each file is driven:
 * - the message is hashed with the file's hash (SHA-256, or FIPS 202 SHA3-256 for the
 *   `sha3_256` file) and the digest handed over, since the verifier takes digests;
 * - DER files: the signature is decoded with the verifier's strict DER decoder; an
 *   undecodable one is handed over as an empty signature (the verifier answers false);
 * - P1363 files: the raw bytes are handed over as they are (wrong lengths must be false);
 * - the bitcoin file is verified with `{ lowS: true }`: it marks high-s signatures invalid
 *   (`SignatureMalleabilityBitcoin`). Every other file is plain ECDSA, where high s is valid
 *   (the secp256k1 DER file has 72 valid high-s signatures).
 *
 * `acceptable` verdicts: this snapshot has none (every case is valid or invalid; the test
 * counts them to prove it). Should a later snapshot add some, ACCEPTABLE_DECISIONS says what
 * the verifier does per flag; a flag without a decision fails the test.
 *
 * secp256k1 runs on both backends (libsecp256k1 and @noble/curves); every file runs once as a
 * pooled batch and once inline, and once more with each public key compressed.
 */
import { createHash } from "node:crypto";

import { expect } from "chai";

import {
  type SignatureVerifier,
  createSignatureVerifier,
  decodeDerSignature,
  nativeSecp256k1Available,
  type Secp256k1Backend,
  type VerifyItem,
} from "../../../oracle/verifier/index.ts";
import { type WycheproofVector, loadWycheproof, wycheproofDir } from "./helpers/wycheproof.ts";

interface VectorFileSpec {
  file: string;
  encoding: "der" | "p1363";
  lowS: boolean;
}

const FILES: VectorFileSpec[] = [
  { file: "ecdsa_secp256k1_sha256_test.json", encoding: "der", lowS: false },
  { file: "ecdsa_secp256k1_sha256_bitcoin_test.json", encoding: "der", lowS: true },
  { file: "ecdsa_secp256k1_sha256_p1363_test.json", encoding: "p1363", lowS: false },
  { file: "ecdsa_secp256k1_sha3_256_test.json", encoding: "der", lowS: false },
  { file: "ecdsa_secp256r1_sha256_test.json", encoding: "der", lowS: false },
  { file: "ecdsa_secp256r1_sha256_p1363_test.json", encoding: "p1363", lowS: false },
];

/**
 * Verdict for `acceptable` cases, by flag. BER encodings and a missing sign zero are
 * legal-but-lax encodings that strict DER refuses by design.
 */
const ACCEPTABLE_DECISIONS: Record<string, boolean> = {
  BerEncodedSignature: false,
  MissingZero: false,
};

function expectedVerdict(vector: WycheproofVector): boolean {
  if (vector.result !== "acceptable") return vector.result === "valid";
  const decided = vector.flags.filter((flag) => flag in ACCEPTABLE_DECISIONS);
  if (decided.length === 0) {
    throw new Error(
      `tcId ${String(vector.tcId)}: no decision for acceptable flags ${vector.flags.join(", ")}`,
    );
  }
  return decided.every((flag) => ACCEPTABLE_DECISIONS[flag]);
}

function digestOf(vector: WycheproofVector): Uint8Array {
  const algorithm = vector.sha === "SHA-256" ? "sha256" : "sha3-256";
  return createHash(algorithm).update(vector.message).digest();
}

function compress(uncompressed: Uint8Array): Uint8Array {
  const compressed = uncompressed.slice(0, 33);
  compressed[0] = 0x02 | (uncompressed[64]! & 1);
  return compressed;
}

function toItem(vector: WycheproofVector, spec: VectorFileSpec, compressed: boolean): VerifyItem {
  const signature =
    spec.encoding === "der"
      ? (decodeDerSignature(vector.signature) ?? new Uint8Array(0))
      : vector.signature;
  return {
    scheme: vector.curve === "secp256k1" ? "secp256k1" : "p256",
    digest: digestOf(vector),
    signature,
    publicKey: compressed ? compress(vector.publicKey) : vector.publicKey,
  };
}

/** Runs the vectors through `verifier` and lists every case whose verdict differs. */
async function mismatches(
  verifier: SignatureVerifier,
  vectors: WycheproofVector[],
  spec: VectorFileSpec,
  compressed: boolean,
): Promise<string[]> {
  const items = vectors.map((vector) => toItem(vector, spec, compressed));
  const verdicts = await verifier.verifyBatch(items, { lowS: spec.lowS });
  expect(verdicts).to.have.length(vectors.length);
  return vectors.flatMap((vector, i) =>
    verdicts[i] === expectedVerdict(vector)
      ? []
      : [
          `tcId ${String(vector.tcId)} (${vector.comment}; ${vector.flags.join(",")}): got ${String(verdicts[i])}, expected ${vector.result}`,
        ],
  );
}

describe("verifier conformance with Wycheproof ECDSA vectors", function () {
  const { dir, found } = wycheproofDir();
  if (!found) {
    it("needs the Wycheproof vectors", function () {
      console.log(`    skipped: ${dir} not found (set CARAVEL_SHARED_DIR to the shared folder)`);
      this.skip();
    });
    return;
  }

  const backends: Secp256k1Backend[] = nativeSecp256k1Available() ? ["native", "js"] : ["js"];
  const pooled = new Map<Secp256k1Backend, SignatureVerifier>();
  const inline = new Map<Secp256k1Backend, SignatureVerifier>();
  for (const backend of backends) {
    pooled.set(backend, createSignatureVerifier({ backend, threads: 2, inlineThreshold: 0 }));
    inline.set(
      backend,
      createSignatureVerifier({ backend, inlineThreshold: Number.MAX_SAFE_INTEGER }),
    );
  }
  after(async function () {
    await Promise.all([...pooled.values(), ...inline.values()].map((a) => a.close()));
  });

  for (const spec of FILES) {
    const { vectors, numberOfTests } = loadWycheproof(dir, spec.file);
    const valid = vectors.filter((v) => v.result === "valid").length;
    const invalid = vectors.filter((v) => v.result === "invalid").length;
    const isSecp256k1 = vectors[0]?.curve === "secp256k1";
    // P-256 does not depend on the secp256k1 backend: run it on the default one only.
    const runOn = isSecp256k1 ? backends : [backends[0]!];

    describe(spec.file, function () {
      it(`holds ${String(numberOfTests)} cases: ${String(valid)} valid, ${String(invalid)} invalid, 0 acceptable`, function () {
        expect(vectors).to.have.length(numberOfTests);
        expect(valid + invalid).to.equal(numberOfTests);
      });

      for (const backend of runOn) {
        const label = isSecp256k1 ? `${backend} secp256k1` : "P-256";
        it(`gives every case its verdict in a pooled batch (${label})`, async function () {
          expect(await mismatches(pooled.get(backend)!, vectors, spec, false)).to.deep.equal([]);
        });
        it(`gives every case its verdict inline (${label})`, async function () {
          expect(await mismatches(inline.get(backend)!, vectors, spec, false)).to.deep.equal([]);
        });
        it(`gives the same verdicts with compressed public keys (${label})`, async function () {
          expect(await mismatches(pooled.get(backend)!, vectors, spec, true)).to.deep.equal([]);
        });
      }
    });
  }
});

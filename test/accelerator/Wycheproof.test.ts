/**
 * Google's Wycheproof ECDSA vectors (secp256k1 and P-256, SHA-256) through the on-chain
 * accelerator, in batches of many vectors per call.
 *
 * The shim takes digests, so the test hashes each message with SHA-256 itself, and takes
 * fixed-width r ‖ s, so DER signatures are decoded here first (strict DER; a signature that
 * is not strict DER, or whose r or s does not fit 32 bytes, is refused before the chain and
 * counted as such). Every vector's verdict is asserted.
 *
 * Where the on-chain verdict differs from plain ECDSA, by design:
 * - secp256k1, low-s (EIP-2): Ethereum accepts only s <= n/2, so a Wycheproof-valid signature
 *   with a high s is refused on-chain. (The `bitcoin` file applies the same rule, so its
 *   verdicts match Wycheproof's exactly.) With EIP-2098 compact signatures most high s values
 *   (s >= 2^255) cannot even be written: the top bit carries yParity.
 * - secp256k1, ecrecover: verification goes through key recovery, which rebuilds R from
 *   x = r; a valid signature whose R has x >= n (x = r + n) cannot be recovered, so it is
 *   refused. The test computes R for every valid vector and expects exactly that.
 * - Wycheproof vectors carry no recovery id, so each secp256k1 vector is tried with both
 *   yParity values; it counts as valid on-chain iff one of them recovers the given key.
 * P-256 goes through EIP-7951, which is plain ECDSA (both s accepted): its verdicts must
 * equal Wycheproof's.
 */
import { p256 } from "@noble/curves/nist.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { expect } from "chai";
import { computeAddress, getBytes, hexlify } from "ethers";
import { artifacts, network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { installAcceleratorAt } from "../../deploy/installAccelerator.ts";
import type { SignatureBatchVerifier } from "../../types/ethers-contracts/index.js";
import { decodeDerSignature, type EcdsaSignatureValues } from "./helpers/der.ts";
import { SECP256K1_N } from "./helpers/keys.ts";
import {
  bitAt,
  compactSignature,
  fitsWord,
  p256Entry,
  packed,
  secp256k1Entry,
  word,
} from "./helpers/signatureBatch.ts";
import {
  loadWycheproof,
  wycheproofDir,
  type WycheproofFile,
  type WycheproofGroup,
  type WycheproofVector,
} from "./helpers/wycheproof.ts";

const { ethers, provider } = await network.create();

/** Entries per eth_call: one call verifies this many signatures. */
const ENTRIES_PER_CALL = 256;

type Encoding = "p1363" | "der";

/** How one vector was decided, for the counts. */
type Outcome =
  | "refused-encoding" // not strict DER / not 64 bytes / r or s wider than 32 bytes
  | "valid"
  | "invalid"
  | "refused-high-s" // Wycheproof-valid, refused by EIP-2
  | "refused-large-x"; // Wycheproof-valid, R.x >= n: ecrecover cannot rebuild R

interface Case {
  vector: WycheproofVector;
  expectedOnChain: boolean;
  reason: Outcome;
  /** Indexes of this vector's entries in the batch; empty if refused before the chain. */
  entries: number[];
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

function decodeSignature(sig: string, encoding: Encoding): EcdsaSignatureValues | undefined {
  const bytes = getBytes(`0x${sig}`);
  if (encoding === "p1363") {
    if (bytes.length !== 64) return undefined;
    return { r: BigInt(hexlify(bytes.subarray(0, 32))), s: BigInt(hexlify(bytes.subarray(32))) };
  }
  const values = decodeDerSignature(bytes);
  if (values === undefined || !fitsWord(values.r) || !fitsWord(values.s)) return undefined;
  return values;
}

/** x of R' = (z/s)·G + (r/s)·Q for a secp256k1 signature Wycheproof calls valid. */
function secp256k1RecoveredX(
  group: WycheproofGroup,
  digest: Uint8Array,
  r: bigint,
  s: bigint,
): bigint {
  const z = BigInt(hexlify(digest)) % SECP256K1_N;
  const sInverse = modPow(s, SECP256K1_N - 2n, SECP256K1_N);
  const q = secp256k1.Point.fromHex(group.publicKey.uncompressed);
  const point = secp256k1.Point.BASE.multiplyUnsafe((z * sInverse) % SECP256K1_N).add(
    q.multiplyUnsafe((r * sInverse) % SECP256K1_N),
  );
  return point.toAffine().x;
}

function buildSecp256k1Cases(file: WycheproofFile, encoding: Encoding) {
  const entries: string[] = [];
  const cases: Case[] = [];
  for (const group of file.testGroups) {
    expect(group.sha).to.equal("SHA-256");
    expect(group.publicKey.curve).to.equal("secp256k1");
    const signer = computeAddress(`0x${group.publicKey.uncompressed}`);
    for (const vector of group.tests) {
      expect(vector.result, `tcId ${vector.tcId}`).to.not.equal("acceptable");
      const digest = sha256(getBytes(`0x${vector.msg}`));
      const values = decodeSignature(vector.sig, encoding);
      if (values === undefined) {
        cases.push({ vector, expectedOnChain: false, reason: "refused-encoding", entries: [] });
        continue;
      }
      const { r, s } = values;
      let reason: Outcome = vector.result === "valid" ? "valid" : "invalid";
      if (reason === "valid" && s > SECP256K1_N / 2n) reason = "refused-high-s";
      else if (reason === "valid" && secp256k1RecoveredX(group, digest, r, s) !== r) {
        reason = "refused-large-x";
      }
      const indexes: number[] = [];
      if (s < 1n << 255n) {
        for (const parity of [0, 1] as const) {
          indexes.push(entries.length);
          entries.push(secp256k1Entry(digest, signer, compactSignature(r, s, parity)));
        }
      } else {
        // No EIP-2098 form: hand the shim the raw r ‖ s, whose top bit it reads as yParity.
        indexes.push(entries.length);
        entries.push(secp256k1Entry(digest, signer, packed([word(r), word(s)])));
      }
      cases.push({ vector, expectedOnChain: reason === "valid", reason, entries: indexes });
    }
  }
  return { entries, cases };
}

function buildP256Cases(file: WycheproofFile, encoding: Encoding) {
  const entries: string[] = [];
  const cases: Case[] = [];
  for (const group of file.testGroups) {
    expect(group.sha).to.equal("SHA-256");
    expect(group.publicKey.curve).to.equal("secp256r1");
    const key = getBytes(`0x${group.publicKey.uncompressed}`);
    const qx = BigInt(hexlify(key.subarray(1, 33)));
    const qy = BigInt(hexlify(key.subarray(33, 65)));
    expect(p256.Point.fromHex(group.publicKey.uncompressed).toAffine().x).to.equal(qx);
    for (const vector of group.tests) {
      expect(vector.result, `tcId ${vector.tcId}`).to.not.equal("acceptable");
      const digest = sha256(getBytes(`0x${vector.msg}`));
      const values = decodeSignature(vector.sig, encoding);
      if (values === undefined) {
        cases.push({ vector, expectedOnChain: false, reason: "refused-encoding", entries: [] });
        continue;
      }
      const reason: Outcome = vector.result === "valid" ? "valid" : "invalid";
      cases.push({
        vector,
        expectedOnChain: reason === "valid",
        reason,
        entries: [entries.length],
      });
      entries.push(p256Entry(digest, values.r, values.s, qx, qy));
    }
  }
  return { entries, cases };
}

async function verifyAll(
  verifier: SignatureBatchVerifier,
  entries: readonly string[],
  scheme: "secp256k1" | "p256",
): Promise<boolean[]> {
  const verdicts: boolean[] = [];
  for (let start = 0; start < entries.length; start += ENTRIES_PER_CALL) {
    const chunk = entries.slice(start, start + ENTRIES_PER_CALL);
    const bitmap =
      scheme === "secp256k1"
        ? await verifier.verifySecp256k1(packed(chunk))
        : await verifier.verifyP256(packed(chunk));
    for (let i = 0; i < chunk.length; i++) verdicts.push(bitAt(bitmap, i));
  }
  return verdicts;
}

function countBy(cases: readonly Case[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = {
    valid: 0,
    invalid: 0,
    "refused-encoding": 0,
    "refused-high-s": 0,
    "refused-large-x": 0,
  };
  for (const c of cases) counts[c.reason] += 1;
  return counts;
}

const FILES: readonly { name: string; scheme: "secp256k1" | "p256"; encoding: Encoding }[] = [
  { name: "ecdsa_secp256k1_sha256_p1363_test.json", scheme: "secp256k1", encoding: "p1363" },
  { name: "ecdsa_secp256k1_sha256_test.json", scheme: "secp256k1", encoding: "der" },
  { name: "ecdsa_secp256k1_sha256_bitcoin_test.json", scheme: "secp256k1", encoding: "der" },
  { name: "ecdsa_secp256r1_sha256_p1363_test.json", scheme: "p256", encoding: "p1363" },
  { name: "ecdsa_secp256r1_sha256_test.json", scheme: "p256", encoding: "der" },
];

describe("Wycheproof ECDSA vectors through the on-chain accelerator", function () {
  let verifier: SignatureBatchVerifier;

  before(async function () {
    const artifact = await artifacts.readArtifact("SignatureBatchVerifier");
    await installAcceleratorAt(provider, artifact.deployedBytecode);
    verifier = (await ethers.getContractAt(
      "SignatureBatchVerifier",
      SIGNATURE_BATCH_VERIFIER_ADDRESS,
    )) as unknown as SignatureBatchVerifier;
  });

  for (const { name, scheme, encoding } of FILES) {
    it(`gives the expected verdict for every vector of ${name}`, async function () {
      const file = loadWycheproof(name);
      if (file === undefined) {
        console.log(`    skipped: ${name} is not in ${wycheproofDir()} (set CARAVEL_SHARED_DIR)`);
        this.skip();
      }
      const { entries, cases } =
        scheme === "secp256k1"
          ? buildSecp256k1Cases(file, encoding)
          : buildP256Cases(file, encoding);
      const verdicts = await verifyAll(verifier, entries, scheme);

      const mismatches = cases
        .map((c) => ({ c, got: c.entries.some((i) => verdicts[i] === true) }))
        .filter(({ c, got }) => got !== c.expectedOnChain)
        .map(
          ({ c, got }) =>
            `tcId ${c.vector.tcId} (${c.vector.comment}; ${c.vector.flags.join(",")}): ` +
            `expected ${c.expectedOnChain ? "valid" : "invalid"} (${c.reason}), chain said ${got ? "valid" : "invalid"}`,
        );
      expect(mismatches, mismatches.join("\n")).to.deep.equal([]);

      const counts = countBy(cases);
      const largeX = cases.filter((c) => c.reason === "refused-large-x");
      const wycheproofValid = cases.filter((c) => c.vector.result === "valid").length;
      console.log(
        `    ${name}: ${cases.length} vectors (${wycheproofValid} valid per Wycheproof), ` +
          `${entries.length} entries in ${Math.ceil(entries.length / ENTRIES_PER_CALL)} calls; ` +
          `on-chain valid ${counts.valid}, invalid ${counts.invalid}, ` +
          `refused before the chain (encoding) ${counts["refused-encoding"]}, ` +
          `valid but refused by low-s ${counts["refused-high-s"]}, ` +
          `valid but R.x >= n (ecrecover) ${counts["refused-large-x"]}` +
          largeX.map((c) => ` [tcId ${c.vector.tcId}: ${c.vector.comment}]`).join("") +
          "; all verdicts as expected",
      );
      expect(cases.length).to.equal(file.numberOfTests);
      if (scheme === "p256") {
        // Plain ECDSA: the chain agrees with Wycheproof on every vector.
        expect(counts.valid).to.equal(wycheproofValid);
      }
    });
  }

  it("checks P-256 against Wycheproof with the precompile present (EIP-7951 at 0x100)", async function () {
    const file = loadWycheproof("ecdsa_secp256r1_sha256_p1363_test.json");
    if (file === undefined) {
      console.log(`    skipped: the P-256 vectors are not in ${wycheproofDir()}`);
      this.skip();
    }
    // The first valid vector, sent to 0x100 directly: a chain without EIP-7951 returns nothing.
    const group = file.testGroups[0]!;
    const vector = group.tests.find((t) => t.result === "valid")!;
    const key = getBytes(`0x${group.publicKey.uncompressed}`);
    const input = packed([sha256(getBytes(`0x${vector.msg}`)), `0x${vector.sig}`, key.subarray(1)]);
    const output = await ethers.provider.call({
      to: "0x0000000000000000000000000000000000000100",
      data: input,
    });
    expect(BigInt(output)).to.equal(1n);
  });
});

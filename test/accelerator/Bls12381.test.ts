import { bls12_381 } from "@noble/curves/bls12-381.js";
import { expect } from "chai";
import { getBytes, id } from "ethers";
import { artifacts, network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { installAcceleratorAt } from "../../deploy/installAccelerator.ts";
import type {
  Bls12381Harness,
  SignatureBatchVerifier,
} from "../../types/ethers-contracts/index.js";
import { blsKeys, g1Point, g2Point, POP_DST, type BlsKey } from "./helpers/bls.ts";
import { packed } from "./helpers/signatureBatch.ts";

const { ethers, networkHelpers, provider } = await network.create();
const bls = bls12_381.longSignatures;

async function blsFixture() {
  const shim = await artifacts.readArtifact("SignatureBatchVerifier");
  await installAcceleratorAt(provider, shim.deployedBytecode);
  const verifier = (await ethers.getContractAt(
    "SignatureBatchVerifier",
    SIGNATURE_BATCH_VERIFIER_ADDRESS,
  )) as unknown as SignatureBatchVerifier;
  const harness = (await ethers.deployContract("Bls12381Harness")) as unknown as Bls12381Harness;
  return { verifier, harness };
}

const keys = blsKeys(8);
const keyList = packed(keys.map((k) => g1Point(k.publicKey)));
const digest = id("customs report, BLS");

/** The aggregate signature over `message` by the keys at `indexes`, EIP-2537 encoded. */
function aggregate(
  indexes: readonly number[],
  message: string,
  signersOf: readonly BlsKey[] = keys,
): string {
  const hashed = bls.hash(getBytes(message), POP_DST);
  const signatures = indexes.map((i) => bls.sign(hashed, signersOf[i]!.secretKey));
  return g2Point(bls.aggregateSignatures(signatures));
}

function bitmap(indexes: readonly number[]): bigint {
  return indexes.reduce((acc, i) => acc | (1n << BigInt(i)), 0n);
}

describe("SignatureBatchVerifier, BLS12-381 aggregate (EIP-2537)", function () {
  it("hashes to G2 exactly as RFC 9380 with the POP tag (checked against @noble/curves)", async function () {
    const { harness } = await networkHelpers.loadFixture(blsFixture);
    for (const message of [digest, id("another"), `0x${"00".repeat(32)}`]) {
      const expected = g2Point(bls.hash(getBytes(message), POP_DST));
      expect(await harness.hashToG2(message), message).to.equal(expected);
    }
  });

  it("accepts the aggregate signature of any subset of the keys over the digest", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    for (const subset of [[0], [1, 4, 6], [0, 1, 2, 3, 4, 5, 6, 7]]) {
      expect(
        await verifier.verifyBls12381Aggregate(
          digest,
          keyList,
          bitmap(subset),
          aggregate(subset, digest),
        ),
        subset.join(","),
      ).to.equal(true);
    }
  });

  it("refuses a signature over another digest, or by another subset than the bitmap names", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    const signature = aggregate([1, 4, 6], digest);
    expect(
      await verifier.verifyBls12381Aggregate(id("other"), keyList, bitmap([1, 4, 6]), signature),
    ).to.equal(false);
    expect(
      await verifier.verifyBls12381Aggregate(digest, keyList, bitmap([1, 4]), signature),
    ).to.equal(false);
    expect(
      await verifier.verifyBls12381Aggregate(digest, keyList, bitmap([1, 4, 6, 7]), signature),
    ).to.equal(false);
  });

  it("refuses an empty bitmap (the point at infinity would otherwise pass)", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    const infinity = `0x${"00".repeat(256)}`;
    expect(await verifier.verifyBls12381Aggregate(digest, keyList, 0n, infinity)).to.equal(false);
  });

  it("refuses a signature that is not a point of G2, or not 256 bytes", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    const signature = getBytes(aggregate([2], digest));
    signature[255] = signature[255]! ^ 1; // y no longer on the curve
    expect(
      await verifier.verifyBls12381Aggregate(digest, keyList, bitmap([2]), signature),
    ).to.equal(false);
    expect(
      await verifier.verifyBls12381Aggregate(
        digest,
        keyList,
        bitmap([2]),
        signature.subarray(0, 255),
      ),
    ).to.equal(false);
  });

  it("refuses a bitmap naming a key past the list", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    await expect(
      verifier.verifyBls12381Aggregate(digest, keyList, bitmap([1, 9]), aggregate([1], digest)),
    )
      .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
      .withArgs(9);
  });

  it("refuses a key list that is not a whole number of 128-byte points", async function () {
    const { verifier } = await networkHelpers.loadFixture(blsFixture);
    await expect(
      verifier.verifyBls12381Aggregate(digest, `${keyList}00`, 1n, aggregate([0], digest)),
    )
      .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierMalformedBatch")
      .withArgs(8 * 128 + 1, 128);
  });
});

import { expect } from "chai";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { computeAddress, concat, getBytes, hexlify, id, ZeroAddress } from "ethers";
import { artifacts, network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { installAcceleratorFrom } from "../../deploy/installAccelerator.ts";
import AcceleratorModule from "../../deploy/modules/Accelerator.ts";
import type { SignatureBatchVerifier } from "../../types/ethers-contracts/index.js";
import {
  P256_N,
  p256Keys,
  p256Sign,
  secp256k1Wallets,
  SECP256K1_N,
  signDigest,
} from "./helpers/keys.ts";
import {
  bitAt,
  compactOf,
  compactSignature,
  p256Entry,
  p256QuorumSignature,
  packed,
  packP256Keys,
  packSigners,
  secp256k1Entry,
  setBits,
} from "./helpers/signatureBatch.ts";
import { readStorageLayout } from "./helpers/storageLayout.ts";

const { ethers, ignition, networkHelpers, provider } = await network.create();

const wallets = secp256k1Wallets(12);
const keys = p256Keys(6);
const digestA = id("customs report A");
const digestB = id("customs report B");

/** The shim as Ignition deploys it, copied to the fixed address; returns it at the fixed address. */
async function acceleratorFixture() {
  const { signatureBatchVerifier } = await ignition.deploy(AcceleratorModule);
  await installAcceleratorFrom(provider, await signatureBatchVerifier.getAddress());
  const verifier = (await ethers.getContractAt(
    "SignatureBatchVerifier",
    SIGNATURE_BATCH_VERIFIER_ADDRESS,
  )) as unknown as SignatureBatchVerifier;
  const consumer = await ethers.deployContract("SignatureBatchConsumer", [
    packSigners(wallets.slice(0, 5).map((w) => w.address)),
    packP256Keys(keys.slice(0, 5)),
    "0x",
  ]);
  const deployed = signatureBatchVerifier as unknown as SignatureBatchVerifier;
  return { deployed, verifier, consumer };
}

function k1Entry(walletIndex: number, digest: string): string {
  const wallet = wallets[walletIndex]!;
  return secp256k1Entry(digest, wallet.address, compactOf(signDigest(wallet, digest)));
}

const SECP256K1_HALF_N = SECP256K1_N / 2n;

/**
 * A secp256k1 signature over `digest` with exactly the given s (and an r taken from a real
 * signature, so R is on the curve), and the address it recovers to: for any (r, s, v) there
 * is a key the signature is valid for. This is how a high s that still has an EIP-2098 form
 * (n/2 < s < 2^255) is made, and its low-s twin (n - s, other parity).
 */
function signatureWithS(
  digest: string,
  s: bigint,
): { compact: string; twin: string; signer: string } {
  const r = BigInt(signDigest(wallets[0]!, digest).r);
  const recovered = new secp256k1.Signature(r, s)
    .addRecoveryBit(0)
    .recoverPublicKey(getBytes(digest))
    .toBytes(false);
  return {
    compact: compactSignature(r, s, 0),
    twin: compactSignature(r, SECP256K1_N - s, 1),
    signer: computeAddress(hexlify(recovered)),
  };
}

function k1Quorum(walletIndexes: readonly number[], digest: string): string {
  return packed(walletIndexes.map((i) => compactOf(signDigest(wallets[i]!, digest))));
}

function p256GenericEntry(keyIndex: number, digest: string, lowS = true): string {
  const key = keys[keyIndex]!;
  const { r, s } = p256Sign(key, digest, { lowS });
  return p256Entry(digest, r, s, key.qx, key.qy);
}

function p256QuorumEntries(keyIndexes: readonly number[], digest: string): string {
  return packed(
    keyIndexes.map((i) => {
      const { r, s } = p256Sign(keys[i]!, digest);
      return p256QuorumSignature(i, r, s);
    }),
  );
}

describe("SignatureBatchVerifier", function () {
  describe("installation at the fixed address", function () {
    it("agrees with the Solidity constant on the fixed address", async function () {
      const { consumer } = await networkHelpers.loadFixture(acceleratorFixture);
      expect(await consumer.verifier()).to.equal(SIGNATURE_BATCH_VERIFIER_ADDRESS);
    });

    it("places the Ignition deployment's runtime code at the fixed address", async function () {
      const { deployed } = await networkHelpers.loadFixture(acceleratorFixture);
      const original = await ethers.provider.getCode(await deployed.getAddress());
      expect(original).to.not.equal("0x");
      expect(await ethers.provider.getCode(SIGNATURE_BATCH_VERIFIER_ADDRESS)).to.equal(original);
    });

    it("answers the same at the fixed address as where it was deployed", async function () {
      const { deployed, verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const entries = packed([k1Entry(0, digestA), k1Entry(1, digestB)]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([3n]);
      expect(await deployed.verifySecp256k1(entries)).to.deep.equal([3n]);
    });

    it("serves a consumer that calls the fixed address", async function () {
      const { consumer } = await networkHelpers.loadFixture(acceleratorFixture);
      expect(await consumer.checkSecp256k1(packed([k1Entry(0, digestA)]))).to.equal(1n);
      expect(
        await consumer.checkSecp256k1Quorum(digestA, k1Quorum([0, 2, 4], digestA), 3),
      ).to.equal(0b10101n);
    });
  });

  describe("generic shape, secp256k1", function () {
    it("marks every valid entry, each with its own digest and signer", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const entries = packed([k1Entry(0, digestA), k1Entry(1, digestB), k1Entry(2, digestA)]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([0b111n]);
      expect(await verifier.requireSecp256k1(entries)).to.equal(3n);
    });

    it("refuses a signature by someone other than the named signer", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const forged = secp256k1Entry(
        digestA,
        wallets[1]!.address,
        compactOf(signDigest(wallets[0]!, digestA)),
      );
      const entries = packed([k1Entry(0, digestA), forged, k1Entry(2, digestA)]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([0b101n]);
      await expect(verifier.requireSecp256k1(entries))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(1);
    });

    it("refuses a signature over another digest", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const wrongDigest = secp256k1Entry(
        digestB,
        wallets[0]!.address,
        compactOf(signDigest(wallets[0]!, digestA)),
      );
      expect(await verifier.verifySecp256k1(wrongDigest)).to.deep.equal([0n]);
    });

    it("refuses a high s (EIP-2) that ecrecover itself accepts, and takes its low-s twin", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const high = signatureWithS(digestA, SECP256K1_HALF_N + 1n);
      // ecrecover recovers the key from the high-s form: the refusal is the shim's rule.
      const baseline = await ethers.deployContract("EcrecoverLoopBaseline");
      expect(await baseline.recoverAll(digestA, high.compact)).to.equal(1n);
      const entries = packed([
        secp256k1Entry(digestA, high.signer, high.compact),
        secp256k1Entry(digestA, high.signer, high.twin),
      ]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([0b10n]);
    });

    it("accepts s = n/2 exactly, the largest low s", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const edge = signatureWithS(digestA, SECP256K1_HALF_N);
      expect(
        await verifier.verifySecp256k1(secp256k1Entry(digestA, edge.signer, edge.compact)),
      ).to.deep.equal([1n]);
    });

    it("refuses malformed signatures: r = 0, s = 0, r >= n", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const signer = wallets[0]!.address;
      const sig = signDigest(wallets[0]!, digestA);
      const entries = packed([
        secp256k1Entry(digestA, signer, compactSignature(0n, BigInt(sig.s), sig.yParity)),
        secp256k1Entry(digestA, signer, compactSignature(BigInt(sig.r), 0n, sig.yParity)),
        secp256k1Entry(digestA, signer, compactSignature(SECP256K1_N, BigInt(sig.s), sig.yParity)),
        secp256k1Entry(
          digestA,
          signer,
          compactSignature((1n << 256n) - 1n, BigInt(sig.s), sig.yParity),
        ),
      ]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([0n]);
    });

    it("does not take a failed recovery for the zero address or for the previous signer", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const garbage = compactSignature(0n, 1n, 0);
      const entries = packed([
        k1Entry(0, digestA), // leaves wallet 0's address in the precompile's output word
        secp256k1Entry(digestA, wallets[0]!.address, garbage),
        secp256k1Entry(digestA, ZeroAddress, garbage),
      ]);
      expect(await verifier.verifySecp256k1(entries)).to.deep.equal([0b1n]);
    });

    it("spreads the bitmap over as many words as the batch needs", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const valid = k1Entry(3, digestA);
      const invalid = secp256k1Entry(
        digestA,
        wallets[4]!.address,
        compactOf(signDigest(wallets[3]!, digestA)),
      );
      const bad = new Set([0, 255, 256, 299]);
      const entries = packed(Array.from({ length: 300 }, (_, i) => (bad.has(i) ? invalid : valid)));
      const bitmap = await verifier.verifySecp256k1(entries);
      expect(bitmap).to.have.length(2);
      for (let i = 0; i < 300; i++) expect(bitAt(bitmap, i), `entry ${i}`).to.equal(!bad.has(i));
      await expect(verifier.requireSecp256k1(entries))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(0);
    });

    it("reports the first invalid entry past the first bitmap word", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const valid = k1Entry(3, digestA);
      const invalid = secp256k1Entry(
        digestB,
        wallets[3]!.address,
        compactOf(signDigest(wallets[3]!, digestA)),
      );
      const entries = packed(Array.from({ length: 270 }, (_, i) => (i === 263 ? invalid : valid)));
      await expect(verifier.requireSecp256k1(entries))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(263);
    });

    it("answers an empty batch with an empty bitmap", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      expect(await verifier.verifySecp256k1("0x")).to.deep.equal([]);
      expect(await verifier.requireSecp256k1("0x")).to.equal(0n);
    });

    it("refuses a blob that is not a whole number of 116-byte entries", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const entries = concat([k1Entry(0, digestA), "0x00"]);
      await expect(verifier.verifySecp256k1(entries))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierMalformedBatch")
        .withArgs(117, 116);
    });
  });

  describe("generic shape, P-256", function () {
    it("marks every valid entry through the EIP-7951 precompile", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const entries = packed([p256GenericEntry(0, digestA), p256GenericEntry(1, digestB)]);
      expect(await verifier.verifyP256(entries)).to.deep.equal([0b11n]);
      expect(await verifier.requireP256(entries)).to.equal(2n);
    });

    it("accepts a high s, as plain ECDSA and EIP-7951 do", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const key = keys[0]!;
      const { r, s } = p256Sign(key, digestA);
      const entries = packed([
        p256Entry(digestA, r, s, key.qx, key.qy),
        p256Entry(digestA, r, P256_N - s, key.qx, key.qy),
      ]);
      expect(await verifier.verifyP256(entries)).to.deep.equal([0b11n]);
    });

    it("refuses a wrong key, a wrong digest and a key off the curve", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const key = keys[0]!;
      const other = keys[1]!;
      const { r, s } = p256Sign(key, digestA);
      const entries = packed([
        p256Entry(digestA, r, s, other.qx, other.qy),
        p256Entry(digestB, r, s, key.qx, key.qy),
        p256Entry(digestA, r, s, key.qx, key.qy + 1n),
        p256Entry(digestA, r, s, key.qx, key.qy),
      ]);
      expect(await verifier.verifyP256(entries)).to.deep.equal([0b1000n]);
      await expect(verifier.requireP256(entries))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(0);
    });

    it("refuses a blob that is not a whole number of 160-byte entries", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      await expect(verifier.verifyP256(concat([p256GenericEntry(0, digestA), "0x0000"])))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierMalformedBatch")
        .withArgs(162, 160);
    });
  });

  describe("quorum shape, secp256k1", function () {
    const signerList = packSigners(wallets.slice(0, 8).map((w) => w.address));

    it("maps signatures in list order onto the signer bitmap", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const [signed, invalid, duplicates] = await verifier.verifySecp256k1Quorum(
        digestA,
        signerList,
        k1Quorum([1, 3, 4, 7], digestA),
      );
      expect(setBits(signed)).to.deep.equal([1, 3, 4, 7]);
      expect(invalid).to.equal(0n);
      expect(duplicates).to.equal(0n);
    });

    it("accepts signatures in any order", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const [signed, invalid, duplicates] = await verifier.verifySecp256k1Quorum(
        digestA,
        signerList,
        k1Quorum([7, 0, 5, 2, 6], digestA),
      );
      expect(setBits(signed)).to.deep.equal([0, 2, 5, 6, 7]);
      expect([invalid, duplicates]).to.deep.equal([0n, 0n]);
    });

    it("flags a second signature by the same signer as a duplicate, counting it once", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const [signed, invalid, duplicates] = await verifier.verifySecp256k1Quorum(
        digestA,
        signerList,
        k1Quorum([2, 5, 2], digestA),
      );
      expect(setBits(signed)).to.deep.equal([2, 5]);
      expect(invalid).to.equal(0n);
      expect(setBits(duplicates)).to.deep.equal([2]);
      await expect(
        verifier.requireSecp256k1Quorum(digestA, signerList, k1Quorum([2, 5, 2], digestA), 2),
      )
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierDuplicateSigner")
        .withArgs(2);
    });

    it("flags signatures by non-listed signers, over another digest, high-s or malformed as invalid", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const signatures = packed([
        compactOf(signDigest(wallets[0]!, digestA)),
        compactOf(signDigest(wallets[10]!, digestA)), // not in the list
        compactOf(signDigest(wallets[1]!, digestB)), // other digest
        signatureWithS(digestA, SECP256K1_HALF_N + 1n).compact, // high s (and not a listed key)
        compactSignature(0n, 1n, 0), // malformed
        compactOf(signDigest(wallets[3]!, digestA)),
      ]);
      const [signed, invalid, duplicates] = await verifier.verifySecp256k1Quorum(
        digestA,
        signerList,
        signatures,
      );
      expect(setBits(signed)).to.deep.equal([0, 3]);
      expect(setBits(invalid)).to.deep.equal([1, 2, 3, 4]);
      expect(duplicates).to.equal(0n);
      await expect(verifier.requireSecp256k1Quorum(digestA, signerList, signatures, 1))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(1);
    });

    it("refuses a listed signer's high-s signature and counts its low-s twin", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const high = signatureWithS(digestA, SECP256K1_HALF_N + 1n);
      const list = packSigners([wallets[0]!.address, high.signer]);
      const [signed, invalid] = await verifier.verifySecp256k1Quorum(
        digestA,
        list,
        packed([high.compact, high.twin]),
      );
      expect(setBits(signed)).to.deep.equal([1]);
      expect(setBits(invalid)).to.deep.equal([0]);
    });

    it("requires the threshold in the require variant", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const signatures = k1Quorum([4, 6], digestA);
      expect(await verifier.requireSecp256k1Quorum(digestA, signerList, signatures, 2)).to.equal(
        (1n << 4n) | (1n << 6n),
      );
      await expect(verifier.requireSecp256k1Quorum(digestA, signerList, signatures, 3))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierQuorumNotMet")
        .withArgs(2, 3);
    });

    it("handles a full list of 256 signers, all signing, in order and reversed", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const many = secp256k1Wallets(256, "quorum-256");
      const list = packSigners(many.map((w) => w.address));
      const sigs = many.map((w) => compactOf(signDigest(w, digestA)));
      const all = (1n << 256n) - 1n;
      expect(await verifier.requireSecp256k1Quorum(digestA, list, packed(sigs), 256)).to.equal(all);
      expect(
        await verifier.requireSecp256k1Quorum(digestA, list, packed([...sigs].reverse()), 256),
      ).to.equal(all);
    });

    it("refuses more than 256 signers or signatures", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const list = packSigners(secp256k1Wallets(257, "too-many").map((w) => w.address));
      await expect(verifier.verifySecp256k1Quorum(digestA, list, "0x"))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierBatchTooLarge")
        .withArgs(257, 256);
      const sigs = packed(Array.from({ length: 257 }, () => compactSignature(1n, 1n, 0)));
      await expect(verifier.verifySecp256k1Quorum(digestA, signerList, sigs))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierBatchTooLarge")
        .withArgs(257, 256);
    });

    it("refuses a signer list that is not a whole number of addresses", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      await expect(verifier.verifySecp256k1Quorum(digestA, concat([signerList, "0x01"]), "0x"))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierMalformedBatch")
        .withArgs(161, 20);
    });

    it("finds no one in an empty signer list", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const [signed, invalid] = await verifier.verifySecp256k1Quorum(
        digestA,
        "0x",
        k1Quorum([0], digestA),
      );
      expect([signed, invalid]).to.deep.equal([0n, 1n]);
    });
  });

  describe("quorum shape, P-256", function () {
    const keyList = packP256Keys(keys.slice(0, 5));

    it("maps signatures onto the key bitmap by their key index", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const [signed, invalid, duplicates] = await verifier.verifyP256Quorum(
        digestA,
        keyList,
        p256QuorumEntries([4, 0, 2], digestA),
      );
      expect(setBits(signed)).to.deep.equal([0, 2, 4]);
      expect([invalid, duplicates]).to.deep.equal([0n, 0n]);
      expect(
        await verifier.requireP256Quorum(
          digestA,
          keyList,
          p256QuorumEntries([4, 0, 2], digestA),
          3,
        ),
      ).to.equal(0b10101n);
    });

    it("flags a wrong key index, an out-of-range index and duplicates", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const { r, s } = p256Sign(keys[1]!, digestA);
      const signatures = packed([
        p256QuorumSignature(1, r, s),
        p256QuorumSignature(3, r, s), // key 1's signature named as key 3's
        p256QuorumSignature(5, r, s), // no key 5 in a list of five
        p256QuorumSignature(1, r, s), // key 1 again
      ]);
      const [signed, invalid, duplicates] = await verifier.verifyP256Quorum(
        digestA,
        keyList,
        signatures,
      );
      expect(setBits(signed)).to.deep.equal([1]);
      expect(setBits(invalid)).to.deep.equal([1, 2]);
      expect(setBits(duplicates)).to.deep.equal([3]);
    });

    it("requires every signature valid, distinct, and the threshold", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      await expect(
        verifier.requireP256Quorum(digestA, keyList, p256QuorumEntries([1, 1], digestA), 1),
      )
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierDuplicateSigner")
        .withArgs(1);
      await expect(
        verifier.requireP256Quorum(digestA, keyList, p256QuorumEntries([1, 2], digestA), 3),
      )
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierQuorumNotMet")
        .withArgs(2, 3);
      await expect(
        verifier.requireP256Quorum(digestB, keyList, p256QuorumEntries([1, 2], digestA), 1),
      )
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierInvalidEntry")
        .withArgs(0);
    });

    it("refuses a key list that is not a whole number of 64-byte keys", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      await expect(verifier.verifyP256Quorum(digestA, concat([keyList, "0x00"]), "0x"))
        .to.be.revertedWithCustomError(verifier, "SignatureBatchVerifierMalformedBatch")
        .withArgs(321, 64);
    });
  });

  describe("starved of gas", function () {
    /** Smallest gas limit at which the call answers, by bisection. */
    async function minimumGas(data: string): Promise<number> {
      let low = 21_000;
      let high = 2_000_000;
      while (high - low > 1) {
        const mid = Math.floor((low + high) / 2);
        const ok = await ethers.provider
          .call({ to: SIGNATURE_BATCH_VERIFIER_ADDRESS, data, gasLimit: mid })
          .then(() => true)
          .catch(() => false);
        if (ok) high = mid;
        else low = mid;
      }
      return high;
    }

    it("never answers 'invalid' for a valid secp256k1 signature, at any gas limit", async function () {
      const { verifier } = await networkHelpers.loadFixture(acceleratorFixture);
      const generic = verifier.interface.encodeFunctionData("verifySecp256k1", [
        packed([k1Entry(0, digestA), k1Entry(1, digestB)]),
      ]);
      const signerList = packSigners(wallets.slice(0, 3).map((w) => w.address));
      const quorum = verifier.interface.encodeFunctionData("verifySecp256k1Quorum", [
        digestA,
        signerList,
        k1Quorum([0, 2, 1], digestA),
      ]);
      for (const [name, data, expected] of [
        ["generic", generic, [[3n]]],
        ["quorum", quorum, [0b111n, 0n, 0n]],
      ] as const) {
        const minimum = await minimumGas(data);
        // Sweep the window in which the last ecrecover call runs short of its 3,000 gas.
        let answered = 0;
        for (let gasLimit = minimum - 3_300; gasLimit < minimum + 40; gasLimit += 3) {
          const result = await ethers.provider
            .call({ to: SIGNATURE_BATCH_VERIFIER_ADDRESS, data, gasLimit })
            .catch(() => undefined);
          if (result === undefined) continue;
          answered += 1;
          const decoded =
            name === "generic"
              ? verifier.interface.decodeFunctionResult("verifySecp256k1", result)
              : verifier.interface.decodeFunctionResult("verifySecp256k1Quorum", result);
          expect(decoded.toArray(true), `${name} at gas ${gasLimit}`).to.deep.equal(expected);
        }
        expect(answered, name).to.be.greaterThan(0);
      }
    });
  });

  describe("statelessness", function () {
    it("declares no storage and no immutables, so copied runtime code behaves as the original", async function () {
      const layout = await readStorageLayout("SignatureBatchVerifier");
      expect(layout.storage).to.deep.equal([]);
      const artifact = await artifacts.readArtifact("SignatureBatchVerifier");
      expect(artifact.immutableReferences ?? {}).to.deep.equal({});
    });
  });
});

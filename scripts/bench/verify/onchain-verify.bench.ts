/**
 * Gas per verified signature in the on-chain accelerator, all-in: the receipt's gasUsed of a
 * real transaction (21,000 base, calldata, the call to the fixed address and the verification)
 * divided by the number of signatures. secp256k1 and P-256, batch sizes 1, 10 and 100, in the
 * quorum shape (one digest, a stored signer list, membership check included) and the generic
 * shape (each entry its own digest, signature and signer).
 *
 * Transactions go to `SignatureBatchConsumer`, a thin contract that calls the shim at its
 * fixed address the way the customs oracle does. Baseline (same process): a bare
 * inline-assembly ecrecover loop over the same compact signatures, no low-s check, no
 * membership check (`EcrecoverLoopBaseline`). The BLS12-381 lines (the stretch: one aggregate
 * signature by n stored keys, EIP-2537) are compared with the same baseline.
 *
 * Run: npx hardhat run scripts/bench/verify/onchain-verify.bench.ts
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { getBytes, id, type ContractTransactionResponse } from "ethers";
import { artifacts, network } from "hardhat";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../../deploy/acceleratorAddress.ts";
import { installAcceleratorAt } from "../../../deploy/installAccelerator.ts";
import { blsKeys, g1Point, g2Point, POP_DST } from "../../../test/accelerator/helpers/bls.ts";
import {
  p256Keys,
  p256Sign,
  secp256k1Wallets,
  signDigest,
} from "../../../test/accelerator/helpers/keys.ts";
import {
  compactOf,
  p256Entry,
  p256QuorumSignature,
  packed,
  packP256Keys,
  packSigners,
  secp256k1Entry,
} from "../../../test/accelerator/helpers/signatureBatch.ts";
import type {
  EcrecoverLoopBaseline,
  SignatureBatchConsumer,
  SignatureBatchVerifier,
} from "../../../types/ethers-contracts/index.js";

const BENCH = "onchain-verify";
const BATCH_SIZES = [1, 10, 100] as const;

const { ethers, provider } = await network.create();

function line(metric: string, value: number, unit: string, baseline?: number): void {
  const record: Record<string, string | number> = { bench: BENCH, metric, value, unit };
  if (baseline !== undefined) {
    record.baseline = baseline;
    record.ratio = Number((value / baseline).toFixed(4));
  }
  console.log(JSON.stringify(record));
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("benchmark transaction failed");
  return Number(receipt.gasUsed);
}

const shim = await artifacts.readArtifact("SignatureBatchVerifier");
await installAcceleratorAt(provider, shim.deployedBytecode);
const baseline = (await ethers.deployContract(
  "EcrecoverLoopBaseline",
)) as unknown as EcrecoverLoopBaseline;
const shimAtFixedAddress = (await ethers.getContractAt(
  "SignatureBatchVerifier",
  SIGNATURE_BATCH_VERIFIER_ADDRESS,
)) as unknown as SignatureBatchVerifier;

for (const n of BATCH_SIZES) {
  const wallets = secp256k1Wallets(n, `bench-${n}`);
  const keys = p256Keys(n, `bench-${n}`);
  const bls = blsKeys(n, `bench-${n}`);
  const consumer = (await ethers.deployContract("SignatureBatchConsumer", [
    packSigners(wallets.map((w) => w.address)),
    packP256Keys(keys),
    packed(bls.map((k) => g1Point(k.publicKey))),
  ])) as unknown as SignatureBatchConsumer;
  const digest = id(`bench digest ${n}`);

  // secp256k1, quorum shape: n signatures over one digest, in signer-list order (the order
  // committees sign in); the reverse order shows the cost of the full-scan path.
  const compact = wallets.map((w) => compactOf(signDigest(w, digest)));
  const signatures = packed(compact);
  const bare = (await gasOf(baseline.recoverAll.send(digest, signatures))) / n;
  line(`secp256k1.baselineBareLoop.batch${n}`, bare, "gas/signature");
  const quorum = (await gasOf(consumer.checkSecp256k1Quorum.send(digest, signatures, n))) / n;
  line(`secp256k1.quorum.batch${n}`, quorum, "gas/signature", bare);
  const reversed = packed([...compact].reverse());
  const quorumReversed = (await gasOf(consumer.checkSecp256k1Quorum.send(digest, reversed, n))) / n;
  line(`secp256k1.quorumReverseOrder.batch${n}`, quorumReversed, "gas/signature", bare);

  // secp256k1, generic shape: each entry its own digest and signer.
  const entries = packed(
    wallets.map((w, i) => {
      const d = id(`bench entry ${n}/${i}`);
      return secp256k1Entry(d, w.address, compactOf(signDigest(w, d)));
    }),
  );
  const generic = (await gasOf(consumer.checkSecp256k1.send(entries))) / n;
  line(`secp256k1.generic.batch${n}`, generic, "gas/signature", bare);
  // The same batch sent straight to the shim at its fixed address (no consumer contract).
  const direct = (await gasOf(shimAtFixedAddress.requireSecp256k1.send(entries))) / n;
  line(`secp256k1.genericDirectToShim.batch${n}`, direct, "gas/signature", bare);

  // P-256, quorum shape (signatures name their key by index) and generic shape.
  const p256Quorum = packed(
    keys.map((k, i) => {
      const { r, s } = p256Sign(k, digest);
      return p256QuorumSignature(i, r, s);
    }),
  );
  const p256QuorumGas = (await gasOf(consumer.checkP256Quorum.send(digest, p256Quorum, n))) / n;
  line(`p256.quorum.batch${n}`, p256QuorumGas, "gas/signature");
  const p256Entries = packed(
    keys.map((k, i) => {
      const d = id(`bench p256 entry ${n}/${i}`);
      const { r, s } = p256Sign(k, d);
      return p256Entry(d, r, s, k.qx, k.qy);
    }),
  );
  const p256Generic = (await gasOf(consumer.checkP256.send(p256Entries))) / n;
  line(`p256.generic.batch${n}`, p256Generic, "gas/signature");

  // BLS12-381 (stretch): one aggregate signature by all n stored keys over the digest.
  const hashed = bls12_381.longSignatures.hash(getBytes(digest), POP_DST);
  const aggregateSignature = g2Point(
    bls12_381.longSignatures.aggregateSignatures(
      bls.map((k) => bls12_381.longSignatures.sign(hashed, k.secretKey)),
    ),
  );
  const everyone = (1n << BigInt(n)) - 1n;
  const blsGas = await gasOf(consumer.checkBls12381.send(digest, everyone, aggregateSignature));
  line(`bls12381.aggregate.batch${n}`, blsGas / n, "gas/signature", bare);
  line(`bls12381.aggregate.batch${n}.perTransaction`, blsGas, "gas");
}

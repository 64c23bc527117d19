/**
 * Off-chain signature checks per second, as the oracle daemons run them:
 * - secp256k1 recover-to-address (`recoverAddresses`) over 20,000 signatures by a 32-key
 *   committee, on the accelerator with every core, with one worker thread, and with ethers'
 *   `recoverAddress` (one call per signature on the main thread) as the baseline;
 * - plain secp256k1 `verifyBatch` on every core;
 * - P-256 `verifyBatch` on every core and on one worker thread.
 *
 * Every rate is the median of three timed runs after one warm-up run (which also starts the
 * workers). Every answer is checked against the signer, so a fast wrong answer fails the run.
 * Needs no Hardhat network: `npx hardhat run scripts/bench/verify/offchain-verify.bench.ts`.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";

import { p256 } from "@noble/curves/nist.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hexlify, recoverAddress } from "ethers";
import secp256k1 from "secp256k1";

import {
  type Accelerator,
  createAccelerator,
  type RecoverItem,
  type VerifyItem,
} from "../../../oracle/accelerator/index.ts";

const RECOVER_SIGNATURES = 20_000;
const BASELINE_SIGNATURES = 1_500;
const P256_SIGNATURES = 5_000;
const COMMITTEE = 32;
const TIMED_RUNS = 3;

interface Line {
  metric: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  threads?: number;
}

function print(line: Line): void {
  console.log(JSON.stringify({ bench: "verify-offchain", ...line }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Items per second of `work` over `count` items: median of TIMED_RUNS after one warm-up. */
async function rate(count: number, work: () => Promise<void>): Promise<number> {
  await work();
  const rates: number[] = [];
  for (let run = 0; run < TIMED_RUNS; run++) {
    const started = performance.now();
    await work();
    rates.push((count * 1000) / (performance.now() - started));
  }
  return Math.round(median(rates));
}

function fail(message: string): never {
  throw new Error(`offchain-verify bench: ${message}`);
}

function addressOf(uncompressed: Uint8Array): string {
  return `0x${Buffer.from(keccak_256(uncompressed.subarray(1)).subarray(12)).toString("hex")}`;
}

// --- secp256k1 material: a committee signing random digests, 65-byte r ‖ s ‖ v ---------------
const committee = Array.from({ length: COMMITTEE }, () => {
  let secretKey: Uint8Array;
  do secretKey = randomBytes(32);
  while (!secp256k1.privateKeyVerify(secretKey));
  return { secretKey, address: addressOf(secp256k1.publicKeyCreate(secretKey, false)) };
});
const expectedSigners: string[] = [];
const recoverItems: RecoverItem[] = [];
const verifyK1Items: VerifyItem[] = [];
for (let i = 0; i < RECOVER_SIGNATURES; i++) {
  const member = committee[i % COMMITTEE]!;
  const digest = Uint8Array.from(randomBytes(32));
  const { signature, recid } = secp256k1.ecdsaSign(digest, member.secretKey); // low-s
  recoverItems.push({ digest, signature: new Uint8Array([...signature, 27 + recid]) });
  verifyK1Items.push({
    scheme: "secp256k1",
    digest,
    signature,
    publicKey: secp256k1.publicKeyCreate(member.secretKey, true),
  });
  expectedSigners.push(member.address);
}

// --- P-256 material ------------------------------------------------------------------------
const p256Keys = Array.from({ length: COMMITTEE }, () => {
  const secretKey = p256.utils.randomSecretKey();
  return { secretKey, publicKey: p256.getPublicKey(secretKey, false) };
});
const p256Items: VerifyItem[] = Array.from({ length: P256_SIGNATURES }, (_, i) => {
  const key = p256Keys[i % COMMITTEE]!;
  const digest = Uint8Array.from(randomBytes(32));
  const signature = p256.sign(digest, key.secretKey, { prehash: false });
  return { scheme: "p256", digest, signature, publicKey: key.publicKey };
});

async function recoverAll(accelerator: Accelerator): Promise<void> {
  const addresses = await accelerator.recoverAddresses(recoverItems);
  for (let i = 0; i < addresses.length; i++) {
    if (addresses[i] !== expectedSigners[i])
      fail(`item ${String(i)} recovered ${String(addresses[i])}`);
  }
}

async function verifyAll(accelerator: Accelerator, items: VerifyItem[]): Promise<void> {
  const verdicts = await accelerator.verifyBatch(items);
  const refused = verdicts.indexOf(false);
  if (refused !== -1) fail(`item ${String(refused)} of a valid batch was refused`);
}

// --- baseline: ethers, one recoverAddress per signature (hex in, as a daemon holds them) -----
const baselineInputs = recoverItems
  .slice(0, BASELINE_SIGNATURES)
  .map(({ digest, signature }) => ({ digest: hexlify(digest), signature: hexlify(signature) }));
const baseline = await rate(BASELINE_SIGNATURES, async () => {
  for (let i = 0; i < BASELINE_SIGNATURES; i++) {
    const recovered = recoverAddress(baselineInputs[i]!.digest, baselineInputs[i]!.signature);
    if (recovered.toLowerCase() !== expectedSigners[i]) fail(`ethers recovered ${recovered}`);
  }
});

const allCores = createAccelerator();
const oneCore = createAccelerator({ threads: 1 });
try {
  const threads = allCores.threads;
  const allCoresRecover = await rate(RECOVER_SIGNATURES, () => recoverAll(allCores));
  const oneCoreRecover = await rate(RECOVER_SIGNATURES, () => recoverAll(oneCore));
  const allCoresVerify = await rate(RECOVER_SIGNATURES, () => verifyAll(allCores, verifyK1Items));
  const allCoresP256 = await rate(P256_SIGNATURES, () => verifyAll(allCores, p256Items));
  const oneCoreP256 = await rate(P256_SIGNATURES, () => verifyAll(oneCore, p256Items));

  const unit = "verifications/s";
  const ratio = (value: number) => Math.round((value / baseline) * 10) / 10;
  print({
    metric: "secp256k1-recover-all-cores",
    value: allCoresRecover,
    unit,
    baseline,
    ratio: ratio(allCoresRecover),
    threads,
  });
  print({
    metric: "secp256k1-recover-one-core",
    value: oneCoreRecover,
    unit,
    baseline,
    ratio: ratio(oneCoreRecover),
    threads: 1,
  });
  print({ metric: "secp256k1-recover-ethers-baseline", value: baseline, unit, threads: 1 });
  print({ metric: "secp256k1-verify-all-cores", value: allCoresVerify, unit, threads });
  print({ metric: "p256-verify-all-cores", value: allCoresP256, unit, threads });
  print({ metric: "p256-verify-one-core", value: oneCoreP256, unit, threads: 1 });
  if (os.availableParallelism() !== threads)
    fail("the all-cores accelerator does not use every core");
} finally {
  await Promise.all([allCores.close(), oneCore.close()]);
}

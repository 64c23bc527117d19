/**
 * Off-chain signature checks per second, as the oracle daemons run them:
 * - secp256k1 recover-to-address (`recoverAddresses`) over 20,000 signatures by a 32-key
 *   committee, on the verifier with every core, with one worker thread, and with ethers'
 *   `recoverAddress` (one call per signature on the main thread) as the baseline;
 * - plain secp256k1 `verifyBatch` on every core;
 * - P-256 `verifyBatch` on every core and on one worker thread.
 *
 * Measurements that are compared run in interleaved rounds (one warm-up round, which also
 * starts the workers, then five timed ones) and each rate is the median of its rounds. Every
 * answer is checked against the signer, so a fast wrong answer fails the run.
 * Needs no Hardhat network: `npx hardhat run scripts/bench/verify/offchain-verify.bench.ts`.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";

import { p256 } from "@noble/curves/nist.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { hexlify, recoverAddress } from "ethers";
import secp256k1 from "secp256k1";

import {
  type SignatureVerifier,
  createSignatureVerifier,
  type RecoverItem,
  type VerifyItem,
} from "../../../oracle/verifier/index.ts";

const RECOVER_SIGNATURES = 20_000;
const BASELINE_SIGNATURES = 1_000;
const P256_SIGNATURES = 5_000;
const COMMITTEE = 32;
const ROUNDS = 5;

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

/** Items per second of one run of `work` over `count` items. */
async function sample(count: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return (count * 1000) / (performance.now() - started);
}

/**
 * Median rates of several measurements taken in interleaved rounds (one warm-up round first),
 * so that each sees the same background load: the machine is shared, and a baseline timed a
 * minute before its comparison would make the ratio meaningless.
 */
async function interleavedRates(
  measurements: Record<string, { count: number; work: () => Promise<void> }>,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = {};
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, { count, work }] of Object.entries(measurements)) {
      const value = await sample(count, work);
      if (round > 0) (samples[name] ??= []).push(value);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]),
  );
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

async function recoverAll(verifier: SignatureVerifier): Promise<void> {
  const addresses = await verifier.recoverAddresses(recoverItems);
  for (let i = 0; i < addresses.length; i++) {
    if (addresses[i] !== expectedSigners[i])
      fail(`item ${String(i)} recovered ${String(addresses[i])}`);
  }
}

async function verifyAll(verifier: SignatureVerifier, items: VerifyItem[]): Promise<void> {
  const verdicts = await verifier.verifyBatch(items);
  const refused = verdicts.indexOf(false);
  if (refused !== -1) fail(`item ${String(refused)} of a valid batch was refused`);
}

// --- baseline: ethers, one recoverAddress per signature (hex in, as a daemon holds them) -----
const baselineInputs = recoverItems
  .slice(0, BASELINE_SIGNATURES)
  .map(({ digest, signature }) => ({ digest: hexlify(digest), signature: hexlify(signature) }));
async function ethersRecoverAll(): Promise<void> {
  for (let i = 0; i < BASELINE_SIGNATURES; i++) {
    const recovered = recoverAddress(baselineInputs[i]!.digest, baselineInputs[i]!.signature);
    if (recovered.toLowerCase() !== expectedSigners[i]) fail(`ethers recovered ${recovered}`);
  }
}

const allCores = createSignatureVerifier();
const oneCore = createSignatureVerifier({ threads: 1 });
try {
  const threads = allCores.threads;
  const recover = await interleavedRates({
    baseline: { count: BASELINE_SIGNATURES, work: ethersRecoverAll },
    allCores: { count: RECOVER_SIGNATURES, work: () => recoverAll(allCores) },
    oneCore: { count: RECOVER_SIGNATURES, work: () => recoverAll(oneCore) },
  });
  const others = await interleavedRates({
    verifyAllCores: { count: RECOVER_SIGNATURES, work: () => verifyAll(allCores, verifyK1Items) },
    p256AllCores: { count: P256_SIGNATURES, work: () => verifyAll(allCores, p256Items) },
    p256OneCore: { count: P256_SIGNATURES, work: () => verifyAll(oneCore, p256Items) },
  });
  const baseline = recover.baseline!;
  const allCoresRecover = recover.allCores!;
  const oneCoreRecover = recover.oneCore!;
  const allCoresVerify = others.verifyAllCores!;
  const allCoresP256 = others.p256AllCores!;
  const oneCoreP256 = others.p256OneCore!;

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
  if (os.availableParallelism() !== threads) fail("the all-cores verifier does not use every core");
} finally {
  await Promise.all([allCores.close(), oneCore.close()]);
}

import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { expect } from "chai";

import {
  type SignatureVerifier,
  createSignatureVerifier,
  type RecoverItem,
  type VerifyItem,
} from "../../../oracle/verifier/index.ts";
import { ethereumSigned, randomWallet } from "./helpers/ethereum.ts";
import { flipped, signedItem } from "./helpers/signatures.ts";

const indexUrl = pathToFileURL(
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../oracle/verifier/index.ts"),
).href;

/** Whether item i of a large test batch is spoiled: an irregular pattern, so no chunk is uniform. */
function spoiled(i: number): boolean {
  return (i * 7919) % 13 < 5;
}

describe("verifier worker pool", function () {
  // Mixed schemes: 1 in 25 items is P-256.
  const base: VerifyItem[] = Array.from({ length: 100 }, (_, i) =>
    signedItem(i % 25 === 0 ? "p256" : "secp256k1", i % 2 === 0),
  );
  const wallets = Array.from({ length: 10 }, randomWallet);
  const signed = Array.from({ length: 50 }, (_, i) => ethereumSigned(wallets[i % 10]!));

  let verifier: SignatureVerifier;
  beforeEach(function () {
    verifier = createSignatureVerifier({ threads: 2 });
  });
  afterEach(async function () {
    await verifier.close();
  });

  it("keeps every verdict in its item's place across chunks and workers (3,000 items)", async function () {
    const items = Array.from({ length: 3_000 }, (_, i) => {
      const item = base[i % base.length]!;
      return spoiled(i) ? flipped(item, "digest", i % 32) : item;
    });
    const verdicts = await verifier.verifyBatch(items);
    expect(verdicts).to.deep.equal(items.map((_, i) => !spoiled(i)));
    expect(verifier.liveWorkers).to.equal(2);
  });

  it("keeps every recovered address in its item's place (2,000 items)", async function () {
    const items: RecoverItem[] = Array.from({ length: 2_000 }, (_, i) => {
      const item = signed[i % signed.length]!;
      return spoiled(i) ? { digest: item.digest, signature: item.signature.subarray(0, 63) } : item;
    });
    const addresses = await verifier.recoverAddresses(items);
    expect(addresses).to.deep.equal(
      items.map((_, i) => (spoiled(i) ? null : signed[i % signed.length]!.signer)),
    );
  });

  it("runs concurrent batches without mixing their results", async function () {
    const first = Array.from({ length: 500 }, (_, i) => base[i % base.length]!);
    const second = first.map((item) => flipped(item, "signature", 10));
    const [a, b] = await Promise.all([verifier.verifyBatch(first), verifier.verifyBatch(second)]);
    expect(a).to.deep.equal(Array(500).fill(true));
    expect(b).to.deep.equal(Array(500).fill(false));
  });

  it("starts no worker for a batch below the inline threshold", async function () {
    const small = base.slice(1, 6);
    expect(await verifier.verifyBatch(small)).to.deep.equal(Array(5).fill(true));
    expect(verifier.liveWorkers).to.equal(0);
  });

  it("gives the same verdicts on a one-thread pool", async function () {
    const single = createSignatureVerifier({ threads: 1, inlineThreshold: 0 });
    try {
      const items = base.map((item, i) => (spoiled(i) ? flipped(item, "publicKey", 20) : item));
      expect(await single.verifyBatch(items)).to.deep.equal(items.map((_, i) => !spoiled(i)));
      expect(single.liveWorkers).to.equal(1);
    } finally {
      await single.close();
    }
  });

  it("close() ends its workers and later batches are refused", async function () {
    await verifier.verifyBatch(Array.from({ length: 400 }, (_, i) => base[i % base.length]!));
    expect(verifier.liveWorkers).to.equal(2);
    await verifier.close();
    expect(verifier.liveWorkers).to.equal(0);
    const outcome: unknown = await verifier.verifyBatch(base).then(
      () => "resolved",
      (error: unknown) => error,
    );
    expect(outcome).to.be.instanceOf(Error);
    expect((outcome as Error).message).to.equal("the verifier is closed");
  });

  it("close() rejects a batch still in flight", async function () {
    const outcome = verifier
      .verifyBatch(Array.from({ length: 2_000 }, (_, i) => base[i % base.length]!))
      .then(
        () => "resolved",
        (error: unknown) => error,
      );
    await verifier.close();
    expect(await outcome).to.be.instanceOf(Error);
    expect(((await outcome) as Error).message).to.match(/closed/);
  });

  it("lets the process exit while the shared verifier's workers are idle", function () {
    // A child process uses the module-level functions and never closes anything: it must
    // still exit by itself once its work is done.
    const script = `
      import { recoverAddresses, verifyBatch } from ${JSON.stringify(indexUrl)};
      const digest = new Uint8Array(32).fill(7);
      const signature = new Uint8Array(65);
      const answers = await recoverAddresses(Array.from({ length: 500 }, () => ({ digest, signature })));
      const verdicts = await verifyBatch([]);
      console.log(answers.length, answers.every((a) => a === null), verdicts.length);
    `;
    const dir = mkdtempSync(path.join(tmpdir(), "caravel-verifier-"));
    const file = path.join(dir, "shared-verifier.mjs");
    writeFileSync(file, script);
    let child: SpawnSyncReturns<string>;
    try {
      child = spawnSync(process.execPath, [file], { encoding: "utf8", timeout: 30_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(child.signal, "the child had to be killed: workers kept it alive").to.equal(null);
    expect(child.stderr).to.equal("");
    expect(child.stdout.trim()).to.equal("500 true 0");
    expect(child.status).to.equal(0);
  });
});

/**
 * The report submitter and the chain watcher together, against Hardhat's in-process chain served
 * over JSON-RPC, with every request the node makes counted by method.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { network } from "hardhat";
import { createPublicClient, createTestClient, http, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { createChainClients } from "../../../oracle/chain/clients.ts";
import { reportDigest, type CustomsReport } from "../../../oracle/chain/report.ts";
import { signDigest } from "../../../oracle/chain/signing.ts";
import { ReportSubmitter, TRANSACTION_GAS_CAP } from "../../../oracle/chain/submitter.ts";
import { ChainWatcher } from "../../../oracle/chain/watcher.ts";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import { DEV_ORACLE_FIRST_INDEX, deployOracle, devKey } from "../../../oracle/cli/deployOracle.ts";
import { Secret } from "../../../oracle/config/secrets.ts";
import { Committee } from "../../../oracle/consensus/committee.ts";
import { eventKey, toOnChainEvent } from "../../../oracle/events/customsEvent.ts";
import { createNodeMetrics } from "../../../oracle/observability/nodeMetrics.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import { ChainWatchLog } from "../../../oracle/store/chainWatch.ts";
import { openDatabase } from "../../../oracle/store/database.ts";
import { CustomsEventInbox } from "../../../oracle/queue/inbox.ts";
import { Outbox } from "../../../oracle/queue/outbox.ts";
import { SignatureStore } from "../../../oracle/store/signatures.ts";
import { serveJsonRpc, type JsonRpcServer } from "../../../scripts/dev/jsonRpcServer.ts";
import { makeEvent } from "../daemons/helpers/committee.ts";

const KEYS = [0, 1, 2].map((i) => devKey(DEV_ORACLE_FIRST_INDEX + i));

describe("ReportSubmitter with the chain watcher", function () {
  this.timeout(120_000);
  let server: JsonRpcServer;
  let closeChain: () => Promise<void>;
  let dir: string;
  let db: DatabaseSync;
  const requests = new Map<string, number>();
  /** Runs on every request the chain receives (set by a test, cleared after it). */
  let onRequest: ((method: string) => void) | undefined;
  let oracle: Hex;
  let chainId: number;
  let startBlock: number;

  before(async function () {
    const connection = await network.create("hardhat");
    server = await serveJsonRpc(connection.provider, {
      onRequest: (method) => {
        requests.set(method, (requests.get(method) ?? 0) + 1);
        onRequest?.(method);
      },
    });
    closeChain = async () => {
      await server.close();
      await connection.close();
    };
    const deployed = await deployOracle({
      rpcUrl: server.url,
      members: KEYS.map((k) => privateKeyToAddress(k)),
      threshold: 2,
    });
    oracle = deployed.oracle;
    chainId = deployed.chainId;
    startBlock = deployed.startBlock;
    dir = mkdtempSync(path.join(tmpdir(), "caravel-submitter-"));
    db = openDatabase(path.join(dir, "node.sqlite"));
  });

  after(async function () {
    db?.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    await closeChain?.();
  });

  function parts(
    options: {
      gasLimitMarginPercent?: number;
      stateReadIntervalMs?: number;
      /** Runs before every look-up in the watcher's index of mined report transactions. */
      onMinedLookup?: (txHash: Hex) => void;
    } = {},
  ) {
    const logger = createLogger({ level: "error", name: "test" });
    const metrics = createNodeMetrics(new MetricsRegistry());
    const signal = new AbortController().signal;
    const clients = createChainClients({
      rpcUrl: server.url,
      chainId,
      rpcTimeoutMs: 10_000,
      transmitterKey: new Secret(KEYS[0]!),
    });
    const inbox = new CustomsEventInbox(db);
    const outbox = new Outbox(db);
    const signatures = new SignatureStore(db);
    const retry = { retryBaseDelayMs: 10, retryMaxDelayMs: 100 };
    const watcher = new ChainWatcher({
      clients,
      oracleAddress: oracle,
      inbox,
      watchLog: new ChainWatchLog(db),
      knownReportKeys: (digest) => signatures.eventKeysOf(digest),
      startBlock: BigInt(startBlock),
      reorgWindowBlocks: 8,
      stateReadIntervalMs: options.stateReadIntervalMs ?? 60_000,
      ...retry,
      logger,
      metrics,
      signal,
    });
    const committee = new Committee(
      KEYS.map((k, i) => ({
        id: `node-${i + 1}`,
        address: privateKeyToAddress(k),
        url: `http://127.0.0.1:${9000 + i}`,
      })),
      2,
      60_000,
    );
    const submitter = new ReportSubmitter({
      clients,
      oracleAddress: oracle,
      outbox,
      signatures,
      committee,
      config: {
        confirmations: 1,
        stuckAfterMs: 60_000,
        feeBumpPercent: 15,
        maxFeePerGasWei: 10n ** 12n,
        gasLimitMarginPercent: options.gasLimitMarginPercent ?? 125,
        reorgWindowBlocks: 8,
        ...retry,
      },
      logger,
      metrics,
      signal,
      minedTransaction: (hash) => {
        options.onMinedLookup?.(hash);
        return watcher.appliedTransaction(hash);
      },
    });
    return { inbox, outbox, signatures, watcher, submitter };
  }

  /** Signs a report of `count` fresh events for `sequence` with two members and queues it. */
  async function queueReport(
    p: ReturnType<typeof parts>,
    sequence: bigint,
    first: number,
    count: number,
    shipment?: string,
  ): Promise<Hex> {
    const signed = await signReport(p, sequence, first, count, shipment);
    return signed.enqueue();
  }

  /** Signs a report of fresh events; `enqueue` (synchronous) puts it in the outbox. */
  async function signReport(
    p: ReturnType<typeof parts>,
    sequence: bigint,
    first: number,
    count: number,
    shipment?: string,
  ): Promise<{ enqueue: () => Hex }> {
    const events = Array.from({ length: count }, (_, i) => {
      const { raw, event } = makeEvent(first + i, shipment === undefined ? {} : { shipment });
      p.inbox.accept(raw, event);
      return toOnChainEvent(event);
    });
    const report: CustomsReport = { epoch: 1, sequence, events };
    const digest = reportDigest({ chainId, verifyingContract: oracle }, report);
    const signed = await Promise.all(
      KEYS.slice(0, 2).map((k) => signDigest(digest, new Secret(k))),
    );
    const eventKeys = events.map((e) => eventKey(e));
    return {
      enqueue: () => {
        p.signatures.saveReport(digest, report, eventKeys);
        p.outbox.enqueue({
          digest,
          epoch: 1,
          sequence,
          eventKeys,
          signatures: `0x${signed.map((s) => s.slice(2)).join("")}`,
          holdUntilMs: 0,
        });
        return digest;
      },
    };
  }

  it("learns from the watcher that its reports landed, without reading a single receipt", async function () {
    const p = parts();
    const first = await queueReport(p, 1n, 0, 20);
    const second = await queueReport(p, 2n, 100, 20);
    await p.submitter.tick(await p.watcher.poll());
    expect(p.outbox.get(first)?.status).to.equal("submitted");
    expect(p.outbox.get(second)?.status, "sent in the same pass, behind its predecessor").to.equal(
      "submitted",
    );
    requests.clear();
    // The next poll sees both transactions' logs; the pass after it settles them from there.
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    for (const digest of [first, second]) {
      const report = p.outbox.get(digest)!;
      expect(report.status).to.equal("confirmed");
      expect(p.watcher.appliedTransaction(report.txHash!)).to.deep.equal({
        blockNumber: report.blockNumber,
        blockHash: report.blockHash,
      });
    }
    expect(requests.get("eth_getTransactionReceipt") ?? 0).to.equal(0);
    expect(p.inbox.pendingCount()).to.equal(0);
  });

  it("sends a report queued while a pass is sending, in that same pass", async function () {
    const p = parts();
    const snapshot = await p.watcher.poll();
    const third = await queueReport(p, snapshot.lastSequence + 1n, 200, 10);
    const next = await signReport(p, snapshot.lastSequence + 2n, 300, 10);
    let fourth: Hex | undefined;
    // The leader queues the next report while the third one's transaction is on its way.
    onRequest = (method) => {
      if (method === "eth_sendRawTransaction" && fourth === undefined) fourth = next.enqueue();
    };
    try {
      await p.submitter.tick(snapshot);
    } finally {
      onRequest = undefined;
    }
    expect(fourth).to.not.equal(undefined);
    expect(p.outbox.get(third)?.status).to.equal("submitted");
    expect(p.outbox.get(fourth!)?.status).to.equal("submitted");
  });

  it("falls back to the receipt for a transaction the watcher has not seen", async function () {
    const p = parts();
    const snapshot = await p.watcher.poll();
    const digest = await queueReport(p, snapshot.lastSequence + 1n, 400, 5);
    await p.submitter.tick(snapshot);
    expect(p.outbox.get(digest)?.status).to.equal("submitted");
    requests.clear();
    // A snapshot read later than the transaction was sent, but the watcher not polled since:
    // the submitter cannot wait for the watcher and reads the receipt.
    await p.submitter.tick({
      ...snapshot,
      headReadAtMs: Date.now() + 1,
      headBlock: snapshot.headBlock + 1n,
    });
    expect(requests.get("eth_getTransactionReceipt") ?? 0).to.be.greaterThan(0);
    expect(p.outbox.get(digest)?.status).to.be.oneOf(["included", "confirmed"]);
  });

  it("sends a report behind its own predecessor in flight without estimating it", async function () {
    const p = parts();
    const snapshot = await p.watcher.poll();
    const digests = [
      await queueReport(p, snapshot.lastSequence + 1n, 500, 20),
      await queueReport(p, snapshot.lastSequence + 2n, 600, 20),
      await queueReport(p, snapshot.lastSequence + 3n, 700, 20),
    ];
    requests.clear();
    await p.submitter.tick(snapshot);
    expect(requests.get("eth_sendRawTransaction")).to.equal(3);
    expect(
      requests.get("eth_estimateGas"),
      "only the first, whose predecessor is applied",
    ).to.equal(1);
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    for (const digest of digests) expect(p.outbox.get(digest)?.status).to.equal("confirmed");
  });

  it("queues again, to be estimated, a report sent unestimated that ran out of gas", async function () {
    // The estimate it learns from is of events that cost little (one shipment, its status set
    // once); the next report sets 30 shipments' status for the first time each.
    const p = parts({ gasLimitMarginPercent: 100 });
    const snapshot = await p.watcher.poll();
    const cheap = await queueReport(p, snapshot.lastSequence + 1n, 800, 30, "MAEU000000800");
    const dear = await queueReport(p, snapshot.lastSequence + 2n, 900, 30);
    requests.clear();
    await p.submitter.tick(snapshot);
    expect(requests.get("eth_estimateGas")).to.equal(1);
    expect(p.outbox.get(dear)?.status).to.equal("submitted");
    const starved = p.outbox.attempts(dear)[0]!;
    for (let i = 0; i < 4 && p.outbox.get(dear)?.status !== "confirmed"; i++) {
      await p.submitter.tick(await p.watcher.poll());
    }
    expect(p.outbox.get(cheap)?.status).to.equal("confirmed");
    const settled = p.outbox.get(dear)!;
    expect(settled.status, settled.note ?? "").to.equal("confirmed");
    expect(settled.txHash).to.not.equal(starved.txHash);
    const attempts = p.outbox.attempts(dear);
    expect(attempts).to.have.length(2);
    expect(attempts[1]!.gasLimit).to.be.greaterThan(starved.gasLimit);
    expect(requests.get("eth_estimateGas"), "estimated on its second send").to.equal(2);
  });

  it("follows the oracle's last sequence from the report logs between reads of the contract", async function () {
    const p = parts();
    const first = await p.watcher.poll();
    const start = first.lastSequence;
    await queueReport(p, start + 1n, 1000, 5);
    await queueReport(p, start + 2n, 1100, 5);
    await p.submitter.tick(first);
    requests.clear();
    const next = await p.watcher.poll();
    expect(next.lastSequence).to.equal(start + 2n);
    expect(next.epoch).to.equal(first.epoch);
    expect(requests.get("eth_call") ?? 0, "no call between reads").to.equal(0);
    const onChain = await createPublicClient({ transport: http(server.url) }).readContract({
      address: oracle,
      abi: customsOracleAbi,
      functionName: "lastSequence",
    });
    expect(next.lastSequence).to.equal(onChain);
  });

  it("reads the epoch and last sequence from the contract again once the interval has passed", async function () {
    const p = parts({ stateReadIntervalMs: 0 });
    const first = await p.watcher.poll();
    await queueReport(p, first.lastSequence + 1n, 1200, 5);
    await p.submitter.tick(first);
    requests.clear();
    const next = await p.watcher.poll();
    expect(next.lastSequence).to.equal(first.lastSequence + 1n);
    expect(requests.get("eth_call")).to.equal(2);
  });

  /** Mines `blocks` blocks holding no transaction (so no log: their logs bloom is empty). */
  async function mineEmpty(blocks: number): Promise<void> {
    await createTestClient({ mode: "hardhat", transport: http(server.url) }).mine({ blocks });
  }

  it("records a head whose logs bloom holds no oracle log without reading its logs or the block before it", async function () {
    const p = parts();
    const before = await p.watcher.poll();
    await mineEmpty(1);
    requests.clear();
    const after = await p.watcher.poll();
    expect(after.headBlock).to.equal(before.headBlock + 1n);
    expect(requests.get("eth_getLogs") ?? 0, "the bloom rules the block out").to.equal(0);
    expect(
      requests.get("eth_getBlockByNumber"),
      "the head only: its parent is the cursor",
    ).to.equal(1);
    requests.clear();
    await p.watcher.poll();
    expect(Object.fromEntries(requests), "the head is recorded as scanned").to.deep.equal({
      eth_getBlockByNumber: 1,
    });
  });

  it("reads the logs of a head whose logs bloom may hold a report, and finds the report", async function () {
    const p = parts();
    const snapshot = await p.watcher.poll();
    const digest = await queueReport(p, snapshot.lastSequence + 1n, 1300, 5);
    await p.submitter.tick(snapshot);
    const txHash = p.outbox.attempts(digest)[0]!.txHash;
    requests.clear();
    const next = await p.watcher.poll();
    expect(next.headBlock, "one block: the report's").to.equal(snapshot.headBlock + 1n);
    expect(requests.get("eth_getLogs")).to.equal(1);
    expect(requests.get("eth_getBlockByNumber"), "the head only").to.equal(1);
    expect(next.lastSequence).to.equal(snapshot.lastSequence + 1n);
    expect(p.watcher.appliedTransaction(txHash)?.blockNumber).to.equal(next.headBlock);
  });

  it("scans a head more than one block ahead with its logs, checking the last scanned block", async function () {
    const p = parts();
    const before = await p.watcher.poll();
    await mineEmpty(2);
    requests.clear();
    const after = await p.watcher.poll();
    expect(after.headBlock).to.equal(before.headBlock + 2n);
    expect(requests.get("eth_getLogs")).to.equal(1);
    expect(requests.get("eth_getBlockByNumber"), "the head and the last scanned block").to.equal(2);
  });
  it("records once a transaction sent again byte for byte after the node refused it, and sends it", async function () {
    // The node refuses the first send (the transmitter cannot pay for it): the report goes back to
    // pending. Topped up, the next pass builds the same transaction again: same nonce, fees, gas
    // and calldata, and signatures are deterministic, so the same bytes and the same hash.
    const p = parts();
    const test = createTestClient({ mode: "hardhat", transport: http(server.url) });
    const transmitter = privateKeyToAddress(KEYS[0]!);
    const balance = await createPublicClient({ transport: http(server.url) }).getBalance({
      address: transmitter,
    });
    const snapshot = await p.watcher.poll();
    const digest = await queueReport(p, snapshot.lastSequence + 1n, 1400, 5);
    await test.setBalance({ address: transmitter, value: 0n });
    try {
      await p.submitter.tick(snapshot);
    } finally {
      await test.setBalance({ address: transmitter, value: balance });
    }
    const refused = p.outbox.attempts(digest);
    expect(refused.map((a) => a.status)).to.deep.equal(["dropped"]);
    expect(p.outbox.get(digest)?.status).to.equal("pending");
    await p.submitter.tick(snapshot);
    const attempts = p.outbox.attempts(digest);
    expect(attempts, "one row for one transaction").to.have.length(1);
    expect(attempts[0]!.txHash).to.equal(refused[0]!.txHash);
    expect(attempts[0]!.status).to.equal("live");
    expect(p.outbox.get(digest)?.status).to.equal("submitted");
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    expect(p.outbox.get(digest)?.status).to.equal("confirmed");
  });

  it("sends the next report when checking another one fails, and reports the failure", async function () {
    let failFor: Hex | undefined;
    const p = parts({
      onMinedLookup: (txHash) => {
        if (txHash === failFor) throw new Error("index of mined transactions unreadable");
      },
    });
    const snapshot = await p.watcher.poll();
    const first = await queueReport(p, snapshot.lastSequence + 1n, 1500, 5);
    await p.submitter.tick(snapshot);
    expect(p.outbox.get(first)?.status).to.equal("submitted");
    const firstTx = p.outbox.attempts(first)[0]!.txHash;
    const second = await queueReport(p, snapshot.lastSequence + 2n, 1600, 5);
    // Checking where the first report's transaction landed fails for a reason no retry cures.
    failFor = firstTx;
    let failure: unknown;
    await p.submitter.tick(snapshot).catch((error: unknown) => {
      failure = error;
    });
    failFor = undefined;
    expect(String(failure)).to.match(/index of mined transactions unreadable/);
    expect(p.outbox.get(first)?.status, "left as it was").to.equal("submitted");
    expect(p.outbox.attempts(first).map((a) => a.txHash)).to.deep.equal([firstTx]);
    expect(p.outbox.get(second)?.status, "sent behind it all the same").to.equal("submitted");
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    for (const digest of [first, second])
      expect(p.outbox.get(digest)?.status).to.equal("confirmed");
  });
  it("confirms a report an earlier attempt applied, though its newest attempt then reverted as a replay", async function () {
    // The report is queued again while its transaction is still in the node's pool (as after a
    // reorganisation took the transaction's block away and the node put it back in its pool). It
    // goes out again, behind its predecessor not yet confirmed (so unestimated), with the next
    // nonce, and
    // both transactions are mined: the first applies the report, the second reverts with
    // CustomsOracleReportReplayed. The chain applied the report: it is confirmed, not superseded.
    const p = parts();
    const test = createTestClient({ mode: "hardhat", transport: http(server.url) });
    const snapshot = await p.watcher.poll();
    // Its predecessor is mined in an earlier block; the snapshot is older than that block.
    const before = await queueReport(p, snapshot.lastSequence + 1n, 2200, 5);
    await p.submitter.tick(snapshot);
    expect(p.outbox.get(before)?.status).to.equal("submitted");
    const digest = await queueReport(p, snapshot.lastSequence + 2n, 2300, 5);
    await test.setAutomine(false);
    try {
      await p.submitter.tick(snapshot);
      const [first] = p.outbox.attempts(digest);
      expect(first!.status).to.equal("live");
      // What the submitter does when a reorganisation removed the transaction's block (#reorged).
      p.outbox.requeue(digest, `reorg removed tx ${first!.txHash}`);
      await p.submitter.tick(snapshot);
      const attempts = p.outbox.attempts(digest);
      expect(attempts.map((a) => a.status)).to.deep.equal(["dropped", "live"]);
      expect(attempts[1]!.nonce).to.equal(first!.nonce + 1);
    } finally {
      await test.mine({ blocks: 1 });
      await test.setAutomine(true);
    }
    const [applied, replayed] = p.outbox.attempts(digest);
    const reader = createPublicClient({ transport: http(server.url) });
    expect((await reader.getTransactionReceipt({ hash: applied!.txHash })).status).to.equal(
      "success",
    );
    expect((await reader.getTransactionReceipt({ hash: replayed!.txHash })).status).to.equal(
      "reverted",
    );
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    expect(p.outbox.get(before)?.status).to.equal("confirmed");
    const report = p.outbox.get(digest)!;
    expect(report.status, report.note ?? "").to.equal("confirmed");
    expect(report.txHash).to.equal(applied!.txHash);
  });

  it("waits for a report whose own transaction in the pool makes its estimate revert as a replay", async function () {
    // Queued again while its transaction is still in the node's pool: estimating it against the
    // pending state reverts with CustomsOracleReportReplayed although the mined chain has not
    // taken its sequence yet. It is not refused: once mined, the earlier transaction confirms it.
    const p = parts();
    const test = createTestClient({ mode: "hardhat", transport: http(server.url) });
    const snapshot = await p.watcher.poll();
    const digest = await queueReport(p, snapshot.lastSequence + 1n, 2400, 5);
    await test.setAutomine(false);
    try {
      await p.submitter.tick(snapshot);
      const [first] = p.outbox.attempts(digest);
      p.outbox.requeue(digest, `reorg removed tx ${first!.txHash}`);
      await p.submitter.tick(snapshot);
      const waiting = p.outbox.get(digest)!;
      expect(waiting.status, waiting.note ?? "").to.equal("pending");
      expect(p.outbox.attempts(digest)).to.have.length(1);
    } finally {
      await test.mine({ blocks: 1 });
      await test.setAutomine(true);
    }
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    const report = p.outbox.get(digest)!;
    expect(report.status, report.note ?? "").to.equal("confirmed");
    expect(report.txHash).to.equal(p.outbox.attempts(digest)[0]!.txHash);
  });

  it("asks for no more gas than one transaction may have, whatever the margin on its estimate", async function () {
    // 150 events set a shipment's status for the first time each: some 4 M gas, which the 500 %
    // margin would make 20 M, above the 16,777,216 a transaction may ask for (EIP-7825).
    const p = parts({ gasLimitMarginPercent: 500 });
    const snapshot = await p.watcher.poll();
    const digest = await queueReport(p, snapshot.lastSequence + 1n, 2000, 150);
    await p.submitter.tick(snapshot);
    const report = p.outbox.get(digest)!;
    expect(report.status, report.note ?? "").to.equal("submitted");
    const [attempt] = p.outbox.attempts(digest);
    expect(attempt!.gasLimit).to.equal(TRANSACTION_GAS_CAP);
    await p.submitter.tick(await p.watcher.poll());
    await p.submitter.tick(await p.watcher.poll());
    expect(p.outbox.get(digest)?.status).to.equal("confirmed");
  });
});

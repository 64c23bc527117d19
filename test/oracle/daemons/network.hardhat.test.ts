import { expect } from "chai";
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  http,
  parseAbi,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import { DEV_ORACLE_FIRST_INDEX, devKey } from "../../../oracle/cli/deployOracle.ts";
import { NodeProcess } from "../../../oracle/cli/localNetwork.ts";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startHardhatChain, type TestChain } from "./helpers/chains.ts";
import {
  onChainMessageId,
  readChain,
  startTestNetwork,
  waitUntilOnChain,
  type TestNetwork,
} from "./helpers/network.ts";

const run = promisify(execFile);

/** Runs `npm run oracle:ctl -- <args>` against node `url`; returns exit code and parsed output. */
async function oraclectl(
  url: string,
  tokenFile: string,
  ...args: string[]
): Promise<{ code: number; json: unknown }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ["oracle/cli/oraclectl.ts", ...args, "--node", url, "--token-file", tokenFile],
      { timeout: 30_000 },
    );
    return { code: 0, json: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, json: JSON.parse(failed.stderr ?? "null") };
  }
}

describe("Oracle network on Hardhat's in-process chain", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let net: TestNetwork;

  before(async function () {
    chain = await startHardhatChain();
    net = await startTestNetwork({ rpcUrl: chain.rpcUrl, size: 5, threshold: 3 });
  });

  after(async function () {
    await net?.stop();
    await chain?.stop();
  });

  it("puts every event of a noisy feed on chain, each in exactly one report", async function () {
    const feed = createFeedSimulator({
      shipments: 20,
      seed: "hardhat-integration",
      noise: { duplicateRate: 0.1, outOfOrderRate: 0.1, malformedRate: 0.05 },
    });
    const reports = await sendFeed(feed, { nodes: net.feedNodes, concurrency: 4 });
    for (const r of reports) expect(r.failed).to.equal(0);
    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      feed.expectedEvents,
      120_000,
    );
    const missing = feed.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing, "events not on chain").to.deep.equal([]);
    const repeated = [...contents.carried.values()].filter((n) => n > 1);
    expect(repeated, "events carried by more than one report").to.deep.equal([]);
    for (const count of contents.applied.values()) expect(count).to.equal(1);
    expect(contents.reports.map((r) => r.sequence)).to.deep.equal(
      contents.reports.map((_, i) => BigInt(i + 1)),
    );
  });

  it("keeps events flowing with N - M nodes down, and the restarted nodes catch up", async function () {
    await net.nodes[3]!.crash();
    await net.nodes[4]!.crash();
    const feed = createFeedSimulator({ shipments: 8, seed: "two-nodes-down" });
    await sendFeed(feed, { nodes: net.feedNodes.slice(0, 3) });
    const contents = await waitUntilOnChain(
      chain.rpcUrl,
      net.deployed.oracle,
      feed.expectedEvents,
      120_000,
    );
    const missing = feed.expectedEvents.filter((e) => !contents.carried.has(onChainMessageId(e)));
    expect(missing).to.deep.equal([]);
    net.nodes[3]!.start();
    net.nodes[4]!.start();
    await Promise.all([net.nodes[3]!.waitHealthy(), net.nodes[4]!.waitHealthy()]);
    // Healthy means serving; the restarted node reads the chain on its first pass after that.
    let lastSequence: string | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(250)) {
      const status = await oraclectl(net.layout.urls[4]!, net.layout.adminTokenFile, "status");
      expect(status.code).to.equal(0);
      lastSequence = (status.json as { chain: { lastSequence: string } | null }).chain
        ?.lastSequence;
      if (lastSequence === contents.lastSequence.toString()) break;
    }
    expect(lastSequence).to.equal(contents.lastSequence.toString());
  });

  it("takes messages from each node's drop directory too", async function () {
    const shipmentRef = "DROP000000001";
    const messages = [
      {
        kind: "declaration-link",
        messageId: "drop-link-1",
        declarationId: "26GBDROPTEST00001",
        carrier: "MOLU",
        shipmentRef,
        procedure: "export",
        location: "GBFXT",
        linkedAt: "2026-03-01T08:00:00Z",
      },
      ...(["DeclarationAccepted", "Released", "GoodsExited"] as const).map((eventType, i) => ({
        kind: "customs-event",
        messageId: `drop-event-${i}`,
        carrier: "MOLU",
        shipmentRef,
        eventType,
        location: "GBFXT",
        occurredAt: `2026-03-01T1${i}:00:00Z`,
      })),
    ];
    for (let i = 1; i <= 5; i++) {
      const drop = path.join(net.dir, `node-${i}`, "drop");
      writeFileSync(path.join(drop, ".batch.json.tmp"), JSON.stringify(messages));
      renameSync(path.join(drop, ".batch.json.tmp"), path.join(drop, "batch.json"));
    }
    const expected = [0, 1, 2].map((i) => ({
      source: "canonical" as const,
      sourceMessageId: `drop-event-${i}`,
    }));
    const contents = await waitUntilOnChain(chain.rpcUrl, net.deployed.oracle, expected, 60_000);
    for (const e of expected) expect(contents.carried.get(onChainMessageId(e))).to.equal(1);
    expect(readdirSync(path.join(net.dir, "node-1", "drop", "processed"))).to.have.length(1);
  });

  it("serves Prometheus metrics and health", async function () {
    const metrics = await (await fetch(new URL("/metrics", net.layout.urls[0]))).text();
    for (const name of [
      "caravel_ingest_received_total",
      "caravel_ingest_rejected_total",
      "caravel_ingest_quarantined",
      "caravel_oracle_reports_signed_total",
      "caravel_oracle_transactions_submitted_total",
      "caravel_oracle_reports_confirmed_total",
      "caravel_oracle_queue_depth",
      "caravel_oracle_lag_seconds",
      "caravel_oracle_rpc_errors_total",
    ]) {
      expect(metrics, name).to.match(new RegExp(`^# TYPE ${name} `, "m"));
    }
    const signed = /^caravel_oracle_reports_signed_total ([0-9]+)$/m.exec(metrics);
    expect(Number(signed?.[1])).to.be.greaterThan(0);
    const health = await fetch(new URL("/healthz", net.layout.urls[0]));
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.include({ status: "ok", chain: "ok" });
  });

  it("refuses consensus requests without the committee token, and admin requests without the operator token", async function () {
    const consensus = await fetch(new URL("/v1/consensus/observe", net.layout.urls[0]), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer wrong-token-123456" },
      body: "{}",
    });
    expect(consensus.status).to.equal(401);
    const admin = await fetch(new URL("/v1/admin/status", net.layout.urls[0]));
    expect(admin.status).to.equal(401);
  });

  it("lists quarantined messages and re-queues a report on the operator's word", async function () {
    const quarantine = await oraclectl(
      net.layout.urls[0]!,
      net.layout.adminTokenFile,
      "quarantine",
      "list",
      "--status",
      "all",
    );
    expect(quarantine.code).to.equal(0);
    expect((quarantine.json as { total: number }).total).to.be.greaterThan(0);

    const none = await oraclectl(net.layout.urls[0]!, net.layout.adminTokenFile, "resend", "999");
    expect(none.code).to.equal(1);
    expect(none.json).to.deep.include({ error: "not_found", field: "sequence" });

    // Sequence 1 is on chain already, applied by one node's own transaction: that node, asked to
    // resend its report, finds the transaction's receipt and confirms the report again instead of
    // sending anything. (The test used to ask the first node holding a report for sequence 1.
    // Under load a second leader can re-propose the same locked report, hold it, and then find
    // the sequence taken by the first leader's transaction: its copy is superseded, and stays so
    // after a resend, which is right, so the test failed whenever that node came first.)
    const before = await readChain(chain.rpcUrl, net.deployed.oracle);
    const applied = before.reports.find((r) => r.sequence === 1n);
    expect(applied, "sequence 1 on chain").to.not.equal(undefined);
    const leader = net.layout.urls.findIndex(
      (_, i) =>
        privateKeyToAccount(devKey(DEV_ORACLE_FIRST_INDEX + i)).address.toLowerCase() ===
        applied!.from.toLowerCase(),
    );
    expect(leader, `the node transmitting as ${applied!.from}`).to.be.greaterThanOrEqual(0);
    const resend = await oraclectl(
      net.layout.urls[leader]!,
      net.layout.adminTokenFile,
      "resend",
      "1",
    );
    expect(resend.code, JSON.stringify(resend.json)).to.equal(0);
    const deadline = Date.now() + 20_000;
    let first: { status: string; note: string | null } | undefined;
    while (Date.now() < deadline) {
      const status = await oraclectl(net.layout.urls[leader]!, net.layout.adminTokenFile, "status");
      const reports = (
        status.json as {
          recentReports: { sequence: string; status: string; note: string | null }[];
        }
      ).recentReports;
      first = reports.find((r) => r.sequence === "1");
      if (first === undefined || first.status === "confirmed") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    if (first !== undefined) expect(first.status, first.note ?? "").to.equal("confirmed");
    const after = await readChain(chain.rpcUrl, net.deployed.oracle);
    expect(after.reports.length).to.equal(before.reports.length);
  });

  it("stops with a configuration error, exit code 2, when its committee is not the chain's", async function () {
    const node = net.nodes[3]!;
    expect(await node.stop("SIGTERM")).to.equal(0);
    const config = JSON.parse(readFileSync(node.configFile, "utf8")) as {
      committee: { threshold: number };
    };
    const wrongFile = path.join(net.dir, "node-4-wrong-threshold.json");
    writeFileSync(
      wrongFile,
      JSON.stringify({ ...config, committee: { ...config.committee, threshold: 4 } }),
    );
    const wrong = new NodeProcess(wrongFile, node.url, path.join(net.dir, "node-4-wrong.log"));
    wrong.start();
    const deadline = Date.now() + 30_000;
    while (wrong.running && Date.now() < deadline) await sleep(100);
    expect(wrong.running, "the node should have stopped").to.equal(false);
    expect(await wrong.stop()).to.equal(2);
    await sleep(200); // the last log lines reach the file
    expect(wrong.logTail(30)).to.include(
      "committee.threshold: the oracle's threshold in epoch 1 is 3, not 4",
    );
    // With its own configuration it works again.
    node.start();
    await node.waitHealthy();
  });

  it("drains on SIGTERM and exits 0, then restarts on the same store", async function () {
    const node = net.nodes[2]!;
    const exit = node.stop("SIGTERM");
    const code = await exit;
    expect(code).to.equal(0);
    node.start();
    await node.waitHealthy();
  });

  // Last: it stops the whole network.
  it("stops every node with exit code 2 when governance changes the committee under it", async function () {
    const chainId = await createPublicClient({ transport: http(chain.rpcUrl) }).getChainId();
    const viemChain = defineChain({
      id: chainId,
      name: "test",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
    });
    const client = createPublicClient({ chain: viemChain, transport: http(chain.rpcUrl) });
    const [proposer, approver] = [devKey(0), devKey(1)].map((key) =>
      createWalletClient({
        chain: viemChain,
        transport: http(chain.rpcUrl),
        account: privateKeyToAccount(key),
      }),
    );
    const registryAbi = parseAbi([
      "function propose(address target, bytes data, string description) returns (uint256)",
      "function approve(uint256 proposalId)",
      "function proposalCount() view returns (uint256)",
    ]);
    const [members] = await client.readContract({
      address: net.deployed.oracle,
      abi: customsOracleAbi,
      functionName: "committee",
    });
    // Same members, threshold 4: epoch 2, a committee the nodes' configuration does not describe.
    const data = encodeFunctionData({
      abi: parseAbi(["function setCommittee(address[] members, uint8 threshold)"]),
      functionName: "setCommittee",
      args: [[...members], 4],
    });
    await client.waitForTransactionReceipt({
      hash: await proposer!.writeContract({
        address: net.deployed.registry,
        abi: registryAbi,
        functionName: "propose",
        args: [net.deployed.oracle, data, "threshold 4"],
      }),
    });
    const id = await client.readContract({
      address: net.deployed.registry,
      abi: registryAbi,
      functionName: "proposalCount",
    });
    const approved = await client.waitForTransactionReceipt({
      hash: await approver!.writeContract({
        address: net.deployed.registry,
        abi: registryAbi,
        functionName: "approve",
        args: [id],
      }),
    });
    expect(approved.status).to.equal("success");
    const deadline = Date.now() + 30_000;
    while (net.nodes.some((n) => n.running) && Date.now() < deadline) await sleep(100);
    const codes = await Promise.all(net.nodes.map((n) => n.stop()));
    expect(codes).to.deep.equal(net.nodes.map(() => 2));
    await sleep(200); // the last log lines reach the files
    expect(net.nodes[0]!.logTail(30)).to.include(
      "committee.threshold: the oracle's threshold in epoch 2 is 4, not 3",
    );
  });
});

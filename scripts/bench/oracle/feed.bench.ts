/**
 * An oracle node's CPU per customs event under the simulator's feed (the trading day's feed,
 * issue #17): five real node processes (3 of 5), the day's node settings, Hardhat's in-process
 * chain over JSON-RPC. The same number of shipments is fed twice, each feed its own seed, and
 * every event is followed until it is on chain in an accepted report:
 *
 * 1. baseline: every message its own HTTP request, to every node (`sendFeed`, 32 in flight per
 *    node, as the day sent it before batching);
 * 2. batched: DCSA Track & Trace and canonical messages sent many per request (`sendFeed` with
 *    `batch`), WCO DMS notifications still one XML document per request.
 *
 * Reported per phase: the five nodes' CPU (user + system, from /proc) per event and per node,
 * the bench process's CPU per event (the feed client and the chain), and the ratio against the
 * baseline run in the same process. CPU time, not wall time: the cores are shared.
 *
 * Knobs (not for the reported numbers): CARAVEL_BENCH_SHIPMENTS (default 400),
 * CARAVEL_BENCH_ONLY=per-message|batched, CARAVEL_BENCH_CPU_PROF=<dir> (the nodes run with
 * `--cpu-prof` and write their profiles there when they stop).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { network } from "hardhat";
import { createPublicClient, http, type Address } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import { DEV_ORACLE_FIRST_INDEX, deployOracle, devKey } from "../../../oracle/cli/deployOracle.ts";
import {
  findFreePortBlock,
  NodeProcess,
  writeLocalNetwork,
} from "../../../oracle/cli/localNetwork.ts";
import { createFeedSimulator } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed, type SendFeedOptions } from "../../../oracle/simulator/feedSender.ts";
import { serveJsonRpc } from "../../dev/jsonRpcServer.ts";

const BENCH = "oracle/feed";
const NODES = 5;
const THRESHOLD = 3;
const SHIPMENTS = Number(process.env.CARAVEL_BENCH_SHIPMENTS ?? "400");
const ONLY = process.env.CARAVEL_BENCH_ONLY;
const CPU_PROF = process.env.CARAVEL_BENCH_CPU_PROF;

function emit(metric: string, value: number, unit: string, extra: Record<string, number> = {}) {
  console.log(
    JSON.stringify({ bench: BENCH, metric, value: Number(value.toFixed(3)), unit, ...extra }),
  );
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/** CPU seconds (user + system) process `pid` has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const connection = await network.create("hardhat");
const server = await serveJsonRpc(connection.provider);
const rpcUrl = server.url;
const client = createPublicClient({ transport: http(rpcUrl, { timeout: 30_000 }) });

const dir = mkdtempSync(path.join(tmpdir(), "caravel-feed-bench-"));
const keys = Array.from({ length: NODES }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));
const deployed = await deployOracle({
  rpcUrl,
  members: keys.map((k) => privateKeyToAddress(k)),
  threshold: THRESHOLD,
});
// The trading day's node settings (scripts/bench/day/day.ts).
const layout = writeLocalNetwork({
  dir,
  rpcUrl,
  chainId: deployed.chainId,
  oracleAddress: deployed.oracle,
  startBlock: deployed.startBlock,
  keys,
  threshold: THRESHOLD,
  basePort: await findFreePortBlock(NODES),
  chain: { confirmations: 1, pollIntervalMs: 100 },
  consensus: { maxBatchSize: 512, pipelineDepth: 6, proposeIntervalMs: 50, leaderTurnMs: 5_000 },
  node: { sqliteSynchronous: "NORMAL" },
  logLevel: "warn",
});
const nodes = layout.configFiles.map(
  (file, i) => new NodeProcess(file, layout.urls[i]!, path.join(dir, `node-${i + 1}.log`)),
);
const nodeEnv: NodeJS.ProcessEnv = { ...process.env };
if (CPU_PROF !== undefined) {
  mkdirSync(CPU_PROF, { recursive: true });
  nodeEnv.NODE_OPTIONS = `${nodeEnv.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.resolve(CPU_PROF)}`;
}
for (const node of nodes) node.start(nodeEnv);
await Promise.all(nodes.map((n) => n.waitHealthy(60_000)));
const tokens = {
  "wco-dms": layout.feedToken,
  "dcsa-tnt": layout.feedToken,
  canonical: layout.feedToken,
};

/** Events in accepted reports from block `from` on; returns the count and the next block. */
let scannedTo = BigInt(deployed.startBlock);
let eventsOnChain = 0;
async function countOnChain(oracle: Address): Promise<number> {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  if (head > scannedTo) {
    const logs = await client.getContractEvents({
      address: oracle,
      abi: customsOracleAbi,
      eventName: "CustomsReportAccepted",
      fromBlock: scannedTo + 1n,
      toBlock: head,
    });
    for (const log of logs) eventsOnChain += Number(log.args.eventCount ?? 0n);
    scannedTo = head;
  }
  return eventsOnChain;
}

interface PhaseResult {
  events: number;
  messages: number;
  requests: number;
  nodeCpuSeconds: number;
  benchCpuSeconds: number;
  seconds: number;
}

async function phase(
  name: string,
  seed: string,
  batch: SendFeedOptions["batch"],
): Promise<PhaseResult> {
  const feed = createFeedSimulator({
    shipments: SHIPMENTS,
    seed,
    noise: { duplicateRate: 0.02, outOfOrderRate: 0.02, malformedRate: 0.005 },
    startTime: Math.floor(Date.now() / 1000) - 60 * 86_400,
    spreadSeconds: 14 * 86_400,
  });
  const target = (await countOnChain(deployed.oracle)) + feed.expectedEvents.length;
  const nodeCpu0 = nodes.reduce((sum, n) => sum + cpuSecondsOf(n.pid!), 0);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const reports = await sendFeed(feed, {
    nodes: layout.urls.map((url) => ({ url, tokens })),
    concurrency: 32,
    ...(batch === undefined ? {} : { batch }),
  });
  for (const report of reports) {
    if (report.failed > 0) throw new Error(`${name}: ${report.url} failed ${report.failed}`);
  }
  const deadline = Date.now() + 600_000;
  while ((await countOnChain(deployed.oracle)) < target) {
    if (Date.now() > deadline) throw new Error(`${name}: not every event on chain in 600 s`);
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  const nodeCpuSeconds = nodes.reduce((sum, n) => sum + cpuSecondsOf(n.pid!), 0) - nodeCpu0;
  const own = process.cpuUsage(own0);
  return {
    events: feed.expectedEvents.length,
    messages: feed.messages.length,
    requests: reports[0]!.requests,
    nodeCpuSeconds,
    benchCpuSeconds: (own.user + own.system) / 1e6,
    seconds,
  };
}

function report(name: string, r: PhaseResult, baseline?: PhaseResult) {
  const perEventMs = (s: number, events: number) => (s * 1000) / events;
  const nodeMs = perEventMs(r.nodeCpuSeconds, r.events) / NODES;
  const ratio = (value: number, base: number) => ({
    baseline: Number(base.toFixed(3)),
    ratio: Number((value / base).toFixed(3)),
  });
  emit(`${name}_events`, r.events, "events", {
    messages: r.messages,
    requests_per_node: r.requests,
  });
  emit(
    `${name}_node_cpu_ms_per_event`,
    nodeMs,
    "ms",
    baseline === undefined
      ? {}
      : ratio(nodeMs, perEventMs(baseline.nodeCpuSeconds, baseline.events) / NODES),
  );
  emit(`${name}_five_nodes_cpu_ms_per_event`, perEventMs(r.nodeCpuSeconds, r.events), "ms");
  emit(
    `${name}_bench_process_cpu_ms_per_event`,
    perEventMs(r.benchCpuSeconds, r.events),
    "ms",
    baseline === undefined
      ? {}
      : ratio(
          perEventMs(r.benchCpuSeconds, r.events),
          perEventMs(baseline.benchCpuSeconds, baseline.events),
        ),
  );
  emit(`${name}_wall_seconds`, r.seconds, "s");
}

try {
  // What the nodes cost with nothing to do (polling the chain, leader turns): per second, so it
  // can be told apart from the per-event cost below.
  const idleSeconds = Number(process.env.CARAVEL_BENCH_IDLE_SECONDS ?? "10");
  if (idleSeconds > 0) {
    await sleep(2_000);
    const idle0 = nodes.reduce((sum, n) => sum + cpuSecondsOf(n.pid!), 0);
    await sleep(idleSeconds * 1000);
    const idle = nodes.reduce((sum, n) => sum + cpuSecondsOf(n.pid!), 0) - idle0;
    emit("idle_node_cpu_ms_per_second", (idle * 1000) / idleSeconds / NODES, "ms/s");
  }
  let baseline: PhaseResult | undefined;
  if (ONLY !== "batched") {
    baseline = await phase("per_message", "feed-bench-per-message", undefined);
    report("per_message", baseline);
  }
  if (ONLY !== "per-message") {
    const batched = await phase("batched", "feed-bench-batched", { maxMessages: 200 });
    report("batched", batched, baseline);
  }
  emit("load_average_1m", Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]), "");
} finally {
  await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
  await server.close();
  await connection.close();
  if (process.env.CARAVEL_KEEP_TEST_DATA === "1") console.error(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * An oracle node's CPU per customs event under the simulator's feed (the trading day's feed,
 * issue #17): five real node processes (3 of 5) with the day's node settings, Hardhat's
 * in-process chain over JSON-RPC, every event followed until it is on chain in an accepted report.
 * Each phase feeds its own seed (same number of shipments, same noise as the day).
 *
 * Baseline, in the same run: the old path. Every message its own HTTP request to every node
 * (32 in flight per node), and a leader that runs a round every `proposeIntervalMs` whatever it
 * finds (`idleProposeIntervalMs` = `proposeIntervalMs`). Against it, today's path: DCSA and
 * canonical messages in NDJSON batches (WCO DMS notifications stay one per request), and a leader
 * that backs off when its rounds find nothing (the default `idleProposeIntervalMs`).
 *
 * Phases, each on both networks: `burst` (the feed sent as fast as the nodes take it) and
 * `day_pace` (the feed sent at CARAVEL_BENCH_RATE events a second, default 30: the pace of the
 * trading day at scale 0.01), plus `idle` (nothing sent: the cost per second of polling and
 * leader rounds). Reported: one node's CPU (user + system, from /proc, the five averaged) per
 * event, the five nodes' together, the bench process's (feed client and chain); ratio = new /
 * old. CPU time, not wall time: the cores are shared (the load average is printed).
 *
 * Knobs (not for the reported numbers): CARAVEL_BENCH_SHIPMENTS (burst, default 300),
 * CARAVEL_BENCH_PACED_SHIPMENTS (default 100), CARAVEL_BENCH_RATE, CARAVEL_BENCH_IDLE_SECONDS
 * (default 10), CARAVEL_BENCH_ONLY=burst|day_pace|idle, CARAVEL_BENCH_CPU_PROF=<dir> (the nodes
 * of today's network run with `--cpu-prof` and write their profiles there when they stop),
 * CARAVEL_BENCH_NEW_ONLY=1 (today's network alone: no baseline, for profiling and counting).
 *
 * Also printed per phase: the JSON-RPC requests the chain answered, by method, per node and
 * second of the phase (the five nodes' requests and the bench's own few `onChain` reads).
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
import {
  createFeedSimulator,
  type SimulatedMessage,
} from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed, type SendFeedOptions } from "../../../oracle/simulator/feedSender.ts";
import { serveJsonRpc } from "../../dev/jsonRpcServer.ts";

const BENCH = "oracle/feed";
const NODES = 5;
const THRESHOLD = 3;
const SHIPMENTS = Number(process.env.CARAVEL_BENCH_SHIPMENTS ?? "300");
const PACED_SHIPMENTS = Number(process.env.CARAVEL_BENCH_PACED_SHIPMENTS ?? "100");
const RATE = Number(process.env.CARAVEL_BENCH_RATE ?? "30");
const IDLE_SECONDS = Number(process.env.CARAVEL_BENCH_IDLE_SECONDS ?? "10");
const ONLY = process.env.CARAVEL_BENCH_ONLY;
const CPU_PROF = process.env.CARAVEL_BENCH_CPU_PROF;
const NEW_ONLY = process.env.CARAVEL_BENCH_NEW_ONLY === "1";
const BATCH = { maxMessages: 200 } as const;
/** The trading day's leader pacing before the idle back-off: a round every proposeIntervalMs. */
const OLD_PACING = { idleProposeIntervalMs: 50 } as const;

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
/** JSON-RPC requests the chain answered, by method (read and reset per phase). */
const rpcRequests = new Map<string, number>();
const server = await serveJsonRpc(connection.provider, {
  onRequest: (method) => rpcRequests.set(method, (rpcRequests.get(method) ?? 0) + 1),
});
const rpcUrl = server.url;
const client = createPublicClient({ transport: http(rpcUrl, { timeout: 30_000 }) });
const keys = Array.from({ length: NODES }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));

async function startNetwork(pacing: Record<string, number>, profile: boolean) {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-feed-bench-"));
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
    consensus: {
      maxBatchSize: 400,
      pipelineDepth: 6,
      proposeIntervalMs: 50,
      leaderTurnMs: 5_000,
      ...pacing,
    },
    node: { sqliteSynchronous: "NORMAL" },
    logLevel: "warn",
  });
  const nodes = layout.configFiles.map(
    (file, i) => new NodeProcess(file, layout.urls[i]!, path.join(dir, `node-${i + 1}.log`)),
  );
  const nodeEnv: NodeJS.ProcessEnv = { ...process.env };
  if (profile && CPU_PROF !== undefined) {
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
  let scannedTo = BigInt(deployed.startBlock);
  let eventsOnChain = 0;
  let reportsOnChain = 0;
  return {
    nodes,
    urls: layout.urls,
    tokens,
    cpu: () => nodes.reduce((sum, n) => sum + cpuSecondsOf(n.pid!), 0),
    /** Events in accepted reports of this network's oracle so far. */
    async onChain(): Promise<number> {
      const head = await client.getBlockNumber({ cacheTime: 0 });
      if (head > scannedTo) {
        const logs = await client.getContractEvents({
          address: deployed.oracle as Address,
          abi: customsOracleAbi,
          eventName: "CustomsReportAccepted",
          fromBlock: scannedTo + 1n,
          toBlock: head,
        });
        for (const log of logs) eventsOnChain += Number(log.args.eventCount ?? 0n);
        reportsOnChain += logs.length;
        scannedTo = head;
      }
      return eventsOnChain;
    },
    reports: () => reportsOnChain,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
      if (process.env.CARAVEL_KEEP_TEST_DATA === "1") console.error(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Network = Awaited<ReturnType<typeof startNetwork>>;

interface PhaseResult {
  events: number;
  /** Reports (leader rounds that reached the chain) that carried them. */
  reports: number;
  requests: number;
  nodeCpuSeconds: number;
  benchCpuSeconds: number;
  seconds: number;
  /** JSON-RPC requests the chain answered during the phase, by method. */
  rpc: Map<string, number>;
}

/** Slices of the feed carrying about `rate` events each, one sent per second. */
function paced(messages: readonly SimulatedMessage[], rate: number): SimulatedMessage[][] {
  const slices: SimulatedMessage[][] = [[]];
  let events = 0;
  for (const message of messages) {
    slices[slices.length - 1]!.push(message);
    events += message.events.length;
    if (events >= rate) {
      slices.push([]);
      events = 0;
    }
  }
  return slices.filter((s) => s.length > 0);
}

async function phase(
  net: Network,
  seed: string,
  shipments: number,
  batch: SendFeedOptions["batch"],
  rate?: number,
): Promise<PhaseResult> {
  const feed = createFeedSimulator({
    shipments,
    seed,
    noise: { duplicateRate: 0.02, outOfOrderRate: 0.02, malformedRate: 0.005 },
    startTime: Math.floor(Date.now() / 1000) - 60 * 86_400,
    spreadSeconds: 14 * 86_400,
  });
  const target = (await net.onChain()) + feed.expectedEvents.length;
  const reports0 = net.reports();
  const nodeCpu0 = net.cpu();
  const own0 = process.cpuUsage();
  rpcRequests.clear();
  const t0 = performance.now();
  const slices = rate === undefined ? [feed.messages] : paced(feed.messages, rate);
  let requests = 0;
  for (const [i, slice] of slices.entries()) {
    const reports = await sendFeed(slice, {
      nodes: net.urls.map((url) => ({ url, tokens: net.tokens })),
      concurrency: 32,
      ...(batch === undefined ? {} : { batch }),
    });
    for (const report of reports) {
      if (report.failed > 0) throw new Error(`${seed}: ${report.url} failed ${report.failed}`);
    }
    requests += reports[0]!.requests;
    if (rate !== undefined) await sleep(Math.max(0, t0 + (i + 1) * 1000 - performance.now()));
  }
  const deadline = Date.now() + 600_000;
  while ((await net.onChain()) < target) {
    if (Date.now() > deadline) throw new Error(`${seed}: not every event on chain in 600 s`);
    await sleep(100);
  }
  const seconds = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(own0);
  return {
    events: feed.expectedEvents.length,
    reports: net.reports() - reports0,
    requests,
    nodeCpuSeconds: net.cpu() - nodeCpu0,
    benchCpuSeconds: (own.user + own.system) / 1e6,
    seconds,
    rpc: new Map(rpcRequests),
  };
}

/** One node's CPU milliseconds per second with nothing sent. */
async function idle(net: Network): Promise<number> {
  await sleep(2_000);
  const cpu0 = net.cpu();
  await sleep(IDLE_SECONDS * 1000);
  return ((net.cpu() - cpu0) * 1000) / IDLE_SECONDS / NODES;
}

function report(name: string, r: PhaseResult, baseline?: PhaseResult) {
  const nodeMs = (x: PhaseResult) => (x.nodeCpuSeconds * 1000) / x.events / NODES;
  const benchMs = (x: PhaseResult) => (x.benchCpuSeconds * 1000) / x.events;
  const against = (value: number, base: number | undefined): Record<string, number> =>
    base === undefined
      ? {}
      : { baseline: Number(base.toFixed(3)), ratio: Number((value / base).toFixed(3)) };
  const prior = baseline;
  emit(`${name}_events`, r.events, "events", {
    requests_per_node: r.requests,
    reports: r.reports,
  });
  emit(
    `${name}_node_cpu_ms_per_event`,
    nodeMs(r),
    "ms",
    against(nodeMs(r), prior && nodeMs(prior)),
  );
  emit(`${name}_five_nodes_cpu_ms_per_event`, nodeMs(r) * NODES, "ms");
  emit(
    `${name}_bench_process_cpu_ms_per_event`,
    benchMs(r),
    "ms",
    against(benchMs(r), prior && benchMs(prior)),
  );
  emit(`${name}_wall_seconds`, r.seconds, "s");
  for (const [method, count] of [...r.rpc].sort((a, b) => b[1] - a[1])) {
    emit(`${name}_rpc_${method}_per_node_per_second`, count / NODES / r.seconds, "requests/s", {
      requests: count,
    });
  }
}

const wanted = (part: string) => ONLY === undefined || ONLY === part;
const results: Record<string, PhaseResult | number> = {};
try {
  const networks = [
    ["old", OLD_PACING, undefined],
    ["new", {}, BATCH],
  ] as const;
  for (const [label, pacing, batch] of NEW_ONLY ? networks.slice(1) : networks) {
    const net = await startNetwork(pacing, label === "new");
    try {
      if (wanted("idle")) results[`${label}_idle`] = await idle(net);
      if (wanted("burst")) {
        results[`${label}_burst`] = await phase(net, `feed-bench-burst-${label}`, SHIPMENTS, batch);
      }
      if (wanted("day_pace")) {
        results[`${label}_day_pace`] = await phase(
          net,
          `feed-bench-paced-${label}`,
          PACED_SHIPMENTS,
          batch,
          RATE,
        );
      }
    } finally {
      await net.stop();
    }
  }
  if (wanted("idle") && NEW_ONLY) {
    emit("idle_node_cpu_ms_per_second", results.new_idle as number, "ms/s");
  } else if (wanted("idle")) {
    const [before, after] = [results.old_idle as number, results.new_idle as number];
    emit("idle_node_cpu_ms_per_second", after, "ms/s", {
      baseline: Number(before.toFixed(3)),
      ratio: Number((after / before).toFixed(3)),
    });
  }
  for (const part of ["burst", "day_pace"]) {
    if (!wanted(part)) continue;
    const before = results[`old_${part}`] as PhaseResult | undefined;
    if (before !== undefined) report(`${part}_per_message_requests_old_pacing`, before);
    report(`${part}_batched_new_pacing`, results[`new_${part}`] as PhaseResult, before);
  }
  emit("day_pace_events_per_second_offered", RATE, "events/s");
  emit("load_average_1m", Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]), "");
} finally {
  await server.close();
  await connection.close();
}

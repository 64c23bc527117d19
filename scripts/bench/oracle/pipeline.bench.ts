/**
 * The oracle pipeline end to end, over JSON-RPC to Hardhat's in-process chain (served by
 * `scripts/dev/jsonRpcServer.ts`; CARAVEL_BENCH_CHAIN picks Hardhat's own server or anvil
 * instead), 3-of-5 committee, five real node processes:
 *
 * 1. Batched throughput: events accepted at the five nodes' ingest APIs (canonical JSON, 500
 *    events per request) until every one of them is in an accepted report on chain; events/s
 *    over the whole run ("sustained": from the first request to the last confirmation).
 *    Baseline in the same process: the naive path, one transaction per event, its three member
 *    signatures checked one by one with ethers, sequentially. Ratio = batched / naive. Also the
 *    CPU time per event of the five node processes together and of this process (the chain), read
 *    from /proc over the same span (Linux only): steadier than the rate on shared cores.
 * 2. Latency from acceptance (the 202) to the report on chain, p50 and p99, at 500 events/s
 *    offered for 20 s; then 2,000 events/s offered steadily for 30 s (every node gets each 100 ms
 *    tick): whether the pipeline keeps up with 2,000/s rather than drains a burst. Reported: the
 *    rate confirmed from the first request to the last event on chain (the final events' latency
 *    counts against it), the rate confirmed per second after a warm-up of a quarter of the run
 *    until the offer ends (the steady state), and the median latency of the first and last thirds
 *    (growing when the pipeline falls behind).
 * 3. Peak RSS of one node (committee of one) with 100,000 events queued: accepted while its RPC
 *    endpoint is unreachable, then with the endpoint back while it works the queue off.
 *
 * Prints JSON lines (COMMON.md). Takes a few minutes on a 2-core machine.
 *
 * Knobs (not for the reported numbers): CARAVEL_BENCH_QUICK=1 (small sizes, a smoke run),
 * CARAVEL_BENCH_ONLY=throughput|latency|memory (only the batched half of part 1, or part 2 at
 * CARAVEL_BENCH_RATE events/s (default 500), or part 3), CARAVEL_BENCH_CHAIN=hardhat-server|anvil
 * (the chain: see below), CARAVEL_BENCH_VERBOSE=1 (RSS/heap samples while
 * draining), CARAVEL_BENCH_NODE_ENV='{"MALLOC_ARENA_MAX":"2"}' (extra environment of the node in
 * part 3, e.g. NODE_OPTIONS to try V8 heap settings).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Contract, JsonRpcProvider, Wallet, verifyTypedData } from "ethers";
import { network } from "hardhat";
import { createPublicClient, http, keccak256, stringToHex, type Address, type Hex } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import { reportEventWords, sourceMessageIdOfWords } from "../../../oracle/chain/reportCalldata.ts";
import { REPORT_TYPES } from "../../../oracle/chain/report.ts";
import { DEV_ORACLE_FIRST_INDEX, deployOracle, devKey } from "../../../oracle/cli/deployOracle.ts";
import {
  DEV_CARRIER_CODE,
  findFreePortBlock,
  localCarriers,
  NodeProcess,
  writeLocalNetwork,
} from "../../../oracle/cli/localNetwork.ts";
import { toOnChainEvent, type CustomsEventType } from "../../../oracle/events/customsEvent.ts";
import { startAnvil } from "../../dev/anvil.ts";
import { serveJsonRpc } from "../../dev/jsonRpcServer.ts";
import { sourceDocHashOf } from "../../../oracle/events/customsEvent.ts";

const BENCH = "oracle/pipeline";
/** CARAVEL_BENCH_QUICK=1: a smoke run with small sizes (not the reported numbers). */
const QUICK = process.env.CARAVEL_BENCH_QUICK === "1";
/** CARAVEL_BENCH_VERBOSE=1: every report as it lands, and RSS samples in part 3, on stderr. */
const VERBOSE = process.env.CARAVEL_BENCH_VERBOSE === "1";

function emit(metric: string, value: number, unit: string, extra: Record<string, number> = {}) {
  console.log(
    JSON.stringify({ bench: BENCH, metric, value: Number(value.toFixed(2)), unit, ...extra }),
  );
}

// ------------------------------------------------------------------------------ the feed

const LIFECYCLE: readonly CustomsEventType[] = [
  "DeclarationAccepted",
  "Released",
  "GoodsExited",
  "Loaded",
  "Departed",
  "Arrived",
  "Discharged",
  "DeclarationAccepted",
  "Released",
  "Cleared",
];
const BASE_TIME = Date.UTC(2026, 0, 1) / 1000;

interface FeedEvent {
  messageId: string;
  body: object;
}

/** The carrier of the benchmark's bills: the local consortium's (`localCarriers`). */
const BENCH_CARRIER = DEV_CARRIER_CODE;

/** `count` canonical events of `count / 10` shipments (full lifecycles), and their links. */
function makeFeed(prefix: string, count: number): { links: object[]; events: FeedEvent[] } {
  const shipments = Math.ceil(count / LIFECYCLE.length);
  const links: object[] = [];
  const events: FeedEvent[] = [];
  for (let s = 0; s < shipments; s++) {
    const shipmentRef = `${prefix}${String(s).padStart(8, "0")}`;
    const t0 = BASE_TIME + s * 60;
    links.push({
      kind: "declaration-link",
      messageId: `${shipmentRef}-link`,
      declarationId: `DEC${shipmentRef}`,
      carrier: BENCH_CARRIER,
      shipmentRef,
      procedure: "export",
      location: "GBFXT",
      linkedAt: new Date(t0 * 1000).toISOString(),
    });
    LIFECYCLE.forEach((eventType, i) => {
      if (events.length >= count) return;
      const messageId = `${shipmentRef}-e${i}`;
      events.push({
        messageId,
        body: {
          kind: "customs-event",
          messageId,
          carrier: BENCH_CARRIER,
          shipmentRef,
          eventType,
          location: i < 7 ? "GBFXT" : "CNSHA",
          occurredAt: new Date((t0 + i * 3600) * 1000).toISOString(),
        },
      });
    });
  }
  return { links, events };
}

const onChainId = (messageId: string): Hex => keccak256(stringToHex(`canonical:${messageId}`));

/** Request bodies by batch: every node gets the same batch, and the bench shares the CPU. */
const bodies = new WeakMap<object[], string>();

async function post(url: string, token: string, batch: object[]): Promise<void> {
  let body = bodies.get(batch);
  if (body === undefined) {
    body = JSON.stringify(batch);
    bodies.set(batch, body);
  }
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(new URL("/v1/events", url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body,
      });
      const text = await response.text();
      if (response.status === 202) return;
      if (response.status < 500 && response.status !== 429) {
        throw new Error(`node ${url} refused: ${response.status} ${text.slice(0, 300)}`);
      }
    } catch (error) {
      if (attempt > 20 || (error as Error).message.startsWith("node ")) throw error;
    }
    await sleep(100 * 2 ** Math.min(attempt, 4));
  }
}

// ------------------------------------------------------------------- reading the chain

/** Follows the oracle's accepted reports; records when each sourceMessageId was first seen. */
class ChainFollower {
  readonly seenAt = new Map<Hex, number>();
  readonly #client;
  readonly #oracle: Address;
  #fromBlock = 0n;

  constructor(rpcUrl: string, oracle: Address) {
    this.#client = createPublicClient({ transport: http(rpcUrl, { timeout: 30_000 }) });
    this.#oracle = oracle;
  }

  /** Reads the reports accepted since the last poll; returns the ids seen for the first time. */
  async poll(): Promise<Hex[]> {
    const fresh: Hex[] = [];
    const head = await this.#client.getBlockNumber({ cacheTime: 0 });
    if (head < this.#fromBlock) return fresh;
    const logs = await this.#client.getContractEvents({
      address: this.#oracle,
      abi: customsOracleAbi,
      eventName: "CustomsReportAccepted",
      fromBlock: this.#fromBlock,
      toBlock: head,
    });
    const now = Date.now();
    for (const log of logs) {
      const tx = await this.#client.getTransaction({ hash: log.transactionHash });
      // Read off the calldata's words (as the nodes' watchers do): viem's generic decoder would
      // build 512 structs per report on the cores the bench measures.
      const report = reportEventWords(tx.input);
      if (report === undefined) continue;
      if (VERBOSE) {
        console.error(
          `${(performance.now() / 1000).toFixed(2)} s: report ${report.sequence} in block ${log.blockNumber}, ${report.events.length} events, from ${tx.from}`,
        );
      }
      for (const words of report.events) {
        const id = sourceMessageIdOfWords(words);
        if (this.seenAt.has(id)) continue;
        this.seenAt.set(id, now);
        fresh.push(id);
      }
    }
    this.#fromBlock = head + 1n;
    return fresh;
  }

  /**
   * Polls until every one of `ids` has been seen. Counts down as ids arrive rather than checking
   * all of them on every poll: the bench shares the two cores with what it measures.
   */
  async until(ids: readonly Hex[], timeoutMs: number, intervalMs = 50): Promise<boolean> {
    const targets = new Set(ids);
    let left = 0;
    for (const id of targets) if (!this.seenAt.has(id)) left += 1;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      for (const id of await this.poll()) if (targets.has(id)) left -= 1;
      if (left === 0) return true;
      await sleep(intervalMs);
    }
    return false;
  }
}

// ------------------------------------------------------------------------- CPU time

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ), or undefined off Linux. */
const CLOCK_TICKS = (() => {
  if (process.platform !== "linux") return undefined;
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || undefined;
  } catch {
    return undefined;
  }
})();

/** CPU seconds (user + system) process `pid` has used, read from /proc; undefined if unreadable. */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined || CLOCK_TICKS === undefined) return undefined;
  try {
    // The command name (2nd field) is in parentheses and may hold spaces: split after it.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime (fields 14, 15)
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by the node processes together and by this process (the in-process
 * chain, its JSON-RPC front end and the bench's own client work), or undefined where /proc is not
 * available. With the cores shared with whatever else runs on the machine, CPU time per event is
 * a steadier measure of the pipeline's cost than its rate.
 */
function cpuSeconds(net: Network): { nodes: number; bench: number } | undefined {
  let nodes = 0;
  for (const node of net.nodes) {
    const seconds = cpuSecondsOf(node.pid);
    if (seconds === undefined) return undefined;
    nodes += seconds;
  }
  const own = process.cpuUsage();
  return { nodes, bench: (own.user + own.system) / 1e6 };
}

// --------------------------------------------------------------------- the network

async function startNetwork(
  rpcUrl: string,
  size: number,
  threshold: number,
  nodeEnv = process.env,
) {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-pipeline-bench-"));
  const keys = Array.from({ length: size }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));
  const deployed = await deployOracle({
    rpcUrl,
    members: keys.map((k) => privateKeyToAddress(k)),
    threshold,
  });
  const layout = writeLocalNetwork({
    dir,
    rpcUrl,
    chainId: deployed.chainId,
    oracleAddress: deployed.oracle,
    startBlock: deployed.startBlock,
    keys,
    threshold,
    basePort: await findFreePortBlock(keys.length),
    chain: { confirmations: 1, pollIntervalMs: 50 },
    consensus: {
      maxBatchSize: 400,
      pipelineDepth: 6,
      proposeIntervalMs: 20,
      leaderTurnMs: 5_000,
    },
    node: { sqliteSynchronous: "FULL" },
    logLevel: "warn",
  });
  const nodes = layout.configFiles.map(
    (file, i) => new NodeProcess(file, layout.urls[i]!, path.join(dir, `node-${i + 1}.log`)),
  );
  for (const node of nodes) node.start(nodeEnv);
  await Promise.all(nodes.map((n) => n.waitHealthy(60_000)));
  return {
    dir,
    deployed,
    layout,
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
      if (process.env.CARAVEL_KEEP_TEST_DATA === "1") console.error(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

type Network = Awaited<ReturnType<typeof startNetwork>>;

/** Sends `bodies` (arrays of canonical messages) to every node, each node its own stream. */
async function sendToAll(net: Network, batches: readonly object[][], inFlight = 2): Promise<void> {
  await Promise.all(
    net.layout.urls.map(async (url) => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batches.length) {
          const batch = batches[next++]!;
          await post(url, net.layout.feedToken, batch);
        }
      };
      await Promise.all(Array.from({ length: inFlight }, worker));
    }),
  );
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ------------------------------------------------------------------ 1. throughput

async function batchedThroughput(rpcUrl: string, events: number): Promise<number> {
  const net = await startNetwork(rpcUrl, 5, 3);
  try {
    const feed = makeFeed("BATCH", events);
    await sendToAll(net, chunk(feed.links, 1000));
    const follower = new ChainFollower(rpcUrl, net.deployed.oracle);
    await follower.poll();
    const ids = feed.events.map((e) => onChainId(e.messageId));
    const cpuAtStart = cpuSeconds(net);
    const t0 = performance.now();
    await sendToAll(
      net,
      chunk(
        feed.events.map((e) => e.body),
        500,
      ),
    );
    const accepted = performance.now();
    if (VERBOSE)
      console.error(
        `${(t0 / 1000).toFixed(2)} s: first request; ${(accepted / 1000).toFixed(2)} s: all accepted`,
      );
    const done = await follower.until(ids, 300_000, 100);
    const seconds = (performance.now() - t0) / 1000;
    const cpuAtEnd = cpuSeconds(net);
    if (!done) throw new Error("not every event reached the chain within 300 s");
    emit("batched_ingest_seconds", (accepted - t0) / 1000, "s");
    if (cpuAtStart !== undefined && cpuAtEnd !== undefined) {
      const perEvent = (s: number) => (s * 1e6) / events;
      emit("batched_cpu_us_per_event_nodes", perEvent(cpuAtEnd.nodes - cpuAtStart.nodes), "us");
      emit(
        "batched_cpu_us_per_event_chain_process",
        perEvent(cpuAtEnd.bench - cpuAtStart.bench),
        "us",
      );
    }
    return events / seconds;
  } finally {
    await net.stop();
  }
}

async function naiveThroughput(rpcUrl: string, events: number): Promise<number> {
  const net = await startNetwork(rpcUrl, 5, 3);
  // The nodes are not needed for the naive path: it talks to the chain itself.
  await Promise.all(net.nodes.map((n) => n.stop("SIGTERM")));
  try {
    const provider = new JsonRpcProvider(rpcUrl, undefined, {
      staticNetwork: true,
      batchMaxCount: 1,
    });
    const keys = Array.from({ length: 5 }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i));
    const wallets = keys.map((k) => new Wallet(k, provider));
    const members = wallets.map((w) => w.address);
    const oracle = new Contract(
      net.deployed.oracle,
      customsOracleAbi as unknown as string[],
      wallets[0]!,
    );
    const domain = {
      name: "CaravelCustomsOracle",
      version: "1",
      chainId: net.deployed.chainId,
      verifyingContract: net.deployed.oracle,
    };
    const types = {
      CustomsEvent: [...REPORT_TYPES.CustomsEvent],
      CustomsReport: [...REPORT_TYPES.CustomsReport],
    };
    const feed = makeFeed("NAIVE", events);
    let sequence = (await oracle.getFunction("lastSequence")()) as bigint;
    let nonce = await provider.getTransactionCount(wallets[0]!.address, "pending");
    const t0 = performance.now();
    for (const e of feed.events) {
      const body = e.body as {
        shipmentRef: string;
        eventType: CustomsEventType;
        location: string;
        occurredAt: string;
      };
      const raw = JSON.stringify(body);
      const event = toOnChainEvent({
        sourceMessageId: e.messageId,
        source: "canonical",
        carrier: localCarriers()[BENCH_CARRIER]!.toLowerCase() as `0x${string}`,
        shipmentRef: body.shipmentRef,
        eventType: body.eventType,
        location: body.location,
        occurredAt: Date.parse(body.occurredAt) / 1000,
        sourceDocHash: sourceDocHashOf(raw),
      });
      sequence += 1n;
      const report = { epoch: 1, sequence, events: [event] };
      const signatures: string[] = [];
      for (const wallet of wallets.slice(0, 3)) {
        const signature = await wallet.signTypedData(domain, types, report);
        // The naive check: recover each signature on its own with ethers.
        const signer = verifyTypedData(domain, types, report, signature);
        if (!members.includes(signer)) throw new Error("signature does not verify");
        const { r, yParityAndS } = (await import("ethers")).Signature.from(signature);
        signatures.push(r.slice(2) + yParityAndS.slice(2));
      }
      const tx = (await oracle.getFunction("submitReport")(
        report.epoch,
        report.sequence,
        report.events,
        `0x${signatures.join("")}`,
        { nonce: nonce++ },
      )) as { wait: () => Promise<unknown> };
      await tx.wait();
    }
    const seconds = (performance.now() - t0) / 1000;
    provider.destroy();
    return events / seconds;
  } finally {
    await net.stop();
  }
}

// ------------------------------------------------------------------- 2. latency

async function latencyAt(rpcUrl: string, ratePerSecond: number, seconds: number) {
  const net = await startNetwork(rpcUrl, 5, 3);
  try {
    const total = ratePerSecond * seconds;
    const feed = makeFeed("LATENCY", total);
    await sendToAll(net, chunk(feed.links, 1000));
    const follower = new ChainFollower(rpcUrl, net.deployed.oracle);
    await follower.poll();
    const acceptedAt = new Map<Hex, number>();
    const tickMs = 100;
    const perTick = Math.round((ratePerSecond * tickMs) / 1000);
    const ticks = chunk(feed.events, perTick);
    // On-chain ids worked out before the clock starts (the bench shares the cores it measures).
    const idOf = new Map(feed.events.map((e) => [e.messageId, onChainId(e.messageId)]));
    const polling = follower.until([...idOf.values()], seconds * 1000 + 120_000, 25);
    const start = performance.now();
    const startedAt = Date.now();
    const sends: Promise<void>[] = [];
    for (const [i, tick] of ticks.entries()) {
      const due = start + i * tickMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const tickBodies = tick.map((e) => e.body);
      sends.push(
        Promise.all(net.layout.urls.map((url) => post(url, net.layout.feedToken, tickBodies))).then(
          () => {
            // Accepted = the last of the five nodes answered 202 (every node holds it durably).
            const now = Date.now();
            for (const e of tick) acceptedAt.set(idOf.get(e.messageId)!, now);
          },
        ),
      );
    }
    await Promise.all(sends);
    const offeredSeconds = (performance.now() - start) / 1000;
    const offerEndedAt = Date.now();
    if (!(await polling)) throw new Error("latency run: not every event reached the chain");
    const latencies = [...acceptedAt.entries()]
      .map(([id, at]) => follower.seenAt.get(id)! - at)
      .sort((a, b) => a - b);
    const pick = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    // Steady state: events that reached the chain per second between the end of a warm-up (a
    // quarter of the run, the time the pipeline takes to fill) and the end of the offer. A pipeline
    // that keeps up confirms the offered rate there; one that falls behind confirms less, and its
    // latencies grow from the first third of the run to the last.
    const windowStart = startedAt + (offerEndedAt - startedAt) / 4;
    const inWindow = [...follower.seenAt.values()].filter(
      (at) => at > windowStart && at <= offerEndedAt,
    ).length;
    const thirds = ticks.length / 3;
    const medianLatency = (from: number, to: number) => {
      const sample = ticks
        .slice(Math.floor(from), Math.floor(to))
        .flat()
        .map(
          (e) =>
            follower.seenAt.get(idOf.get(e.messageId)!)! - acceptedAt.get(idOf.get(e.messageId)!)!,
        )
        .sort((a, b) => a - b);
      return sample[Math.floor(sample.length / 2)] ?? 0;
    };
    return {
      p50: pick(0.5),
      p99: pick(0.99),
      max: latencies.at(-1)!,
      offered: total / offeredSeconds,
      /** Events on chain per second in the steady part of the run (see above). */
      confirmedSteady: inWindow / ((offerEndedAt - windowStart) / 1000),
      p50FirstThird: medianLatency(0, thirds),
      p50LastThird: medianLatency(2 * thirds, ticks.length),
      /** Events over the time from the first request to the last event seen on chain. */
      confirmed:
        total /
        (([...follower.seenAt.values()].reduce((a, b) => Math.max(a, b), 0) - startedAt) / 1000),
    };
  } finally {
    await net.stop();
  }
}

// ----------------------------------------------------------------------- 3. memory

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmHWM:\s+([0-9]+) kB$/m.exec(status);
  return Number(match?.[1] ?? 0) / 1024;
}

async function memoryWithQueue(rpcUrl: string, queued: number) {
  // The node starts against an endpoint nobody listens on (it accepts events regardless), takes
  // `queued` events, then restarts on the real endpoint with all of them queued and works them off.
  const unreachable = { ...process.env, CARAVEL_ORACLE__chain__rpcUrl: "http://127.0.0.1:9" };
  const net = await startNetwork(rpcUrl, 1, 1, unreachable);
  try {
    const feed = makeFeed("QUEUE", queued);
    await sendToAll(net, chunk(feed.links, 1000), 1);
    const t0 = performance.now();
    await sendToAll(
      net,
      chunk(
        feed.events.map((e) => e.body),
        1000,
      ),
      2,
    );
    const ingestSeconds = (performance.now() - t0) / 1000;
    const node = net.nodes[0]!;
    const whileIngesting = peakRssMb(node.pid!);
    await node.stop("SIGTERM");
    node.start({
      ...process.env,
      ...(process.env.CARAVEL_BENCH_NODE_ENV === undefined
        ? {}
        : (JSON.parse(process.env.CARAVEL_BENCH_NODE_ENV) as Record<string, string>)),
    });
    await node.waitHealthy(60_000);
    const restartedWithQueue = peakRssMb(node.pid!);
    const follower = new ChainFollower(rpcUrl, net.deployed.oracle);
    const ids = feed.events.map((e) => onChainId(e.messageId));
    const t1 = performance.now();
    const sampler = setInterval(() => {
      fetch(new URL("/metrics", node.url))
        .then((r) => r.text())
        .then((text) => {
          const rss = /^caravel_process_resident_memory_bytes ([0-9.e+]+)$/m.exec(text)?.[1];
          const heap = /^caravel_process_heap_used_bytes ([0-9.e+]+)$/m.exec(text)?.[1];
          if (VERBOSE) {
            console.error(
              `rss ${(Number(rss) / 2 ** 20).toFixed(0)} MB heap ${(Number(heap) / 2 ** 20).toFixed(0)} MB`,
            );
          }
        })
        .catch(() => undefined);
    }, 2_000);
    const drained = await follower.until(ids, 900_000, 500);
    clearInterval(sampler);
    const drainSeconds = (performance.now() - t1) / 1000;
    const whileDraining = peakRssMb(node.pid!);
    return {
      ingestSeconds,
      whileIngesting,
      restartedWithQueue,
      whileDraining,
      drained,
      drainSeconds,
    };
  } finally {
    await net.stop();
  }
}

// --------------------------------------------------------------------------- run

// The chain: Hardhat's in-process network served through `serveJsonRpc` (whole-buffer body
// reads), unless CARAVEL_BENCH_CHAIN says otherwise: `hardhat-server` (Hardhat's own JSON-RPC
// server, which reads bodies byte by byte) or `anvil` (a second, independent client, in its own
// process).
let rpcUrl: string;
let closeServer: () => Promise<void>;
const chainKind = process.env.CARAVEL_BENCH_CHAIN ?? "hardhat";
if (chainKind === "hardhat-server") {
  const server = await network.createServer("hardhat", "127.0.0.1", 0);
  const { address, port } = await server.listen();
  rpcUrl = `http://${address}:${port}`;
  closeServer = () => server.close();
} else if (chainKind === "anvil") {
  const anvil = await startAnvil();
  rpcUrl = anvil.rpcUrl;
  closeServer = () => anvil.stop();
} else if (chainKind !== "hardhat") {
  throw new Error(
    `CARAVEL_BENCH_CHAIN: expected hardhat, hardhat-server or anvil, got ${chainKind}`,
  );
} else {
  const connection = await network.create("hardhat");
  const server = await serveJsonRpc(connection.provider);
  rpcUrl = server.url;
  closeServer = async () => {
    await server.close();
    await connection.close();
  };
}
try {
  if (process.env.CARAVEL_BENCH_ONLY === "latency") {
    const rate = Number(process.env.CARAVEL_BENCH_RATE ?? "500");
    console.log(JSON.stringify(await latencyAt(rpcUrl, rate, QUICK ? 4 : 20)));
    process.exit(0);
  }
  if (process.env.CARAVEL_BENCH_ONLY === "throughput") {
    const events = QUICK ? 2_000 : 20_000;
    emit("batched_events_per_second", await batchedThroughput(rpcUrl, events), "events/s", {
      events,
    });
    process.exit(0);
  }
  if (process.env.CARAVEL_BENCH_ONLY === "memory") {
    const memory = await memoryWithQueue(rpcUrl, QUICK ? 5_000 : 100_000);
    console.log(JSON.stringify(memory));
    process.exit(0);
  }
  const naiveEvents = QUICK ? 30 : 200;
  const naive = await naiveThroughput(rpcUrl, naiveEvents);
  const batchedEvents = QUICK ? 2_000 : 20_000;
  const batched = await batchedThroughput(rpcUrl, batchedEvents);
  emit("naive_events_per_second", naive, "events/s", { events: naiveEvents });
  emit("batched_events_per_second", batched, "events/s", {
    events: batchedEvents,
    baseline: Number(naive.toFixed(2)),
    ratio: Number((batched / naive).toFixed(1)),
  });
  const latency = await latencyAt(rpcUrl, 500, QUICK ? 4 : 20);
  emit("latency_offered_events_per_second", latency.offered, "events/s");
  emit("latency_p50_ms", latency.p50, "ms");
  emit("latency_p99_ms", latency.p99, "ms");
  emit("latency_max_ms", latency.max, "ms");
  // Sustained: events offered at a steady 2,000/s (every node gets each 100 ms tick), not a burst.
  const steady = await latencyAt(rpcUrl, 2_000, QUICK ? 3 : 30);
  emit("steady_2000_offered_events_per_second", steady.offered, "events/s");
  emit("steady_2000_confirmed_events_per_second", steady.confirmed, "events/s");
  emit("steady_2000_confirmed_after_warmup_events_per_second", steady.confirmedSteady, "events/s");
  emit("steady_2000_latency_p50_first_third_ms", steady.p50FirstThird, "ms");
  emit("steady_2000_latency_p50_last_third_ms", steady.p50LastThird, "ms");
  emit("steady_2000_latency_p50_ms", steady.p50, "ms");
  emit("steady_2000_latency_p99_ms", steady.p99, "ms");
  const memory = await memoryWithQueue(rpcUrl, QUICK ? 5_000 : 100_000);
  emit("node_peak_rss_ingesting_100k_mb", memory.whileIngesting, "MB", {
    ingestSeconds: Number(memory.ingestSeconds.toFixed(1)),
  });
  emit("node_peak_rss_started_with_100k_queued_mb", memory.restartedWithQueue, "MB");
  emit("node_peak_rss_draining_100k_mb", memory.whileDraining, "MB", {
    drainSeconds: Number(memory.drainSeconds.toFixed(1)),
    drained: memory.drained ? 1 : 0,
  });
} finally {
  await closeServer();
}

/**
 * An oracle node's CPU per customs event on the ingestion path alone, per format (issue #17).
 * The ingest API runs in a process of its own (`ingestServerProcess.ts`: wired as a node wires it,
 * without chain, consensus or polling), fed over HTTP from this process with the simulator's feed
 * (the trading day's noise: duplicates, out-of-order and malformed messages), one format at a
 * time: the declaration links first (canonical, NDJSON batches, not reported as events), then the
 * DCSA Track & Trace events (NDJSON batches of 200, as the day sends them), then the WCO DMS
 * notifications, one document per request (32 in flight, as the day) and, on a second feed of the
 * same size in the same server, in batches of 200 (measured first, after a warm-up on both paths,
 * so that any warming left favours the baseline). CPU is the server process's user + system time
 * from /proc around each phase; the cores are shared, so it is CPU time, not wall time, that is
 * reported (with the load average).
 *
 * Reported per format: server CPU ms per event and per message; WCO batched against WCO one per
 * request as the baseline (ratio = batched / one per request).
 *
 * Knobs: CARAVEL_BENCH_SHIPMENTS (default 300 per feed), CARAVEL_BENCH_CPU_PROF=<dir> (the server
 * runs with --cpu-prof and writes its profile there when it stops).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { NODE_PROCESS_FLAGS } from "../../../oracle/cli/localNetwork.ts";
import {
  createFeedSimulator,
  type SimulatedMessage,
} from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed, type SendFeedOptions } from "../../../oracle/simulator/feedSender.ts";
import type { MessageFormat } from "../../../oracle/store/quarantine.ts";

const BENCH = "oracle/ingest_cpu";
const SHIPMENTS = Number(process.env.CARAVEL_BENCH_SHIPMENTS ?? "300");
const CPU_PROF = process.env.CARAVEL_BENCH_CPU_PROF;
const TOKEN = "ingest-cpu-bench-token-0123456789";
const CONCURRENCY = 32;
const BATCH = { maxMessages: 200 } as const;
const SERVER = fileURLToPath(new URL("./ingestServerProcess.ts", import.meta.url));
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

function emit(metric: string, value: number, unit: string, extra: Record<string, number> = {}) {
  console.log(
    JSON.stringify({ bench: BENCH, metric, value: Number(value.toFixed(4)), unit, ...extra }),
  );
}

/** CPU seconds (user + system) process `pid` has used, from /proc. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function feedOf(seed: string, shipments: number) {
  return createFeedSimulator({
    shipments,
    seed,
    noise: { duplicateRate: 0.02, outOfOrderRate: 0.02, malformedRate: 0.005 },
    startTime: Math.floor(Date.now() / 1000) - 60 * 86_400,
    spreadSeconds: 14 * 86_400,
  });
}

const feeds = {
  warmUpOnePerRequest: feedOf("ingest-cpu-warm-up-one-per-request", 100),
  warmUpBatched: feedOf("ingest-cpu-warm-up-batched", 100),
  onePerRequest: feedOf("ingest-cpu-one-per-request", SHIPMENTS),
  batched: feedOf("ingest-cpu-batched", SHIPMENTS),
};
/** The node's `ingest.carriers`: every carrier of the run's feeds. */
const carriers = Object.assign({}, ...Object.values(feeds).map((f) => f.carriers)) as Record<
  string,
  string
>;
const dir = mkdtempSync(path.join(tmpdir(), "caravel-ingest-cpu-bench-"));
const flags = [...NODE_PROCESS_FLAGS];
if (CPU_PROF !== undefined) {
  mkdirSync(CPU_PROF, { recursive: true });
  flags.push("--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF)}`);
}
const child = spawn(process.execPath, [...flags, SERVER, dir, JSON.stringify(carriers), TOKEN], {
  stdio: ["ignore", "pipe", "inherit"],
});
const exited = new Promise((resolve) => child.once("exit", resolve));
const port = await new Promise<number>((resolve, reject) => {
  child.once("exit", (code) => reject(new Error(`ingest server exited with ${code}`)));
  createInterface({ input: child.stdout }).once("line", (line) => {
    resolve((JSON.parse(line) as { port: number }).port);
  });
});
const node = {
  url: `http://127.0.0.1:${port}`,
  tokens: { "wco-dms": TOKEN, "dcsa-tnt": TOKEN, canonical: TOKEN },
};

interface PhaseCost {
  cpuSeconds: number;
  messages: number;
  requests: number;
}

/** Sends `messages` and returns the server's CPU seconds for them. */
async function send(
  messages: readonly SimulatedMessage[],
  batch: SendFeedOptions["batch"],
): Promise<PhaseCost> {
  const cpu0 = cpuSecondsOf(child.pid!);
  const [report] = await sendFeed(messages, {
    nodes: [node],
    concurrency: CONCURRENCY,
    ...(batch === undefined ? {} : { batch }),
  });
  if (report!.failed > 0) throw new Error(`${report!.failed} messages failed`);
  const unexpected = messages.filter((m) => m.kind !== "malformed").length - report!.accepted;
  if (unexpected > 0) {
    throw new Error(`${unexpected} valid messages refused: ${JSON.stringify(report!.statuses)}`);
  }
  return {
    cpuSeconds: cpuSecondsOf(child.pid!) - cpu0,
    messages: messages.length,
    requests: report!.requests,
  };
}

/** One feed, format by format; the WCO notifications with `wcoBatch`. */
async function feedByFormat(feed: ReturnType<typeof feedOf>, wcoBatch: SendFeedOptions["batch"]) {
  const of = (format: MessageFormat) => feed.messages.filter((m) => m.format === format);
  const events = (format: MessageFormat) =>
    feed.expectedEvents.filter((e) => e.source === format).length;
  await send(of("canonical"), BATCH);
  const dcsa = await send(of("dcsa-tnt"), BATCH);
  const wco = await send(of("wco-dms"), wcoBatch);
  return {
    dcsa: { ...dcsa, events: events("dcsa-tnt") },
    wco: { ...wco, events: events("wco-dms") },
  };
}

try {
  // Warm-up (JIT, SQLite page cache) on both paths: a long-running node is warm. Not reported.
  await feedByFormat(feeds.warmUpOnePerRequest, undefined);
  await feedByFormat(feeds.warmUpBatched, BATCH);
  // The batched path first: what warming is left favours the baseline, measured second.
  const batched = await feedByFormat(feeds.batched, BATCH);
  const perRequest = await feedByFormat(feeds.onePerRequest, undefined);

  type Cost = PhaseCost & { events: number };
  const perEvent = (c: Cost) => (c.cpuSeconds * 1000) / c.events;
  const perMessage = (c: Cost) => (c.cpuSeconds * 1000) / c.messages;
  // DCSA events go batched in both feeds: reported over both.
  const dcsa: Cost = {
    cpuSeconds: batched.dcsa.cpuSeconds + perRequest.dcsa.cpuSeconds,
    messages: batched.dcsa.messages + perRequest.dcsa.messages,
    requests: batched.dcsa.requests + perRequest.dcsa.requests,
    events: batched.dcsa.events + perRequest.dcsa.events,
  };
  emit("dcsa_events", dcsa.events, "events", {
    messages: dcsa.messages,
    requests: dcsa.requests,
  });
  emit("dcsa_batched_cpu_ms_per_event", perEvent(dcsa), "ms");
  emit("dcsa_batched_cpu_ms_per_message", perMessage(dcsa), "ms");
  emit("wco_events", perRequest.wco.events, "events", {
    messages: perRequest.wco.messages,
    requests: perRequest.wco.requests,
    batched_requests: batched.wco.requests,
  });
  emit("wco_one_per_request_cpu_ms_per_event", perEvent(perRequest.wco), "ms");
  emit("wco_one_per_request_cpu_ms_per_message", perMessage(perRequest.wco), "ms");
  emit("wco_batched_cpu_ms_per_event", perEvent(batched.wco), "ms", {
    baseline: Number(perEvent(perRequest.wco).toFixed(4)),
    ratio: Number((perEvent(batched.wco) / perEvent(perRequest.wco)).toFixed(3)),
  });
  emit("load_average_1m", Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]), "");
} finally {
  child.kill("SIGTERM");
  await exited;
  rmSync(dir, { recursive: true, force: true });
}

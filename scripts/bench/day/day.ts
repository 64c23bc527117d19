/**
 * A simulated trading day (issue #17): one run drives the day's mix (scripts/bench/day/mix.ts)
 * through the real parts at the issue's scale, or a fraction of it:
 *
 * - the whole platform deployed on Hardhat's embedded chain, served over HTTP JSON-RPC by
 *   scripts/dev/jsonRpcServer.ts in a process of its own (scripts/bench/day/chainServer.ts), or on
 *   Anvil with `--anvil`;
 * - the five oracle nodes (3 of 5 sign) as processes of their own, fed the customs and transport
 *   messages by the simulator (oracle/simulator), submitting signed reports as they agree;
 * - the bench's own transactions, built with the `lib/` code the operator tasks use, sent from
 *   many accounts at once (the chain signs: unlocked or impersonated accounts, so no client-side
 *   signing or nonce bookkeeping serialises the load), over batched JSON-RPC (viem).
 *
 * The day is cut into slices; every activity runs its share of each slice, and the oracle nodes
 * get their share of the feed, so every part's state grows through the day together. By default
 * the slices run in lockstep (the next starts when the slowest part ends); `--lead N` lets a part
 * run up to N slices ahead of the slowest (pacing.ts), which measured 3 % faster on a quiet
 * machine, slower on a loaded one, and once left the credits' settlement not flat
 * (docs/BENCHMARKS.md, "Pacing"). Gas per item is
 * compared between the first and the last tenth of each operation's transactions ("flat": within
 * ±2 %).
 *
 *   npm run bench:day -- [--scale 0.01] [--anvil] [--slices 10] [--lead 0] [--pools 4]
 *
 * Prints JSON lines: {"bench":"day","metric","value","unit","scale",...}.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import {
  type Abi,
  type Address,
  createPublicClient,
  type Hex,
  http,
  keccak256,
  numberToHex,
  parseEventLogs,
  toHex,
} from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { getHttpRpcClient } from "viem/utils";

import type { MemberRoleName } from "../../../lib/chain/roles.ts";
import { createHttpPoster } from "../../../lib/net/httpPost.ts";
import { shipmentRefOf } from "../../../lib/trade/billOfLading.ts";
import { DEV_ORACLE_FIRST_INDEX, devKey } from "../../../oracle/cli/deployOracle.ts";
import {
  DEV_CARRIER_CODE,
  findFreePortBlock,
  localCarriers,
  NodeProcess,
  writeLocalNetwork,
} from "../../../oracle/cli/localNetwork.ts";
import {
  createFeedSimulator,
  planFeed,
  type SimulatedMessage,
} from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";
import { startAnvil } from "../../dev/anvil.ts";
import {
  CUSTOMS_EVENTS_PER_DAY,
  type CustomsJourney,
  DAY_ACTIVITIES,
  type DayContext,
  type DayTransaction,
  onboardInBatches,
  warmPools,
} from "./mix.ts";
import {
  type ClassifiedReport,
  createEventClassifier,
  judgeByClass,
  judgeTenths,
  type ReportEvent,
} from "./flatness.ts";
import { DayLedger } from "./ledger.ts";
import { diskShortfall, memoryOnHand, memoryShortfall } from "./machineNeed.ts";
import { type PacedPart, runPaced } from "./pacing.ts";
import { logsInBoundedRanges, receiptGasOf, type RpcBatch } from "./rpcPaging.ts";
import { firstAndLastTenthWrites } from "./storageWrites.ts";
import { CHAIN_ALLOCATOR_ENV, CHAIN_STATE_CACHE_ENV } from "./chainEnv.ts";

const BENCH = "day";
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/**
 * Hyperledger Besu's QBFT settings the capacity is worked out at: the genesis file of Besu's
 * "Configure QBFT consensus" page (https://besu.hyperledger.org/private-networks/how-to/configure/consensus/qbft):
 * `"blockperiodseconds": 5` and `"gasLimit": "0x29b92700"` (700,000,000 gas).
 */
const BESU_QBFT = { blockPeriodSeconds: 5, blockGasLimit: 700_000_000 } as const;
const FLAT_TOLERANCE = 0.02;
const NODES = 5;
const THRESHOLD = 3;

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    anvil: { type: "boolean", default: false },
    slices: { type: "string", default: "10" },
    lead: { type: "string", default: "0" },
    pools: { type: "string", default: "4" },
  },
});
const scale = Number(args.scale);
if (!(scale > 0 && scale <= 1)) {
  console.error(`--scale: "${args.scale}" is not a fraction of the day in (0, 1]`);
  process.exit(2);
}
const slices = Number(args.slices);
if (!Number.isInteger(slices) || slices < 1) {
  console.error(`--slices: "${args.slices}" is not a positive whole number`);
  process.exit(2);
}
/**
 * Slices a part may run ahead of the slowest (pacing.ts); 0 (the default) runs the slices in
 * lockstep. Not 1 by default: measured, it gave 3 % at 0.01 on a quiet machine, no shorter day on
 * a loaded one (0.01, 0.03), and once left the credits' settlement not flat (docs/BENCHMARKS.md).
 */
const lead = Number(args.lead);
if (!Number.isInteger(lead) || lead < 0 || lead >= slices) {
  console.error(`--lead: "${args.lead}" is not a whole number of slices below --slices`);
  process.exit(2);
}
const poolFactor = Number(args.pools);
if (!Number.isInteger(poolFactor) || poolFactor < 1) {
  console.error(`--pools: "${args.pools}" is not a positive whole number`);
  process.exit(2);
}
// Before anything starts: does the day fit in this machine's memory (RAM available and free
// swap) and its temporary directory (the oracle nodes' databases)? A day that does not is
// refused, not warned about: it would run for most of its length and then lose a process (most
// likely the chain, the largest) to the out-of-memory killer, on a machine other work shares. CARAVEL_DAY_MACHINE_CHECK=warn runs it anyway (the figures are
// estimates from measured runs: machineNeed.ts).
{
  const disk = statfsSync(tmpdir());
  const shortfalls = [
    memoryShortfall(scale, memoryOnHand(readFileSync("/proc/meminfo", "utf8"))),
    diskShortfall(scale, (disk.bavail * disk.bsize) / 2 ** 20, tmpdir()),
  ].filter((shortfall) => shortfall !== undefined);
  const warnOnly = process.env.CARAVEL_DAY_MACHINE_CHECK === "warn";
  for (const shortfall of shortfalls) {
    console.error(`${warnOnly ? "warning" : "refused"}: ${shortfall}`);
  }
  if (shortfalls.length > 0 && !warnOnly) process.exit(2);
}
/** CARAVEL_DAY_NO_FEED=1: the oracle nodes get no messages (to see their share; not for reported numbers). */
const NO_FEED = process.env.CARAVEL_DAY_NO_FEED === "1";
/**
 * Requests in flight per node from the feed. WCO notifications are each their own request (as
 * customs sends them), DCSA and canonical messages go in NDJSON batches; a node answers after its
 * group commit, so a narrow window leaves the nodes idle between answers.
 */
const FEED_CONCURRENCY = Number(process.env.CARAVEL_DAY_FEED_CONCURRENCY ?? "32");
const chainKind = args.anvil ? "anvil" : "hardhat-edr";

function emit(metric: string, value: number, unit: string, extra: Record<string, unknown> = {}) {
  const rounded = Number.isInteger(value) ? value : Number(value.toPrecision(6));
  console.log(
    JSON.stringify({
      bench: BENCH,
      metric,
      value: rounded,
      unit,
      scale,
      chain: chainKind,
      ...extra,
    }),
  );
}

/** Peak resident set of process `pid` (VmHWM, kB → MB), or undefined if unreadable. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match === null ? undefined : Number(match[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** `pid` and every process below it (npm's anvil is a launcher whose child is the chain). */
function processTree(pid: number): number[] {
  const tree = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children === "" ? [] : children.split(" ")) {
        tree.push(...processTree(Number(child)));
      }
    }
  } catch {
    // gone, or not Linux
  }
  return tree;
}

/** CPU seconds process `pid` and its children have used; undefined if unreadable. */
function treeCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let total = 0;
  for (const member of processTree(pid)) {
    const seconds = cpuSeconds(member);
    if (seconds === undefined) return undefined;
    total += seconds;
  }
  return total;
}

/** The largest peak resident set among `pid` and its children, MB. */
function treePeakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  const peaks = processTree(pid)
    .map(peakRssMb)
    .filter((mb) => mb !== undefined);
  return peaks.length === 0 ? undefined : Math.max(...peaks);
}

/** CPU seconds (user + system) process `pid` has used, from /proc (USER_HZ = 100 on Linux). */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

// ------------------------------------------------------------------------------ the chain

interface ChainReady {
  rpcUrl: string;
  pid: number | undefined;
  addresses: Record<string, Address>;
}

/** What the chain server printed after its ready line (its per-method account at the end). */
const chainOutput: string[] = [];

/**
 * The chain process's whole stderr and its exit status, kept in a file for the whole run
 * (CARAVEL_DAY_CHAIN_LOG, or a fresh file under the temporary directory; its path is printed at
 * the start): a chain lost mid-day says why (a Rust panic, a Node crash, a signal such as the
 * OOM killer's SIGKILL), where before its stderr was dropped once it was ready.
 */
const chainLogPath =
  process.env.CARAVEL_DAY_CHAIN_LOG ??
  path.join(tmpdir(), `caravel-day-chain-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
const chainLog = openSync(chainLogPath, "a");
console.error(`the chain's stderr and exit status: ${chainLogPath}`);
/** Set once the day stops the chain itself: an exit before that is the chain lost. */
let chainStopping = false;

/** Starts scripts/bench/day/chainServer.ts under Hardhat; resolves with its ready line. */
function startChainServer(
  env: NodeJS.ProcessEnv,
): Promise<{ ready: ChainReady; child: ChildProcess }> {
  const require = createRequire(import.meta.url);
  const hardhatCli = path.join(
    path.dirname(require.resolve("hardhat/package.json")),
    "dist/src/cli.js",
  );
  // CARAVEL_DAY_CHAIN_CPU_PROF=<dir>: the chain process writes a V8 CPU profile there (a
  // diagnostic knob; Node refuses --cpu-prof in NODE_OPTIONS).
  const profileDir = process.env.CARAVEL_DAY_CHAIN_CPU_PROF;
  const profile = profileDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
  const script = [hardhatCli, "run", "scripts/bench/day/chainServer.ts"];
  const child = spawn(process.execPath, [...profile, ...script], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // CARAVEL_DAY_CHAIN_CGROUP=<cgroup directory> (a diagnostic knob): the chain process joins that
  // memory cgroup as it starts, so a cap there (cgroup v1 `memory.limit_in_bytes`, v2
  // `memory.max`) makes it page out to swap: how the day runs on less RAM than the chain keeps
  // (docs/BENCHMARKS.md, "Memory at full scale"). Joined at birth: a kernel that no longer moves a
  // process's charges with it would leave what it allocated before outside the cap.
  const cgroup = process.env.CARAVEL_DAY_CHAIN_CGROUP;
  if (cgroup !== undefined && child.pid !== undefined) {
    writeFileSync(path.join(cgroup, "cgroup.procs"), String(child.pid));
  }
  const spawnedAt = performance.now();
  writeSync(chainLog, `${new Date().toISOString()} chain server started, pid ${child.pid}\n`);
  child.once("exit", (code, signal) => {
    const after = ((performance.now() - spawnedAt) / 1000).toFixed(1);
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    writeSync(
      chainLog,
      `${new Date().toISOString()} chain server exited (${how}) after ${after} s\n`,
    );
    if (!chainStopping) {
      console.error(
        `the chain server exited (${how}) after ${after} s; its stderr: ${chainLogPath}`,
      );
    }
  });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      writeSync(chainLog, chunk);
      err = (err + chunk.toString()).slice(-2000);
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split("\n")) {
        if (!line.startsWith('{"ready":true')) continue;
        resolve({ ready: JSON.parse(line) as ChainReady, child });
        out = "";
        child.stdout!.removeAllListeners("data");
        child.stdout!.on("data", (more: Buffer) => chainOutput.push(more.toString()));
        return;
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`the chain server exited (${code}): ${err.slice(-2000)}`)),
    );
  });
}

function abiOf(contract: string, file: string): Abi {
  const artifact = JSON.parse(
    readFileSync(path.join(projectRoot, "artifacts", file, `${contract}.json`), "utf8"),
  ) as { abi: Abi };
  return artifact.abi;
}

// ------------------------------------------------------------------------------- the run

const startedAt = performance.now();
// Blocks of Besu QBFT's usual gas limit, as the embedded chain's (chainServer.ts): a block is
// bounded by the gas limits its transactions declare, not by what they use. Anvil keeps the state
// of the last 64 blocks only (`--prune-history 64`): keeping every block's state cost it a third
// more CPU per transaction as the day grew (docs/BENCHMARKS.md); the nodes read at most a few
// blocks back.
const anvil = args.anvil
  ? await startAnvil(["--gas-limit", String(BESU_QBFT.blockGasLimit), "--prune-history", "64"])
  : undefined;
const { ready, child: chainChild } = await startChainServer(
  anvil === undefined
    ? { ...CHAIN_ALLOCATOR_ENV, ...CHAIN_STATE_CACHE_ENV, ...process.env }
    : { ...process.env, CARAVEL_RPC_URL: anvil.rpcUrl },
);
// However the run ends, the chain goes with it (the node processes are killed on exit by
// NodeProcess). npm's anvil is a launcher: its child, the chain, is listed now, while both run.
const anvilTree = anvil?.pid === undefined ? [] : processTree(anvil.pid);
function stopChainProcesses(): void {
  chainStopping = true;
  chainChild.kill("SIGKILL");
  for (const pid of anvilTree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
process.once("exit", stopChainProcesses);
const rpcUrl = ready.rpcUrl;
const chainPid = anvil?.pid ?? ready.pid;
/**
 * The day's JSON-RPC goes over kept-alive `node:http` connections (lib/net/httpPost.ts) rather
 * than fetch, whose per-request objects were a large share of the bench's CPU.
 */
const rpcPoster = createHttpPoster();
const client = createPublicClient({
  transport: http(rpcUrl, {
    batch: { batchSize: 200, wait: 1 },
    timeout: 300_000,
    retryCount: 0,
    fetchFn: rpcPoster.fetch,
  }),
});
const request = client.request as (args: { method: string; params?: unknown }) => Promise<unknown>;
/**
 * The bulk reads after the day (receipts, the oracle's logs) go as explicit JSON-RPC batches, each
 * page one request, so that a page whose answer is over viem's response bound can be halved and
 * asked again (rpcPaging.ts); viem's own batching would refuse every request of such a batch.
 */
const rpcHttp = getHttpRpcClient(rpcUrl, { timeout: 300_000, fetchFn: rpcPoster.fetch });
let nextBatchId = 1;
const rpcBatch: RpcBatch = async (calls) => {
  const firstId = nextBatchId;
  nextBatchId += calls.length;
  const answers = (await rpcHttp.request({
    body: calls.map((call, i) => ({
      jsonrpc: "2.0" as const,
      id: firstId + i,
      method: call.method,
      params: call.params,
    })),
  } as unknown as Parameters<typeof rpcHttp.request>[0])) as unknown as {
    id: number;
    result?: unknown;
    error?: { message?: string };
  }[];
  const results = new Array<unknown>(calls.length);
  for (const answer of answers) {
    const i = answer.id - firstId;
    if (answer.error !== undefined) {
      throw new Error(
        `${calls[i]?.method}: ${answer.error.message ?? JSON.stringify(answer.error)}`,
      );
    }
    results[i] = answer.result;
  }
  return results;
};
/** Receipts a batch asks for: 200 receipts of 100-invoice batches answered 10.5 MB. */
const RECEIPTS_PER_PAGE = 100;
/** Blocks an `eth_getLogs` of the oracle's reports spans (halved where the answer is too large). */
const LOG_BLOCKS_PER_PAGE = 50;

const abis: Record<string, Abi> = {
  registry: abiOf("ConsortiumRegistry", "contracts/consortium/ConsortiumRegistry.sol"),
  invoiceRegistry: abiOf("InvoiceRegistry", "contracts/documents/InvoiceRegistry.sol"),
  billOfLading: abiOf("BillOfLading", "contracts/documents/BillOfLading.sol"),
  customsOracle: abiOf("CustomsOracle", "contracts/oracle/CustomsOracle.sol"),
  // The products' contracts the mix drives (documentary credits, orders, vouchers...).
  letterOfCredit: abiOf("LetterOfCredit", "contracts/credit/LetterOfCredit.sol"),
  certificateOfOrigin: abiOf(
    "CertificateOfOriginRegistry",
    "contracts/documents/CertificateOfOriginRegistry.sol",
  ),
  usdDeposit: abiOf("DepositToken", "contracts/money/DepositToken.sol"),
  purchaseOrder: abiOf("PurchaseOrder", "contracts/documents/PurchaseOrder.sol"),
  payableVoucher: abiOf("PayableVoucher", "contracts/finance/PayableVoucher.sol"),
  cnyDeposit: abiOf("DepositToken", "contracts/money/DepositToken.sol"),
  paymentCommitment: abiOf("PaymentCommitment", "contracts/finance/PaymentCommitment.sol"),
  preShipmentAdvance: abiOf("PreShipmentAdvance", "contracts/finance/PreShipmentAdvance.sol"),
};

// The accounts the day acts from: two administrators of the demo consortium (unlocked dev
// accounts 0 and 1) and pools of members onboarded for the day, each impersonated and funded.
// `--pools N` multiplies every pool: the mix runs as many lanes as a pool has accounts (two per
// carrier and per bank, one per exporter), each lane one transaction after another, so the pools
// set how many transactions are in flight, and so how many share a block.
const poolSizes = {
  carriers: 4 * poolFactor,
  exporters: 8 * poolFactor,
  importers: 4 * poolFactor,
  banks: 4 * poolFactor,
  chambers: 2 * poolFactor,
  coreEnterprises: 2 * poolFactor,
  suppliers: 6 * poolFactor,
} as const;
const poolRoles: Record<keyof typeof poolSizes, MemberRoleName> = {
  carriers: "CARRIER",
  exporters: "EXPORTER",
  importers: "IMPORTER",
  banks: "BANK",
  chambers: "CHAMBER",
  // Buyers whose payables become vouchers: made OBLIGOR by governance in the vouchers row's setup.
  coreEnterprises: "IMPORTER",
  // The core enterprises' suppliers in tiers (vouchers are split down and discounted by them).
  suppliers: "EXPORTER",
};
const pools = Object.fromEntries(
  Object.entries(poolSizes).map(([pool, size]) => [
    pool,
    Array.from(
      { length: size },
      (_, i) => `0x${keccak256(toHex(`caravel-day-sender:${pool}:${i}`)).slice(-40)}` as Address,
    ),
  ]),
) as Record<keyof typeof poolSizes, Address[]>;
const admins = [privateKeyToAddress(devKey(0)), privateKeyToAddress(devKey(1))];
const rpcPrefix = args.anvil ? "anvil" : "hardhat";
for (const account of Object.values(pools).flat()) {
  await request({ method: `${rpcPrefix}_impersonateAccount`, params: [account] });
  await request({ method: `${rpcPrefix}_setBalance`, params: [account, numberToHex(10n ** 24n)] });
}

/**
 * Resolves once a block holding the transaction is mined. Anvil answers `eth_sendTransaction`
 * when its pool has taken the transaction and mines it a moment later, so a step that depends on
 * the one before (a bill endorsed after its issue) could reach the chain first; the embedded
 * chain answers once mined (chainServer.ts). One watcher reads each new block's transaction
 * hashes for every send in flight, rather than each send polling for its receipt.
 */
function blockWatcher(firstBlock: bigint): (hash: Hex) => Promise<void> {
  const waiters = new Map<Hex, { resolve: () => void; reject: (error: unknown) => void }>();
  /** Hashes mined before their send's answer arrived, with their block (kept 1,024 blocks). */
  const minedEarly = new Map<Hex, bigint>();
  let next = firstBlock;
  let watching = false;
  async function watch(): Promise<void> {
    while (waiters.size > 0) {
      const head = await client.getBlockNumber({ cacheTime: 0 });
      for (; next <= head; next++) {
        const block = (await request({
          method: "eth_getBlockByNumber",
          params: [numberToHex(next), false],
        })) as { transactions: Hex[] };
        for (const hash of block.transactions) {
          const waiter = waiters.get(hash);
          if (waiter === undefined) minedEarly.set(hash, next);
          else {
            waiters.delete(hash);
            waiter.resolve();
          }
        }
      }
      for (const [hash, number] of minedEarly) if (number + 1024n < next) minedEarly.delete(hash);
      if (waiters.size > 0) await sleep(5);
    }
  }
  function startWatching(): void {
    watching = true;
    watch()
      .catch((error: unknown) => {
        for (const waiter of waiters.values()) waiter.reject(error);
        waiters.clear();
      })
      .finally(() => {
        watching = false;
        // A send that came between the watcher's last look and now still waits: watch on.
        if (waiters.size > 0) startWatching();
      });
  }
  return (hash) => {
    if (minedEarly.delete(hash)) return Promise.resolve();
    const mined = new Promise<void>((resolve, reject) => waiters.set(hash, { resolve, reject }));
    if (!watching) startWatching();
    return mined;
  };
}
const minedOnAnvil = args.anvil ? blockWatcher((await client.getBlockNumber()) + 1n) : undefined;

const failures: string[] = [];
const sendLatency = { count: 0, ms: 0 };
/**
 * Each account's transactions go one after another: the chain assigns the nonce as it takes a
 * transaction, and Anvil gives two transactions of one account in flight at once the same nonce.
 * Many accounts keep the chain busy.
 */
const accountQueues = new Map<Address, Promise<unknown>>();
function send(tx: DayTransaction): Promise<Hex> {
  const previous = accountQueues.get(tx.from) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => sendNow(tx));
  accountQueues.set(tx.from, next);
  return next;
}

async function sendNow(tx: DayTransaction): Promise<Hex> {
  const t0 = performance.now();
  try {
    const hash = (await request({
      method: "eth_sendTransaction",
      params: [{ from: tx.from, to: tx.to, data: tx.data, gas: numberToHex(tx.gas) }],
    })) as Hex;
    await minedOnAnvil?.(hash);
    return hash;
  } catch (error) {
    failures.push((error as Error).message.split("\n").slice(0, 3).join(" "));
    throw error;
  } finally {
    sendLatency.count += 1;
    sendLatency.ms += performance.now() - t0;
  }
}

/** Every transaction of the day under its operation, until the receipts give its gas. */
// The write trace (CARAVEL_DAY_TRACE_WRITES, below) needs each record's hashes after the gas.
const ledger = new DayLedger({ keepHashes: process.env.CARAVEL_DAY_TRACE_WRITES !== undefined });
/** Customs events of the journeys the mix reported (credits cleared at destination). */
let journeyEvents = 0;
const ctx: DayContext = {
  addresses: ready.addresses,
  abis,
  accounts: { admins, ...pools },
  send,
  logsOf: async (hash) => (await client.getTransactionReceipt({ hash })).logs,
  chainTime: async () => Number((await client.getBlock({ blockTag: "latest" })).timestamp),
  async waitForChainTime(time) {
    while (Number((await client.getBlock({ blockTag: "latest" })).timestamp) < time) {
      await request({ method: "evm_mine", params: [] });
      await sleep(200);
    }
  },
  customs: {
    carrier: { code: DEV_CARRIER_CODE, address: localCarriers()[DEV_CARRIER_CODE]! },
    async clear(journeys) {
      if (journeys.length === 0) return;
      const journeyFeed = journeyFeedOf(journeys);
      journeyEvents += journeyFeed.expectedEvents.length;
      await sendFeed(journeyFeed, {
        nodes: layout.urls.map((url) => ({ url, tokens })),
        concurrency: 4,
      });
      await waitUntilCleared(journeys);
    },
  },
  record: (operation, items, hashes) => ledger.record(operation, items, hashes),
  read: async <T>(contract: string, functionName: string, fnArgs: readonly unknown[]) =>
    (await client.readContract({
      address: ready.addresses[contract]!,
      abi: abis[contract]!,
      functionName,
      args: fnArgs,
    } as Parameters<typeof client.readContract>[0])) as T,
};

// Onboard the pools under proposals of at most 100 members each (the batch operation the day uses
// for its members too; --pools 4 gives 120 pool accounts).
await onboardInBatches(
  ctx,
  Object.entries(pools).flatMap(([pool, accounts]) =>
    accounts.map((account, i) => ({
      account,
      member: {
        name: `Day ${pool} ${i}`,
        registrationId: `DAY-POOL-${pool}-${i}`,
        country: "SG",
        roles: [poolRoles[pool as keyof typeof poolSizes]],
      },
    })),
  ),
);

// ------------------------------------------------------ the products' setup (mix.ts rows)
// The carrier the oracle nodes know by its code issues the credits' bills: a demo member
// (an unlocked dev account), impersonated like the pools so it sends the same way on Anvil.
await request({ method: `${rpcPrefix}_impersonateAccount`, params: [ctx.customs.carrier.address] });
await request({
  method: `${rpcPrefix}_setBalance`,
  params: [ctx.customs.carrier.address, numberToHex(10n ** 24n)],
});
for (const activity of DAY_ACTIVITIES) {
  await activity.setup?.(ctx, Math.round(activity.perDay * scale));
}
// Before the day, outside its timer: the pools' members as on any trading day, having traded
// before (deposits, vouchers, an open credit with an advance; mix.ts warmPools).
await warmPools(ctx);

/** The journeys' messages as customs and the carrier send them: no noise, every event once. */
function journeyFeedOf(journeys: readonly CustomsJourney[]) {
  return createFeedSimulator({
    shipments: 0,
    seed: `caravel-day-journeys:${journeys[0]!.blNumber}`,
    noise: { duplicateRate: 0, outOfOrderRate: 0, malformedRate: 0 },
    namedShipments: journeys.map((j) => ({
      carrier: { code: j.carrierCode, address: j.carrier },
      bl: j.blNumber,
      origin: j.portOfLoading,
      destination: j.portOfDischarge,
      startsAt: j.startsAt,
    })),
  });
}

/** Resolves once every journey is cleared on chain (the nodes report as they agree). */
async function waitUntilCleared(journeys: readonly CustomsJourney[]): Promise<void> {
  let waiting = journeys.map((j) => shipmentRefOf(j.carrier, j.blNumber));
  const deadline = Date.now() + 10 * 60_000;
  while (waiting.length > 0) {
    const states = await Promise.all(
      waiting.map((ref) =>
        ctx.read<readonly [boolean, number, Hex]>("customsOracle", "clearance", [ref]),
      ),
    );
    waiting = waiting.filter((_, i) => !states[i]![0]);
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`${waiting.length} journeys not cleared on chain within 10 min`);
    }
    await sleep(250);
  }
}

// The oracle network: five node processes against the deployed CustomsOracle (the demo
// committee: dev accounts 10..14).
const oracleDir = mkdtempSync(path.join(tmpdir(), "caravel-day-oracles-"));
const layout = writeLocalNetwork({
  dir: oracleDir,
  rpcUrl,
  chainId: await client.getChainId(),
  oracleAddress: ready.addresses["customsOracle"]!,
  keys: Array.from({ length: NODES }, (_, i) => devKey(DEV_ORACLE_FIRST_INDEX + i)),
  threshold: THRESHOLD,
  basePort: await findFreePortBlock(NODES),
  startBlock: Number(await client.getBlockNumber()),
  chain: { confirmations: 1, pollIntervalMs: 100 },
  consensus: { maxBatchSize: 400, pipelineDepth: 6, proposeIntervalMs: 50, leaderTurnMs: 5_000 },
  node: { sqliteSynchronous: "NORMAL" },
  logLevel: "warn",
});
const nodes = layout.configFiles.map(
  (file, i) => new NodeProcess(file, layout.urls[i]!, path.join(oracleDir, `node-${i + 1}.log`)),
);
for (const node of nodes) node.start();
await Promise.all(nodes.map((n) => n.waitHealthy(60_000)));

// The feed: as many shipments as carry the day's share of customs and transport events.
const sample = createFeedSimulator({ shipments: 50, seed: "caravel-day-sample" });
const eventsPerShipment = sample.summary.events / sample.summary.shipments;
const nowSeconds = Math.floor(Date.now() / 1000);
// Planned, not built (feedSimulator.ts `planFeed`): each slice's messages are built as it sends
// them, FEED_CHUNK at a time, so the bench's memory does not grow with the day (the whole feed
// built before the day was ~18 MB a hundredth of it, 1.8 GB at full scale); the messages and
// their order are the whole feed's.
const feed = planFeed({
  shipments: Math.max(1, Math.round((CUSTOMS_EVENTS_PER_DAY * scale) / eventsPerShipment)),
  seed: "caravel-day",
  noise: { duplicateRate: 0.02, outOfOrderRate: 0.02, malformedRate: 0.005 },
  startTime: nowSeconds - 60 * 86_400,
  spreadSeconds: 14 * 86_400,
});
/**
 * Messages the bench builds and sends at once (about 1.4 kB each with their bodies and events:
 * ~28 MB). A chunk is sent whole before the next is built; the few requests in flight at its end
 * are all the nodes wait for, against the thousands of a chunk.
 */
const FEED_CHUNK = 20_000;
/** Sends feed messages [from, to) to the five nodes, built chunk by chunk. */
async function sendFeedRange(from: number, to: number): Promise<void> {
  for (let at = from; at < to; at += FEED_CHUNK) {
    const messages: SimulatedMessage[] = feed.messages(at, Math.min(to, at + FEED_CHUNK));
    await sendFeed(messages, {
      nodes: layout.urls.map((url) => ({ url, tokens })),
      concurrency: FEED_CONCURRENCY,
      // DCSA and canonical messages many to a request (NDJSON); WCO notifications one each.
      batch: { maxMessages: 200 },
    });
  }
}
const tokens = {
  "wco-dms": layout.feedToken,
  "dcsa-tnt": layout.feedToken,
  canonical: layout.feedToken,
};
const firstDayBlock = (await client.getBlockNumber()) + 1n;
const setupSeconds = (performance.now() - startedAt) / 1000;

/** Units [from, to) of slice `s` of `total` units handed out in multiples of `granularity`. */
function sliceOf(total: number, granularity: number, s: number): [number, number] {
  const blocks = Math.ceil(total / granularity);
  const from = Math.floor((s * blocks) / slices) * granularity;
  const to = Math.min(total, Math.floor(((s + 1) * blocks) / slices) * granularity);
  return [from, to];
}

/**
 * The processes measured. The bench's own figures are its own (its children are listed apart);
 * the chain's include its children (npm's anvil is a launcher whose child is the chain).
 */
const processes = (): [string, number | undefined][] => [
  ["bench_process", process.pid],
  [`chain_process (${chainKind})`, chainPid],
  ...nodes.map((node, i): [string, number | undefined] => [`oracle_node_${i + 1}`, node.pid]),
];
const cpuOf = (pid: number | undefined) =>
  pid === process.pid ? cpuSeconds(pid) : treeCpuSeconds(pid);
const rssOf = (pid: number | undefined) =>
  pid === process.pid ? peakRssMb(pid) : treePeakRssMb(pid);
const cpuAtStart = new Map(processes().map(([name, pid]) => [name, cpuOf(pid)]));
const dayStart = performance.now();
/**
 * The day's parts under the skew bound (pacing.ts): each activity may run up to `--lead` slices
 * ahead of the slowest part, its own slices overlapping as far, unless its row runs one slice at
 * a time (the credits: mix.ts says why); the feed sends its slices one after another, so a
 * shipment's events cut by a slice boundary still reach the nodes in the order customs sends them
 * (the simulator's 2 % late messages are the only ones out of order).
 */
const feedPart: PacedPart = {
  name: "customs feed (simulator to the five nodes)",
  inFlight: 1,
  run: async (s) => {
    const [feedFrom, feedTo] = sliceOf(feed.summary.messages, 1, s);
    if (!NO_FEED) await sendFeedRange(feedFrom, feedTo);
  },
};
const pace = await runPaced(
  [
    ...DAY_ACTIVITIES.map((activity): PacedPart => ({
      name: activity.name,
      inFlight: activity.oneSliceAtATime === true ? 1 : lead + 1,
      run: async (s) => {
        const [from, to] = sliceOf(Math.round(activity.perDay * scale), activity.granularity, s);
        if (from < to) await activity.run(ctx, from, to);
      },
    })),
    feedPart,
  ],
  {
    slices,
    lead,
    onSliceDone: (s) =>
      console.error(
        `mean eth_sendTransaction latency ${(sendLatency.ms / Math.max(1, sendLatency.count)).toFixed(1)} ms over ${sendLatency.count}; ` +
          `slice ${s + 1}/${slices} done by every part at ${((performance.now() - dayStart) / 1000).toFixed(1)} s`,
      ),
  },
);
const sentSeconds = (performance.now() - dayStart) / 1000;

// Every event the feed carries reaches the chain in a report: wait for the last of them.
const oracleAddress = ready.addresses["customsOracle"]!;
const expectedEvents = (NO_FEED ? 0 : feed.summary.events) + journeyEvents;
const CUSTOMS_OPERATION = "customs event (in an oracle report)";
/**
 * Each accepted report's events by class (flatness.ts), in chain order, classified as its logs
 * are read rather than keeping every event's log until the end (1.2 million at full scale). The
 * classifier starts from the shipments applied before the day (setup) read in bounded ranges.
 */
const reportCounts: Map<string, number>[] = [];
let classifier: ReturnType<typeof createEventClassifier> | undefined;
let scannedTo = firstDayBlock - 1n;
let eventsOnChain = 0;
/** Takes one range's oracle logs: a transaction's logs are contiguous, a range holds whole blocks. */
function takeReportLogs(logs: readonly unknown[]): void {
  let hash: Hex | undefined;
  let events: ReportEvent[] = [];
  let accepted: number | undefined;
  const close = () => {
    if (hash !== undefined && accepted !== undefined) {
      ledger.record(CUSTOMS_OPERATION, accepted, [hash]);
      reportCounts.push(classifier!.classify(events));
      eventsOnChain += accepted;
    }
    events = [];
    accepted = undefined;
  };
  for (const log of parseEventLogs({ abi: abis.customsOracle!, logs: logs as never })) {
    if (log.transactionHash !== hash) {
      close();
      hash = log.transactionHash;
    }
    const event = reportEventOf(log.eventName, log.args);
    if (event !== undefined) events.push(event);
    if (log.eventName === "CustomsReportAccepted") {
      accepted = Number((log.args as { eventCount: bigint }).eventCount);
    }
  }
  close();
}
const oracleDeadline = Date.now() + 30 * 60_000;
while (eventsOnChain < expectedEvents) {
  const head = await client.getBlockNumber({ cacheTime: 0 });
  if (head > scannedTo) {
    if (classifier === undefined) {
      const appliedBeforeDay: Hex[] = [];
      await logsInBoundedRanges(oracleAddress, 0n, firstDayBlock - 1n, rpcBatch, {
        blocksPerPage: LOG_BLOCKS_PER_PAGE,
        onLogs: (logs) => {
          for (const log of parseEventLogs({ abi: abis.customsOracle!, logs: logs as never })) {
            const event = reportEventOf(log.eventName, log.args);
            if (event?.outcome === "applied") appliedBeforeDay.push(event.shipmentRef as Hex);
          }
        },
      });
      classifier = createEventClassifier(appliedBeforeDay);
    }
    await logsInBoundedRanges(oracleAddress, scannedTo + 1n, head, rpcBatch, {
      blocksPerPage: LOG_BLOCKS_PER_PAGE,
      onLogs: takeReportLogs,
    });
    scannedTo = head;
  }
  if (eventsOnChain >= expectedEvents) break;
  if (Date.now() > oracleDeadline) {
    failures.push(
      `only ${eventsOnChain} of ${expectedEvents} customs events reached the chain in 30 min`,
    );
    break;
  }
  await sleep(250);
}
const wallSeconds = (performance.now() - dayStart) / 1000;

/** A per-event log of a report as the flatness judgement reads it; undefined for other logs. */
function reportEventOf(eventName: string, args: unknown): ReportEvent | undefined {
  const outcomes: Record<string, ReportEvent["outcome"]> = {
    CustomsStatusChanged: "applied",
    CustomsEventDuplicate: "duplicate",
    CustomsEventOutOfOrder: "out of order",
    CustomsTransitionRefused: "refused",
  };
  const outcome = outcomes[eventName];
  if (outcome === undefined) return undefined;
  const a = args as { shipmentRef: Hex; status?: number; eventType?: number };
  return { outcome, shipmentRef: a.shipmentRef, eventType: Number(a.status ?? a.eventType) };
}

// ------------------------------------------------------------------------------ the figures

// Every transaction's gas from its receipt, read in bounded pages after the day (rpcPaging.ts).
await ledger.resolveGas(async (hashes) =>
  (await receiptGasOf(hashes, rpcBatch, { pageSize: RECEIPTS_PER_PAGE })).map((receipt, i) => {
    if (!receipt.succeeded) failures.push(`transaction ${hashes[i]} reverted`);
    return receipt.gasUsed;
  }),
);
const operations = ledger.operations();
const customsGas = operations.get(CUSTOMS_OPERATION)?.gas ?? [];
const classifiedReports: ClassifiedReport[] = reportCounts.map((counts, i) => ({
  gas: customsGas[i]!,
  counts,
}));
if (process.env.CARAVEL_DAY_REPORTS_OUT !== undefined) {
  writeFileSync(
    process.env.CARAVEL_DAY_REPORTS_OUT,
    JSON.stringify(
      classifiedReports.map((r) => ({ gas: r.gas, counts: Object.fromEntries(r.counts) })),
    ),
  );
}

emit("setup_seconds", setupSeconds, "s", { note: "deploy, pools, oracle nodes, feed built" });
emit("wall_seconds", wallSeconds, "s", {
  note: "the day: first transaction to the last customs event on chain",
});
emit("send_seconds", sentSeconds, "s", {
  note: "until the bench's last transaction and the last message to the nodes",
});
emit("full_day_extrapolated_seconds", wallSeconds / scale, "s", { goal: 1800 });

let dayGas = 0n;
let dayTransactions = 0;
let allFlat = true;
/** Sum of `values` over records [from, to). */
const sumOf = (values: readonly number[], from = 0, to = values.length) => {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i]!;
  return sum;
};
for (const [operation, series] of operations) {
  const n = series.items.length;
  const items = sumOf(series.items);
  dayGas += BigInt(sumOf(series.gas));
  dayTransactions += n;
  emit(`${operation}: items`, items, "items");
  emit(`${operation}: items per second`, items / wallSeconds, "items/s");
  if (n === 0) continue;
  // First and last tenth of the operation's transactions, judged (flatness.ts).
  const {
    first,
    last,
    flat,
    perTenth: tenth,
  } = judgeTenths(
    series.items.map((count, i) => ({ items: count, gas: BigInt(series.gas[i]!) })),
    FLAT_TOLERANCE,
  )!;
  const variableSize = series.items.some((e) => e !== series.items[0]);
  emit(`${operation}: gas per item, last tenth`, last, "gas", {
    baseline: Math.round(first),
    ratio: Number((last / first).toFixed(4)),
    // Transactions carrying different numbers of items (oracle reports) are judged below, net of
    // each transaction's fixed cost: their average per item moves with the batch size alone.
    flat: variableSize ? "see net" : flat,
    transactions: n,
  });
  if (variableSize) {
    // gas = fixed + perItem x items, fitted by least squares over every transaction of the day.
    const mx = items / n;
    const my = sumOf(series.gas) / n;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < n; i++) {
      sxy += (series.items[i]! - mx) * (series.gas[i]! - my);
      sxx += (series.items[i]! - mx) ** 2;
    }
    const fixed = sxx === 0 ? 0 : my - (sxy / sxx) * mx;
    const net = (from: number, to: number) =>
      (sumOf(series.gas, from, to) - fixed * (to - from)) / sumOf(series.items, from, to);
    const netFirst = net(0, tenth);
    const netLast = net(n - tenth, n);
    const netFlat = Math.abs(netLast / netFirst - 1) <= FLAT_TOLERANCE;
    // The oracle's reports are judged by class below (the net per event moves with the mix).
    if (operation !== CUSTOMS_OPERATION) allFlat &&= netFlat;
    emit(
      `${operation}: gas per item net of the fixed cost per transaction, last tenth`,
      netLast,
      "gas",
      {
        baseline: Math.round(netFirst),
        ratio: Number((netLast / netFirst).toFixed(4)),
        flat: operation === CUSTOMS_OPERATION ? "see by class" : netFlat,
        fixedGasPerTransaction: Math.round(fixed),
      },
    );
    if (operation === CUSTOMS_OPERATION) {
      const flatByClass = emitFlatByClass(operation, classifiedReports); // printed whatever allFlat is
      allFlat &&= flatByClass;
    }
  } else {
    allFlat &&= flat;
  }
}
/** Prints the reports' judgement by class (flatness.ts); true when flat. */
function emitFlatByClass(operation: string, reports: readonly ClassifiedReport[]): boolean {
  const judged = judgeByClass(reports, FLAT_TOLERANCE);
  if (judged === undefined) {
    failures.push(`${operation}: the reports' gas cannot be fitted by event class`);
    return false;
  }
  const round = (n: number | undefined) => (n === undefined ? null : Math.round(n));
  for (const [name, c] of judged.classes) {
    // Whole-day gas as the value; the tenths' gas beside it (null: too rare in one to compare).
    emit(`${operation}: gas per event by class, ${name}`, judged.day.perClass.get(name)!, "gas", {
      firstTenth: round(c.first),
      lastTenth: round(c.last),
      ratio:
        c.first === undefined || c.last === undefined
          ? null
          : Number((c.last / c.first).toFixed(4)),
      events: { firstTenth: c.firstEvents, lastTenth: c.lastEvents },
    });
  }
  emit(
    `${operation}: last tenth's events at its per-class gas over at the first tenth's`,
    1 + judged.change,
    "ratio",
    {
      flat: judged.flat,
      fixedGasPerTransaction: Math.round(judged.fixed),
    },
  );
  return judged.flat;
}
for (const [name, { busySeconds, heldSeconds }] of pace) {
  emit(`seconds busy: ${name}`, busySeconds, "s", {
    note: "with a slice of its own running; the slowest sets the pace",
    heldAtSkewBound: Number(heldSeconds.toFixed(1)),
  });
}
emit("transactions", dayTransactions, "transactions");
emit("transactions per second", dayTransactions / wallSeconds, "tx/s");
emit("chain_gas_total", Number(dayGas), "gas", { note: "every transaction of the day" });
emit("every_operation_flat", allFlat ? 1 : 0, "bool", { tolerance: FLAT_TOLERANCE });

// Besu QBFT capacity: gas a day of blocks carries, over the day's gas at full scale.
const besuGasPerDay = (86_400 / BESU_QBFT.blockPeriodSeconds) * BESU_QBFT.blockGasLimit;
const fullDayGas = Number(dayGas) / scale;
emit("besu_qbft_days_per_day", besuGasPerDay / fullDayGas, "days", {
  blockPeriodSeconds: BESU_QBFT.blockPeriodSeconds,
  blockGasLimit: BESU_QBFT.blockGasLimit,
  gasPerDayCarried: besuGasPerDay,
  fullDayGas: Math.round(fullDayGas),
  arithmetic: `(86400 / ${BESU_QBFT.blockPeriodSeconds} x ${BESU_QBFT.blockGasLimit}) / ${Math.round(fullDayGas)}`,
  source:
    "https://besu.hyperledger.org/private-networks/how-to/configure/consensus/qbft (example genesis)",
});

// Peak memory of every process, and the CPU each used during the day: on shared cores, where the
// day's time goes.
let dayCpuSeconds = 0;
for (const [name, pid] of processes()) {
  emit(`peak_rss_${name}`, rssOf(pid) ?? -1, "MB");
  const start = cpuAtStart.get(name);
  const end = cpuOf(pid);
  if (start !== undefined && end !== undefined) {
    emit(`cpu_seconds_${name}`, end - start, "s", { wallSeconds: Number(wallSeconds.toFixed(1)) });
    dayCpuSeconds += end - start;
  }
}
const cores = (await import("node:os")).availableParallelism();
// The cores' utilisation: every 1 % idle is 1 % of the 30-minute goal (docs/BENCHMARKS.md).
emit("cores_utilisation", dayCpuSeconds / (cores * wallSeconds), "fraction", {
  cpuSeconds: Number(dayCpuSeconds.toFixed(1)),
  coreSeconds: Number((cores * wallSeconds).toFixed(1)),
  note: "the day's processes' CPU seconds over the cores' seconds of the day's wall",
});
emit(
  "machine_load_average_1min",
  Number(readFileSync("/proc/loadavg", "utf8").split(" ")[0]),
  "runnable",
  { cores },
);

// CARAVEL_DAY_TRACE_WRITES=<file>: after the figures, which slots the first and the last tenth of
// each operation give their first value or clear (storageWrites.ts), written to <file> as JSON.
if (process.env.CARAVEL_DAY_TRACE_WRITES !== undefined) {
  const names = new Map<string, string>([
    ...Object.entries(ready.addresses).map(([name, a]): [string, string] => [
      a.toLowerCase(),
      name,
    ]),
    ...Object.entries(pools).flatMap(([pool, accounts]) =>
      accounts.map((a, i): [string, string] => [a.toLowerCase(), `${pool} ${i}`]),
    ),
    ...admins.map((a, i): [string, string] => [a.toLowerCase(), `admins ${i}`]),
    [ctx.customs.carrier.address.toLowerCase(), "customs carrier"],
  ]);
  const traced = await firstAndLastTenthWrites(rpcUrl, ledger.recordedOperations(), names);
  writeFileSync(
    process.env.CARAVEL_DAY_TRACE_WRITES,
    JSON.stringify(Object.fromEntries(traced), null, 1),
  );
}

await Promise.all(nodes.map((n) => n.stop("SIGTERM")));
rmSync(oracleDir, { recursive: true, force: true });
if (anvil !== undefined) stopChainProcesses();
else {
  const exited = new Promise((resolve) => chainChild.once("exit", resolve));
  chainStopping = true;
  chainChild.kill("SIGTERM");
  await exited;
  const line = chainOutput
    .join("")
    .split("\n")
    .find((l) => l.startsWith('{"rpcMethods"'));
  if (line !== undefined) {
    const { rpcMethods, groupCommit } = JSON.parse(line) as {
      rpcMethods: Record<string, { count: number; ms: number }>;
      groupCommit: { blocks: number; transactions: number; cacheHits: number; cacheMisses: number };
    };
    emit("chain blocks mined", groupCommit.blocks, "blocks", {
      transactions: groupCommit.transactions,
      transactionsPerBlock: Number((groupCommit.transactions / groupCommit.blocks).toFixed(2)),
    });
    emit("chain polling reads answered from the cache", groupCommit.cacheHits, "requests", {
      toTheChain: groupCommit.cacheMisses,
    });
    // Every method, busiest first: the oracle nodes' reads (eth_getBlockByNumber, eth_getLogs,
    // receipts) show beside the bench's sends, so a change to the nodes' polling shows here.
    const busiest = Object.entries(rpcMethods).sort((a, b) => b[1].ms - a[1].ms);
    for (const [method, { count, ms }] of busiest) {
      emit(`chain JSON-RPC ${method}: seconds answering`, ms / 1000, "s", { requests: count });
    }
  }
}

rpcPoster.close();
if (failures.length > 0) {
  console.error(`${failures.length} failures; the first: ${failures.slice(0, 5).join("\n")}`);
  process.exit(1);
}

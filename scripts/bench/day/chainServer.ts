/**
 * The trading day's chain, in a process of its own so its memory and CPU are measured apart
 * from the load (`npx hardhat run scripts/bench/day/chainServer.ts`, started by day.ts).
 *
 * Without CARAVEL_RPC_URL: Hardhat's embedded chain (EDR), served over HTTP JSON-RPC by
 * scripts/dev/jsonRpcServer.ts, with the whole platform deployed on it (scripts/dev/deployCaravel.ts,
 * the demo consortium onboarded). With CARAVEL_RPC_URL (day.ts sets it to the Anvil it started):
 * deploys the same onto that chain, then exits.
 *
 * The embedded chain mines many transactions to a block (./groupCommit.ts): after the deployment
 * it mines by hand, and a send is answered once the block holding it is mined, as under automine.
 * Its blocks hold Besu QBFT's usual 700,000,000 gas (day.ts's BESU_QBFT), not EDR's default
 * 60,000,000: a block is bounded by the gas limits its transactions declare, and the day's
 * generous limits (12,000,000 for a `registerBatch`) would cap it at a handful. Anvil mines as it
 * was started (day.ts).
 *
 * Prints one JSON line `{"ready":true,"rpcUrl","pid","addresses"}` once the chain can take load;
 * stops on SIGTERM.
 */
import { appendFileSync } from "node:fs";

import { network } from "hardhat";

import { deployCaravel } from "../../dev/deployCaravel.ts";
import { serveJsonRpc } from "../../dev/jsonRpcServer.ts";
import { chainSelfStats } from "./chainSelfStats.ts";
import { groupCommit } from "./groupCommit.ts";
import { isBehindStateCache, stateReadBlockNumber } from "./stateReadAge.ts";

/** Besu QBFT's example genesis block gas limit (docs/BENCHMARKS.md, day.ts's BESU_QBFT). */
const BLOCK_GAS_LIMIT = 700_000_000n;

const external = process.env.CARAVEL_RPC_URL;
if (external !== undefined) {
  const connection = await network.create("localhost");
  const addresses = await deployCaravel(connection);
  console.log(JSON.stringify({ ready: true, rpcUrl: external, pid: undefined, addresses }));
  process.exit(0);
}

const connection = await network.create({
  override: { blockGasLimit: BLOCK_GAS_LIMIT, mining: { mempool: { order: "fifo" } } },
});
const addresses = await deployCaravel(connection);
const chain = await groupCommit(connection.provider);
// Requests and the time from each one's arrival to its answer, per method (concurrent requests
// overlap, and a send's time includes waiting for its block): where the chain's time goes.
// A read of a block's state older than EDR keeps cached is accounted apart (./stateReadAge.ts): EDR
// rebuilds that state from genesis first. The cache's size is EDR's setting, from the environment.
const cachedStates = Number(process.env.__EDR_MAX_CACHED_STATES ?? 100_000);
const methods = new Map<string, { count: number; ms: number }>();
const server = await serveJsonRpc({
  async request(request) {
    const t0 = performance.now();
    let account = request.method;
    const readsBlock = stateReadBlockNumber(request.method, request.params);
    if (readsBlock !== undefined) {
      const head = BigInt((await chain.request({ method: "eth_blockNumber" })) as string);
      if (isBehindStateCache(readsBlock, head, cachedStates)) {
        account = `${request.method} behind the state cache`;
      }
    }
    try {
      return await chain.request(request);
    } finally {
      const entry = methods.get(account) ?? { count: 0, ms: 0 };
      entry.count += 1;
      entry.ms += performance.now() - t0;
      methods.set(account, entry);
    }
  },
});
console.log(JSON.stringify({ ready: true, rpcUrl: server.url, pid: process.pid, addresses }));
// CARAVEL_DAY_CHAIN_STATS=<file> (a diagnostic knob): every 5 s, and at the end, one JSON line of
// the blocks and transactions so far, CPU seconds per thread (JavaScript's main thread apart from
// EDR's) and memory (V8's heap apart from EDR's), to see where the chain's CPU goes and what grows.
const statsFile = process.env.CARAVEL_DAY_CHAIN_STATS;
const readyAt = performance.now();
const writeStats = () => {
  if (statsFile === undefined) return;
  const line = {
    atSeconds: Math.round((performance.now() - readyAt) / 100) / 10,
    ...chain.stats,
    ...chainSelfStats(),
  };
  try {
    appendFileSync(statsFile, `${JSON.stringify(line)}\n`);
  } catch (error) {
    // A diagnostic never stops the chain: say so once on stderr and carry on.
    console.error(`CARAVEL_DAY_CHAIN_STATS: cannot write ${statsFile}: ${String(error)}`);
  }
};
writeStats();
const statsTimer = statsFile === undefined ? undefined : setInterval(writeStats, 5_000);
await new Promise<void>((resolve) => process.once("SIGTERM", () => resolve()));
clearInterval(statsTimer);
writeStats();
// The per-method account and the blocks mined, for day.ts to report: one JSON line on stdout.
console.log(JSON.stringify({ rpcMethods: Object.fromEntries(methods), groupCommit: chain.stats }));
await server.close();
process.exit(0);

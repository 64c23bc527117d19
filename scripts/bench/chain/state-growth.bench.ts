/**
 * What one storage write costs the embedded chain (Hardhat's EDR) as a contract's storage grows to
 * a trading day's size. The day's chain spends most of its CPU on EDR's one thread, and that thread's
 * cost a transaction rose from 0.95 ms at a hundredth of the day to 2.41 ms over the full day
 * (docs/BENCHMARKS.md "Where the time goes"); this isolates the cause from everything else the day
 * does. EDR keeps each contract's storage as a Merkle-Patricia trie (cita-trie) over a persistent
 * hash map of its nodes, so every cold read or write walks the trie, a map lookup a level.
 *
 * One contract (`StorageFiller`) is filled in steps to `CARAVEL_BENCH_STATE_SLOTS` slots (default
 * 1,200,000; the day's largest contracts hold 1–2 million). At each step, 300 blocks shaped like the
 * day's are mined (40 transactions of 10 fresh slots each: ~400 slot writes a block, as the day's
 * 8.5 million writes over its 20,000 blocks) and timed. Baseline: the same blocks on the empty
 * contract, in the same process. The chain runs in the day's environment (`chainEnv.ts`: mimalloc
 * never purging, 256 states cached).
 *
 * Run: npx hardhat run scripts/bench/chain/state-growth.bench.ts
 */
import { spawnSync } from "node:child_process";

import { Interface, randomBytes, hexlify } from "ethers";
import { artifacts, network } from "hardhat";

import { CHAIN_ALLOCATOR_ENV, CHAIN_STATE_CACHE_ENV } from "../day/chainEnv.ts";

// EDR's native module reads its allocator's settings when it loads, before this script runs: start
// the same command again with every missing one in the environment (a value already set wins; the
// second run has them all, so it does not start a third).
const CHAIN_ENV = { ...CHAIN_ALLOCATOR_ENV, ...CHAIN_STATE_CACHE_ENV };
if (Object.keys(CHAIN_ENV).some((name) => process.env[name] === undefined)) {
  const rerun = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: { ...CHAIN_ENV, ...process.env },
    stdio: "inherit",
  });
  process.exit(rerun.status ?? 1);
}

const BENCH = "chain-state-growth";
const TARGET_SLOTS = Number(process.env["CARAVEL_BENCH_STATE_SLOTS"] ?? 1_200_000);
if (!Number.isInteger(TARGET_SLOTS) || TARGET_SLOTS < 0) {
  throw new Error(
    `CARAVEL_BENCH_STATE_SLOTS must be a whole number of slots, got ${String(process.env["CARAVEL_BENCH_STATE_SLOTS"])}`,
  );
}
const STEP_SLOTS = Math.max(400_000, Math.ceil(TARGET_SLOTS / 8 / 400_000) * 400_000);
/** The day's block: 40 transactions of 10 fresh slots. */
const DAY_BLOCK = { transactions: 40, slotsEach: 10 };
const MEASURED_BLOCKS = 300;
/** A filling block: 2 transactions of 600 slots (13.4M gas each, under the 16,777,216 cap). */
const FILL_BLOCK = { transactions: 2, slotsEach: 600 };

const { provider } = await network.create();
const accounts = (await provider.request({ method: "eth_accounts" })) as string[];
const filler = await artifacts.readArtifact("StorageFiller");
const abi = new Interface(filler.abi);
await provider.request({ method: "evm_setAutomine", params: [false] });

const deployHash = (await provider.request({
  method: "eth_sendTransaction",
  params: [{ from: accounts[0], data: filler.bytecode }],
})) as string;
await provider.request({ method: "evm_mine", params: [] });
const deployed = (await provider.request({
  method: "eth_getTransactionReceipt",
  params: [deployHash],
})) as { contractAddress: string; status: string };
const to = deployed.contractAddress;

let slotsStored = 0;
/** Mines one block of `transactions` fills of `slotsEach` fresh slots each; throws if one failed. */
async function mineBlock(shape: { transactions: number; slotsEach: number }): Promise<void> {
  const hashes = await Promise.all(
    Array.from(
      { length: shape.transactions },
      (_, i) =>
        provider.request({
          method: "eth_sendTransaction",
          params: [
            {
              from: accounts[i % accounts.length],
              to,
              data: abi.encodeFunctionData("fill", [hexlify(randomBytes(32)), shape.slotsEach]),
              gas: `0x${(60_000 + 23_000 * shape.slotsEach).toString(16)}`,
            },
          ],
        }) as Promise<string>,
    ),
  );
  await provider.request({ method: "evm_mine", params: [] });
  const last = (await provider.request({
    method: "eth_getTransactionReceipt",
    params: [hashes.at(-1)],
  })) as { status: string } | null;
  if (last?.status !== "0x1")
    throw new Error(`a fill of ${shape.slotsEach} slots failed: ${JSON.stringify(last)}`);
  slotsStored += shape.transactions * shape.slotsEach;
}

let baseline: number | undefined;
for (let target = 0; ; target = Math.min(TARGET_SLOTS, target + STEP_SLOTS)) {
  while (slotsStored < target) await mineBlock(FILL_BLOCK);
  const at = slotsStored;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let b = 0; b < MEASURED_BLOCKS; b++) await mineBlock(DAY_BLOCK);
  const used = process.cpuUsage(cpu);
  const msPerBlock = (performance.now() - started) / MEASURED_BLOCKS;
  const cpuMsPerBlock = (used.user + used.system) / 1000 / MEASURED_BLOCKS;
  baseline ??= cpuMsPerBlock;
  const grown = slotsStored - at;
  console.log(
    JSON.stringify({
      bench: BENCH,
      metric: `CPU a block of ${DAY_BLOCK.transactions} transactions of ${DAY_BLOCK.slotsEach} fresh slots, the contract holding ${at.toLocaleString("en")} slots (+${grown.toLocaleString("en")} over the blocks)`,
      value: Number(cpuMsPerBlock.toFixed(2)),
      unit: "ms",
      baseline: Number(baseline.toFixed(2)),
      ratio: Number((cpuMsPerBlock / baseline).toFixed(3)),
      wallMsPerBlock: Number(msPerBlock.toFixed(2)),
      microsecondsPerSlot: Math.round(
        (cpuMsPerBlock * 1000) / (DAY_BLOCK.transactions * DAY_BLOCK.slotsEach),
      ),
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
    }),
  );
  if (target >= TARGET_SLOTS) break;
}

/**
 * Hyperledger Caliper, the consortium-chain field's own benchmark tool, run against Caravel's
 * main operations: issue and endorse a bill of lading, register and finance an invoice, submit
 * a customs report (ten events of one shipment, signed by three of the five oracles).
 *
 * Two systems under test, one after the other:
 *   - `npm run node`: the project's local consortium chain (Hardhat's EDR behind its JSON-RPC
 *     server, automining), started as a child process exactly as an operator starts it;
 *   - Anvil (`@foundry-rs/anvil`), a second, independent EVM client, with the same deployment.
 * Caliper (`@hyperledger/caliper-cli` 0.6 with its Ethereum connector, web3 over WebSocket)
 * drives each round from one worker with a fixed load of transactions in flight and measures
 * send-to-receipt latency and throughput itself; this script prepares the calls (real operations
 * that must succeed), runs one Caliper launch per round (each round has its own sender: the
 * connector signs for a single account), checks on chain afterwards that every operation took
 * effect, and prints Caliper's figures as the project's JSON lines.
 *
 * Run: npm run bench:caliper   (or npx hardhat run scripts/bench/caliper/caliper.bench.ts)
 * Environment: CARAVEL_CALIPER_TX (transactions per round, default 200),
 * CARAVEL_CALIPER_LOAD (transactions in flight, default 8),
 * CARAVEL_CALIPER_CHAINS (comma list of `node`, `anvil`; default both).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { network } from "hardhat";

import { startAnvil } from "../../dev/anvil.ts";
import { deployCaravel } from "../../dev/deployCaravel.ts";
import { runCaliperRound, type CaliperRoundResult } from "./caliperLaunch.ts";
import { prepareRounds, verifyRounds } from "./rounds.ts";
import { startNodeScript } from "./nodeScript.ts";

const BENCH = "caliper";

function positiveInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name}: expected a positive integer, got "${raw}"`);
  }
  return value;
}

const transactions = positiveInteger("CARAVEL_CALIPER_TX", 200);
const load = positiveInteger("CARAVEL_CALIPER_LOAD", 8);
const chains = (process.env.CARAVEL_CALIPER_CHAINS ?? "node,anvil").split(",").map((c) => c.trim());
for (const chain of chains) {
  if (chain !== "node" && chain !== "anvil") {
    throw new Error(`CARAVEL_CALIPER_CHAINS: "${chain}" is neither node nor anvil`);
  }
}

function print(chain: string, result: CaliperRoundResult): void {
  const base = `${chain}.${result.label}`;
  const lines: [string, number, string][] = [
    [`${base}.throughput`, result.throughputTps, "tx/s"],
    [`${base}.sendRate`, result.sendRateTps, "tx/s"],
    [`${base}.latency.avg`, result.avgLatencyS * 1000, "ms"],
    [`${base}.latency.max`, result.maxLatencyS * 1000, "ms"],
    [`${base}.succeeded`, result.succeeded, "tx"],
  ];
  for (const [metric, value, unit] of lines) {
    console.log(JSON.stringify({ bench: BENCH, metric, value: Number(value.toFixed(2)), unit }));
  }
}

const workDir = mkdtempSync(path.join(tmpdir(), "caravel-caliper-"));
try {
  for (const chain of chains) {
    const sut =
      chain === "node"
        ? await startNodeScript()
        : await (async () => {
            const anvil = await startAnvil();
            const connection = await network.create({
              network: "localhost",
              override: { url: anvil.rpcUrl },
            });
            const addresses = await deployCaravel(connection);
            return { rpcUrl: anvil.rpcUrl, addresses, stop: () => anvil.stop() };
          })();
    try {
      const connection = await network.create({
        network: "localhost",
        override: { url: sut.rpcUrl },
      });
      const wsUrl = sut.rpcUrl.replace(/^http/, "ws");
      const rounds = await prepareRounds(connection, sut.addresses, transactions);
      for (const round of rounds) {
        const result = await runCaliperRound({
          workDir: path.join(workDir, chain),
          wsUrl,
          round,
          load,
        });
        if (result.failed > 0 || result.succeeded !== round.calls.length) {
          throw new Error(
            `${chain} ${round.label}: Caliper reports ${result.succeeded} succeeded and ${result.failed} failed of ${round.calls.length}`,
          );
        }
        print(chain, result);
      }
      await verifyRounds(connection, sut.addresses, rounds);
      console.log(
        JSON.stringify({
          bench: BENCH,
          metric: `${chain}.verified`,
          value: rounds.reduce((n, r) => n + r.calls.length, 0),
          unit: "operations checked on chain",
        }),
      );
    } finally {
      await sut.stop();
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

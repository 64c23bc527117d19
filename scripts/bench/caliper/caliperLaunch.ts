/**
 * One Caliper launch for one round: writes Caliper's network configuration (the Ethereum
 * connector over WebSocket, the round's sender, the contract's address and ABI — contracts are
 * already deployed, so Caliper's install phase is skipped), its benchmark configuration (one
 * worker, a fixed load of transactions in flight) and the prepared calls, runs
 * `caliper launch manager`, and reads the round's row of the summary table Caliper prints.
 */
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import type { CaliperRound } from "./rounds.ts";

export interface CaliperRoundResult {
  label: string;
  succeeded: number;
  failed: number;
  sendRateTps: number;
  maxLatencyS: number;
  minLatencyS: number;
  avgLatencyS: number;
  throughputTps: number;
}

export interface CaliperLaunchOptions {
  workDir: string;
  wsUrl: string;
  round: CaliperRound;
  /** Transactions kept in flight (Caliper's fixed-load rate controller). */
  load: number;
  /** A launch that has not ended by then is stopped and reported as failed. */
  timeoutMs?: number;
}

const WORKLOAD_MODULE = path.resolve("scripts/bench/caliper/replayWorkload.cjs");

/** The summary row `| label | succ | fail | send rate | max | min | avg | throughput |`. */
export function parseSummaryRow(output: string, label: string): CaliperRoundResult {
  const row = output
    .split("\n")
    .map((line) => line.split("|").map((cell) => cell.trim()))
    .find((cells) => cells[1] === label && cells.length >= 9);
  if (row === undefined) throw new Error(`Caliper printed no summary row for round ${label}`);
  const number = (i: number, what: string): number => {
    const value = Number(row[i]);
    if (!Number.isFinite(value))
      throw new Error(`Caliper round ${label}: ${what} "${row[i]}" is not a number`);
    return value;
  };
  return {
    label,
    succeeded: number(2, "Succ"),
    failed: number(3, "Fail"),
    sendRateTps: number(4, "Send Rate"),
    maxLatencyS: number(5, "Max Latency"),
    minLatencyS: number(6, "Min Latency"),
    avgLatencyS: number(7, "Avg Latency"),
    throughputTps: number(8, "Throughput"),
  };
}

export async function runCaliperRound(options: CaliperLaunchOptions): Promise<CaliperRoundResult> {
  const { round } = options;
  const dir = path.join(options.workDir, round.label);
  mkdirSync(dir, { recursive: true });
  const callsFile = path.join(dir, "calls.json");
  const networkFile = path.join(dir, "network.json");
  const benchFile = path.join(dir, "benchmark.yaml");
  writeFileSync(callsFile, JSON.stringify(round.calls));
  writeFileSync(
    networkFile,
    JSON.stringify({
      caliper: { blockchain: "ethereum" },
      ethereum: {
        url: options.wsUrl,
        fromAddress: round.sender.address,
        fromAddressPrivateKey: round.sender.privateKey,
        transactionConfirmationBlocks: 1,
        contracts: {
          [round.contract]: {
            address: round.address,
            abi: round.abi,
            gas: { [round.verb]: round.gas },
          },
        },
      },
    }),
  );
  // YAML is a superset of JSON: Caliper reads this file with its YAML loader.
  writeFileSync(
    benchFile,
    JSON.stringify({
      test: {
        name: "caravel",
        description: "Caravel's main operations",
        workers: { number: 1 },
        rounds: [
          {
            label: round.label,
            txNumber: round.calls.length,
            // Caliper's fixed-load controller waits for a full window it can never reach when
            // the round has fewer transactions than the window.
            rateControl: {
              type: "fixed-load",
              opts: { transactionLoad: Math.min(options.load, round.calls.length) },
            },
            workload: { module: WORKLOAD_MODULE, arguments: { callsFile } },
          },
        ],
      },
    }),
  );
  const args = [
    "caliper",
    "launch",
    "manager",
    "--caliper-workspace",
    process.cwd(),
    "--caliper-networkconfig",
    networkFile,
    "--caliper-benchconfig",
    benchFile,
    "--caliper-flow-skip-install",
    "--caliper-report-path",
    path.join(dir, "report.html"),
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn("npx", args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    let text = "";
    const timeoutMs = options.timeoutMs ?? 300_000;
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      reject(
        new Error(
          `caliper launch manager (${round.label}) did not end in ${timeoutMs} ms:\n${text.slice(-4000)}`,
        ),
      );
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(text);
      else
        reject(
          new Error(
            `caliper launch manager (${round.label}) exited with ${String(code)}:\n${text.slice(-4000)}`,
          ),
        );
    });
  });
  return parseSummaryRow(output, round.label);
}

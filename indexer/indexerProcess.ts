/**
 * The indexer as a child process (`ponder start`), for `npm run console` and the tests:
 * started against a chain and a deployment, ready once its HTTP API answers and it has
 * indexed up to a given block.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

import { REPOSITORY_ROOT } from "./deployment.ts";

export interface IndexerOptions {
  rpcUrl: string;
  chainId?: number;
  deploymentDirectory: string;
  /** PGlite directory (ignored with `databaseUrl`). */
  databaseDirectory?: string;
  /** PostgreSQL connection string. */
  databaseUrl?: string;
  /** The database schema Ponder writes its tables to. */
  schema?: string;
  port: number;
  /** Where its log lines go (default: nowhere). */
  log?: (line: string) => void;
}

export interface IndexerProcess {
  url: string;
  /** Resolves once the indexer has indexed block `blockNumber` (or later). */
  caughtUpTo(blockNumber: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The block the indexer has indexed up to, from Ponder's /status. */
export async function indexedBlock(url: string): Promise<number | null> {
  const response = await fetch(`${url}/status`).catch(() => null);
  if (response === null || !response.ok) return null;
  const status = (await response.json()) as Record<string, { block?: { number?: number } }>;
  const numbers = Object.values(status).map((chain) => chain.block?.number ?? null);
  if (numbers.length === 0 || numbers.some((n) => n === null)) return null;
  return Math.min(...(numbers as number[]));
}

export async function startIndexer(options: IndexerOptions): Promise<IndexerProcess> {
  const bin = path.join(
    REPOSITORY_ROOT,
    "node_modules",
    "ponder",
    "dist",
    "esm",
    "bin",
    "ponder.js",
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CARAVEL_RPC_URL: options.rpcUrl,
    CARAVEL_CHAIN_ID: String(options.chainId ?? 31337),
    CARAVEL_DEPLOYMENT: options.deploymentDirectory,
    PONDER_TELEMETRY_DISABLED: "true",
    NO_COLOR: "1",
  };
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  else delete env.DATABASE_URL;
  if (options.databaseDirectory !== undefined) env.CARAVEL_INDEXER_DB = options.databaseDirectory;
  const child: ChildProcess = spawn(
    process.execPath,
    [
      bin,
      "--root",
      path.join(REPOSITORY_ROOT, "indexer"),
      "--log-format",
      "json",
      "start",
      "--port",
      String(options.port),
      "--hostname",
      "127.0.0.1",
      "--schema",
      options.schema ?? "caravel",
    ],
    // Ponder writes its generated GraphQL schema under the working directory.
    { env, cwd: path.join(REPOSITORY_ROOT, "indexer"), stdio: ["ignore", "pipe", "pipe"] },
  );
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line === "") continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      options.log?.(line);
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: number | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${options.port}`;

  return {
    url,
    async caughtUpTo(blockNumber, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (exited !== null) {
          throw new Error(
            `the indexer stopped (exit code ${exited}):\n${lines.slice(-30).join("\n")}`,
          );
        }
        const block = await indexedBlock(url);
        if (block !== null && block >= blockNumber) return;
        if (Date.now() > deadline) {
          throw new Error(
            `the indexer has not indexed block ${blockNumber} after ${timeoutMs} ms (at ${block}):\n${lines.slice(-30).join("\n")}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop() {
      if (exited !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/**
 * The demo's trades on their own chain (served over JSON-RPC, as `npm run demo` does), the
 * indexer (Ponder, embedded PGlite) indexing that chain, and the operator tasks run against
 * it through a Hardhat runtime whose `localhost` is the demo's chain. Started once per test
 * process, shared by the indexer's and the console's tests.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";
import type { Result } from "hardhat/types/utils";

import config from "../../hardhat.config.ts";
import { freePort, startIndexer, type IndexerProcess } from "../../indexer/indexerProcess.ts";

export { freePort };
import { startDemoChain, type DemoChain } from "../../scripts/demo/demoChain.ts";
import { runDemo } from "../../scripts/demo/runDemo.ts";
import { INDEXER_URL_VARIABLE } from "../../lib/env/variables.ts";
import type { CaravelError } from "../../lib/errors/caravelError.ts";
import { captureOutput } from "../../tasks/support/output.ts";
import { deploymentOf, type Deployment } from "../tasks/helpers.ts";

/** Where a task reads history: the chain, the demo's indexer, or the indexer at a URL. */
export type HistorySource = "chain" | "indexer" | { indexerUrl: string };

export interface DemoIndexed {
  chain: DemoChain;
  deployment: Deployment;
  /** deploy/demo/Caravel.ts name → address. */
  addresses: Record<string, string>;
  indexer: IndexerProcess;
  /** Wait until the indexer has indexed the chain's head. */
  caughtUp(): Promise<void>;
  /** Run an operator task against the demo's chain: from the chain, or through the indexer. */
  task<R>(id: string[], args: TaskArguments, source: HistorySource): Promise<R>;
  stop(): Promise<void>;
}

let shared: Promise<DemoIndexed> | undefined;

// A root hook: after the last test of the run, stop what the first test that needed it started.
after(async function () {
  if (shared === undefined) return;
  const started = await shared.catch(() => undefined);
  shared = undefined;
  await started?.stop();
});

/** The demo run and indexed (once per process). */
export function demoIndexed(): Promise<DemoIndexed> {
  return (shared ??= start());
}

async function start(): Promise<DemoIndexed> {
  const chain = await startDemoChain();
  let addresses: Record<string, string> = {};
  await runDemo(
    chain.connection,
    chain.rpcUrl,
    () => undefined,
    (a) => (addresses = a),
  );
  const deployment = await deploymentOf(addresses);
  const database = mkdtempSync(path.join(tmpdir(), "caravel-indexer-"));
  const indexer = await startIndexer({
    rpcUrl: chain.rpcUrl,
    deploymentDirectory: deployment.directory,
    databaseDirectory: database,
    port: await freePort(),
    log: (line) => {
      if (process.env.CARAVEL_INDEXER_LOG === "1") console.log(line);
    },
  });
  const caughtUp = async () =>
    indexer.caughtUpTo(await chain.connection.ethers.provider.getBlockNumber());
  try {
    await caughtUp();
  } catch (error) {
    await indexer.stop();
    await chain.stop();
    throw error;
  }

  const localhost = config.networks?.["localhost"];
  if (localhost === undefined || localhost.type !== "http") throw new Error("no localhost network");
  const hre: HardhatRuntimeEnvironment = await createHardhatRuntimeEnvironment(
    { ...config, networks: { ...config.networks, localhost: { ...localhost, url: chain.rpcUrl } } },
    { network: "localhost" },
  );

  return {
    chain,
    deployment,
    addresses,
    indexer,
    caughtUp,
    async task<R>(id: string[], args: TaskArguments, source: HistorySource) {
      const saved = process.env[INDEXER_URL_VARIABLE];
      if (source === "chain") Reflect.deleteProperty(process.env, INDEXER_URL_VARIABLE);
      else {
        process.env[INDEXER_URL_VARIABLE] = source === "indexer" ? indexer.url : source.indexerUrl;
      }
      try {
        const { value, out, err } = await captureOutput(
          () =>
            hre.tasks.getTask(id).run({ deployment: deployment.directory, ...args }) as Promise<
              Result<R, CaravelError>
            >,
        );
        if (!value.success)
          throw new Error(`${id.join(" ")} failed: ${[...err, ...out].join("\n")}`);
        return value.value;
      } finally {
        if (saved === undefined) Reflect.deleteProperty(process.env, INDEXER_URL_VARIABLE);
        else process.env[INDEXER_URL_VARIABLE] = saved;
      }
    },
    async stop() {
      await indexer.stop();
      await chain.stop();
      rmSync(database, { recursive: true, force: true });
    },
  };
}

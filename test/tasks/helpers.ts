/**
 * Running the operator tasks in tests: the whole Caravel deployment (deploy/demo/Caravel.ts,
 * through scripts/dev/deployCaravel.ts, as `npm run node` deploys it) on the in-process network the tasks
 * connect to, its addresses written where the address book reads them, and each task run
 * through Hardhat's task manager with its output captured.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";
import type { TaskArguments } from "hardhat/types/tasks";
import type { Result } from "hardhat/types/utils";

import CaravelModule from "../../deploy/demo/Caravel.ts";
import { deployCaravel } from "../../scripts/dev/deployCaravel.ts";
import { addressBookOf, DEPLOYED_ADDRESSES_FILE } from "../../tasks/support/addressBook.ts";
import type { CaravelError } from "../../lib/errors/caravelError.ts";
import { captureOutput } from "../../tasks/support/output.ts";

/** The connection the tasks use (`hre.network.getOrCreate()`), shared with the tests. */
export const connection = await hre.network.getOrCreate();
export const { ethers, networkHelpers } = connection;

export interface Deployment {
  /** The deployment directory handed to tasks as --deployment. */
  directory: string;
  /** Ignition future id → address, as in deployed_addresses.json. */
  futures: Record<string, string>;
}

const directories: string[] = [];
process.on("exit", () => {
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
});

async function deployPlatform(): Promise<Deployment> {
  return deploymentOf(await deployCaravel(connection));
}

/** A deployment directory for the tasks, for addresses `deployCaravel` returned. */
export async function deploymentOf(deployed: Record<string, string>): Promise<Deployment> {
  const futures: Record<string, string> = {};
  for (const [key, future] of Object.entries(CaravelModule.results)) {
    const address = deployed[key];
    if (address === undefined) throw new Error(`the deployment returned no ${key}`);
    futures[future.id] = address;
  }
  const directory = mkdtempSync(path.join(tmpdir(), "caravel-tasks-"));
  directories.push(directory);
  writeFileSync(path.join(directory, DEPLOYED_ADDRESSES_FILE), JSON.stringify(futures));
  // Ignition keeps each future's artifact beside the addresses; the address book reads the
  // contract name from it (the future "Money#CnyDepositToken" is a DepositToken).
  mkdirSync(path.join(directory, "artifacts"));
  for (const future of Object.values(CaravelModule.results)) {
    writeFileSync(
      path.join(directory, "artifacts", `${future.id}.json`),
      JSON.stringify(await hre.artifacts.readArtifact(future.contractName)),
    );
  }
  return { directory, futures };
}

/** The deployed platform, restored to its freshly deployed state for each test. */
export function caravel(): Promise<Deployment> {
  return networkHelpers.loadFixture(deployPlatform);
}

export interface TaskRun<R> {
  result: Result<R, CaravelError>;
  /** Lines printed as the result. */
  out: string[];
  /** Lines printed as the error. */
  err: string[];
}

/** Run task `id` with `args` against `deployment`, capturing what it prints. */
export async function runTask<R = unknown>(
  id: string[],
  args: TaskArguments,
  deployment: Deployment,
): Promise<TaskRun<R>> {
  const { value, out, err } = await captureOutput(
    () =>
      hre.tasks.getTask(id).run({ deployment: deployment.directory, ...args }) as Promise<
        Result<R, CaravelError>
      >,
  );
  return { result: value, out, err };
}

/** The value of a successful run (fails the test with the printed error otherwise). */
export function succeeded<R>(run: TaskRun<R>): R {
  if (!run.result.success) {
    expect.fail(`task failed: ${run.err.join("\n")}${run.out.join("\n")}`);
  }
  return run.result.value;
}

/** The error of a failed run (fails the test if the task succeeded). */
export function failed<R>(run: TaskRun<R>): CaravelError {
  if (run.result.success) expect.fail(`task succeeded: ${run.out.join("\n")}`);
  return run.result.error;
}

/**
 * Run `action` and check it sent nothing: the chain head and `account`'s nonce are the same
 * afterwards.
 */
export async function expectNothingSent<T>(account: string, action: () => Promise<T>): Promise<T> {
  const block = await ethers.provider.getBlockNumber();
  const nonce = await ethers.provider.getTransactionCount(account);
  const value = await action();
  expect(await ethers.provider.getBlockNumber(), "a block was mined").to.equal(block);
  expect(await ethers.provider.getTransactionCount(account), "a transaction was sent").to.equal(
    nonce,
  );
  return value;
}

/** The address of the deployment's contract named `name` (its future's name or its contract's). */
export function addressOf(deployment: Deployment, name: string): string {
  const contractNames = Object.fromEntries(
    Object.values(CaravelModule.results).map((f) => [f.id, f.contractName]),
  );
  return addressBookOf("test", deployment.futures, contractNames).address(name);
}

/** The chain's current time, unix seconds. */
export async function chainTime(): Promise<number> {
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return block.timestamp;
}

/** The chain's date `days` from now, as YYYY-MM-DD. */
export async function chainDate(days = 0): Promise<string> {
  return new Date((await chainTime()) * 1000 + days * 86_400_000).toISOString().slice(0, 10);
}

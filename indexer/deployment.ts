/**
 * What the indexer indexes: every contract of one Caravel deployment, read from the record
 * Ignition writes (`deployed_addresses.json`, and `artifacts/<futureId>.json` naming each
 * future's Solidity contract), with each contract's ABI from the project's compiled artifacts
 * (`artifacts/` after `npx hardhat build`), never a hand-copied ABI: a contract that gains an
 * event is indexed with it at the next start.
 *
 * Configuration (environment, validated here at the edge):
 * - `CARAVEL_RPC_URL`: the chain's JSON-RPC URL (default http://127.0.0.1:8545, `npm run node`);
 * - `CARAVEL_CHAIN_ID`: its chain id (default 31337);
 * - `CARAVEL_DEPLOYMENT`: the deployment directory (default deploy/deployments/chain-<id>).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Abi, AbiEvent } from "viem";

/** The repository's root (this file is in `indexer/`). */
export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface IndexedContract {
  /** The name the deployment gives it (the Ignition future's name: "CnyDepositToken"). */
  name: string;
  /** The Solidity contract ("DepositToken"). */
  contractName: string;
  address: `0x${string}`;
  abi: Abi;
  /** The name of each event as Ponder registers it (the signature where a name is overloaded). */
  eventKeys: string[];
}

export interface IndexerSettings {
  rpcUrl: string;
  chainId: number;
  deploymentDirectory: string;
  contracts: IndexedContract[];
}

function setting(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value === undefined || value === "" ? fallback : value;
}

export function indexerSettings(): IndexerSettings {
  const rpcUrl = setting("CARAVEL_RPC_URL", "http://127.0.0.1:8545");
  if (!/^https?:\/\/\S+$/.test(rpcUrl)) {
    throw new Error(`CARAVEL_RPC_URL: "${rpcUrl}" is not an http(s) URL`);
  }
  const chainIdText = setting("CARAVEL_CHAIN_ID", "31337");
  if (!/^[1-9][0-9]{0,15}$/.test(chainIdText)) {
    throw new Error(`CARAVEL_CHAIN_ID: "${chainIdText}" is not a chain id (a positive integer)`);
  }
  const chainId = Number(chainIdText);
  const deploymentDirectory = path.resolve(
    REPOSITORY_ROOT,
    setting("CARAVEL_DEPLOYMENT", path.join("deploy", "deployments", `chain-${chainId}`)),
  );
  return {
    rpcUrl,
    chainId,
    deploymentDirectory,
    contracts: deployedContracts(deploymentDirectory),
  };
}

/** Every deployed contract that emits events, with its ABI. */
export function deployedContracts(directory: string): IndexedContract[] {
  const file = path.join(directory, "deployed_addresses.json");
  if (!existsSync(file)) {
    throw new Error(
      `CARAVEL_DEPLOYMENT: ${file} does not exist (start the chain with \`npm run node\`, or name a deployment directory)`,
    );
  }
  const record: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof record !== "object" || record === null) {
    throw new Error(`CARAVEL_DEPLOYMENT: ${file} is not an object of future id → address`);
  }
  const abis = compiledAbis();
  const entries = Object.entries(record as Record<string, unknown>);
  const names = entries.map(([futureId]) => futureId.slice(futureId.indexOf("#") + 1));
  const contracts: IndexedContract[] = [];
  entries.forEach(([futureId, address], i) => {
    if (typeof address !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
      throw new Error(`CARAVEL_DEPLOYMENT: ${futureId} in ${file} is not an address`);
    }
    const contractName = artifactContractName(directory, futureId) ?? names[i]!;
    const abi = abis.get(contractName);
    if (abi === undefined) {
      throw new Error(
        `No compiled artifact for ${contractName} (${futureId}): run \`npx hardhat build\` first`,
      );
    }
    const events = abi.filter((item): item is AbiEvent => item.type === "event");
    if (events.length === 0) return;
    // Two futures may share a name in different modules: then the whole id names it.
    const name =
      names.indexOf(names[i]!) === names.lastIndexOf(names[i]!)
        ? names[i]!
        : futureId.replace("#", "_");
    contracts.push({
      name,
      contractName,
      address: address.toLowerCase() as `0x${string}`,
      abi,
      eventKeys: eventKeysOf(events),
    });
  });
  return contracts;
}

/** Ponder names an event by its name, or by its signature where the ABI overloads the name. */
export function eventKeysOf(events: readonly AbiEvent[]): string[] {
  const count = new Map<string, number>();
  for (const e of events) count.set(e.name, (count.get(e.name) ?? 0) + 1);
  return events.map((e) =>
    count.get(e.name) === 1 ? e.name : `${e.name}(${e.inputs.map(canonicalType).join(",")})`,
  );
}

function canonicalType(input: AbiEvent["inputs"][number]): string {
  if (!input.type.startsWith("tuple")) return input.type;
  const components = "components" in input ? (input.components ?? []) : [];
  return `(${components.map((c) => canonicalType(c as AbiEvent["inputs"][number])).join(",")})${input.type.slice(5)}`;
}

function artifactContractName(directory: string, futureId: string): string | undefined {
  const file = path.join(directory, "artifacts", `${futureId}.json`);
  if (!existsSync(file)) return undefined;
  const artifact: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (typeof artifact !== "object" || artifact === null || !("contractName" in artifact)) {
    return undefined;
  }
  return typeof artifact.contractName === "string" ? artifact.contractName : undefined;
}

/** Contract name → ABI, from every artifact Hardhat compiled under `artifacts/contracts/`. */
function compiledAbis(): Map<string, Abi> {
  const root = path.join(REPOSITORY_ROOT, "artifacts", "contracts");
  if (!existsSync(root)) {
    throw new Error(`${root} does not exist: run \`npx hardhat build\` first`);
  }
  const abis = new Map<string, Abi>();
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (!entry.endsWith(".json") || entry.endsWith(".dbg.json")) continue;
    const dir = path.basename(path.dirname(entry));
    if (!dir.endsWith(".sol")) continue;
    const artifact: unknown = JSON.parse(readFileSync(path.join(root, entry), "utf8"));
    if (typeof artifact !== "object" || artifact === null) continue;
    if (!("contractName" in artifact) || !("abi" in artifact)) continue;
    if (typeof artifact.contractName !== "string" || !Array.isArray(artifact.abi)) continue;
    abis.set(artifact.contractName, artifact.abi as Abi);
  }
  return abis;
}

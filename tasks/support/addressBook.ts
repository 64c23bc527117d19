/**
 * Where the Caravel contracts are on the connected chain, read from the record Ignition
 * writes: `deploy/deployments/<deploymentId>/deployed_addresses.json`, whose keys are
 * Ignition future ids such as "ConsortiumRegistry#ConsortiumRegistry", and beside it
 * `artifacts/<futureId>.json`, which names each future's contract (the future
 * "Money#CnyDepositToken" is a `DepositToken`). The deployment id defaults to Ignition's own
 * default, `chain-<chainId>`; `--deployment` names another id, or a deployment directory when
 * it contains a path separator.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { getAddress } from "ethers";
import { z } from "zod";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

export const DEPLOYED_ADDRESSES_FILE = "deployed_addresses.json";

const DeployedAddresses = z.record(
  z.string(),
  z.string().regex(/^0x[0-9a-fA-F]{40}$/, "not an address"),
);

/** One deployed contract. */
export interface DeployedContract {
  /** The Ignition future id, e.g. "Money#CnyDepositToken". */
  futureId: string;
  /** The name it goes by here: the future id after `#` ("CnyDepositToken"). */
  name: string;
  /** The Solidity contract deployed ("DepositToken"). */
  contractName: string;
  address: string;
}

export interface AddressBook {
  /** The deployment directory the addresses were read from. */
  readonly directory: string;
  /** The deployment's name as the operator knows it (its id, or its directory). */
  readonly deployment: string;
  /** Ignition future id → checksummed address. */
  readonly futures: Readonly<Record<string, string>>;
  /** The address of the one contract named `name` (its future's name or its contract name). */
  address(name: string): string;
  /** The deployment's contract at `address`, if it holds one there. */
  contractAt(address: string): DeployedContract | undefined;
}

export interface AddressBookLocation {
  /** The Ignition folder (`hre.config.paths.ignition`), holding `deployments/`. */
  ignitionDir: string;
  chainId: bigint;
  /** `--deployment`: empty for `chain-<chainId>`, an id, or a directory path. */
  deployment: string;
  /** The chain is Hardhat's in-process network, which starts empty on every run. */
  inProcess?: boolean;
}

/** The deployment directory `--deployment` designates. */
export function deploymentDirectory(location: AddressBookLocation): {
  directory: string;
  deployment: string;
} {
  const given = location.deployment.trim();
  if (given.includes("/") || given.includes(path.sep)) {
    return { directory: path.resolve(given), deployment: given };
  }
  const id = given === "" ? `chain-${location.chainId}` : given;
  return { directory: path.join(location.ignitionDir, "deployments", id), deployment: id };
}

export function loadAddressBook(location: AddressBookLocation): AddressBook {
  const { directory, deployment } = deploymentDirectory(location);
  const file = path.join(directory, DEPLOYED_ADDRESSES_FILE);
  if (!existsSync(file)) {
    const shortMessage =
      location.deployment.trim() === ""
        ? `No Caravel deployment for chain ${location.chainId}: run \`npm run deploy:local\` first.`
        : `No Caravel deployment "${deployment}": ${file} does not exist.`;
    throw new CaravelError(shortMessage, {
      code: TASK_ERRORS.MISSING_DEPLOYMENT,
      metaMessages: location.inProcess
        ? [
            "This is the in-process network, which starts empty on every command: start the local chain with `npm run node` and add --network localhost.",
          ]
        : [
            "`npm run node` starts a local chain with everything deployed; --deployment picks another deployment id or directory.",
          ],
    });
  }
  const parsed = DeployedAddresses.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new CaravelError(`The deployment record ${file} is malformed.`, {
      code: TASK_ERRORS.MISSING_DEPLOYMENT,
      details: parsed.error.issues[0]?.message,
    });
  }
  const contracts = Object.entries(parsed.data).map(([futureId, address]): DeployedContract => ({
    futureId,
    name: futureName(futureId),
    contractName: artifactContractName(directory, futureId) ?? futureName(futureId),
    address: getAddress(address.toLowerCase()),
  }));
  return new DeploymentRecord(directory, deployment, contracts);
}

/**
 * An address book from addresses already known (e.g. just deployed in a script): future id →
 * address, and the contract name of each future whose name is not its contract's.
 */
export function addressBookOf(
  deployment: string,
  futures: Readonly<Record<string, string>>,
  contractNames: Readonly<Record<string, string>> = {},
): AddressBook {
  return new DeploymentRecord(
    "(in memory)",
    deployment,
    Object.entries(futures).map(([futureId, address]) => ({
      futureId,
      name: futureName(futureId),
      contractName: contractNames[futureId] ?? futureName(futureId),
      address: getAddress(address.toLowerCase()),
    })),
  );
}

/** The `contractName` Ignition recorded in `artifacts/<futureId>.json`, if it did. */
function artifactContractName(directory: string, futureId: string): string | undefined {
  const file = path.join(directory, "artifacts", `${futureId}.json`);
  if (!existsSync(file)) return undefined;
  const parsed = z
    .object({ contractName: z.string().min(1) })
    .safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data.contractName : undefined;
}

class DeploymentRecord implements AddressBook {
  readonly directory: string;
  readonly deployment: string;
  readonly futures: Readonly<Record<string, string>>;
  readonly #contracts: readonly DeployedContract[];

  constructor(directory: string, deployment: string, contracts: readonly DeployedContract[]) {
    this.directory = directory;
    this.deployment = deployment;
    this.#contracts = contracts;
    this.futures = Object.fromEntries(contracts.map((c) => [c.futureId, c.address]));
  }

  address(name: string): string {
    const addresses = new Set(
      this.#contracts
        .filter((c) => c.name === name || c.contractName === name)
        .map((c) => c.address),
    );
    if (addresses.size === 1) return [...addresses][0]!;
    if (addresses.size === 0) {
      throw new CaravelError(
        `The deployment ${this.deployment} has no ${name}: redeploy with \`npm run deploy:local\`.`,
        {
          code: TASK_ERRORS.MISSING_DEPLOYMENT,
          metaMessages: [`It holds: ${Object.keys(this.futures).join(", ") || "nothing"}.`],
        },
      );
    }
    throw new CaravelError(
      `The deployment ${this.deployment} holds ${addresses.size} contracts named ${name}.`,
      { code: TASK_ERRORS.MISSING_DEPLOYMENT },
    );
  }

  contractAt(address: string): DeployedContract | undefined {
    const lower = address.toLowerCase();
    return this.#contracts.find((c) => c.address.toLowerCase() === lower);
  }
}

/** "ConsortiumRegistry#ConsortiumRegistry" → "ConsortiumRegistry". */
function futureName(futureId: string): string {
  const hash = futureId.lastIndexOf("#");
  return hash === -1 ? futureId : futureId.slice(hash + 1);
}

/**
 * Where the Caravel contracts are on the connected chain, read from the record Ignition
 * writes: `deploy/deployments/<deploymentId>/deployed_addresses.json`, whose keys are
 * Ignition future ids such as "ConsortiumRegistry#ConsortiumRegistry". The deployment id
 * defaults to Ignition's own default, `chain-<chainId>`; `--deployment` names another id, or
 * a deployment directory when it contains a path separator.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { getAddress } from "ethers";
import { z } from "zod";

import { CaravelError, TASK_ERRORS } from "./errors.ts";

export const DEPLOYED_ADDRESSES_FILE = "deployed_addresses.json";

const DeployedAddresses = z.record(
  z.string(),
  z.string().regex(/^0x[0-9a-fA-F]{40}$/, "not an address"),
);

export interface AddressBook {
  /** The deployment directory the addresses were read from. */
  readonly directory: string;
  /** The deployment's name as the operator knows it (its id, or its directory). */
  readonly deployment: string;
  /** Ignition future id → checksummed address. */
  readonly futures: Readonly<Record<string, string>>;
  /** The address of the contract deployed as `contractName` (the part after `#`). */
  address(contractName: string): string;
  /** The contract name deployed at `address`, if this deployment holds it. */
  contractAt(address: string): string | undefined;
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
      descriptor: TASK_ERRORS.MISSING_DEPLOYMENT,
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
      descriptor: TASK_ERRORS.MISSING_DEPLOYMENT,
      details: parsed.error.issues[0]?.message,
    });
  }
  const futures = Object.fromEntries(
    Object.entries(parsed.data).map(([future, address]) => [
      future,
      getAddress(address.toLowerCase()),
    ]),
  );
  return new DeploymentRecord(directory, deployment, futures);
}

/** An address book from addresses already known (e.g. just deployed in a script). */
export function addressBookOf(
  deployment: string,
  futures: Readonly<Record<string, string>>,
): AddressBook {
  return new DeploymentRecord("(in memory)", deployment, futures);
}

class DeploymentRecord implements AddressBook {
  readonly directory: string;
  readonly deployment: string;
  readonly futures: Readonly<Record<string, string>>;

  constructor(directory: string, deployment: string, futures: Readonly<Record<string, string>>) {
    this.directory = directory;
    this.deployment = deployment;
    this.futures = futures;
  }

  address(contractName: string): string {
    const addresses = new Set(
      Object.entries(this.futures)
        .filter(([future]) => futureContractName(future) === contractName)
        .map(([, address]) => address),
    );
    if (addresses.size === 1) return [...addresses][0]!;
    if (addresses.size === 0) {
      throw new CaravelError(
        `The deployment ${this.deployment} has no ${contractName}: redeploy with \`npm run deploy:local\`.`,
        {
          descriptor: TASK_ERRORS.MISSING_DEPLOYMENT,
          metaMessages: [`It holds: ${Object.keys(this.futures).join(", ") || "nothing"}.`],
        },
      );
    }
    throw new CaravelError(
      `The deployment ${this.deployment} holds ${addresses.size} contracts named ${contractName}.`,
      { descriptor: TASK_ERRORS.MISSING_DEPLOYMENT },
    );
  }

  contractAt(address: string): string | undefined {
    const lower = address.toLowerCase();
    const future = Object.keys(this.futures).find((f) => this.futures[f]!.toLowerCase() === lower);
    return future === undefined ? undefined : futureContractName(future);
  }
}

/** "ConsortiumRegistry#ConsortiumRegistry" → "ConsortiumRegistry". */
function futureContractName(futureId: string): string {
  const hash = futureId.lastIndexOf("#");
  return hash === -1 ? futureId : futureId.slice(hash + 1);
}

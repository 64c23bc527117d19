/**
 * What a task action works with once it is connected: the chain, the members, the
 * deployment's addresses, the compiled ABIs and the revert decoder. One context per run;
 * nothing is kept between runs.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { redactUrl } from "../../lib/net/redaction.ts";
import { AbiCatalogue } from "../../lib/chain/abiCatalogue.ts";
import { type AddressBook, loadAddressBook } from "./addressBook.ts";
import { RevertDecoder } from "../../lib/chain/decodeRevert.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { loadMemberDirectory, type MemberDirectory, partyLabel } from "./members.ts";

export interface TaskContext {
  readonly hre: HardhatRuntimeEnvironment;
  readonly ethers: HardhatEthers;
  readonly networkName: string;
  readonly chainId: bigint;
  readonly members: MemberDirectory;
  readonly catalogue: AbiCatalogue;
  readonly decoder: RevertDecoder;
  /** `--send` given: send transactions rather than simulate them. */
  readonly send: boolean;
  /** The deployment's address book (read on first use: some tasks need none). */
  book(): AddressBook;
  /** The address of `contractName` in the deployment, checked to hold code on this chain. */
  deployed(contractName: string): Promise<string>;
  /** "exporter (0x9965…)" for a member's address, the bare address otherwise. */
  party(address: string): string;
  /** Read from the chain (`what`: "reading proposal 3"); a revert becomes its decoded sentence. */
  view<T>(what: string, read: () => Promise<T>): Promise<T>;
}

export interface ContextOptions {
  deployment: string;
  send: boolean;
}

export async function openContext(
  hre: HardhatRuntimeEnvironment,
  options: ContextOptions,
): Promise<TaskContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers, networkName } = connection;
  let chainId: bigint;
  try {
    chainId = (await ethers.provider.getNetwork()).chainId;
  } catch (cause) {
    const config = connection.networkConfig;
    const where = config.type === "http" ? ` at ${redactUrl(await config.url.getUrl())}` : "";
    throw new CaravelError(`Cannot reach the network "${networkName}"${where}.`, {
      code: TASK_ERRORS.NETWORK_UNREACHABLE,
      metaMessages:
        networkName === "localhost"
          ? ["Start the local chain first: `npm run node` (in another terminal)."]
          : ["Check the node is up and the network's URL in hardhat.config.ts."],
      cause,
    });
  }
  const members = await loadMemberDirectory(hre, ethers, chainId);
  const catalogue = await AbiCatalogue.load(hre.artifacts);
  let book: AddressBook | undefined;
  const readBook = () =>
    (book ??= loadAddressBook({
      ignitionDir: hre.config.paths.ignition,
      chainId,
      deployment: options.deployment,
      inProcess: connection.networkConfig.type === "edr-simulated",
    }));
  // Members by their names; the deployment's contracts by theirs, where a deployment is found.
  const party = (address: string) => {
    if (members.nameOf(address) !== undefined) return partyLabel(members, address);
    let contract: string | undefined;
    try {
      contract = readBook().contractAt(address)?.name;
    } catch (error) {
      if (!(error instanceof CaravelError)) throw error;
    }
    return contract === undefined ? address : `${contract} (${address})`;
  };
  const decoder = new RevertDecoder(catalogue, party);
  const checked = new Map<string, string>();

  return {
    hre,
    ethers,
    networkName,
    chainId,
    members,
    catalogue,
    decoder,
    send: options.send,
    book: readBook,
    party,
    async view(what, read) {
      try {
        return await read();
      } catch (error) {
        throw decoder.explain(error, [`While ${what}.`]) ?? error;
      }
    },
    async deployed(contractName) {
      const known = checked.get(contractName);
      if (known !== undefined) return known;
      const address = readBook().address(contractName);
      if ((await ethers.provider.getCode(address)) === "0x") {
        throw new CaravelError(
          `No contract at ${address}, where the deployment ${readBook().deployment} puts ${contractName}: the chain was reset since it was deployed.`,
          {
            code: TASK_ERRORS.MISSING_DEPLOYMENT,
            metaMessages: ["Redeploy (`npm run deploy:local`), or pick the right --deployment."],
          },
        );
      }
      checked.set(contractName, address);
      return address;
    },
  };
}

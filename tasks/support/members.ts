/**
 * Who the operator acts as (`--as issuingBank`) and how parties are named in output.
 *
 * On a local chain (chain id 31337: the in-process network, `npm run node`, anvil) the
 * members are the demo consortium of lib/chain/demoConsortium.ts, each the account at its
 * index of the default mnemonic, plus the administrators `admin1`, `admin2`, `admin3`
 * (accounts #0, #1, #2).
 *
 * On any other chain, or whenever it is set, the env variable CARAVEL_MEMBERS names a JSON
 * members file:
 *
 *   { "members": {
 *       "issuingBank": { "address": "0x…", "key": "CARAVEL_KEY_ISSUING_BANK" },
 *       "importer":    { "address": "0x…" } } }
 *
 * `address` is the member's account; `key`, needed only to send as that member, is the name
 * of a Hardhat configuration variable holding its private key — an env variable of that
 * name, or an entry of Hardhat's encrypted keystore (`npx hardhat keystore set NAME`).
 * Relative paths are resolved from the current directory.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { getAddress, type Signer, Wallet } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import { z } from "zod";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { fetchConfigurationVariable } from "./configurationVariables.ts";
import { MEMBERS_FILE_ENV } from "../../lib/env/variables.ts";
import { CaravelError, InvalidInputError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

/** Hardhat's in-process network, `hardhat node` and anvil. */
export const LOCAL_CHAIN_ID = 31337n;

export interface MemberEntry {
  /** The name used on the command line, e.g. "issuingBank". */
  key: string;
  address: string;
}

export interface MemberDirectory {
  /** Where the names come from: the demo consortium or a members file. */
  readonly source: string;
  readonly entries: readonly MemberEntry[];
  /** The member named `key`; `field` is the option it came from, for the error. */
  resolve(key: string, field: string): MemberEntry;
  /** The member name of `address`, if it has one here. */
  nameOf(address: string): string | undefined;
  /** The signer that sends transactions as `member`. */
  signerFor(member: MemberEntry): Promise<Signer>;
}

/** "exporter (0x9965…A4dc)"-style label: member name and full address, or the address alone. */
export function partyLabel(directory: MemberDirectory, address: string): string {
  const name = directory.nameOf(address);
  return name === undefined ? address : `${name} (${address})`;
}

/** The directory for the connected chain: a members file if configured, else the demo. */
export async function loadMemberDirectory(
  hre: HardhatRuntimeEnvironment,
  ethers: HardhatEthers,
  chainId: bigint,
): Promise<MemberDirectory> {
  const file = process.env[MEMBERS_FILE_ENV];
  if (file !== undefined && file !== "") {
    return fileDirectory(hre, ethers, path.resolve(file));
  }
  if (chainId !== LOCAL_CHAIN_ID) {
    throw new CaravelError(
      `Chain ${chainId} is not a local chain, so member names need a members file: set ${MEMBERS_FILE_ENV}.`,
      {
        code: TASK_ERRORS.MEMBERS_FILE,
        metaMessages: [
          `The file maps names to accounts: { "members": { "issuingBank": { "address": "0x…", "key": "CARAVEL_KEY_ISSUING_BANK" } } }`,
        ],
      },
    );
  }
  return demoDirectory(ethers);
}

class Directory implements MemberDirectory {
  readonly source: string;
  readonly entries: readonly MemberEntry[];
  readonly #signerFor: (member: MemberEntry) => Promise<Signer>;
  readonly #byAddress: Map<string, string>;

  constructor(
    source: string,
    entries: readonly MemberEntry[],
    signerFor: (member: MemberEntry) => Promise<Signer>,
  ) {
    this.source = source;
    this.entries = entries;
    this.#signerFor = signerFor;
    this.#byAddress = new Map(entries.map((e) => [e.address.toLowerCase(), e.key]));
  }

  resolve(key: string, field: string): MemberEntry {
    const found = this.entries.find((e) => e.key === key);
    if (found === undefined) {
      throw new InvalidInputError(
        field,
        `no consortium member is named "${key}" (known: ${this.entries.map((e) => e.key).join(", ")})`,
        TASK_ERRORS.UNKNOWN_MEMBER,
      );
    }
    return found;
  }

  nameOf(address: string): string | undefined {
    return this.#byAddress.get(address.toLowerCase());
  }

  signerFor(member: MemberEntry): Promise<Signer> {
    return this.#signerFor(member);
  }
}

async function demoDirectory(ethers: HardhatEthers): Promise<MemberDirectory> {
  const signers = await ethers.getSigners();
  const named = [
    ...DEMO_ADMINISTRATOR_INDEXES.map((index, i) => ({ key: `admin${i + 1}`, index })),
    ...DEMO_MEMBERS.map((m) => ({ key: m.key, index: m.accountIndex })),
  ];
  const entries = named.map(({ key, index }): MemberEntry => {
    const signer = signers[index];
    if (signer === undefined) {
      throw new CaravelError(
        `The chain offers ${signers.length} accounts, but demo member ${key} is account #${index}.`,
        {
          code: TASK_ERRORS.MEMBERS_FILE,
          metaMessages: [
            `Start the local chain with \`npm run node\`, or set ${MEMBERS_FILE_ENV} to a members file.`,
          ],
        },
      );
    }
    return { key, address: signer.address };
  });
  return new Directory("the demo consortium (default Hardhat accounts)", entries, async (m) =>
    ethers.getSigner(m.address),
  );
}

const MembersFile = z.object({
  members: z.record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "member names are letters, digits, - and _"),
    z.object({
      address: z.string().refine(isAddress, "not a well-formed address"),
      key: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]*$/, "must name a configuration variable (A-Z, 0-9, _)")
        .optional(),
    }),
  ),
});

function fileDirectory(
  hre: HardhatRuntimeEnvironment,
  ethers: HardhatEthers,
  file: string,
): MemberDirectory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new CaravelError(`The members file ${file} cannot be read as JSON.`, {
      code: TASK_ERRORS.MEMBERS_FILE,
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
  const parsed = MembersFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CaravelError(
      `The members file ${file} is malformed at ${issue.path.join(".")}: ${issue.message}.`,
      { code: TASK_ERRORS.MEMBERS_FILE },
    );
  }
  const configured = parsed.data.members;
  const entries = Object.entries(configured).map(([key, m]): MemberEntry => ({
    key,
    address: getAddress(m.address.toLowerCase()),
  }));
  return new Directory(`the members file ${file}`, entries, async (member) => {
    const keyName = configured[member.key]?.key;
    if (keyName === undefined) {
      throw new CaravelError(
        `The members file gives no key for ${member.key}, so the task cannot send as it.`,
        {
          code: TASK_ERRORS.MEMBER_KEY,
          metaMessages: [`Add "key": "<configuration variable name>" to ${member.key} in ${file}.`],
        },
      );
    }
    const privateKey = await fetchConfigurationVariable(hre, keyName, TASK_ERRORS.MEMBER_KEY);
    let wallet: Wallet;
    try {
      wallet = new Wallet(privateKey, ethers.provider);
    } catch {
      throw new CaravelError(`The configuration variable ${keyName} is not a private key.`, {
        code: TASK_ERRORS.MEMBER_KEY,
      });
    }
    if (wallet.address !== member.address) {
      throw new CaravelError(
        `The key in ${keyName} belongs to ${wallet.address}, not to ${member.key} (${member.address}).`,
        { code: TASK_ERRORS.MEMBER_KEY },
      );
    }
    return wallet;
  });
}

function isAddress(value: string): boolean {
  try {
    getAddress(value);
    return true;
  } catch {
    return false;
  }
}

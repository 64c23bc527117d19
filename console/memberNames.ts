/**
 * The member names the console's next-step commands use in `--as`, from the same directory
 * the operator tasks resolve `--as` against (tasks/support/members.ts): the members file named
 * by CARAVEL_MEMBERS when it is set, else, on a local network, the demo consortium (the
 * administrators admin1..admin3 and the demo members, each the account at its index of the
 * default Hardhat mnemonic). On any other network without a members file the console refuses
 * to start, as the tasks refuse to run: a name the tasks would not resolve is worse than none.
 *
 * Only names and addresses are read; a member's `key` (its configuration variable) is checked
 * for form, as the tasks check it, but never read: the console sends nothing.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { getAddress, HDNodeWallet } from "ethers";
import { z } from "zod";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../lib/chain/demoConsortium.ts";
import { MEMBERS_FILE_ENV } from "../lib/env/variables.ts";

/** The networks whose chain is the local one (id 31337) the demo consortium is deployed on. */
export const LOCAL_NETWORKS: readonly string[] = ["localhost", "hardhat"];

const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

export interface MemberNames {
  /** Where the names come from, for the start-up line. */
  source: string;
  /** Member name by account, the account lower-case. */
  byAccount: Record<string, string>;
}

export class MembersFileError extends Error {
  override name = "MembersFileError";
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

/**
 * The member names for `network`: from `membersFile` (CARAVEL_MEMBERS) when given, else the
 * demo consortium's on a local network. Throws MembersFileError naming the file and field.
 */
export function loadMemberNames(membersFile: string | undefined, network: string): MemberNames {
  if (membersFile !== undefined && membersFile !== "") {
    return fromFile(path.resolve(membersFile));
  }
  if (!LOCAL_NETWORKS.includes(network)) {
    throw new MembersFileError(
      `Network ${network} is not a local network, so member names need a members file: set ${MEMBERS_FILE_ENV} (the file the tasks use).`,
    );
  }
  return demoNames();
}

function demoNames(): MemberNames {
  const named = [
    ...DEMO_ADMINISTRATOR_INDEXES.map((index, i) => ({ key: `admin${i + 1}`, index })),
    ...DEMO_MEMBERS.map((m) => ({ key: m.key, index: m.accountIndex })),
  ];
  const byAccount: Record<string, string> = {};
  for (const { key, index } of named) {
    const account = HDNodeWallet.fromPhrase(DEFAULT_MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
    byAccount[account.address.toLowerCase()] = key;
  }
  return { source: "the demo consortium (default Hardhat accounts)", byAccount };
}

function fromFile(file: string): MemberNames {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (cause) {
    throw new MembersFileError(
      `${MEMBERS_FILE_ENV}: the members file ${file} cannot be read as JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  const parsed = MembersFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new MembersFileError(
      `${MEMBERS_FILE_ENV}: the members file ${file} is malformed at ${issue.path.join(".") || "(top level)"}: ${issue.message}.`,
    );
  }
  const byAccount: Record<string, string> = {};
  for (const [name, member] of Object.entries(parsed.data.members)) {
    // An account listed under two names: either resolves in the tasks; the first is shown.
    byAccount[member.address.toLowerCase()] ??= name;
  }
  return { source: `the members file ${file}`, byAccount };
}

function isAddress(value: string): boolean {
  try {
    getAddress(value);
    return true;
  } catch {
    return false;
  }
}

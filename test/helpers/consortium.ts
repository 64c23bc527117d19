/**
 * Test fixture: a consortium registry with three administrators (threshold 2) and the whole
 * demo consortium onboarded through governance, as on the local network.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../lib/chain/demoConsortium.ts";
import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import type { ConsortiumRegistry } from "../../types/ethers-contracts/index.js";

export interface Consortium {
  registry: ConsortiumRegistry;
  admins: HardhatEthersSigner[];
  /** Demo members by key: issuingBank, advisingBank, exporter, importer, carrier, chamber, customs, oracle1..5, insurer. */
  members: Record<string, HardhatEthersSigner>;
  /** Accounts that are not members of anything (indexes 16..19). */
  outsiders: HardhatEthersSigner[];
}

export async function deployConsortium(ethers: HardhatEthers): Promise<Consortium> {
  const signers = await ethers.getSigners();
  const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
  const registry = await ethers.deployContract("ConsortiumRegistry", [
    admins.map((a) => a.address),
    DEMO_APPROVAL_THRESHOLD,
  ]);
  const members: Record<string, HardhatEthersSigner> = {};
  for (const m of DEMO_MEMBERS) {
    const account = signers[m.accountIndex]!;
    await executeGovernance(
      registry,
      admins[0]!,
      admins.slice(1),
      await onboardingCall(registry, account.address, m),
    );
    members[m.key] = account;
  }
  return { registry, admins, members, outsiders: signers.slice(16, 20) };
}

/** The signer of demo member `key`, failing loudly for a typo. */
export function memberSigner(consortium: Consortium, key: string): HardhatEthersSigner {
  const signer = consortium.members[key];
  if (signer === undefined) throw new Error(`no demo member "${key}"`);
  return signer;
}

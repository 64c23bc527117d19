/**
 * What every chapter of the demo needs: the connection, the deployed contracts (typed),
 * the named members, a way to say who an address is, and the narrator.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import type { Timeline } from "./Timeline.ts";

export interface DemoContext {
  connection: NetworkConnection;
  timeline: Timeline;
  /** Deployed contract addresses by the names deploy/demo/Caravel.ts returns. */
  addresses: Record<string, string>;
  /** Signers of the demo members by key (issuingBank, exporter, ...). */
  members: Record<string, HardhatEthersSigner>;
  /** "Pudong Commercial Bank" for the issuing bank's address, and so on. */
  nameOf(address: string): string;
  /** Move the chain's clock forward to the given UTC date-time. */
  advanceTo(isoDateTime: string): Promise<void>;
  /** A refused transaction in words, decoded from the contract's custom error. */
  explain(error: unknown): string;
}

export function memberNames(
  members: Record<string, HardhatEthersSigner>,
): (address: string) => string {
  const byAddress = new Map<string, string>();
  for (const m of DEMO_MEMBERS) {
    const signer = members[m.key];
    if (signer !== undefined) byAddress.set(signer.address.toLowerCase(), m.name);
  }
  return (address) => byAddress.get(address.toLowerCase()) ?? address;
}

/** The signer of demo member `key`, failing loudly for a typo. */
export function member(ctx: DemoContext, key: string): HardhatEthersSigner {
  const signer = ctx.members[key];
  if (signer === undefined) throw new Error(`the demo has no member "${key}"`);
  return signer;
}

/** The address of contract `name` as deployed, failing loudly if it is missing. */
export function deployed(ctx: DemoContext, name: string): string {
  const address = ctx.addresses[name];
  if (address === undefined) throw new Error(`the deployment has no contract "${name}"`);
  return address;
}

/**
 * Events of one deployment contract about one thing (a credit, a bill, a certificate, an
 * invoice): every log whose first indexed topic is that thing's id, decoded with the
 * contract's ABI, with its block time and the account that sent its transaction — from the
 * chain, or from the indexer where one is configured (`../support/history.ts`).
 */
import { toBeHex, zeroPadValue } from "ethers";

import type { TaskContext } from "../support/context.ts";
import { NamedValues } from "../../lib/chain/revertTable.ts";
import type { History } from "../support/history.ts";
import { namedArgs } from "../support/transactions.ts";

export interface ChainEvent {
  contract: string;
  name: string;
  args: NamedValues;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  /** Block time, unix seconds. */
  at: number;
  /** The account that sent the transaction. */
  sender: string;
}

/** The events of deployment contract `name` whose first indexed argument is `id`. */
export async function eventsAbout(
  ctx: TaskContext,
  history: History,
  name: string,
  id: bigint | string,
): Promise<ChainEvent[]> {
  const address = await ctx.deployed(name);
  const contract = ctx.book().contractAt(address)!;
  const iface = ctx.catalogue.interfaceOf(contract.contractName);
  const subject = zeroPadValue(typeof id === "bigint" ? toBeHex(id) : id, 32);
  const logs = await history.logs({ address, iface, subject });
  return logs.map((log) => ({
    contract: contract.name,
    name: log.name,
    args: new NamedValues(namedArgs(log.parsed.fragment.inputs, [...log.parsed.args])),
    blockNumber: log.blockNumber,
    logIndex: log.logIndex,
    transactionHash: log.transactionHash,
    at: log.at,
    sender: log.sender,
  }));
}

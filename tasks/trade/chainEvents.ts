/**
 * Events of one deployment contract about one thing (a credit, a bill, a certificate, an
 * invoice): every log whose first indexed topic is that thing's id, decoded with the
 * contract's ABI, with its block time and the account that sent its transaction.
 */
import { toBeHex, zeroPadValue } from "ethers";

import type { TaskContext } from "../support/context.ts";
import { NamedValues } from "../../lib/chain/revertTable.ts";
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

/** Block times and senders, fetched once each. */
export class ChainFacts {
  readonly #ctx: TaskContext;
  readonly #times = new Map<number, number>();
  readonly #senders = new Map<string, string>();

  constructor(ctx: TaskContext) {
    this.#ctx = ctx;
  }

  async timeOf(blockNumber: number): Promise<number> {
    let at = this.#times.get(blockNumber);
    if (at === undefined) {
      at = (await this.#ctx.ethers.provider.getBlock(blockNumber))?.timestamp ?? 0;
      this.#times.set(blockNumber, at);
    }
    return at;
  }

  async senderOf(transactionHash: string): Promise<string> {
    let sender = this.#senders.get(transactionHash);
    if (sender === undefined) {
      sender = (await this.#ctx.ethers.provider.getTransaction(transactionHash))?.from ?? "";
      this.#senders.set(transactionHash, sender);
    }
    return sender;
  }
}

/** The events of deployment contract `name` whose first indexed argument is `id`. */
export async function eventsAbout(
  ctx: TaskContext,
  facts: ChainFacts,
  name: string,
  id: bigint | string,
): Promise<ChainEvent[]> {
  const address = await ctx.deployed(name);
  const contract = ctx.book().contractAt(address)!;
  const iface = ctx.catalogue.interfaceOf(contract.contractName);
  const topic = zeroPadValue(typeof id === "bigint" ? toBeHex(id) : id, 32);
  const logs = await ctx.ethers.provider.getLogs({
    address,
    topics: [null, topic],
    fromBlock: 0,
    toBlock: "latest",
  });
  const events: ChainEvent[] = [];
  for (const log of logs) {
    const parsed = iface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed === null) continue;
    events.push({
      contract: contract.name,
      name: parsed.name,
      args: new NamedValues(namedArgs(parsed.fragment.inputs, [...parsed.args])),
      blockNumber: log.blockNumber,
      logIndex: log.index,
      transactionHash: log.transactionHash,
      at: await facts.timeOf(log.blockNumber),
      sender: await facts.senderOf(log.transactionHash),
    });
  }
  return events;
}

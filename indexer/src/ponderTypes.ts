/**
 * The parts of Ponder's indexing-function arguments the Caravel handlers use. Ponder types
 * them from `as const` ABIs; ours are read from the compiled artifacts at start (so a new
 * event needs no code change), so the handlers see this structural subset instead.
 */
import type { Abi } from "viem";

import type { Context } from "ponder:registry";

export interface IndexedEvent {
  /** Ponder's unique, ordered id of the log. */
  id: string;
  /** The event's name (set by the registering handler). */
  name: string;
  args: Record<string, unknown>;
  log: {
    address: `0x${string}`;
    topics: readonly (`0x${string}` | null)[];
    data: `0x${string}`;
    logIndex: number;
  };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}`; from: `0x${string}` };
}

export interface IndexingContext {
  db: Context["db"];
  client: {
    readContract(request: {
      abi: Abi;
      address: `0x${string}`;
      functionName: string;
      args: readonly unknown[];
    }): Promise<unknown>;
  };
}

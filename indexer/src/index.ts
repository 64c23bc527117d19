/**
 * The indexing functions: one per event of every deployed Caravel contract (the events are
 * read from the compiled ABIs at start). Each keeps the log in `chain_log` and applies the
 * event's projection, if it has one. Reorganisations are the engine's business: Ponder
 * reverts the rows written for blocks that left the chain and indexes the new ones.
 */
import { decodeEventLog } from "viem";

import { ponder } from "ponder:registry";
import { chainLog } from "ponder:schema";

import { indexerSettings } from "../deployment.ts";
import type { IndexedEvent, IndexingContext } from "./ponderTypes.ts";
import { projectionFor } from "./projections.ts";

type Handler = (input: {
  event: Omit<IndexedEvent, "name">;
  context: IndexingContext;
}) => Promise<void>;
const on = ponder.on.bind(ponder) as unknown as (key: string, handler: Handler) => void;

/** Arguments as JSON: integers as decimal strings, structs and arrays kept. */
function jsonOf(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonOf);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonOf(v)]));
  }
  return value;
}

for (const contract of indexerSettings().contracts) {
  for (const key of contract.eventKeys) {
    const name = key.includes("(") ? key.slice(0, key.indexOf("(")) : key;
    on(`${contract.name}:${key}`, async ({ event: raw, context }) => {
      // Ponder's log carries four topic slots, null where the event has fewer topics.
      const topics = raw.log.topics.filter((t): t is `0x${string}` => t !== null);
      const event: IndexedEvent = { ...raw, name, log: { ...raw.log, topics } };
      // Ponder decodes named arguments; a struct or unnamed argument is decoded here again
      // so the JSON keeps every value.
      const decoded = decodeEventLog({
        abi: contract.abi,
        topics: topics as [`0x${string}`, ...`0x${string}`[]],
        data: event.log.data,
      });
      await context.db.insert(chainLog).values({
        id: event.id,
        contract: contract.name,
        contractName: contract.contractName,
        address: event.log.address.toLowerCase() as `0x${string}`,
        name,
        subject: event.log.topics[1] ?? null,
        topics,
        data: event.log.data,
        args: jsonOf(decoded.args) as object,
        blockNumber: event.block.number,
        logIndex: event.log.logIndex,
        transactionHash: event.transaction.hash,
        sender: event.transaction.from.toLowerCase() as `0x${string}`,
        timestamp: event.block.timestamp,
      });
      await projectionFor(contract.contractName, name)?.(event, context, contract.abi);
    });
  }
}

/**
 * The customs oracle's per-shipment events (status changed, duplicate, out of order,
 * transition refused), decoded and named, for the reports, shipment and trade tasks.
 */
import type { CustomsOracle } from "../../types/ethers-contracts/index.js";
import type { History } from "../support/history.ts";
import { type CustomsEventTypeName, customsEventTypeName } from "./customsOracle.ts";

export interface ShipmentEvent {
  shipmentRef: string;
  /** What the oracle did with the event. */
  outcome: "status-changed" | "duplicate" | "out-of-order" | "transition-refused";
  eventType: CustomsEventTypeName;
  /** When the event occurred (unix seconds), as its source says. */
  occurredAt: number;
  /** For a refused or out-of-order event: the status the shipment kept. */
  keptStatus: CustomsEventTypeName | null;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

const OUTCOMES = {
  CustomsStatusChanged: "status-changed",
  CustomsEventDuplicate: "duplicate",
  CustomsEventOutOfOrder: "out-of-order",
  CustomsTransitionRefused: "transition-refused",
} as const;

/**
 * Every per-shipment event of the oracle, for one shipment or all, in chain order, from the
 * task's history source (the chain, or the indexer).
 */
export async function shipmentEvents(
  history: History,
  oracle: CustomsOracle,
  shipmentRef: string | null,
  fromBlock = 0,
  toBlock?: number,
): Promise<ShipmentEvent[]> {
  const logs = await history.logs({
    address: await oracle.getAddress(),
    iface: oracle.interface,
    names: Object.keys(OUTCOMES),
    subject: shipmentRef,
    fromBlock,
    toBlock,
  });
  return logs.map((log) => {
    const outcome = OUTCOMES[log.name as keyof typeof OUTCOMES];
    const args = log.parsed.args;
    const changed = outcome === "status-changed";
    return {
      shipmentRef: String(args.getValue("shipmentRef")),
      outcome,
      eventType: customsEventTypeName(
        BigInt(changed ? args.getValue("status") : args.getValue("eventType")),
      ),
      occurredAt: Number(args.getValue("occurredAt")),
      keptStatus:
        outcome === "out-of-order" || outcome === "transition-refused"
          ? customsEventTypeName(BigInt(args.getValue("status")))
          : null,
      blockNumber: log.blockNumber,
      logIndex: log.logIndex,
      transactionHash: log.transactionHash,
    };
  });
}

/** One shipment event in words: "Cleared (status now Cleared)", "Loaded: refused after Cleared". */
export function describeShipmentEvent(e: ShipmentEvent): string {
  switch (e.outcome) {
    case "status-changed":
      return `${e.eventType}: status now ${e.eventType}`;
    case "duplicate":
      return `${e.eventType}: the same event again, nothing changed`;
    case "out-of-order":
      return `${e.eventType}: arrived out of order, recorded; status stays ${e.keptStatus}`;
    case "transition-refused":
      return `${e.eventType}: may not follow ${e.keptStatus}, status stays ${e.keptStatus}`;
  }
}

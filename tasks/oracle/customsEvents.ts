/**
 * The customs oracle's per-shipment events (status changed, duplicate, out of order,
 * transition refused), decoded and named, for the reports, shipment and trade tasks.
 */
import type { CustomsOracle } from "../../types/ethers-contracts/index.js";
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

/** Every per-shipment event of the oracle, for one shipment or all, in chain order. */
export async function shipmentEvents(
  oracle: CustomsOracle,
  shipmentRef: string | null,
  fromBlock = 0,
  toBlock: number | "latest" = "latest",
): Promise<ShipmentEvent[]> {
  const ref = shipmentRef ?? undefined;
  const [changed, duplicate, outOfOrder, refused] = await Promise.all([
    oracle.queryFilter(oracle.filters.CustomsStatusChanged(ref), fromBlock, toBlock),
    oracle.queryFilter(oracle.filters.CustomsEventDuplicate(ref), fromBlock, toBlock),
    oracle.queryFilter(oracle.filters.CustomsEventOutOfOrder(ref), fromBlock, toBlock),
    oracle.queryFilter(oracle.filters.CustomsTransitionRefused(ref), fromBlock, toBlock),
  ]);
  const where = (e: { blockNumber: number; index: number; transactionHash: string }) => ({
    blockNumber: e.blockNumber,
    logIndex: e.index,
    transactionHash: e.transactionHash,
  });
  const events: ShipmentEvent[] = [
    ...changed.map((e) => ({
      shipmentRef: e.args.shipmentRef,
      outcome: "status-changed" as const,
      eventType: customsEventTypeName(e.args.status),
      occurredAt: Number(e.args.occurredAt),
      keptStatus: null,
      ...where(e),
    })),
    ...duplicate.map((e) => ({
      shipmentRef: e.args.shipmentRef,
      outcome: "duplicate" as const,
      eventType: customsEventTypeName(e.args.eventType),
      occurredAt: Number(e.args.occurredAt),
      keptStatus: null,
      ...where(e),
    })),
    ...outOfOrder.map((e) => ({
      shipmentRef: e.args.shipmentRef,
      outcome: "out-of-order" as const,
      eventType: customsEventTypeName(e.args.eventType),
      occurredAt: Number(e.args.occurredAt),
      keptStatus: customsEventTypeName(e.args.status),
      ...where(e),
    })),
    ...refused.map((e) => ({
      shipmentRef: e.args.shipmentRef,
      outcome: "transition-refused" as const,
      eventType: customsEventTypeName(e.args.eventType),
      occurredAt: Number(e.args.occurredAt),
      keptStatus: customsEventTypeName(e.args.status),
      ...where(e),
    })),
  ];
  return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
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

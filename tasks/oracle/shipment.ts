/**
 * `oracle shipment`: a shipment's customs status now, when it got there, whether customs at
 * destination has cleared the goods, and every event the oracle recorded for it.
 */
import { z } from "zod";

import {
  isReference,
  MAX_BL_NUMBER_LENGTH,
  shipmentRefOf,
} from "../../scripts/lib/billOfLading.ts";
import { historyOf } from "../support/history.ts";
import { operatorAction } from "../support/action.ts";
import { formatTime } from "../support/output.ts";
import {
  customsEventTypeName,
  type CustomsEventTypeName,
  deployedCustomsOracle,
} from "./customsOracle.ts";
import { describeShipmentEvent, type ShipmentEvent, shipmentEvents } from "./customsEvents.ts";

export interface ShipmentResult {
  shipmentRef: string;
  blNumber: string | null;
  status: CustomsEventTypeName;
  /** When the event that set the status occurred (null if the oracle never heard of it). */
  since: number | null;
  /** When the goods were first cleared (null if not yet). */
  clearedAt: number | null;
  events: (ShipmentEvent & { recordedAt: number })[];
}

/** A B/L number, or a shipment reference as 0x + 64 hex digits. */
const shipment = z.string({ required_error: "is required" }).transform((v, ctx) => {
  const given = v.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(given))
    return { shipmentRef: given.toLowerCase(), blNumber: null };
  if (isReference(given, MAX_BL_NUMBER_LENGTH)) {
    return { shipmentRef: shipmentRefOf(given), blNumber: given };
  }
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message:
      given === ""
        ? "is required"
        : `"${v}" is neither a B/L number nor a shipment reference (0x + 64 hex digits)`,
  });
  return z.NEVER;
});

const CLEARED = 6n;

export default operatorAction({
  options: () => z.object({ shipment }),
  async run(args, ctx): Promise<ShipmentResult> {
    const oracle = await deployedCustomsOracle(ctx);
    const { shipmentRef, blNumber } = args.shipment;
    const [[status, since], [cleared, clearedAt]] = await Promise.all([
      oracle.customsStatus(shipmentRef),
      oracle.hasReached(shipmentRef, CLEARED),
    ]);
    const history = await historyOf(ctx);
    const events = await shipmentEvents(history, oracle, shipmentRef);
    const times = new Map<number, number>();
    for (const e of events) times.set(e.blockNumber, await history.timeOf(e.blockNumber));
    return {
      shipmentRef,
      blNumber,
      status: customsEventTypeName(status),
      since: since === 0n ? null : Number(since),
      clearedAt: cleared ? Number(clearedAt) : null,
      events: events.map((e) => ({ ...e, recordedAt: times.get(e.blockNumber) ?? 0 })),
    };
  },
  render(r) {
    const name = r.blNumber === null ? r.shipmentRef : `${r.blNumber} (${r.shipmentRef})`;
    if (r.since === null) return [`Shipment ${name}: the customs oracle has no event for it.`];
    return [
      `Shipment ${name}: ${r.status} since ${formatTime(r.since)}.`,
      r.clearedAt === null
        ? "  Not cleared by customs at destination yet."
        : `  Cleared by customs at destination on ${formatTime(r.clearedAt)}.`,
      "Events (occurred / recorded on the chain):",
      ...r.events.map(
        (e) =>
          `  ${formatTime(e.occurredAt)} / ${formatTime(e.recordedAt)}  ${describeShipmentEvent(e)}`,
      ),
    ];
  },
});

/**
 * `oracle shipment`: a shipment's customs status now, when it got there, whether and where customs
 * cleared the goods, and every event the oracle recorded for it. A shipment is named by its bill
 * (B/L number, and the carrier when several carriers used the number: the shipment reference binds
 * the carrier) or by its reference.
 */
import { z } from "zod";

import { isReference, MAX_BL_NUMBER_LENGTH, shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { billOptions } from "../bill/billInput.ts";
import { deployedBillOfLading, findBill } from "../bill/billRegistry.ts";
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
  /** When the goods were cleared (null if not yet). */
  clearedAt: number | null;
  /** The UN/LOCODE of the clearance (null if not cleared). */
  clearedWhere: string | null;
  events: (ShipmentEvent & { recordedAt: number })[];
}

/** A B/L number, or a shipment reference as 0x + 64 hex digits. */
const shipment = z.string({ required_error: "is required" }).transform((v, ctx) => {
  const given = v.trim();
  if (/^0x[0-9a-fA-F]{64}$/.test(given))
    return { shipmentRef: given.toLowerCase(), blNumber: null };
  if (isReference(given, MAX_BL_NUMBER_LENGTH)) {
    return { shipmentRef: null, blNumber: given };
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

export default operatorAction({
  options: (m) => z.object({ shipment, carrier: billOptions(m).carrier }),
  async run(args, ctx): Promise<ShipmentResult> {
    const oracle = await deployedCustomsOracle(ctx);
    const { blNumber } = args.shipment;
    let shipmentRef = args.shipment.shipmentRef;
    if (shipmentRef === null) {
      // The carrier is part of the reference: find the bill (and its carrier) the number names.
      const bill = await findBill(ctx, await deployedBillOfLading(ctx), blNumber!, args.carrier);
      shipmentRef = shipmentRefOf(bill.carrier, bill.blNumber);
    }
    const [[status, since], [cleared, clearedAt, clearedWhere]] = await Promise.all([
      oracle.customsStatus(shipmentRef),
      oracle.clearance(shipmentRef),
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
      clearedWhere: cleared ? Buffer.from(clearedWhere.slice(2), "hex").toString("latin1") : null,
      events: events.map((e) => ({ ...e, recordedAt: times.get(e.blockNumber) ?? 0 })),
    };
  },
  render(r) {
    const name = r.blNumber === null ? r.shipmentRef : `${r.blNumber} (${r.shipmentRef})`;
    if (r.since === null) return [`Shipment ${name}: the customs oracle has no event for it.`];
    return [
      `Shipment ${name}: ${r.status} since ${formatTime(r.since)}.`,
      r.clearedAt === null
        ? "  Not cleared by customs yet."
        : `  Cleared by customs at ${r.clearedWhere} on ${formatTime(r.clearedAt)}.`,
      "Events (occurred / recorded on the chain):",
      ...r.events.map(
        (e) =>
          `  ${formatTime(e.occurredAt)} / ${formatTime(e.recordedAt)}  ${describeShipmentEvent(e)}`,
      ),
    ];
  },
});

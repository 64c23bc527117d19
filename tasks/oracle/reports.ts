/**
 * `oracle reports`: the last customs reports the oracle accepted — when, from which
 * submitter, signed by whom, and what each of their events did to its shipment.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { wholeNumber } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { blNumbersByShipmentRef, deployedCustomsOracle } from "./customsOracle.ts";
import { describeShipmentEvent, type ShipmentEvent, shipmentEvents } from "./customsEvents.ts";

export interface ReportView {
  epoch: bigint;
  sequence: bigint;
  digest: string;
  eventCount: bigint;
  acceptedAt: number;
  transactionHash: string;
  submitter: string;
  signers: string[];
  events: (ShipmentEvent & { blNumber: string | null })[];
}

export interface ReportsResult {
  reports: ReportView[];
}

export default operatorAction({
  options: () => z.object({ last: wholeNumber() }),
  async run(args, ctx): Promise<ReportsResult> {
    const oracle = await deployedCustomsOracle(ctx);
    const accepted = await oracle.queryFilter(oracle.filters.CustomsReportAccepted(), 0);
    const committees = new Map<bigint, readonly string[]>();
    for (const change of await oracle.queryFilter(oracle.filters.CustomsCommitteeChanged(), 0)) {
      committees.set(change.args.epoch, [...change.args.members]);
    }
    const names = await blNumbersByShipmentRef(ctx);
    const reports: ReportView[] = [];
    for (const report of accepted.slice(-Number(args.last)).reverse()) {
      const [block, transaction] = await Promise.all([report.getBlock(), report.getTransaction()]);
      const members = committees.get(report.args.epoch) ?? [];
      const signers = members.filter((_, i) => (report.args.signers >> BigInt(i)) & 1n);
      const events = (
        await shipmentEvents(oracle, null, report.blockNumber, report.blockNumber)
      ).filter((e) => e.transactionHash === report.transactionHash);
      reports.push({
        epoch: report.args.epoch,
        sequence: report.args.sequence,
        digest: report.args.digest,
        eventCount: report.args.eventCount,
        acceptedAt: block.timestamp,
        transactionHash: report.transactionHash,
        submitter: transaction.from,
        signers,
        events: events.map((e) => ({ ...e, blNumber: names.get(e.shipmentRef) ?? null })),
      });
    }
    return { reports };
  },
  render(result, ctx) {
    if (result.reports.length === 0) return ["No customs report accepted yet."];
    return result.reports.flatMap((r) => [
      `Report ${r.sequence} (epoch ${r.epoch}) accepted ${formatTime(r.acceptedAt)}: ${r.eventCount} event(s), submitted by ${ctx.party(r.submitter)}`,
      `  signed by ${r.signers.map((s) => ctx.members.nameOf(s) ?? s).join(", ")}; tx ${r.transactionHash}`,
      ...r.events.map(
        (e) =>
          `  - shipment ${e.blNumber ?? e.shipmentRef}: ${describeShipmentEvent(e)} (occurred ${formatTime(e.occurredAt)})`,
      ),
    ]);
  },
});

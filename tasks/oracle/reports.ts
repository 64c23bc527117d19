/**
 * `oracle reports`: the last customs reports the oracle accepted — when, from which
 * submitter, signed by whom, and what each of their events did to its shipment.
 */
import { z } from "zod";

import { historyOf } from "../support/history.ts";
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
    const history = await historyOf(ctx);
    const address = await oracle.getAddress();
    const iface = oracle.interface;
    const accepted = await history.logs({ address, iface, names: ["CustomsReportAccepted"] });
    const committees = new Map<bigint, readonly string[]>();
    for (const change of await history.logs({
      address,
      iface,
      names: ["CustomsCommitteeChanged"],
    })) {
      committees.set(BigInt(change.parsed.args.getValue("epoch")), [
        ...(change.parsed.args.getValue("members") as string[]),
      ]);
    }
    const names = await blNumbersByShipmentRef(ctx, history);
    const reports: ReportView[] = [];
    for (const report of accepted.slice(-Number(args.last)).reverse()) {
      const epoch = BigInt(report.parsed.args.getValue("epoch"));
      const signerBits = BigInt(report.parsed.args.getValue("signers"));
      const members = committees.get(epoch) ?? [];
      const signers = members.filter((_, i) => (signerBits >> BigInt(i)) & 1n);
      const events = (
        await shipmentEvents(history, oracle, null, report.blockNumber, report.blockNumber)
      ).filter((e) => e.transactionHash === report.transactionHash);
      reports.push({
        epoch,
        sequence: BigInt(report.parsed.args.getValue("sequence")),
        digest: String(report.parsed.args.getValue("digest")),
        eventCount: BigInt(report.parsed.args.getValue("eventCount")),
        acceptedAt: report.at,
        transactionHash: report.transactionHash,
        submitter: report.sender,
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

/**
 * `bill history`: a bill of lading and its title chain — who held it, from when, and how it
 * passed (issued, endorsed, pledged, surrendered...) — with its routing facts.
 */
import { toBeHex, zeroPadValue } from "ethers";
import { z } from "zod";

import {
  BillForm,
  BillStatus,
  describeTitleStep,
  enumName,
  type TitleStep,
  titleStepsOf,
  unLocodeText,
} from "../../lib/trade/billOfLading.ts";
import { historyOf } from "../support/history.ts";
import { operatorAction } from "../support/action.ts";
import { formatTime } from "../support/output.ts";
import { billOptions } from "./billInput.ts";
import { type BillRef, deployedBillOfLading, findBill } from "./billRegistry.ts";

export interface HistoryResult {
  bill: BillRef;
  status: string;
  form: string;
  holder: string;
  /** Who gets the bill back when the pledge is released (null unless pledged). */
  pledgor: string | null;
  shipper: string;
  /** null for a bill "to order". */
  consignee: string | null;
  notifyParty: string | null;
  portOfLoading: string;
  portOfDischarge: string;
  shippedOnBoardAt: bigint;
  vesselImo: bigint;
  voyageNumber: string;
  shipmentRef: string;
  documentHash: string;
  titleChain: TitleStep[];
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export default operatorAction({
  options: (m) => z.object(billOptions(m)),
  async run(args, ctx): Promise<HistoryResult> {
    const bills = await deployedBillOfLading(ctx);
    const bill = await findBill(ctx, bills, args.bill, args.carrier);
    const [facts, status, form, holder, pledgor, vesselImo, chain] = await ctx.view(
      `reading bill ${bill.blNumber}`,
      () =>
        Promise.all([
          bills.billFacts(bill.billId),
          bills.billStatus(bill.billId),
          bills.billForm(bill.billId),
          bills.holderOf(bill.billId),
          bills.pledgorOf(bill.billId),
          bills.vesselImoOf(bill.billId),
          bills.titleChain(bill.billId),
        ]),
    );
    // The two facts only the issue event holds.
    const [issued] = await (
      await historyOf(ctx)
    ).logs({
      address: await bills.getAddress(),
      iface: bills.interface,
      names: ["BillIssued"],
      subject: zeroPadValue(toBeHex(bill.billId), 32),
    });
    const notifyParty =
      issued === undefined ? ZERO_ADDRESS : String(issued.parsed.args.getValue("notifyParty"));
    return {
      bill,
      status: String(enumName(BillStatus, status)),
      form: String(enumName(BillForm, form)),
      holder,
      pledgor: pledgor === ZERO_ADDRESS ? null : pledgor,
      shipper: facts.shipper,
      consignee: facts.consignee === ZERO_ADDRESS ? null : facts.consignee,
      notifyParty: notifyParty === ZERO_ADDRESS ? null : notifyParty,
      portOfLoading: unLocodeText(facts.portOfLoading),
      portOfDischarge: unLocodeText(facts.portOfDischarge),
      shippedOnBoardAt: facts.shippedOnBoardAt,
      vesselImo,
      voyageNumber: issued === undefined ? "" : String(issued.parsed.args.getValue("voyageNumber")),
      shipmentRef: facts.shipmentRef,
      documentHash: facts.documentHash,
      titleChain: titleStepsOf(chain),
    };
  },
  render(r, ctx) {
    return [
      `Bill of lading ${r.bill.blNumber} by carrier ${ctx.party(r.bill.carrier)}`,
      `  ${r.status}, ${r.form.toLowerCase()} bill, held by ${ctx.party(r.holder)}${r.pledgor === null ? "" : ` as pledgee of ${ctx.party(r.pledgor)}`}`,
      `  shipper ${ctx.party(r.shipper)}, consignee ${r.consignee === null ? "to order" : ctx.party(r.consignee)}${r.notifyParty === null ? "" : `, notify ${ctx.party(r.notifyParty)}`}`,
      `  ${r.portOfLoading} → ${r.portOfDischarge}, vessel IMO ${r.vesselImo}, voyage ${r.voyageNumber}, shipped on board ${formatTime(r.shippedOnBoardAt)}`,
      `  shipment ref ${r.shipmentRef}, document ${r.documentHash}`,
      "Title chain:",
      ...r.titleChain.map(
        (step, i) =>
          `  ${String(i + 1).padStart(2)}. ${formatTime(step.timestamp)}  ${describeTitleStep(step, (a) => ctx.party(a))}`,
      ),
    ];
  },
});

/**
 * `bill history`: a bill of lading and its title chain — who held it, from when, and how it
 * passed (issued, endorsed, pledged, surrendered...) — with its routing facts. The chain is
 * rebuilt from the bill's events and verified against the head and length the contract stores
 * (`lib/trade/titleChain.ts`); a chain that does not verify is refused, not shown.
 */
import { toBeHex, zeroPadValue } from "ethers";
import { z } from "zod";

import {
  BillForm,
  BillStatus,
  describeTitleStep,
  enumName,
  type TitleStep,
  unLocodeText,
} from "../../lib/trade/billOfLading.ts";
import {
  TITLE_STEP_EVENTS,
  titleStepsFromLogs,
  verifyTitleChain,
} from "../../lib/trade/titleChain.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
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
  /** Rebuilt from the bill's events and verified against its on-chain head and length. */
  titleChain: TitleStep[];
  titleChainHead: string;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

export default operatorAction({
  options: (m) => z.object(billOptions(m)),
  async run(args, ctx): Promise<HistoryResult> {
    const bills = await deployedBillOfLading(ctx);
    const bill = await findBill(ctx, bills, args.bill, args.carrier);
    const [facts, status, form, holder, pledgor, vesselImo, head, length, replaces] =
      await ctx.view(`reading bill ${bill.blNumber}`, () =>
        Promise.all([
          bills.billFacts(bill.billId),
          bills.billStatus(bill.billId),
          bills.billForm(bill.billId),
          bills.holderOf(bill.billId),
          bills.pledgorOf(bill.billId),
          bills.vesselImoOf(bill.billId),
          bills.titleChainHead(bill.billId),
          bills.titleChainLength(bill.billId),
          bills.replaces(bill.billId),
        ]),
      );
    const history = await historyOf(ctx);
    const logs = await history.logs({
      address: await bills.getAddress(),
      iface: bills.interface,
      names: TITLE_STEP_EVENTS,
      subject: zeroPadValue(toBeHex(bill.billId), 32),
    });
    const steps = titleStepsFromLogs(
      bill.billId,
      logs.map((log) => ({
        name: log.name,
        arg: (name: string): unknown => log.parsed.args.getValue(name),
        timestamp: BigInt(log.at),
      })),
      replaces !== 0n,
    );
    const check = verifyTitleChain(steps, { head, length });
    if (!check.verified) {
      throw new CaravelError(
        `The title chain of bill ${bill.blNumber} rebuilt from the ${history.source}'s logs does not match the chain: ${check.reason}.`,
        {
          code: TASK_ERRORS.TITLE_CHAIN_UNVERIFIED,
          metaMessages: [
            history.source === "indexer"
              ? "The indexer's copy of the logs is incomplete or wrong: re-sync it, or unset the indexer URL to read the chain's logs directly."
              : "The node's logs for this bill are incomplete: query a node that keeps every log from the bill's deployment block.",
          ],
        },
      );
    }
    // The two facts only the issue event holds.
    const issued = logs.find((log) => log.name === "BillIssued");
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
      titleChain: steps,
      titleChainHead: head,
    };
  },
  render(r, ctx) {
    return [
      `Bill of lading ${r.bill.blNumber} by carrier ${ctx.party(r.bill.carrier)}`,
      `  ${r.status}, ${r.form.toLowerCase()} bill, held by ${ctx.party(r.holder)}${r.pledgor === null ? "" : ` as pledgee of ${ctx.party(r.pledgor)}`}`,
      `  shipper ${ctx.party(r.shipper)}, consignee ${r.consignee === null ? "to order" : ctx.party(r.consignee)}${r.notifyParty === null ? "" : `, notify ${ctx.party(r.notifyParty)}`}`,
      `  ${r.portOfLoading} → ${r.portOfDischarge}, vessel IMO ${r.vesselImo}, voyage ${r.voyageNumber}, shipped on board ${formatTime(r.shippedOnBoardAt)}`,
      `  shipment ref ${r.shipmentRef}, document ${r.documentHash}`,
      `Title chain (verified against its on-chain head ${r.titleChainHead}):`,
      ...r.titleChain.map(
        (step, i) =>
          `  ${String(i + 1).padStart(2)}. ${formatTime(step.timestamp)}  ${describeTitleStep(step, (a) => ctx.party(a))}`,
      ),
    ];
  },
});

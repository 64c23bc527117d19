/**
 * `bill issue`: the carrier issues an electronic bill of lading to the shipper (DCSA ISSUE),
 * "to order" or to a named consignee, registering the hash of the full B/L document.
 */
import { ZeroAddress } from "ethers";
import { z } from "zod";

import { billIdOf, shipmentRefOf, unLocode as locodeBytes } from "../../lib/trade/billOfLading.ts";
import { operatorAction } from "../support/action.ts";
import { documentHash, type MemberInputs, optionalDate, unLocode } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { blNumber, vesselImo, voyageNumber } from "./billInput.ts";
import { BILL_OF_LADING, deployedBillOfLading } from "./billRegistry.ts";

export interface IssueResult {
  billId: bigint;
  blNumber: string;
  /** keccak256 of the B/L number: the key customs events use. */
  shipmentRef: string;
  shippedOnBoardAt: bigint;
  outcome: CallOutcome;
}

/** A party, or the zero address for `emptyWord` ("to order", "none"). */
function partyOr(m: MemberInputs, emptyWord: string) {
  return z.string().transform((v, ctx) => {
    if (v.trim().toLowerCase() === emptyWord) return ZeroAddress;
    const parsed = m.party.safeParse(v);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ ...parsed.error.issues[0]!, code: z.ZodIssueCode.custom });
    return z.NEVER;
  });
}

export default operatorAction({
  options: (m) =>
    z
      .object({
        as: m.member,
        bill: blNumber,
        shipper: m.party,
        consignee: partyOr(m, "to order"),
        notifyParty: partyOr(m, "none"),
        vesselImo,
        voyage: voyageNumber,
        loading: unLocode,
        discharge: unLocode,
        shippedOn: optionalDate,
        document: documentHash,
      })
      .superRefine((o, ctx) => {
        if (o.discharge === o.loading) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ["discharge"],
            message: `the port of discharge must differ from the port of loading (${o.loading})`,
          });
        }
      }),
  async run(args, ctx): Promise<IssueResult> {
    const bills = await deployedBillOfLading(ctx);
    const head = await ctx.ethers.provider.getBlock("latest");
    const shippedOnBoardAt = args.shippedOn ?? BigInt(head?.timestamp ?? 0);
    const issue = {
      blNumber: args.bill,
      shipper: args.shipper,
      consignee: args.consignee,
      notifyParty: args.notifyParty,
      vesselImo: args.vesselImo,
      voyageNumber: args.voyage,
      portOfLoading: locodeBytes(args.loading),
      portOfDischarge: locodeBytes(args.discharge),
      shippedOnBoardAt,
      documentHash: args.document,
    };
    const consignee =
      args.consignee === ZeroAddress ? "to order" : `to ${ctx.party(args.consignee)}`;
    const outcome = await perform(ctx, {
      as: args.as,
      contract: BILL_OF_LADING,
      to: await bills.getAddress(),
      data: bills.interface.encodeFunctionData("issue", [issue]),
      action: `issue bill of lading ${args.bill} (${args.loading} → ${args.discharge}, ${consignee}) to shipper ${ctx.party(args.shipper)}`,
    });
    return {
      billId: billIdOf(args.as.address, args.bill),
      blNumber: args.bill,
      shipmentRef: shipmentRefOf(args.as.address, args.bill),
      shippedOnBoardAt,
      outcome,
    };
  },
  render(result, ctx) {
    return [
      ...renderOutcome(ctx, result.outcome),
      `Bill ${result.blNumber}: id 0x${result.billId.toString(16)}, shipped on board ${formatTime(result.shippedOnBoardAt)}, shipment ref ${result.shipmentRef}`,
    ];
  },
});

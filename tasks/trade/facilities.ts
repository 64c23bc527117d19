/**
 * `trade facilities`: every facility of an open-account trade in one view — the purchase order
 * (and which facility its document backs), the payment commitment on it with its payable and
 * voucher split tree, the pre-shipment advances on the order (and on a credit, when given), the
 * credit's status, and the bill the commitment rests on. Read from the contracts' views; a part
 * the deployment lacks is left out.
 */
import { z } from "zod";

import { CommitmentStatus, DocumentKind, enumName, LcStatus } from "../../lib/trade/enums.ts";
import { AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import { DocumentFinancingRegistry__factory } from "../../types/ethers-contracts/index.js";
import { type AdvanceView, readAdvance, renderAdvance } from "../advance/show.ts";
import { deployedAdvance } from "../advance/advanceContract.ts";
import { deployedCommitments } from "../commitment/commitmentContract.ts";
import { creditId, deployedLetterOfCredit } from "../credit/creditContract.ts";
import { deployedPurchaseOrder, orderId, orderStatusName } from "../order/orderContract.ts";
import { operatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import { optionalOf } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { readPayable, renderPayable, type ShowResult } from "../voucher/show.ts";
import { deployedPayableVoucher } from "../voucher/voucherContract.ts";

export interface FacilitiesResult {
  orderId: bigint;
  order: { status: string; importer: string; exporter: string; latestShipmentAt: bigint };
  /** The facility the order's document backs in the guard; null when none. */
  orderBacks: { product: string; facilityId: bigint } | null;
  commitment: {
    status: string;
    bank: string;
    maturity: bigint;
    assigneeShare: bigint;
    billId: bigint;
  } | null;
  payable: ShowResult | null;
  advances: AdvanceView[];
  credit: { lcId: bigint; status: string } | null;
}

const ZERO_ADDRESS = /^0x0{40}$/i;

export default operatorAction({
  options: () => z.object({ order: orderId, credit: optionalOf(creditId) }),
  async run(args, ctx): Promise<FacilitiesResult> {
    const orders = await deployedPurchaseOrder(ctx);
    const order = await ctx.view(`reading order ${args.order}`, () => orders.order(args.order));
    const orderBacks = await guardHolder(ctx, (await orders.orderFingerprints(args.order)).exact);

    const commitments = await deployedCommitments(ctx);
    const c = await commitments.commitment(args.order);
    const commitmentStatus = enumName(CommitmentStatus, c.status);
    const commitment =
      commitmentStatus === "None"
        ? null
        : {
            status: commitmentStatus,
            bank: c.bank,
            maturity: c.maturity,
            assigneeShare: c.assigneeShare,
            billId: c.billId,
          };
    const payable =
      c.payableId === 0n
        ? null
        : await readPayable(ctx, await deployedPayableVoucher(ctx), c.payableId);

    const advance = await deployedAdvance(ctx);
    const advanceIds = [
      await advance.advanceOfSource(AdvanceSourceKind.PurchaseOrder, args.order),
      args.credit === null
        ? 0n
        : await advance.advanceOfSource(AdvanceSourceKind.LetterOfCredit, args.credit),
    ].filter((id) => id !== 0n);
    const advances: AdvanceView[] = [];
    for (const id of advanceIds) advances.push(await readAdvance(ctx, advance, id));

    let credit: FacilitiesResult["credit"] = null;
    if (args.credit !== null) {
      const lc = await deployedLetterOfCredit(ctx);
      const lcId = args.credit;
      credit = {
        lcId,
        status: enumName(LcStatus, await ctx.view(`reading credit ${lcId}`, () => lc.status(lcId))),
      };
    }
    return {
      orderId: args.order,
      order: {
        status: orderStatusName(order.status),
        importer: order.importer,
        exporter: order.terms.exporter,
        latestShipmentAt: order.terms.latestShipmentAt,
      },
      orderBacks,
      commitment,
      payable,
      advances,
      credit,
    };
  },
  render: (r, ctx) => [
    `Order ${r.orderId}: ${r.order.status}, ${ctx.party(r.order.importer)} buys from ${ctx.party(r.order.exporter)}, ships by ${formatTime(r.order.latestShipmentAt)}`,
    `  its document backs ${r.orderBacks === null ? "no facility" : `facility ${r.orderBacks.facilityId} of ${ctx.party(r.orderBacks.product)}`}`,
    r.commitment === null
      ? "No payment commitment rests on the order."
      : `Commitment: ${r.commitment.status}, ${ctx.party(r.commitment.bank)}${r.commitment.maturity === 0n ? "" : `, pays on ${formatTime(r.commitment.maturity)}, assignee's share ${r.commitment.assigneeShare}, bill ${r.commitment.billId}`}`,
    ...(r.payable === null ? [] : renderPayable(r.payable, ctx)),
    ...(r.advances.length === 0
      ? ["No pre-shipment advance rests on the trade."]
      : r.advances.flatMap((a) => renderAdvance(a, ctx))),
    ...(r.credit === null ? [] : [`Credit ${r.credit.lcId}: ${r.credit.status}`]),
  ],
});

/** The facility holding `fingerprint` (a purchase order's) in the guard, if the deployment has one. */
async function guardHolder(
  ctx: TaskContext,
  fingerprint: string,
): Promise<{ product: string; facilityId: bigint } | null> {
  const guard = DocumentFinancingRegistry__factory.connect(
    await ctx.deployed("DocumentFinancingRegistry"),
    ctx.ethers.provider,
  );
  const held = await guard.facilityOf(DocumentKind.PurchaseOrder, fingerprint);
  return ZERO_ADDRESS.test(held.product)
    ? null
    : { product: held.product, facilityId: held.facilityId };
}

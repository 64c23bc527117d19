/**
 * `order amend accept`: the party that did not propose the pending amendment agrees to it; the
 * order's terms become the amended ones (an accepted order stays accepted). The amendment is
 * accepted by its hash as read now, so one withdrawn and proposed again differently meanwhile is
 * refused rather than accepted unseen.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  deployedPurchaseOrder,
  describeTerms,
  orderId,
  PURCHASE_ORDER,
  termsOfStruct,
} from "./orderContract.ts";
import type { OrderTerms } from "../../lib/trade/purchaseOrder.ts";

export interface AmendAcceptResult {
  orderId: bigint;
  termsHash: string;
  terms: OrderTerms | null;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, order: orderId }),
  async run(args, ctx): Promise<AmendAcceptResult> {
    const orders = await deployedPurchaseOrder(ctx);
    const pending = await ctx.view(`reading order ${args.order}'s amendment`, () =>
      orders.pendingAmendment(args.order),
    );
    const proposed = /^0x0{40}$/i.test(pending.proposer) ? null : termsOfStruct(pending.terms);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: PURCHASE_ORDER,
      to: await orders.getAddress(),
      data: orders.interface.encodeFunctionData("acceptAmendment", [args.order, pending.termsHash]),
      action: `accept the amendment of purchase order ${args.order}`,
    });
    return { orderId: args.order, termsHash: pending.termsHash, terms: proposed, outcome };
  },
  render: (r, ctx) => [
    ...renderOutcome(ctx, r.outcome),
    ...(r.terms === null ? [] : ["The amended terms:", ...describeTerms(ctx, r.terms)]),
  ],
});

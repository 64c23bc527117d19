/**
 * `order amend propose`: either party proposes new terms for an issued or accepted order; only the
 * options given change, the rest stay as the order has them (the exporter and the order number
 * cannot change). The order's exact fingerprint under the new terms is computed here and proposed
 * with them; the amendment is in force only once the other party accepts it (`order amend accept`).
 */
import { z } from "zod";

import { amendmentTermsHash, orderTermsFor } from "../../lib/trade/purchaseOrder.ts";
import { operatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import {
  chainNow,
  deployedPurchaseOrder,
  normalizedFromChain,
  orderDecimals,
  orderFingerprints,
  orderId,
  plainAmount,
  PURCHASE_ORDER,
  termsOfStruct,
} from "./orderContract.ts";
import { normalizeOrderOptions, ORDER_OPTION_SHAPE, rawTermsFrom } from "./orderInput.ts";

export interface AmendProposeResult {
  orderId: bigint;
  /** What the other party accepts the amendment by. */
  termsHash: string;
  exactFingerprint: string;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, order: orderId, ...ORDER_OPTION_SHAPE }),
  async run(args, ctx): Promise<AmendProposeResult> {
    const orders = await deployedPurchaseOrder(ctx);
    const order = await ctx.view(`reading order ${args.order}`, () => orders.order(args.order));
    const current = normalizedFromChain(termsOfStruct(order.terms));
    const decimals = orderDecimals(current.currency);
    const base = {
      exporter: current.exporter,
      orderNumber: current.orderNumber,
      currency: current.currency,
      amount: plainAmount(current.amountMinor, decimals),
      goods: current.goodsHash,
      incoterm: current.incoterm,
      portOfLoading: current.portOfLoading,
      portOfDischarge: current.portOfDischarge,
      latestShipmentDate: current.latestShipmentDate,
      paymentTermDays: String(current.paymentTermDays),
    };
    const normalized = normalizeOrderOptions(rawTermsFrom(args, base), await chainNow(ctx));
    const terms = orderTermsFor(normalized, orderDecimals(normalized.currency));
    const { exact } = await orderFingerprints(ctx, orders, order.importer, normalized);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: PURCHASE_ORDER,
      to: await orders.getAddress(),
      data: orders.interface.encodeFunctionData("proposeAmendment", [args.order, terms, exact]),
      action: `propose an amendment of purchase order ${args.order}`,
    });
    return {
      orderId: args.order,
      termsHash: amendmentTermsHash(terms, exact),
      exactFingerprint: exact,
      outcome,
    };
  },
  render: (r, ctx) => [
    ...renderOutcome(ctx, r.outcome),
    `The other party accepts it with \`npx hardhat order amend accept --order ${r.orderId}\` (amendment ${r.termsHash}).`,
  ],
});

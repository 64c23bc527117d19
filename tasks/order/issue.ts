/**
 * `order issue`: the importer issues a purchase order to an exporter. The terms are validated
 * here (naming the option of a bad one) and again by the contract; the order's fingerprints are
 * computed under the consortium's key and recorded with it, so the document-financing guard can
 * be asked about the order.
 */
import { z } from "zod";

import { orderTermsFor } from "../../lib/trade/purchaseOrder.ts";
import type { DocumentFingerprints } from "../../lib/trade/documentFingerprint.ts";
import { operatorAction } from "../support/action.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import {
  chainNow,
  deployedPurchaseOrder,
  orderDecimals,
  orderFingerprints,
  PURCHASE_ORDER,
} from "./orderContract.ts";
import { normalizeOrderOptions, ORDER_OPTION_SHAPE, rawTermsFrom } from "./orderInput.ts";

export interface IssueResult {
  /** The order's id (as the chain would number it, when simulated). */
  orderId: bigint;
  orderNumber: string;
  fingerprints: DocumentFingerprints;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) => z.object({ as: m.member, ...ORDER_OPTION_SHAPE, exporter: m.party }),
  async run(args, ctx): Promise<IssueResult> {
    const orders = await deployedPurchaseOrder(ctx);
    const normalized = normalizeOrderOptions(rawTermsFrom(args), await chainNow(ctx));
    const terms = orderTermsFor(normalized, orderDecimals(normalized.currency));
    const fingerprints = await orderFingerprints(ctx, orders, args.as.address, normalized);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: PURCHASE_ORDER,
      to: await orders.getAddress(),
      data: orders.interface.encodeFunctionData("issue", [terms, fingerprints]),
      action: `issue purchase order ${normalized.orderNumber} to ${ctx.party(normalized.exporter)} for ${args.amount.trim()} ${normalized.currency}`,
    });
    const orderId = outcome.sent
      ? (eventOf(outcome, "OrderIssued").args["orderId"] as bigint)
      : (simulatedResult(orders.interface, "issue", outcome)[0] as bigint);
    return { orderId, orderNumber: normalized.orderNumber, fingerprints, outcome };
  },
  render: (r, ctx) => [
    ...renderOutcome(ctx, r.outcome),
    `Order ${r.orderId} (${r.orderNumber}); fingerprints exact ${r.fingerprints.exact}, fuzzy ${r.fingerprints.fuzzy}.`,
  ],
});

/**
 * The order steps that are one call on one order as one member, with no further option:
 * `order accept`, `order decline`, `order cancel`, `order amend withdraw`. Each module below
 * (accept.ts, ...) is one of these.
 */
import { z } from "zod";

import { operatorAction, type OperatorAction } from "../support/action.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedPurchaseOrder, orderId, PURCHASE_ORDER } from "./orderContract.ts";

export interface OrderStepResult {
  orderId: bigint;
  outcome: CallOutcome;
}

/** The order functions that take only the order id. */
type OrderStepFunction = "accept" | "decline" | "cancel" | "withdrawAmendment";

/** The action calling `fn(order)` as `--as`; `action` says what it does to order `id`. */
export function orderStep(
  fn: OrderStepFunction,
  action: (id: bigint) => string,
): OperatorAction<OrderStepResult> {
  return operatorAction({
    options: (m) => z.object({ as: m.member, order: orderId }),
    async run(args, ctx): Promise<OrderStepResult> {
      const orders = await deployedPurchaseOrder(ctx);
      const outcome = await perform(ctx, {
        as: args.as,
        contract: PURCHASE_ORDER,
        to: await orders.getAddress(),
        // Each takes (uint256 orderId) alone; TypeChain overloads encodeFunctionData one name at a time.
        data: orders.interface.encodeFunctionData(fn as "accept", [args.order]),
        action: action(args.order),
      });
      return { orderId: args.order, outcome };
    },
    render: (r, ctx) => renderOutcome(ctx, r.outcome),
  });
}

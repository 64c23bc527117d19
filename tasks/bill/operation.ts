/**
 * The shape every title operation on an existing bill shares: find the bill by its B/L
 * number, encode one call to the bill of lading, simulate or send it as the acting member.
 */
import { z } from "zod";

import { operatorAction, type OperatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import type { MemberEntry } from "../support/members.ts";
import type { MemberInputs } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { billOptions } from "./billInput.ts";
import { BILL_OF_LADING, type BillRef, deployedBillOfLading, findBill } from "./billRegistry.ts";
import type { BillOfLading } from "../../types/ethers-contracts/index.js";

export interface BillOperationResult {
  bill: BillRef;
  outcome: CallOutcome;
}

export interface BillOperationSpec<E extends z.ZodRawShape> {
  /** Options beyond --as, --bill and --carrier. */
  options: (m: MemberInputs) => E;
  /** The call data and the operator's words for it. */
  call: (
    bills: BillOfLading,
    bill: BillRef,
    args: z.infer<z.ZodObject<E>>,
    ctx: TaskContext,
  ) => { data: string; action: string };
}

export function billOperation<E extends z.ZodRawShape>(
  spec: BillOperationSpec<E>,
): OperatorAction<BillOperationResult> {
  return operatorAction({
    options: (m) =>
      z.object({ as: m.member, ...billOptions(m) }).and(z.object(spec.options(m))) as z.ZodType<
        { as: MemberEntry; bill: string; carrier: string | null } & z.infer<z.ZodObject<E>>,
        z.ZodTypeDef,
        unknown
      >,
    async run(args, ctx): Promise<BillOperationResult> {
      const bills = await deployedBillOfLading(ctx);
      const bill = await findBill(ctx, bills, args.bill, args.carrier);
      const { data, action } = spec.call(bills, bill, args, ctx);
      const outcome = await perform(ctx, {
        as: args.as,
        contract: BILL_OF_LADING,
        to: await bills.getAddress(),
        data,
        action,
      });
      return { bill, outcome };
    },
    render: (result, ctx) => renderOutcome(ctx, result.outcome),
  });
}

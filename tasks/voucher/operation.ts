/**
 * The shape of a voucher step that is one call as one member: read the money of the payable it
 * concerns, encode the call, simulate or send it.
 */
import { z } from "zod";

import type { PayableVoucher } from "../../types/ethers-contracts/index.js";
import { operatorAction, type OperatorAction } from "../support/action.ts";
import type { TaskContext } from "../support/context.ts";
import type { MemberInputs } from "../support/inputs.ts";
import type { MemberEntry } from "../support/members.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";
import { deployedPayableVoucher, PAYABLE_VOUCHER } from "./voucherContract.ts";

export interface VoucherStepResult {
  outcome: CallOutcome;
}

export interface VoucherStepSpec<E extends z.ZodRawShape> {
  /** Options beyond --as. */
  options: (m: MemberInputs) => E;
  call: (
    vouchers: PayableVoucher,
    args: z.infer<z.ZodObject<E>>,
    ctx: TaskContext,
  ) => Promise<{ data: string; action: string }>;
}

export function voucherStep<E extends z.ZodRawShape>(
  spec: VoucherStepSpec<E>,
): OperatorAction<VoucherStepResult> {
  return operatorAction({
    options: (m) =>
      z.object({ as: m.member }).and(z.object(spec.options(m))) as z.ZodType<
        { as: MemberEntry } & z.infer<z.ZodObject<E>>,
        z.ZodTypeDef,
        unknown
      >,
    async run(args, ctx): Promise<VoucherStepResult> {
      const vouchers = await deployedPayableVoucher(ctx);
      const { data, action } = await spec.call(vouchers, args, ctx);
      const outcome = await perform(ctx, {
        as: args.as,
        contract: PAYABLE_VOUCHER,
        to: await vouchers.getAddress(),
        data,
        action,
      });
      return { outcome };
    },
    render: (result, ctx) => renderOutcome(ctx, result.outcome),
  });
}

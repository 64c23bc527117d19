/**
 * `commitment offer`: a bank offers to commit to pay an accepted order on matching documents,
 * within `--tolerance` percent of the order's amount, with customs clearance at destination
 * where `--customs required`, until `--expires`.
 */
import { z } from "zod";

import { contractRef } from "../credit/creditContract.ts";
import { date } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";
import { ratePercent } from "../voucher/voucherContract.ts";
import { commitmentStep, orderId } from "./commitmentContract.ts";

export default commitmentStep({
  options: () => ({
    order: orderId,
    tolerance: ratePercent,
    customs: z.enum(["required", "none"], {
      errorMap: () => ({ message: 'is "required" or "none"' }),
    }),
    expires: date,
    token: z.string().default("CnyDepositToken"),
  }),
  async call(commitments, args, ctx) {
    const token = contractRef(ctx, "--token", args.token);
    return {
      data: commitments.interface.encodeFunctionData("offer", [
        args.order,
        {
          token,
          toleranceBps: args.tolerance,
          customsRequired: args.customs === "required",
          expiresAt: args.expires,
        },
      ]),
      action: `offer to commit to pay order ${args.order} on matching documents (tolerance ${Number(args.tolerance) / 100} %, customs clearance ${args.customs === "required" ? "required" : "not required"}), until ${formatTime(args.expires)}`,
    };
  },
});

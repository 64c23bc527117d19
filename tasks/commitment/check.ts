/**
 * `commitment check`: what a presentation would find now, without a transaction: every field
 * where order, invoice, bill and customs do not match, by name.
 */
import { z } from "zod";

import { describeMismatches, mismatchedFields } from "../../lib/trade/openAccountMatch.ts";
import { operatorAction } from "../support/action.ts";
import { deployedCommitments, presentationOf, presentationOptions } from "./commitmentContract.ts";

export interface CheckResult {
  orderId: bigint;
  mismatches: bigint;
  fields: string[];
}

export default operatorAction({
  options: (m) => z.object(presentationOptions(m)),
  async run(args, ctx): Promise<CheckResult> {
    const commitments = await deployedCommitments(ctx);
    const presentation = await presentationOf(ctx, commitments, args);
    const mismatches = await ctx.view(`checking the documents under commitment ${args.order}`, () =>
      commitments.check(args.order, presentation),
    );
    return { orderId: args.order, mismatches, fields: mismatchedFields(mismatches) };
  },
  render: (r) =>
    r.mismatches === 0n
      ? [
          `The documents match under commitment ${r.orderId}: present them with \`commitment present\`.`,
        ]
      : [
          `The documents do not match under commitment ${r.orderId}:`,
          ...describeMismatches(r.mismatches)
            .split("; ")
            .map((line) => `  ${line}`),
        ],
});

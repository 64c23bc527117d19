/**
 * `credit accept-amendment`: the beneficiary accepts a proposed amendment, all of it —
 * accepting part of an amendment is rejecting it (UCP 600 art. 10e).
 */
import { AmendmentChange, namesInBitmask } from "../../lib/trade/enums.ts";
import { wholeNumber } from "../support/inputs.ts";
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({ amendment: wholeNumber() }),
  async call(lc, lcId, args, ctx) {
    const record = await ctx.view(`reading amendment ${args.amendment} of credit ${lcId}`, () =>
      lc.amendment(lcId, args.amendment),
    );
    const changes = record.amendment.changes;
    return {
      data: lc.interface.encodeFunctionData("acceptAmendment", [lcId, args.amendment, changes]),
      action: `accept amendment ${args.amendment} of credit ${lcId} (${namesInBitmask(AmendmentChange, changes).join(", ") || "no change"})`,
    };
  },
});

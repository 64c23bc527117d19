/**
 * `commitment present`: the order's exporter presents the commercial invoice (a JSON file, as
 * `invoice register --invoice` takes it, fingerprinted under CARAVEL_INVOICE_KEY), the buyer and
 * the goods it names, and the bill of lading (carrier and B/L number). On a match the commitment
 * is irrevocable and the exporter holds the bank's voucher; otherwise the refusal names every
 * mismatched field (`commitment check` shows the same without a transaction).
 */
import { commitmentStep, presentationOf, presentationOptions } from "./commitmentContract.ts";

export default commitmentStep({
  options: presentationOptions,
  async call(commitments, args, ctx) {
    const presentation = await presentationOf(ctx, commitments, args);
    return {
      data: commitments.interface.encodeFunctionData("present", [args.order, presentation]),
      action: `present the invoice and bill ${args.blNumber} under commitment ${args.order}`,
    };
  },
});

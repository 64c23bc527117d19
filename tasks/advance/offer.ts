/**
 * `advance offer`: a bank offers an exporter an advance of up to a share of an accepted order (or
 * of a credit issued to it), released in tranches on the shipment's milestones.
 */
import { z } from "zod";

import { contractRef } from "../credit/creditContract.ts";
import { ratePercent } from "../voucher/voucherContract.ts";
import { amountText, date, DAY_SECONDS, toBaseUnits, wholeNumber } from "../support/inputs.ts";
import { advanceStep } from "./operation.ts";
import {
  advanceMoney,
  money,
  positive,
  sharePercent,
  sourceKind,
  tranches,
} from "./advanceContract.ts";

export default advanceStep({
  options: (m) => ({
    exporter: m.party,
    source: sourceKind,
    sourceId: wholeNumber(),
    token: z.string().default("UsdDepositToken"),
    limit: amountText,
    share: sharePercent,
    rate: ratePercent,
    graceDays: wholeNumber(0n),
    expires: date,
    tranches,
  }),
  async call(advance, args, ctx) {
    const token = contractRef(ctx, "--token", args.token);
    const m = await advanceMoney(ctx, token);
    const limit = positive("limit", toBaseUnits("limit", args.limit, m.decimals, m.symbol));
    const offer = {
      exporter: args.exporter,
      sourceKind: args.source,
      sourceId: args.sourceId,
      token,
      limit,
      shareBps: args.share,
      rateBps: args.rate,
      graceDays: args.graceDays,
      expiresAt: args.expires + DAY_SECONDS - 1n,
      tranches: args.tranches,
    };
    return {
      data: advance.interface.encodeFunctionData("offer", [offer]),
      action: `offer ${ctx.party(args.exporter)} an advance of up to ${money(m, limit)} on ${args.source === 0 ? "order" : "credit"} ${args.sourceId}`,
    };
  },
});

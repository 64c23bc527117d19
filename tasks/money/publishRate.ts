/**
 * `money publish-rate`: an oracle member publishes an exchange rate to the consortium's feed
 * (quote units per base unit, e.g. 7.1000 CNY per USD), observed now on the chain.
 */
import { z } from "zod";

import { ConsortiumFxFeed__factory } from "../../types/ethers-contracts/index.js";
import { contractRef } from "../credit/creditContract.ts";
import { decodeCode } from "../../scripts/lib/letterOfCredit.ts";
import { operatorAction } from "../support/action.ts";
import { amountText, toBaseUnits } from "../support/inputs.ts";
import { type CallOutcome, perform, renderOutcome } from "../support/transactions.ts";

export interface PublishRateResult {
  feed: string;
  answer: bigint;
  observedAt: bigint;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      feed: z.string({ required_error: "is required" }).min(1, "is required"),
      rate: amountText,
    }),
  async run(args, ctx): Promise<PublishRateResult> {
    const feedAddress = contractRef(ctx, "--feed", args.feed);
    const feed = ConsortiumFxFeed__factory.connect(feedAddress, ctx.ethers.provider);
    const [decimals, base, quote] = await ctx.view(`reading the feed at ${feedAddress}`, () =>
      Promise.all([feed.decimals(), feed.baseCurrency(), feed.quoteCurrency()]),
    );
    const pair = `${decodeCode(quote)} per ${decodeCode(base)}`;
    const answer = toBaseUnits("rate", args.rate, Number(decimals), `rates in ${pair}`);
    const head = await ctx.ethers.provider.getBlock("latest");
    const observedAt = BigInt(head?.timestamp ?? 0);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: ctx.book().contractAt(feedAddress)?.name ?? feedAddress,
      to: feedAddress,
      data: feed.interface.encodeFunctionData("publish", [answer, observedAt]),
      action: `publish the rate ${args.rate} ${pair}`,
    });
    return { feed: feedAddress, answer, observedAt, outcome };
  },
  render: (r, ctx) => renderOutcome(ctx, r.outcome),
});

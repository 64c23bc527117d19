/**
 * `money publish-rate`: one of the feed's publishers (an ORACLE member governance named) submits
 * its observation of an exchange rate (quote units per base unit, e.g. 7.1000 CNY per USD),
 * observed now on the chain. The feed's rate is the median of its publishers' fresh
 * observations: a submission forms a new round only once enough of them are fresh, and one
 * further than the feed's deviation limit from the current rate is refused.
 */
import { z } from "zod";

import { decodeCode } from "../../lib/trade/letterOfCredit.ts";
import { ConsortiumFxFeed__factory } from "../../types/ethers-contracts/index.js";
import { contractRef } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { amountText, toBaseUnits } from "../support/inputs.ts";
import {
  type CallOutcome,
  renderOutcome,
  perform,
  simulatedResult,
} from "../support/transactions.ts";

export interface PublishRateResult {
  feed: string;
  answer: bigint;
  observedAt: bigint;
  /** The round this observation formed (or would form); 0 while it waits for other publishers. */
  roundId: bigint;
  /** Fresh observations a round needs. */
  minPublishers: bigint;
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
    const [decimals, base, quote, rules] = await ctx.view(
      `reading the feed at ${feedAddress}`,
      () =>
        Promise.all([
          feed.decimals(),
          feed.baseCurrency(),
          feed.quoteCurrency(),
          feed.aggregation(),
        ]),
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
    const roundId = outcome.sent
      ? ((outcome.events.find((e) => e.name === "RatePublished")?.args["roundId"] as
          bigint | undefined) ?? 0n)
      : (simulatedResult(feed.interface, "publish", outcome)[0] as bigint);
    return {
      feed: feedAddress,
      answer,
      observedAt,
      roundId,
      minPublishers: rules.minPublishers,
      outcome,
    };
  },
  render(r, ctx) {
    const formed = r.outcome.sent ? "formed" : "would form";
    return [
      ...renderOutcome(ctx, r.outcome),
      r.roundId !== 0n
        ? `The observation ${formed} round ${r.roundId}: the feed's rate is the median of its publishers' fresh observations.`
        : `The observation waits: a new rate needs ${r.minPublishers} publishers' fresh observations.`,
    ];
  },
});

/**
 * `money set-publishers`: an administrator proposes the FX feed's publishers and aggregation
 * rules (`ConsortiumFxFeed.setPublishers`); the registry executes the change once enough
 * administrators approve (`consortium approve`). The call is first tried as the registry would
 * execute it, so a proposal the feed would refuse (fewer than three publishers, a member without
 * the ORACLE role, a limit out of range) is refused before it is made.
 */
import { z } from "zod";

import type { FxAggregation } from "../../lib/chain/fxFeed.ts";
import { ConsortiumFxFeed__factory } from "../../types/ethers-contracts/index.js";
import { deployedRegistry, REGISTRY } from "../consortium/registry.ts";
import { contractRef } from "../credit/creditContract.ts";
import { operatorAction } from "../support/action.ts";
import { wholeNumber } from "../support/inputs.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";

export interface SetPublishersResult {
  feed: string;
  publishers: string[];
  aggregation: FxAggregation;
  proposalId: bigint;
  approvalsNeeded: bigint;
  outcome: CallOutcome;
}

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      feed: z.string({ required_error: "is required" }).min(1, "is required"),
      publishers: z
        .string()
        .transform((v) => v.split(",").map((p) => p.trim()))
        .pipe(z.array(m.party).min(1, "name at least one publisher")),
      minPublishers: wholeNumber(),
      maxDeviationBps: wholeNumber(),
      maxObservationAge: wholeNumber(),
    }),
  async run(args, ctx): Promise<SetPublishersResult> {
    const feedAddress = contractRef(ctx, "--feed", args.feed);
    const feed = ConsortiumFxFeed__factory.connect(feedAddress, ctx.ethers.provider);
    const registry = await deployedRegistry(ctx);
    const registryAddress = await registry.getAddress();
    const aggregation: FxAggregation = {
      minPublishers: Number(args.minPublishers),
      maxDeviationBps: Number(args.maxDeviationBps),
      maxObservationAge: Number(args.maxObservationAge),
    };
    const call = feed.interface.encodeFunctionData("setPublishers", [args.publishers, aggregation]);
    // The registry executes the call as itself: try it that way now.
    await ctx.view("checking that the feed would accept the publishers", () =>
      ctx.ethers.provider.call({ from: registryAddress, to: feedAddress, data: call }),
    );
    const description = `FX feed ${args.feed}: publishers ${args.publishers.map((p) => ctx.party(p)).join(", ")}; ${aggregation.minPublishers} make a rate, within ${aggregation.maxDeviationBps} bp of the current one, fresh for ${aggregation.maxObservationAge} s`;
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: registryAddress,
      data: registry.interface.encodeFunctionData("propose", [feedAddress, call, description]),
      action: `propose the publishers of ${args.feed}`,
    });
    const proposalId = outcome.sent
      ? (eventOf(outcome, "ProposalCreated").args["proposalId"] as bigint)
      : (simulatedResult(registry.interface, "propose", outcome)[0] as bigint);
    const threshold = await registry.approvalThreshold();
    return {
      feed: feedAddress,
      publishers: args.publishers,
      aggregation,
      proposalId,
      approvalsNeeded: threshold - 1n,
      outcome,
    };
  },
  render(result, ctx) {
    const next = `npx hardhat consortium approve --proposal ${result.proposalId} --as <another administrator> --send`;
    return [
      ...renderOutcome(ctx, result.outcome),
      result.outcome.sent
        ? `Proposal ${result.proposalId} made; it needs ${result.approvalsNeeded} more approval(s): ${next}`
        : `It would become proposal ${result.proposalId}, needing ${result.approvalsNeeded} more approval(s).`,
    ];
  },
});

/**
 * `consortium onboard`: an administrator proposes onboarding a member; the registry executes
 * it once enough administrators approve (`consortium approve`). The onboarding call is
 * first tried as the registry would execute it, so a proposal that could never pass (the
 * account is a member already, a field the registry refuses) is refused before it is made.
 */
import { z } from "zod";

import { onboardMemberCall } from "../../lib/chain/governance.ts";
import { operatorAction } from "../support/action.ts";
import { country, roles, text } from "../support/inputs.ts";
import {
  type CallOutcome,
  eventOf,
  perform,
  renderOutcome,
  simulatedResult,
} from "../support/transactions.ts";
import { deployedRegistry, REGISTRY } from "./registry.ts";

export interface OnboardResult {
  proposalId: bigint;
  approvalsNeeded: bigint;
  outcome: CallOutcome;
}

// ConsortiumRegistry.MAX_NAME_LENGTH and MAX_REGISTRATION_ID_LENGTH.
const MAX_NAME_BYTES = 128;
const MAX_REGISTRATION_ID_BYTES = 64;

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      account: m.party,
      name: text(MAX_NAME_BYTES),
      registrationId: text(MAX_REGISTRATION_ID_BYTES),
      country,
      roles,
      description: z.string(),
    }),
  async run(args, ctx): Promise<OnboardResult> {
    const registry = await deployedRegistry(ctx);
    const registryAddress = await registry.getAddress();
    const governed = onboardMemberCall(args.account, args);
    const onboarding = registry.interface.encodeFunctionData(governed.functionName, governed.args);
    // The registry executes the call as itself: try it that way now.
    await ctx.view("checking that the registry would accept the onboarding", () =>
      ctx.ethers.provider.call({ from: registryAddress, to: registryAddress, data: onboarding }),
    );
    const description = args.description.trim() !== "" ? args.description : governed.description;
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: registryAddress,
      data: registry.interface.encodeFunctionData("propose", [
        registryAddress,
        onboarding,
        description,
      ]),
      action: `propose onboarding ${ctx.party(args.account)} as ${args.name}`,
    });
    const proposalId = outcome.sent
      ? (eventOf(outcome, "ProposalCreated").args["proposalId"] as bigint)
      : (simulatedResult(registry.interface, "propose", outcome)[0] as bigint);
    const threshold = await registry.approvalThreshold();
    return { proposalId, approvalsNeeded: threshold - 1n, outcome };
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

/**
 * `consortium onboard-many`: an administrator proposes onboarding up to 100 members under one
 * proposal (`ConsortiumRegistry.onboardMembers`); the registry executes it once enough
 * administrators approve (`consortium approve`), so the administrators vote once for the list.
 * The members come from a JSON file: an array of
 * `{ "account", "name", "registrationId", "country", "roles" }` (roles as an array or a
 * comma-separated string). As `consortium onboard`, the call is first tried as the registry would
 * execute it, so a list the registry would refuse (a member already onboarded, a bad field,
 * naming the entry) is refused before it is proposed.
 */
import { readFileSync } from "node:fs";

import { z } from "zod";

import { MAX_ONBOARDING_BATCH, onboardMembersCall } from "../../lib/chain/governance.ts";
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

export interface OnboardManyResult {
  proposalId: bigint;
  members: number;
  approvalsNeeded: bigint;
  outcome: CallOutcome;
}

// ConsortiumRegistry.MAX_NAME_LENGTH and MAX_REGISTRATION_ID_LENGTH.
const MAX_NAME_BYTES = 128;
const MAX_REGISTRATION_ID_BYTES = 64;

export default operatorAction({
  options: (m) => {
    const entry = z.object({
      account: m.party,
      name: text(MAX_NAME_BYTES),
      registrationId: text(MAX_REGISTRATION_ID_BYTES),
      country,
      roles: z
        .union([z.array(z.string()).transform((list) => list.join(",")), z.string()])
        .pipe(roles),
    });
    const list = z.array(entry).min(1).max(MAX_ONBOARDING_BATCH);
    return z.object({
      as: m.member,
      members: z.string().transform((file, ctx) => {
        let raw: unknown;
        try {
          raw = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `cannot read ${file} as JSON (${error instanceof Error ? error.message : String(error)})`,
          });
          return z.NEVER;
        }
        const parsed = list.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const where = issue.path
            .map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`))
            .join("");
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `${file}${where}: ${issue.message}`,
          });
          return z.NEVER;
        }
        return parsed.data;
      }),
      description: z.string(),
    });
  },
  async run(args, ctx): Promise<OnboardManyResult> {
    const registry = await deployedRegistry(ctx);
    const registryAddress = await registry.getAddress();
    const governed = onboardMembersCall(
      args.members.map(({ account, ...member }) => ({ account, member })),
    );
    const onboarding = registry.interface.encodeFunctionData(governed.functionName, governed.args);
    // The registry executes the call as itself: try it that way now.
    await ctx.view("checking that the registry would accept every member", () =>
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
      action: `propose onboarding ${args.members.length} members`,
    });
    const proposalId = outcome.sent
      ? (eventOf(outcome, "ProposalCreated").args["proposalId"] as bigint)
      : (simulatedResult(registry.interface, "propose", outcome)[0] as bigint);
    const threshold = await registry.approvalThreshold();
    return {
      proposalId,
      members: args.members.length,
      approvalsNeeded: threshold - 1n,
      outcome,
    };
  },
  render(result, ctx) {
    const next = `npx hardhat consortium approve --proposal ${result.proposalId} --as <another administrator> --send`;
    return [
      ...renderOutcome(ctx, result.outcome),
      result.outcome.sent
        ? `Proposal ${result.proposalId} (${result.members} members) made; it needs ${result.approvalsNeeded} more approval(s): ${next}`
        : `It would become proposal ${result.proposalId} (${result.members} members), needing ${result.approvalsNeeded} more approval(s).`,
    ];
  },
});

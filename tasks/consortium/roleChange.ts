/** What grant-role and revoke-role report. */
import type { TaskContext } from "../support/context.ts";
import { type CallOutcome, renderOutcome } from "../support/transactions.ts";

export interface RoleChangeResult {
  change: "grant" | "revoke";
  member: string;
  role: string;
  /** null when nothing needed sending (the member already had, or lacked, the role). */
  outcome: CallOutcome | null;
}

export function renderRoleChange(result: RoleChangeResult, ctx: TaskContext): string[] {
  if (result.outcome === null) {
    return [
      result.change === "grant"
        ? `Nothing to do: ${ctx.party(result.member)} already holds ${result.role}.`
        : `Nothing to do: ${ctx.party(result.member)} does not hold ${result.role}.`,
    ];
  }
  return renderOutcome(ctx, result.outcome);
}

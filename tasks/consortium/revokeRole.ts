/**
 * `consortium revoke-role`: an administrator takes one role from a member. Revoking a role
 * the member does not hold sends nothing.
 */
import { z } from "zod";

import { roleId } from "../../scripts/lib/roles.ts";
import { operatorAction } from "../support/action.ts";
import { role } from "../support/inputs.ts";
import { perform } from "../support/transactions.ts";
import { deployedRegistry, REGISTRY } from "./registry.ts";
import { type RoleChangeResult, renderRoleChange } from "./roleChange.ts";

export default operatorAction({
  options: (m) => z.object({ as: m.member, member: m.party, role }),
  async run(args, ctx): Promise<RoleChangeResult> {
    const registry = await deployedRegistry(ctx);
    const id = roleId(args.role);
    const base = { member: args.member, role: args.role, change: "revoke" as const };
    if (!(await registry.hasRole(id, args.member))) {
      return { ...base, outcome: null };
    }
    const outcome = await perform(ctx, {
      as: args.as,
      contract: REGISTRY,
      to: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("revokeRole", [id, args.member]),
      action: `revoke ${args.role} from ${ctx.party(args.member)}`,
    });
    return { ...base, outcome };
  },
  render: renderRoleChange,
});

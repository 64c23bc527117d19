/**
 * `consortium revoke-role`: an administrator takes one role from a member — at once for an
 * ordinary role, by a governance proposal for BANK, ORACLE and CARRIER (see roleChange.ts).
 * Revoking a role the member does not hold sends nothing.
 */
import { z } from "zod";

import { operatorAction } from "../support/action.ts";
import { role } from "../support/inputs.ts";
import { changeRole, type RoleChangeResult, renderRoleChange } from "./roleChange.ts";

export default operatorAction({
  options: (m) => z.object({ as: m.member, member: m.party, role }),
  run: (args, ctx): Promise<RoleChangeResult> => changeRole(ctx, args, "revoke"),
  render: renderRoleChange,
});

/**
 * `consortium members`: who is in the consortium — every onboarded member with its
 * registration, roles and whether it is suspended — and who administers it.
 */
import { z } from "zod";

import { roleId } from "../../lib/chain/roles.ts";
import { operatorAction } from "../support/action.ts";
import { formatTime, table } from "../support/output.ts";
import { describeRole } from "../../lib/chain/revertTable.ts";
import { deployedRegistry } from "./registry.ts";

export interface MemberRow {
  address: string;
  /** Its name on the command line (--as), if the member directory has one. */
  key: string | null;
  name: string;
  registrationId: string;
  country: string;
  roles: string[];
  suspended: boolean;
  onboardedAt: number;
}

export interface MembersResult {
  registry: string;
  approvalThreshold: bigint;
  administrators: { address: string; key: string | null }[];
  members: MemberRow[];
}

export default operatorAction({
  options: () => z.object({}),
  async run(_args, ctx): Promise<MembersResult> {
    const registry = await deployedRegistry(ctx);
    const onboarded = await registry.queryFilter(registry.filters.MemberOnboarded(), 0);
    const members = await Promise.all(
      onboarded.map(async (event): Promise<MemberRow> => {
        const account = event.args.account;
        const [record, roles] = await Promise.all([
          registry.member(account),
          registry.memberRolesOf(account),
        ]);
        return {
          address: account,
          key: ctx.members.nameOf(account) ?? null,
          name: record.name,
          registrationId: record.registrationId,
          country: Buffer.from(record.country.slice(2), "hex").toString("ascii"),
          roles: roles.map(describeRole),
          suspended: record.suspended,
          onboardedAt: Number(record.onboardedAt),
        };
      }),
    );
    const adminRole = roleId("ADMINISTRATOR");
    const granted = await registry.queryFilter(registry.filters.RoleGranted(adminRole), 0);
    const candidates = [...new Set(granted.map((e) => e.args.account))];
    const administrators = [];
    for (const address of candidates) {
      if (await registry.hasRole(adminRole, address)) {
        administrators.push({ address, key: ctx.members.nameOf(address) ?? null });
      }
    }
    return {
      registry: await registry.getAddress(),
      approvalThreshold: await registry.approvalThreshold(),
      administrators,
      members,
    };
  },
  render(result, ctx) {
    return [
      `Consortium registry ${result.registry}: ${result.members.length} members, ${result.administrators.length} administrators (any ${result.approvalThreshold} approve a proposal).`,
      "",
      ...table([
        ["MEMBER", "ACCOUNT", "NAME", "REGISTRATION", "COUNTRY", "ROLES", "STATUS", "ONBOARDED"],
        ...result.members.map((m) => [
          m.key ?? "-",
          m.address,
          m.name,
          m.registrationId,
          m.country,
          m.roles.join(",") || "-",
          m.suspended ? "SUSPENDED" : "active",
          formatTime(m.onboardedAt),
        ]),
      ]),
      "",
      "Administrators:",
      ...result.administrators.map((a) => `  ${ctx.party(a.address)}`),
    ];
  },
});

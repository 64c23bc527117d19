/** The `consortium` tasks: members, governance, roles, suspension. */
import { emptyTask } from "hardhat/config";

import { readTask, required, sendTask } from "../support/options.ts";

const MEMBER_HELP = "The member: a member name or an address";

export const consortiumTasks = [
  emptyTask("consortium", "Consortium members, roles and governance").build(),

  readTask(
    ["consortium", "members"],
    "List the members, their roles and status, and the administrators",
  )
    .setAction(() => import("./members.ts"))
    .build(),

  readTask(["consortium", "proposals"], "List governance proposals and their approvals")
    .addFlag({
      name: "open",
      description: "Only proposals not executed or cancelled (stale ones marked)",
    })
    .setAction(() => import("./proposals.ts"))
    .build(),

  sendTask(
    ["consortium", "onboard"],
    "Propose onboarding a member (an administrator; others approve)",
  )
    .addOption(required("account", "The new member's account: an address or a member name"))
    .addOption(required("name", "Display name (at most 128 bytes)"))
    .addOption(required("registrationId", "LEI or national registry number (at most 64 bytes)"))
    .addOption(required("country", "ISO 3166-1 alpha-2 country code, e.g. GB"))
    .addOption({
      name: "roles",
      description: "Comma-separated member roles, e.g. BANK,INSURER",
      defaultValue: "",
    })
    .addOption({
      name: "description",
      description: "The proposal's description (default: says who and which roles)",
      defaultValue: "",
    })
    .setAction(() => import("./onboard.ts"))
    .build(),

  sendTask(
    ["consortium", "onboard-many"],
    "Propose onboarding up to 100 members under one proposal (an administrator; others approve once)",
  )
    .addOption(
      required(
        "members",
        'JSON file: [{"account","name","registrationId","country","roles"}, ...], at most 100',
      ),
    )
    .addOption({
      name: "description",
      description: "The proposal's description (default: how many members and the first names)",
      defaultValue: "",
    })
    .setAction(() => import("./onboardMany.ts"))
    .build(),

  sendTask(["consortium", "approve"], "Approve a governance proposal (an administrator)")
    .addOption(required("proposal", "The proposal id (see consortium proposals)"))
    .setAction(() => import("./approve.ts"))
    .build(),

  sendTask(
    ["consortium", "grant-role"],
    "Grant a member a role (an administrator; BANK, ORACLE and CARRIER by a governance proposal)",
  )
    .addOption(required("member", MEMBER_HELP))
    .addOption(
      required("role", "BANK, EXPORTER, IMPORTER, CARRIER, CHAMBER, CUSTOMS, ORACLE or INSURER"),
    )
    .setAction(() => import("./grantRole.ts"))
    .build(),

  sendTask(
    ["consortium", "revoke-role"],
    "Revoke a role from a member (an administrator; BANK, ORACLE and CARRIER by a governance proposal)",
  )
    .addOption(required("member", MEMBER_HELP))
    .addOption(
      required("role", "BANK, EXPORTER, IMPORTER, CARRIER, CHAMBER, CUSTOMS, ORACLE or INSURER"),
    )
    .setAction(() => import("./revokeRole.ts"))
    .build(),

  sendTask(
    ["consortium", "suspend"],
    "Suspend a member: it holds no role until reinstated (an administrator)",
  )
    .addOption(required("member", MEMBER_HELP))
    .addOption(required("reason", "Why, for the record"))
    .setAction(() => import("./suspend.ts"))
    .build(),

  sendTask(["consortium", "reinstate"], "Lift a member's suspension (an administrator)")
    .addOption(required("member", MEMBER_HELP))
    .setAction(() => import("./reinstate.ts"))
    .build(),
];

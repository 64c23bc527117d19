/**
 * Ignition module "DemoOracleCommittee": the demo oracle committee installed through consortium
 * governance (proposed by one administrator, approved by another), the only way a committee ever
 * changes. Demo only: on a real chain the administrators propose `setCommittee` themselves.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { customsOracleModule } from "../modules/CustomsOracle.ts";
import { DemoConsortiumModule } from "./DemoConsortium.ts";
import { proposeAndApprove } from "./proposeAndApprove.ts";

/** The demo committee's threshold: any 3 of the 5 oracle nodes. */
export const DEMO_ORACLE_THRESHOLD = 3;

/** The module "DemoOracleCommittee": oracle1..oracle5, threshold 3, set by governance. */
export const DemoOracleCommitteeModule = buildModule("DemoOracleCommittee", (m) => {
  const { registry } = m.useModule(DemoConsortiumModule);
  const { customsOracle } = m.useModule(customsOracleModule(DemoConsortiumModule));
  const oracleMembers = DEMO_MEMBERS.filter((member) => member.roles.includes("ORACLE")).map(
    (member) => m.getAccount(member.accountIndex),
  );
  const setCommittee = m.encodeFunctionCall(customsOracle, "setCommittee", [
    oracleMembers,
    DEMO_ORACLE_THRESHOLD,
  ]);
  proposeAndApprove(m, registry, {
    target: customsOracle,
    data: setCommittee,
    description: "Install the oracle committee: 3 of 5 oracle nodes",
    proposer: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]),
    approver: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]),
    ids: { propose: "propose_committee", approve: "approve_committee" },
    // The committee's members must hold the ORACLE role before it is proposed.
    after: [DemoConsortiumModule],
  });
  return { customsOracle };
});

/**
 * Ignition module "DemoOracleCommittee": the demo oracle committee installed through consortium
 * governance (proposed by one administrator, approved by another), the only way a committee ever
 * changes. Demo only: on a real chain the administrators propose `setCommittee` themselves.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { customsOracleModule } from "../modules/CustomsOracle.ts";
import { DemoConsortiumModule } from "./DemoConsortium.ts";

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
  const proposal = m.call(
    registry,
    "propose",
    [customsOracle, setCommittee, "Install the oracle committee: 3 of 5 oracle nodes"],
    {
      from: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]),
      id: "propose_committee",
      // The committee's members must hold the ORACLE role before it is proposed.
      after: [DemoConsortiumModule],
    },
  );
  const proposalId = m.readEventArgument(proposal, "ProposalCreated", "proposalId");
  m.call(registry, "approve", [proposalId], {
    from: m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]),
    id: "approve_committee",
  });
  return { customsOracle };
});

/**
 * Ignition modules: the customs oracle, and the demo oracle committee installed through
 * consortium governance (proposed by one administrator, approved by another), the only way a
 * committee ever changes.
 *
 * Parameter `CustomsOracle.verifier`: the signature batch verifier's address; the default,
 * the zero address, means the fixed precompile-style address
 * (`contracts/accelerator/AcceleratorAddress.sol`). On a local network put the shim's code
 * there with `deploy/installAccelerator.ts` (Ignition cannot call `hardhat_setCode`).
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { ZeroAddress } from "ethers";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import type { ConsortiumProvider } from "./CertificateOfOrigin.ts";
import { DemoConsortiumModule } from "./Consortium.ts";

/** The demo committee's threshold: any 3 of the 5 oracle nodes. */
export const DEMO_ORACLE_THRESHOLD = 3;

/** The module "CustomsOracle": the oracle with no committee yet (governance sets it). */
export function customsOracleModule(consortium: ConsortiumProvider) {
  return buildModule("CustomsOracle", (m) => {
    const { registry } = m.useModule(consortium);
    const verifier = m.getParameter("verifier", ZeroAddress);
    const customsOracle = m.contract("CustomsOracle", [registry, verifier, [], 0]);
    return { customsOracle };
  });
}

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

/**
 * Ignition module "DemoConsortium": the local network's consortium (lib/chain/demoConsortium.ts),
 * onboarded the way a real consortium onboards members — each one proposed by one administrator
 * and approved by another, so the registry executes the onboarding itself.
 *
 * Demo only: on a real consortium chain, deploy `ConsortiumRegistryModule`
 * (deploy/modules/Consortium.ts) alone and onboard members through the `consortium` tasks.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import {
  countryBytes,
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_MEMBERS,
} from "../../lib/chain/demoConsortium.ts";
import { roleId } from "../../lib/chain/roles.ts";
import { ConsortiumRegistryModule } from "../modules/Consortium.ts";

export const DemoConsortiumModule = buildModule("DemoConsortium", (m) => {
  const { registry } = m.useModule(ConsortiumRegistryModule);
  const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
  const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);

  for (const member of DEMO_MEMBERS) {
    const onboarding = m.encodeFunctionCall(
      registry,
      "onboardMember",
      [
        m.getAccount(member.accountIndex),
        member.name,
        member.registrationId,
        countryBytes(member.country),
        member.roles.map((r) => roleId(r)),
      ],
      { id: `encode_onboard_${member.key}` },
    );
    const proposal = m.call(
      registry,
      "propose",
      [registry, onboarding, `Onboard ${member.name} as ${member.roles.join(", ")}`],
      { from: proposer, id: `propose_onboard_${member.key}` },
    );
    const proposalId = m.readEventArgument(proposal, "ProposalCreated", "proposalId", {
      id: `proposal_id_${member.key}`,
    });
    m.call(registry, "approve", [proposalId], {
      from: approver,
      id: `approve_onboard_${member.key}`,
    });
  }
  return { registry };
});

export default DemoConsortiumModule;

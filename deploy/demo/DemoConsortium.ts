/**
 * Ignition module "DemoConsortium": the local network's consortium (lib/chain/demoConsortium.ts),
 * onboarded the way a real consortium onboards members — each one proposed by one administrator
 * and approved by another, so the registry executes the onboarding itself.
 *
 * Demo only: on a real consortium chain, deploy `ConsortiumRegistryModule`
 * (deploy/modules/Consortium.ts) alone and onboard members through the `consortium` tasks.
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES, DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { onboardMemberCall } from "../../lib/chain/governance.ts";
import { ConsortiumRegistryModule } from "../modules/Consortium.ts";
import { proposeAndApprove } from "./proposeAndApprove.ts";

export const DemoConsortiumModule = buildModule("DemoConsortium", (m) => {
  const { registry } = m.useModule(ConsortiumRegistryModule);
  const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
  const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);

  for (const member of DEMO_MEMBERS) {
    const governed = onboardMemberCall(m.getAccount(member.accountIndex), member);
    const onboarding = m.encodeFunctionCall(registry, governed.functionName, governed.args, {
      id: `encode_onboard_${member.key}`,
    });
    proposeAndApprove(m, registry, {
      target: registry,
      data: onboarding,
      description: governed.description,
      proposer,
      approver,
      ids: {
        propose: `propose_onboard_${member.key}`,
        proposalId: `proposal_id_${member.key}`,
        approve: `approve_onboard_${member.key}`,
      },
    });
  }
  return { registry };
});

export default DemoConsortiumModule;

import { expect } from "chai";
import { network } from "hardhat";

import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { countryBytes } from "../../lib/iso/iso3166.ts";
import {
  executeGovernance,
  onboardingCall,
  roleChangeProposal,
} from "../../lib/chain/governance.ts";
import { GOVERNED_ROLE_NAMES, MEMBER_ROLE_NAMES, roleId } from "../../lib/chain/roles.ts";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();

const BANK = roleId("BANK");
const EXPORTER = roleId("EXPORTER");
const IMPORTER = roleId("IMPORTER");
const ORACLE = roleId("ORACLE");
const ADMINISTRATOR = roleId("ADMINISTRATOR");

async function consortiumFixture() {
  return deployConsortium(ethers);
}

const newMember = {
  name: "Kowloon Freight Finance Ltd",
  registrationId: "5493001KOWLOONFF0077",
  country: "HK",
  roles: ["BANK" as const],
};

describe("ConsortiumRegistry", function () {
  describe("deployment", function () {
    it("refuses an approval threshold below two administrators", async function () {
      const [a, b] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("ConsortiumRegistry");
      await expect(ethers.deployContract("ConsortiumRegistry", [[a!.address, b!.address], 1]))
        .to.be.revertedWithCustomError(factory, "ConsortiumInvalidThreshold")
        .withArgs(1, 2);
    });

    it("refuses a threshold larger than the number of administrators", async function () {
      const [a, b] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("ConsortiumRegistry");
      await expect(ethers.deployContract("ConsortiumRegistry", [[a!.address, b!.address], 3]))
        .to.be.revertedWithCustomError(factory, "ConsortiumInvalidThreshold")
        .withArgs(3, 2);
    });

    it("refuses an administrator listed twice", async function () {
      const [a, b] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("ConsortiumRegistry");
      await expect(
        ethers.deployContract("ConsortiumRegistry", [[a!.address, b!.address, a!.address], 2]),
      )
        .to.be.revertedWithCustomError(factory, "ConsortiumInvalidField")
        .withArgs("administrators");
    });

    it("onboards the demo consortium with every member's roles", async function () {
      const { registry, members } = await networkHelpers.loadFixture(consortiumFixture);
      for (const m of DEMO_MEMBERS) {
        const account = members[m.key]!.address;
        const record = await registry.member(account);
        expect(record.name).to.equal(m.name);
        expect(record.registrationId).to.equal(m.registrationId);
        expect(record.country).to.equal(countryBytes(m.country));
        expect(await registry.memberRolesOf(account)).to.deep.equal(m.roles.map((r) => roleId(r)));
      }
      expect(await registry.administratorCount()).to.equal(3n);
      expect(await registry.approvalThreshold()).to.equal(2n);
    });

    it("uses the same role ids as the TypeScript mirror", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const account = outsiders[0]!.address;
      await executeGovernance(
        registry,
        admins[0]!,
        admins.slice(1),
        await onboardingCall(registry, account, { ...newMember, roles: [...MEMBER_ROLE_NAMES] }),
      );
      expect(await registry.memberRolesOf(account)).to.deep.equal(
        MEMBER_ROLE_NAMES.map((r) => roleId(r)),
      );
    });
  });

  describe("onboarding through governance", function () {
    it("does not onboard on one administrator's proposal alone", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await expect(registry.connect(admins[0]!).propose(call.target, call.data, call.description))
        .to.emit(registry, "ProposalCreated")
        .and.to.emit(registry, "ProposalApproved")
        .withArgs(1n + BigInt(DEMO_MEMBERS.length), admins[0]!.address, 1);
      expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(false);
    });

    it("onboards when a second administrator approves", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      await expect(registry.connect(admins[1]!).approve(id))
        .to.emit(registry, "MemberOnboarded")
        .withArgs(
          outsiders[0]!.address,
          newMember.name,
          newMember.registrationId,
          countryBytes("HK"),
        )
        .and.to.emit(registry, "ProposalExecuted")
        .withArgs(id);
      expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(true);
      expect(await registry.hasActiveRole(BANK, outsiders[0]!.address)).to.equal(true);
    });

    it("refuses a second approval by the same administrator", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      await expect(registry.connect(admins[0]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumAlreadyApproved")
        .withArgs(id, admins[0]!.address);
    });

    it("refuses proposals and approvals from anyone but an administrator", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!;
      const call = await onboardingCall(registry, bank.address, newMember);
      await expect(registry.connect(bank).propose(call.target, call.data, call.description))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(bank.address, ADMINISTRATOR);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      await expect(registry.connect(bank).approve(await registry.proposalCount()))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(bank.address, ADMINISTRATOR);
    });

    it("refuses onboarding called directly, even by an administrator", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      await expect(
        registry
          .connect(admins[0]!)
          .onboardMember(outsiders[0]!.address, "X", "Y", countryBytes("GB"), []),
      )
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admins[0]!.address, roleId("GOVERNANCE"));
    });

    for (const [field, override] of [
      ["name", { name: "" }],
      ["name", { name: "N".repeat(129) }],
      ["registrationId", { registrationId: "" }],
      ["registrationId", { registrationId: "R".repeat(65) }],
    ] as const) {
      it(`refuses a member with a bad ${field} and changes nothing`, async function () {
        const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
        const call = await onboardingCall(registry, outsiders[0]!.address, {
          ...newMember,
          ...override,
        });
        await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
        const id = await registry.proposalCount();
        const expected = registry.interface.encodeErrorResult("ConsortiumInvalidField", [field]);
        await expect(registry.connect(admins[1]!).approve(id))
          .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
          .withArgs(id, expected);
        expect((await registry.proposal(id)).approvals).to.equal(1);
        expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(false);
      });
    }

    it("refuses a country code that is not an assigned ISO 3166-1 code", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, {
        ...newMember,
        country: "UK", // the United Kingdom is GB
      });
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      const expected = registry.interface.encodeErrorResult("ConsortiumInvalidField", ["country"]);
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
        .withArgs(id, expected);
    });

    it("refuses a country code that is not two upper-case letters", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = {
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("onboardMember", [
          outsiders[0]!.address,
          "Name",
          "REG",
          "0x6762", // "gb"
          [],
        ]),
      };
      await registry.connect(admins[0]!).propose(call.target, call.data, "lower-case country");
      const id = await registry.proposalCount();
      const expected = registry.interface.encodeErrorResult("ConsortiumInvalidField", ["country"]);
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
        .withArgs(id, expected);
    });

    it("refuses to onboard an existing member again", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!;
      const call = await onboardingCall(registry, bank.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      const expected = registry.interface.encodeErrorResult("ConsortiumAlreadyMember", [
        bank.address,
      ]);
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
        .withArgs(id, expected);
    });

    it("lets the proposer cancel a pending proposal, after which nobody can approve it", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      await expect(registry.connect(admins[1]!).cancel(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumNotProposer")
        .withArgs(id, admins[1]!.address, admins[0]!.address);
      await expect(registry.connect(admins[0]!).cancel(id))
        .to.emit(registry, "ProposalCancelled")
        .withArgs(id, admins[0]!.address);
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalCancelled")
        .withArgs(id);
    });

    it("answers a proposal's call data as proposed, before and after it is executed", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      const pending = await registry.proposal(id);
      expect(pending.data).to.equal(call.data);
      expect(pending.target).to.equal(call.target);
      expect(pending.proposer).to.equal(admins[0]!.address);
      expect([pending.approvals, pending.executed]).to.deep.equal([1n, false]);
      await registry.connect(admins[1]!).approve(id);
      const executed = await registry.proposal(id);
      expect(executed.data).to.equal(call.data);
      expect([executed.approvals, executed.executed]).to.deep.equal([2n, true]);
      expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(true);
    });

    it("refuses a proposal whose call data is over 24,575 bytes, and records none", async function () {
      const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
      const before = await registry.proposalCount();
      const tooLong = "0x" + "ab".repeat(24_576);
      await expect(
        registry.connect(admins[0]!).propose(await registry.getAddress(), tooLong, "too long"),
      )
        .to.be.revertedWithCustomError(registry, "CodeStoreDataTooLarge")
        .withArgs(24_576n, 24_575n);
      expect(await registry.proposalCount()).to.equal(before);
      const longest = "0x" + "ab".repeat(24_575);
      await registry.connect(admins[0]!).propose(await registry.getAddress(), longest, "longest");
      expect((await registry.proposal(before + 1n)).data).to.equal(longest);
    });

    it("refuses to approve an executed or unknown proposal", async function () {
      const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
      await expect(registry.connect(admins[2]!).approve(1n))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalAlreadyExecuted")
        .withArgs(1n);
      await expect(registry.connect(admins[2]!).approve(999n))
        .to.be.revertedWithCustomError(registry, "ConsortiumUnknownProposal")
        .withArgs(999n);
    });
  });

  describe("administrators", function () {
    it("adds an administrator only through governance", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const newcomer = outsiders[1]!.address;
      await expect(registry.connect(admins[0]!).grantRole(ADMINISTRATOR, newcomer))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admins[0]!.address, roleId("GOVERNANCE"));
      await executeGovernance(registry, admins[0]!, admins.slice(1), {
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("grantRole", [ADMINISTRATOR, newcomer]),
        description: "Add an administrator",
      });
      expect(await registry.hasRole(ADMINISTRATOR, newcomer)).to.equal(true);
      expect(await registry.administratorCount()).to.equal(4n);
    });

    it("refuses to remove administrators below the approval threshold", async function () {
      const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
      const removeCall = async (account: string) => ({
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("revokeRole", [ADMINISTRATOR, account]),
        description: `Remove administrator ${account}`,
      });
      await executeGovernance(
        registry,
        admins[0]!,
        [admins[1]!],
        await removeCall(admins[2]!.address),
      );
      expect(await registry.administratorCount()).to.equal(2n);
      const last = await removeCall(admins[1]!.address);
      await registry.connect(admins[0]!).propose(last.target, last.data, last.description);
      const id = await registry.proposalCount();
      const expected = registry.interface.encodeErrorResult(
        "ConsortiumAdministratorsBelowThreshold",
        [1, 2],
      );
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
        .withArgs(id, expected);
      await expect(registry.connect(admins[0]!).renounceRole(ADMINISTRATOR, admins[0]!.address))
        .to.be.revertedWithCustomError(registry, "ConsortiumAdministratorsBelowThreshold")
        .withArgs(1, 2);
    });
  });

  describe("stale proposals", function () {
    const removeAdministrator = async (
      registry: Awaited<ReturnType<typeof consortiumFixture>>["registry"],
      account: string,
    ) => ({
      target: await registry.getAddress(),
      data: registry.interface.encodeFunctionData("revokeRole", [ADMINISTRATOR, account]),
      description: `Remove administrator ${account}`,
    });

    it("does not count a removed administrator's approval: open proposals go stale", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      // The administrator about to be removed proposes (its approval counts at once) ...
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[2]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      expect(await registry.isStale(id)).to.equal(false);
      // ... and is removed before a second administrator approves.
      await executeGovernance(
        registry,
        admins[0]!,
        [admins[1]!],
        await removeAdministrator(registry, admins[2]!.address),
      );
      expect(await registry.administratorSetVersion()).to.equal(1n);
      expect(await registry.isStale(id)).to.equal(true);
      await expect(registry.connect(admins[0]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalStale")
        .withArgs(id, 0n, 1n);
      expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(false);
      // Proposed again under the new set, it needs two of the remaining administrators.
      await executeGovernance(registry, admins[0]!, [admins[1]!], call);
      expect(await registry.isActiveMember(outsiders[0]!.address)).to.equal(true);
    });

    it("goes stale when an administrator renounces the role, not when one is added", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const id = await registry.proposalCount();
      await executeGovernance(registry, admins[1]!, [admins[2]!], {
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("grantRole", [
          ADMINISTRATOR,
          outsiders[1]!.address,
        ]),
        description: "Add an administrator",
      });
      expect(await registry.isStale(id)).to.equal(false);
      await registry.connect(admins[0]!).renounceRole(ADMINISTRATOR, admins[0]!.address);
      expect(await registry.isStale(id)).to.equal(true);
      await expect(registry.connect(admins[1]!).approve(id))
        .to.be.revertedWithCustomError(registry, "ConsortiumProposalStale")
        .withArgs(id, 0n, 1n);
    });

    it("answers isStale false for executed and cancelled proposals, and refuses unknown ones", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      const call = await onboardingCall(registry, outsiders[0]!.address, newMember);
      await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
      const cancelled = await registry.proposalCount();
      await registry.connect(admins[0]!).cancel(cancelled);
      await executeGovernance(
        registry,
        admins[0]!,
        [admins[1]!],
        await removeAdministrator(registry, admins[2]!.address),
      );
      expect(await registry.isStale(1n)).to.equal(false); // executed at deployment
      expect(await registry.isStale(cancelled)).to.equal(false);
      await expect(registry.isStale(999n))
        .to.be.revertedWithCustomError(registry, "ConsortiumUnknownProposal")
        .withArgs(999n);
    });
  });

  describe("member roles", function () {
    it("lets an administrator grant and revoke an ordinary member role", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const exporter = members["exporter"]!.address;
      await expect(registry.connect(admins[1]!).grantRole(IMPORTER, exporter))
        .to.emit(registry, "RoleGranted")
        .withArgs(IMPORTER, exporter, admins[1]!.address);
      expect(await registry.hasActiveRole(IMPORTER, exporter)).to.equal(true);
      await expect(registry.connect(admins[2]!).revokeRole(IMPORTER, exporter))
        .to.emit(registry, "RoleRevoked")
        .withArgs(IMPORTER, exporter, admins[2]!.address);
      expect(await registry.hasActiveRole(IMPORTER, exporter)).to.equal(false);
    });

    it("changes nothing and emits nothing when a held role is granted or an unheld one revoked", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const exporter = members["exporter"]!.address;
      expect(await registry.hasActiveRole(EXPORTER, exporter)).to.equal(true);
      await expect(registry.connect(admins[1]!).grantRole(EXPORTER, exporter)).not.to.emit(
        registry,
        "RoleGranted",
      );
      expect(await registry.hasActiveRole(EXPORTER, exporter)).to.equal(true);
      await expect(registry.connect(admins[1]!).revokeRole(IMPORTER, exporter)).not.to.emit(
        registry,
        "RoleRevoked",
      );
      expect(await registry.memberRolesOf(exporter)).to.deep.equal([EXPORTER]);
    });

    it("lets a member renounce its own member role", async function () {
      const { registry, members } = await networkHelpers.loadFixture(consortiumFixture);
      const exporter = members["exporter"]!;
      await expect(registry.connect(exporter).renounceRole(EXPORTER, exporter.address))
        .to.emit(registry, "RoleRevoked")
        .withArgs(EXPORTER, exporter.address, exporter.address);
      expect(await registry.hasActiveRole(EXPORTER, exporter.address)).to.equal(false);
      expect(await registry.memberRolesOf(exporter.address)).to.deep.equal([]);
    });

    it("refuses an administrator's direct grant of BANK, naming the role", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const exporter = members["exporter"]!.address;
      await expect(registry.connect(admins[1]!).grantRole(BANK, exporter))
        .to.be.revertedWithCustomError(registry, "ConsortiumRoleNeedsGovernance")
        .withArgs(BANK, admins[1]!.address);
      expect(await registry.hasActiveRole(BANK, exporter)).to.equal(false);
    });

    it("refuses an administrator's direct revocation of ORACLE, naming the role", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const oracle = members["oracle1"]!.address;
      await expect(registry.connect(admins[0]!).revokeRole(ORACLE, oracle))
        .to.be.revertedWithCustomError(registry, "ConsortiumRoleNeedsGovernance")
        .withArgs(ORACLE, admins[0]!.address);
      expect(await registry.hasActiveRole(ORACLE, oracle)).to.equal(true);
    });

    it("puts BANK, ORACLE and CARRIER under governance, and no other member role", async function () {
      const { registry } = await networkHelpers.loadFixture(consortiumFixture);
      for (const name of MEMBER_ROLE_NAMES) {
        const governed = GOVERNED_ROLE_NAMES.includes(name);
        expect(await registry.isGovernedRole(roleId(name)), name).to.equal(governed);
        expect(await registry.getRoleAdmin(roleId(name)), name).to.equal(
          governed ? roleId("GOVERNANCE") : ADMINISTRATOR,
        );
      }
    });

    it("grants and revokes BANK and ORACLE through an approved proposal", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const exporter = members["exporter"]!.address;
      const oracle = members["oracle1"]!.address;
      const registryAddress = await registry.getAddress();
      const grant = await roleChangeProposal(registry, "grant", "BANK", exporter);
      await registry.connect(admins[0]!).propose(grant.target, grant.data, grant.description);
      const id = await registry.proposalCount();
      // One administrator's proposal alone changes nothing ...
      expect(await registry.hasActiveRole(BANK, exporter)).to.equal(false);
      // ... the approval reaching the threshold executes it, as the registry.
      await expect(registry.connect(admins[1]!).approve(id))
        .to.emit(registry, "RoleGranted")
        .withArgs(BANK, exporter, registryAddress);
      expect(await registry.hasActiveRole(BANK, exporter)).to.equal(true);
      await executeGovernance(
        registry,
        admins[2]!,
        [admins[0]!],
        await roleChangeProposal(registry, "revoke", "ORACLE", oracle),
      );
      expect(await registry.hasActiveRole(ORACLE, oracle)).to.equal(false);
    });

    it("refuses a member role for an account that is not a member", async function () {
      const { registry, admins, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      await expect(registry.connect(admins[0]!).grantRole(EXPORTER, outsiders[0]!.address))
        .to.be.revertedWithCustomError(registry, "ConsortiumNotMember")
        .withArgs(outsiders[0]!.address);
    });

    it("refuses a role that is not a consortium role", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const unknown = ethers.id("PIRATE");
      // an unknown role's admin is AccessControl's default admin role, which nobody holds
      await expect(registry.connect(admins[0]!).grantRole(unknown, members["exporter"]!.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(admins[0]!.address, ethers.ZeroHash);
      expect(await registry.hasActiveRole(unknown, members["exporter"]!.address)).to.equal(false);
    });

    it("refuses role changes by a member who is not an administrator", async function () {
      const { registry, members } = await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!;
      await expect(registry.connect(bank).grantRole(IMPORTER, members["exporter"]!.address))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(bank.address, ADMINISTRATOR);
      await expect(registry.connect(bank).grantRole(BANK, members["exporter"]!.address))
        .to.be.revertedWithCustomError(registry, "ConsortiumRoleNeedsGovernance")
        .withArgs(BANK, bank.address);
    });
  });

  describe("suspension", function () {
    it("refuses to suspend a member who is also an administrator", async function () {
      const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
      const account = admins[2]!.address;
      await executeGovernance(
        registry,
        admins[0]!,
        [admins[1]!],
        await onboardingCall(registry, account, newMember),
      );
      await expect(registry.connect(admins[0]!).suspendMember(account, "silence a colleague"))
        .to.be.revertedWithCustomError(registry, "ConsortiumCannotSuspendAdministrator")
        .withArgs(account);
    });

    it("leaves a suspended member with no role and no membership until reinstated", async function () {
      const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!.address;
      await expect(registry.connect(admins[0]!).suspendMember(bank, "sanctions screening hit"))
        .to.emit(registry, "MemberSuspended")
        .withArgs(bank, admins[0]!.address, "sanctions screening hit");
      expect(await registry.hasActiveRole(BANK, bank)).to.equal(false);
      expect(await registry.hasRole(BANK, bank)).to.equal(false);
      expect(await registry.isActiveMember(bank)).to.equal(false);
      expect(await registry.memberRolesOf(bank)).to.deep.equal([]);
      await expect(registry.connect(admins[1]!).reinstateMember(bank))
        .to.emit(registry, "MemberReinstated")
        .withArgs(bank, admins[1]!.address);
      expect(await registry.hasActiveRole(BANK, bank)).to.equal(true);
    });

    it("refuses to suspend twice, to reinstate an active member, or to suspend a non-member", async function () {
      const { registry, admins, members, outsiders } =
        await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!.address;
      await registry.connect(admins[0]!).suspendMember(bank, "review");
      await expect(registry.connect(admins[0]!).suspendMember(bank, "again"))
        .to.be.revertedWithCustomError(registry, "ConsortiumSuspensionUnchanged")
        .withArgs(bank, true);
      await expect(registry.connect(admins[0]!).reinstateMember(members["exporter"]!.address))
        .to.be.revertedWithCustomError(registry, "ConsortiumSuspensionUnchanged")
        .withArgs(members["exporter"]!.address, false);
      await expect(registry.connect(admins[0]!).suspendMember(outsiders[0]!.address, "x"))
        .to.be.revertedWithCustomError(registry, "ConsortiumNotMember")
        .withArgs(outsiders[0]!.address);
    });

    it("refuses suspension by anyone but an administrator", async function () {
      const { registry, members } = await networkHelpers.loadFixture(consortiumFixture);
      const bank = members["issuingBank"]!;
      await expect(registry.connect(bank).suspendMember(members["exporter"]!.address, "x"))
        .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
        .withArgs(bank.address, ADMINISTRATOR);
    });

    it("answers ConsortiumNotMember for the record of an unknown account", async function () {
      const { registry, outsiders } = await networkHelpers.loadFixture(consortiumFixture);
      await expect(registry.member(outsiders[0]!.address))
        .to.be.revertedWithCustomError(registry, "ConsortiumNotMember")
        .withArgs(outsiders[0]!.address);
    });
  });
});

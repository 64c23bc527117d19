import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";

import {
  batchOnboardingCall,
  executeGovernance,
  MAX_ONBOARDING_BATCH,
  type NewMember,
  onboardMembersCall,
} from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import { countryBytes } from "../../lib/iso/iso3166.ts";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();

async function consortiumFixture() {
  return deployConsortium(ethers);
}

function newMembers(count: number, from = 0): NewMember[] {
  return Array.from({ length: count }, (_, i) => ({
    account: Wallet.createRandom().address,
    member: {
      name: `Batch Exporter ${from + i} Ltd`,
      registrationId: `BATCH-${String(from + i).padStart(6, "0")}`,
      country: i % 2 === 0 ? "GB" : "CN",
      roles: i % 3 === 0 ? (["EXPORTER", "CARRIER"] as const) : (["IMPORTER"] as const),
    },
  }));
}

describe("ConsortiumRegistry: many members under one proposal", function () {
  it("onboards every member of a batch, with its profile and roles, when the proposal is approved", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const batch = newMembers(7);
    await executeGovernance(
      registry,
      admins[0]!,
      admins.slice(1),
      await batchOnboardingCall(registry, batch),
    );
    for (const { account, member } of batch) {
      const record = await registry.member(account);
      expect(record.name).to.equal(member.name);
      expect(record.registrationId).to.equal(member.registrationId);
      expect(record.country).to.equal(countryBytes(member.country));
      expect(await registry.memberRolesOf(account)).to.deep.equal(member.roles.map(roleId));
      expect(await registry.isActiveMember(account)).to.equal(true);
    }
  });

  it("emits MemberOnboarded for each member of the batch", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const batch = newMembers(2);
    const call = await batchOnboardingCall(registry, batch);
    await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
    const id = await registry.proposalCount();
    await expect(registry.connect(admins[1]!).approve(id))
      .to.emit(registry, "MemberOnboarded")
      .withArgs(
        batch[0]!.account,
        batch[0]!.member.name,
        batch[0]!.member.registrationId,
        countryBytes("GB"),
      )
      .and.to.emit(registry, "MemberOnboarded")
      .withArgs(
        batch[1]!.account,
        batch[1]!.member.name,
        batch[1]!.member.registrationId,
        countryBytes("CN"),
      );
  });

  it("refuses the whole batch when one member is already onboarded, and onboards none", async function () {
    const { registry, admins, members } = await networkHelpers.loadFixture(consortiumFixture);
    const batch = newMembers(3);
    batch[2] = { ...batch[2]!, account: members["exporter"]!.address };
    const call = await batchOnboardingCall(registry, batch);
    await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
    const id = await registry.proposalCount();
    const expected = registry.interface.encodeErrorResult("ConsortiumAlreadyMember", [
      members["exporter"]!.address,
    ]);
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
    expect(await registry.isActiveMember(batch[0]!.account)).to.equal(false);
  });

  it("refuses a batch naming the same account twice", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const batch = newMembers(2);
    batch[1] = { ...batch[1]!, account: batch[0]!.account };
    const call = await batchOnboardingCall(registry, batch);
    await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
    const id = await registry.proposalCount();
    const expected = registry.interface.encodeErrorResult("ConsortiumAlreadyMember", [
      batch[0]!.account,
    ]);
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
  });

  it("refuses an entry with an unassigned country code, naming the entry, its account and the field", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const batch = newMembers(3);
    batch[1] = { ...batch[1]!, member: { ...batch[1]!.member, country: "UK" } };
    const call = await batchOnboardingCall(registry, batch);
    await registry.connect(admins[0]!).propose(call.target, call.data, call.description);
    const id = await registry.proposalCount();
    const expected = registry.interface.encodeErrorResult("ConsortiumInvalidMemberEntry", [
      1,
      batch[1]!.account,
      "country",
    ]);
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
    expect(await registry.isActiveMember(batch[0]!.account)).to.equal(false);
  });

  it("refuses a batch cut off inside an entry, naming where the entry starts", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const packed = onboardMembersCall(newMembers(2)).args[0];
    const firstLength = 24 + Buffer.byteLength("Batch Exporter 0 Ltd") + 1 + "BATCH-000000".length;
    const cut = packed.slice(0, packed.length - 4); // two bytes short
    const data = registry.interface.encodeFunctionData("onboardMembers", [cut]);
    await registry.connect(admins[0]!).propose(await registry.getAddress(), data, "cut off");
    const id = await registry.proposalCount();
    const available = (cut.length - 2) / 2 - firstLength;
    const expected = registry.interface.encodeErrorResult("ConsortiumMalformedMemberBatch", [
      firstLength,
      available + 2,
      available,
    ]);
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
  });

  it("refuses an empty batch", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const data = registry.interface.encodeFunctionData("onboardMembers", ["0x"]);
    await registry.connect(admins[0]!).propose(await registry.getAddress(), data, "empty");
    const id = await registry.proposalCount();
    const expected = registry.interface.encodeErrorResult(
      "ConsortiumMalformedMemberBatch",
      [0, 24, 0],
    );
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
  });

  it("refuses batch onboarding called directly, even by an administrator", async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    const packed = onboardMembersCall(newMembers(1)).args[0];
    await expect(registry.connect(admins[0]!).onboardMembers(packed))
      .to.be.revertedWithCustomError(registry, "AccessControlUnauthorizedAccount")
      .withArgs(admins[0]!.address, roleId("GOVERNANCE"));
  });

  it(`refuses more than ${MAX_ONBOARDING_BATCH} members on the chain as in the library`, async function () {
    const { registry, admins } = await networkHelpers.loadFixture(consortiumFixture);
    expect(await registry.MAX_ONBOARDING_BATCH()).to.equal(BigInt(MAX_ONBOARDING_BATCH));
    expect(() => onboardMembersCall(newMembers(MAX_ONBOARDING_BATCH + 1))).to.throw(
      /members: a batch holds 1 to 100 members, not 101/,
    );
    const first = onboardMembersCall(newMembers(MAX_ONBOARDING_BATCH)).args[0];
    const extra = onboardMembersCall(newMembers(1, MAX_ONBOARDING_BATCH)).args[0].slice(2);
    const data = registry.interface.encodeFunctionData("onboardMembers", [first + extra]);
    await registry.connect(admins[0]!).propose(await registry.getAddress(), data, "too many");
    const id = await registry.proposalCount();
    const expected = registry.interface.encodeErrorResult("ConsortiumMemberBatchTooLarge", [
      MAX_ONBOARDING_BATCH,
    ]);
    await expect(registry.connect(admins[1]!).approve(id))
      .to.be.revertedWithCustomError(registry, "ConsortiumProposalFailed")
      .withArgs(id, expected);
  });

  it("refuses to build a batch with a malformed member, naming the entry and the field", function () {
    const batch = newMembers(3);
    batch[2] = { ...batch[2]!, member: { ...batch[2]!.member, registrationId: "R".repeat(65) } };
    expect(() => onboardMembersCall(batch)).to.throw(
      /members\[2\]\.registrationId: takes 1-64 bytes, not 65/,
    );
    batch[2] = { ...batch[2]!, account: "0x1234" };
    expect(() => onboardMembersCall(batch)).to.throw(/members\[2\]\.account: "0x1234"/);
    batch[2] = { ...newMembers(1)[0]!, member: { ...batch[0]!.member, country: "gb" } };
    expect(() => onboardMembersCall(batch)).to.throw(/members\[2\]\.country: "gb"/);
  });
});

import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import type { MembersResult } from "../../tasks/consortium/members.ts";
import type { OnboardResult } from "../../tasks/consortium/onboard.ts";
import type { ProposalsResult } from "../../tasks/consortium/proposals.ts";
import type { RoleChangeResult } from "../../tasks/consortium/roleChange.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import { ConsortiumRegistry__factory } from "../../types/ethers-contracts/index.js";
import {
  caravel,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const admin1 = signers[0]!.address;
const exporter = signers[demoMember("exporter").accountIndex]!.address;
const importer = signers[demoMember("importer").accountIndex]!.address;
const advisingBank = signers[demoMember("advisingBank").accountIndex]!.address;
const newcomer = signers[17]!.address;

const onboarding = {
  as: "admin1",
  account: newcomer,
  name: "Kowloon Freight Finance Ltd",
  registrationId: "5493001KOWLOONFF0077",
  country: "HK",
  roles: "BANK,insurer",
};

async function registryOf(deployment: Deployment) {
  const address = deployment.futures["ConsortiumRegistry#ConsortiumRegistry"]!;
  return ConsortiumRegistry__factory.connect(address, ethers.provider);
}

/** The revert a failed task run decoded. */
function revertOf(error: unknown): ContractRevertError {
  expect(error).to.be.instanceOf(ContractRevertError);
  return error as ContractRevertError;
}

describe("consortium tasks", function () {
  describe("consortium members", function () {
    it("lists every demo member with its registration, roles and status, and the administrators", async function () {
      const deployment = await caravel();
      const run = await runTask<MembersResult>(["consortium", "members"], {}, deployment);
      const result = succeeded(run);
      expect(result.members).to.have.length(13);
      const row = result.members.find((m) => m.key === "exporter")!;
      expect(row).to.deep.include({
        address: exporter,
        name: "Albion Precision Instruments Ltd",
        registrationId: "GB-COH-08123456",
        country: "GB",
        roles: ["EXPORTER"],
        suspended: false,
      });
      expect(result.administrators.map((a) => a.key)).to.deep.equal(["admin1", "admin2", "admin3"]);
      expect(result.approvalThreshold).to.equal(2n);
      expect(run.out[0]).to.match(/13 members, 3 administrators \(any 2 approve a proposal\)/);
      expect(run.out.find((l) => l.startsWith("exporter "))).to.match(
        /exporter\s+0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc\s+Albion Precision Instruments Ltd\s+GB-COH-08123456\s+GB\s+EXPORTER\s+active/,
      );
    });

    it("shows a suspended member as suspended, without roles", async function () {
      const deployment = await caravel();
      succeeded(
        await runTask(
          ["consortium", "suspend"],
          { as: "admin1", member: "exporter", reason: "sanctions review", send: true },
          deployment,
        ),
      );
      const run = await runTask<MembersResult>(["consortium", "members"], {}, deployment);
      const row = succeeded(run).members.find((m) => m.key === "exporter")!;
      expect(row.suspended).to.equal(true);
      expect(row.roles).to.deep.equal([]);
      expect(run.out.find((l) => l.startsWith("exporter "))).to.match(/\s-\s+SUSPENDED/);
    });

    it("prints one JSON object with --json, amounts and ids as decimal strings", async function () {
      const deployment = await caravel();
      const run = await runTask(["consortium", "members"], { json: true }, deployment);
      expect(run.out).to.have.length(1);
      const printed = JSON.parse(run.out[0]!) as { approvalThreshold: string; members: unknown[] };
      expect(printed.approvalThreshold).to.equal("2");
      expect(printed.members).to.have.length(13);
    });
  });

  describe("consortium onboard", function () {
    it("simulates by default: says which proposal it would make, and sends nothing", async function () {
      const deployment = await caravel();
      const before = await (await registryOf(deployment)).proposalCount();
      const run = await expectNothingSent(admin1, () =>
        runTask<OnboardResult>(["consortium", "onboard"], onboarding, deployment),
      );
      const result = succeeded(run);
      expect(result.outcome.sent).to.equal(false);
      expect(result.proposalId).to.equal(before + 1n);
      expect(run.out[0]).to.match(/^Dry run: the chain would accept this — propose onboarding/);
      expect(run.out).to.include("Nothing was sent. Add --send to send it.");
      expect(await (await registryOf(deployment)).proposalCount()).to.equal(before);
    });

    it("with --send makes the proposal and prints the transaction, its gas and its events", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const id = (await registry.proposalCount()) + 1n;
      const run = await runTask<OnboardResult>(
        ["consortium", "onboard"],
        { ...onboarding, send: true },
        deployment,
      );
      const result = succeeded(run);
      if (!result.outcome.sent) expect.fail("not sent");
      expect(result.proposalId).to.equal(id);
      const proposal = await registry.proposal(id);
      expect(proposal.proposer).to.equal(admin1);
      expect(proposal.approvals).to.equal(1n);
      expect(run.out[1]).to.equal(
        `  tx ${result.outcome.hash}  block ${result.outcome.blockNumber} (${run.out[1]!.match(/\((.*UTC)\)/)![1]})  gas used ${result.outcome.gasUsed.toLocaleString("en-US")}`,
      );
      expect(run.out).to.include.members([
        `  event ConsortiumRegistry.ProposalApproved(proposalId: ${id}, admin: admin1 (${admin1}), approvals: 1)`,
      ]);
      expect(run.out.at(-1)).to.equal(
        `Proposal ${id} made; it needs 1 more approval(s): npx hardhat consortium approve --proposal ${id} --as <another administrator> --send`,
      );
    });

    it("refuses to propose onboarding an account that is a member already", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "onboard"],
          { ...onboarding, account: "exporter", send: true },
          deployment,
        ),
      );
      const error = revertOf(failed(run));
      expect(error.revert.errorName).to.equal("ConsortiumAlreadyMember");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-103: Refused: exporter (${exporter}) is already a consortium member.`,
      );
      expect(run.err).to.include(
        "  Hint: Grant it further roles with `npx hardhat consortium grant-role` instead.",
      );
    });

    it("refuses a proposer who is not an administrator, naming the role it lacks", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(importer, () =>
        runTask(
          ["consortium", "onboard"],
          { ...onboarding, as: "importer", send: true },
          deployment,
        ),
      );
      const error = revertOf(failed(run));
      expect(error.revert.errorName).to.equal("AccessControlUnauthorizedAccount");
      expect(error.revert.args).to.deep.equal({
        account: importer,
        neededRole: roleId("ADMINISTRATOR"),
      });
      expect(run.err[0]).to.equal(
        `Error CARAVEL-901: Refused: importer (${importer}) may not do this: it does not hold the ADMINISTRATOR role.`,
      );
      expect(run.err).to.include(
        "  Hint: Act as a consortium administrator (--as admin1, admin2, ...).",
      );
    });

    const badInputs: [string, Record<string, string>, string][] = [
      [
        "an unknown member",
        { as: "treasurer" },
        '--as: no consortium member is named "treasurer" (known: admin1, admin2, admin3, issuingBank,',
      ],
      [
        "a malformed address",
        { account: "0x1234" },
        '--account: "0x1234" is not an address (0x followed by 40 hex digits).',
      ],
      [
        "an address with a wrong checksum",
        { account: "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C119A" },
        '--account: "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C119A" has a wrong EIP-55 checksum',
      ],
      [
        "a lower-case country",
        { country: "hk" },
        "--country: must be an ISO 3166-1 alpha-2 country code in capitals (e.g. GB).",
      ],
      [
        "an unknown role",
        { roles: "BANK,SHIPOWNER" },
        '--roles: "SHIPOWNER" is not a member role (BANK, EXPORTER, IMPORTER, CARRIER, CHAMBER, CUSTOMS, ORACLE, INSURER).',
      ],
      ["a role listed twice", { roles: "BANK,bank" }, "--roles: BANK is listed twice."],
      ["a name over 128 bytes", { name: "é".repeat(65) }, "--name: is longer than 128 bytes."],
      ["a missing registration id", { registrationId: "" }, "--registration-id: is required."],
    ];
    for (const [what, override, message] of badInputs) {
      it(`refuses ${what} before sending anything, naming the option`, async function () {
        const deployment = await caravel();
        const run = await expectNothingSent(admin1, () =>
          runTask(
            ["consortium", "onboard"],
            { ...onboarding, ...override, send: true },
            deployment,
          ),
        );
        const error = failed(run);
        expect(error).to.be.instanceOf(InvalidInputError);
        expect(run.err).to.have.length(1);
        expect(run.err[0]).to.satisfy((line: string) =>
          line.startsWith(`Error ${error.code}: ${message}`),
        );
      });
    }

    it("refuses an option that is not given at all", async function () {
      const deployment = await caravel();
      const withoutName = Object.fromEntries(
        Object.entries(onboarding).filter(([option]) => option !== "name"),
      );
      const run = await runTask(["consortium", "onboard"], withoutName, deployment);
      expect(failed(run)).to.be.instanceOf(InvalidInputError);
      expect(run.err).to.deep.equal(["Error CARAVEL-001: --name: is required."]);
    });
  });

  describe("consortium approve", function () {
    /** The platform with an onboarding proposed by admin1; returns the proposal's id too. */
    async function proposed(): Promise<{ deployment: Deployment; id: string }> {
      const deployment = await caravel();
      const run = await runTask<OnboardResult>(
        ["consortium", "onboard"],
        { ...onboarding, send: true },
        deployment,
      );
      return { deployment, id: String(succeeded(run).proposalId) };
    }

    it("shows the proposal in words and, simulated, says the approval would execute it", async function () {
      const { deployment, id } = await proposed();
      const admin2 = signers[1]!.address;
      const run = await expectNothingSent(admin2, () =>
        runTask(["consortium", "approve"], { as: "admin2", proposal: id }, deployment),
      );
      succeeded(run);
      expect(run.out[0]).to.equal(
        `Proposal ${id} by admin1 (${admin1}): Onboard Kowloon Freight Finance Ltd (5493001KOWLOONFF0077, HK) as BANK, INSURER`,
      );
      expect(run.out[1]).to.equal(
        `  call: ConsortiumRegistry.onboardMember(account: ${newcomer}, name: "Kowloon Freight Finance Ltd", registrationId: "5493001KOWLOONFF0077", country: HK, roles: [BANK, INSURER])`,
      );
      expect(run.out.at(-1)).to.equal("Approvals 2/2: the registry would execute it.");
    });

    it("with --send executes the onboarding at the threshold", async function () {
      const { deployment, id } = await proposed();
      const registry = await registryOf(deployment);
      const run = await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: id, send: true },
        deployment,
      );
      succeeded(run);
      expect(await registry.isActiveMember(newcomer)).to.equal(true);
      expect(await registry.memberRolesOf(newcomer)).to.deep.equal([
        roleId("BANK"),
        roleId("INSURER"),
      ]);
      expect(run.out).to.include(
        `  event ConsortiumRegistry.MemberOnboarded(account: ${newcomer}, name: "Kowloon Freight Finance Ltd", registrationId: "5493001KOWLOONFF0077", country: HK)`,
      );
      expect(run.out).to.include(`  event ConsortiumRegistry.ProposalExecuted(proposalId: ${id})`);
      expect(run.out.at(-1)).to.equal("Approvals 2/2: the registry executed it.");
    });

    it("refuses a second approval by the same administrator", async function () {
      const { deployment, id } = await proposed();
      const run = await expectNothingSent(admin1, () =>
        runTask(["consortium", "approve"], { as: "admin1", proposal: id, send: true }, deployment),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumAlreadyApproved");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-111: Refused: admin1 (${admin1}) has already approved proposal ${id}.`,
      );
    });

    it("refuses a proposal that does not exist, found while reading it", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: "99", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumUnknownProposal");
      expect(run.err.slice(0, 2)).to.deep.equal([
        "Error CARAVEL-109: Refused: there is no governance proposal 99.",
        "  While reading proposal 99.",
      ]);
    });

    it("explains a proposal whose call fails with the call's own decoded reason", async function () {
      const deployment = await caravel();
      // Two proposals to onboard the same account: once the first passes, the second cannot.
      const ids: string[] = [];
      for (const description of ["first", "second"]) {
        const run = await runTask<OnboardResult>(
          ["consortium", "onboard"],
          { ...onboarding, description, send: true },
          deployment,
        );
        ids.push(String(succeeded(run).proposalId));
      }
      const [first, second] = ids as [string, string];
      succeeded(
        await runTask(
          ["consortium", "approve"],
          { as: "admin2", proposal: first, send: true },
          deployment,
        ),
      );
      const run = await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: second, send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumProposalFailed");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-112: Refused: proposal ${second} reached its approvals but its call failed: ${newcomer} is already a consortium member.`,
      );
    });

    it("refuses a proposal id that is not a number", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: "#14" },
        deployment,
      );
      expect(run.err).to.deep.equal([
        'Error CARAVEL-001: --proposal: "#14" is not a whole number (e.g. 3).',
      ]);
    });
  });

  describe("consortium proposals", function () {
    it("lists every proposal with its state, call and approvers, or only the open ones", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const id = (await registry.proposalCount()) + 1n;
      succeeded(
        await runTask(["consortium", "onboard"], { ...onboarding, send: true }, deployment),
      );
      const all = succeeded(
        await runTask<ProposalsResult>(["consortium", "proposals"], {}, deployment),
      );
      expect(all.proposals.map((p) => p.id)).to.deep.equal(
        Array.from({ length: Number(id) }, (_, i) => BigInt(i + 1)),
      );
      expect(all.proposals[0]).to.deep.include({ id: 1n, state: "executed", approvals: 2n });
      const open = await runTask<ProposalsResult>(
        ["consortium", "proposals"],
        { open: true },
        deployment,
      );
      expect(succeeded(open).proposals.map((p) => p.id)).to.deep.equal([id]);
      expect(open.out).to.deep.equal([
        `#${id} [open] Onboard Kowloon Freight Finance Ltd (5493001KOWLOONFF0077, HK) as BANK, INSURER`,
        `    call: ConsortiumRegistry.onboardMember(account: ${newcomer}, name: "Kowloon Freight Finance Ltd", registrationId: "5493001KOWLOONFF0077", country: HK, roles: [BANK, INSURER])`,
        `    proposed by admin1 (${admin1}); approvals 1/2: admin1`,
      ]);
    });
  });

  describe("stale proposals", function () {
    it("marks a proposal stale once an administrator is removed, and refuses to approve it", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const id = succeeded(
        await runTask<OnboardResult>(
          ["consortium", "onboard"],
          { ...onboarding, send: true },
          deployment,
        ),
      ).proposalId;
      const admin3 = signers[2]!.address;
      await executeGovernance(registry, signers[1]!, [signers[0]!], {
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("revokeRole", [
          roleId("ADMINISTRATOR"),
          admin3,
        ]),
        description: "Remove admin3",
      });
      const open = succeeded(
        await runTask<ProposalsResult>(["consortium", "proposals"], { open: true }, deployment),
      );
      expect(open.proposals.map((p) => [p.id, p.state])).to.deep.equal([[id, "stale"]]);
      const run = await expectNothingSent(signers[1]!.address, () =>
        runTask(
          ["consortium", "approve"],
          { as: "admin2", proposal: String(id), send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumProposalStale");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-118: Refused: proposal ${id} is stale: an administrator was removed since it was made (administrator set 0, now 1), so approvals given to it may no longer count.`,
      );
      expect(run.err).to.include(
        "  Hint: Propose it again: the remaining administrators approve it afresh.",
      );
    });
  });

  describe("consortium grant-role and revoke-role", function () {
    it("grants a role and revokes it again", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const granted = await runTask(
        ["consortium", "grant-role"],
        { as: "admin1", member: "exporter", role: "importer", send: true },
        deployment,
      );
      succeeded(granted);
      expect(await registry.hasRole(roleId("IMPORTER"), exporter)).to.equal(true);
      expect(granted.out).to.include(
        `  event ConsortiumRegistry.RoleGranted(role: IMPORTER, account: exporter (${exporter}), sender: admin1 (${admin1}))`,
      );
      succeeded(
        await runTask(
          ["consortium", "revoke-role"],
          { as: "admin1", member: exporter, role: "IMPORTER", send: true },
          deployment,
        ),
      );
      expect(await registry.hasRole(roleId("IMPORTER"), exporter)).to.equal(false);
    });

    it("proposes a BANK grant instead of granting it, and the second administrator's approval grants it", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const proposed = await runTask<RoleChangeResult>(
        ["consortium", "grant-role"],
        { as: "admin1", member: "exporter", role: "BANK", send: true },
        deployment,
      );
      const result = succeeded(proposed);
      expect(await registry.hasRole(roleId("BANK"), exporter)).to.equal(false);
      const id = result.proposal!.id;
      expect(result.proposal!.approvalsNeeded).to.equal(1n);
      expect(proposed.out.at(-1)).to.equal(
        `Proposal ${id} made; it needs 1 more approval(s): npx hardhat consortium approve --proposal ${id} --as <another administrator> --send`,
      );
      succeeded(
        await runTask(
          ["consortium", "approve"],
          { as: "admin2", proposal: String(id), send: true },
          deployment,
        ),
      );
      expect(await registry.hasRole(roleId("BANK"), exporter)).to.equal(true);
    });

    it("simulates an ORACLE revocation as the proposal it would make, changing nothing", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const oracle1 = signers[demoMember("oracle1").accountIndex]!.address;
      const count = await registry.proposalCount();
      const run = await expectNothingSent(admin1, () =>
        runTask<RoleChangeResult>(
          ["consortium", "revoke-role"],
          { as: "admin1", member: "oracle1", role: "ORACLE" },
          deployment,
        ),
      );
      const result = succeeded(run);
      expect(result.outcome?.sent).to.equal(false);
      expect(result.proposal?.id).to.equal(count + 1n);
      expect(run.out.at(-1)).to.equal(
        `It would become proposal ${count + 1n}, needing 1 more approval(s).`,
      );
      expect(await registry.hasRole(roleId("ORACLE"), oracle1)).to.equal(true);
    });

    it("sends nothing when the member already holds, or lacks, the role", async function () {
      const deployment = await caravel();
      const grant = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "grant-role"],
          { as: "admin1", member: "exporter", role: "EXPORTER", send: true },
          deployment,
        ),
      );
      expect(grant.out).to.deep.equal([
        `Nothing to do: exporter (${exporter}) already holds EXPORTER.`,
      ]);
      const revoke = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "revoke-role"],
          { as: "admin1", member: "exporter", role: "BANK", send: true },
          deployment,
        ),
      );
      expect(revoke.out).to.deep.equal([
        `Nothing to do: exporter (${exporter}) does not hold BANK.`,
      ]);
    });

    it("refuses a role for an account that is not a member", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "grant-role"],
          { as: "admin1", member: newcomer, role: "BANK", send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumNotMember");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-104: Refused: ${newcomer} is not a consortium member.`,
      );
    });

    it("refuses a grant by a member who is not an administrator", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(exporter, () =>
        runTask(
          ["consortium", "grant-role"],
          { as: "exporter", member: "exporter", role: "BANK", send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.args).to.deep.equal({
        account: exporter,
        neededRole: roleId("ADMINISTRATOR"),
      });
    });

    it("refuses a role that does not exist", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "grant-role"],
        { as: "admin1", member: "exporter", role: "ADMINISTRATOR" },
        deployment,
      );
      expect(run.err[0]).to.match(
        /^Error CARAVEL-001: --role: "ADMINISTRATOR" is not a member role/,
      );
    });
  });

  describe("consortium suspend and reinstate", function () {
    it("suspends a member with a reason on the record, then reinstates it", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      const suspended = await runTask(
        ["consortium", "suspend"],
        { as: "admin1", member: "exporter", reason: "sanctions review", send: true },
        deployment,
      );
      succeeded(suspended);
      expect(await registry.isActiveMember(exporter)).to.equal(false);
      expect(suspended.out[0]).to.equal(
        `Done: suspend exporter (${exporter}) ("sanctions review"), as admin1 (${admin1}).`,
      );
      expect(suspended.out).to.include(
        `  event ConsortiumRegistry.MemberSuspended(account: exporter (${exporter}), by: admin1 (${admin1}), reason: "sanctions review")`,
      );
      succeeded(
        await runTask(
          ["consortium", "reinstate"],
          { as: "admin2", member: "exporter", send: true },
          deployment,
        ),
      );
      expect(await registry.isActiveMember(exporter)).to.equal(true);
    });

    it("refuses to suspend a member twice, or reinstate one that is not suspended", async function () {
      const deployment = await caravel();
      const reinstate = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "reinstate"],
          { as: "admin1", member: "exporter", send: true },
          deployment,
        ),
      );
      expect(reinstate.err[0]).to.equal(
        `Error CARAVEL-116: Refused: exporter (${exporter}) is not suspended.`,
      );
      const args = { as: "admin1", member: "exporter", reason: "late filings", send: true };
      succeeded(await runTask(["consortium", "suspend"], args, deployment));
      const again = await expectNothingSent(admin1, () =>
        runTask(["consortium", "suspend"], args, deployment),
      );
      expect(again.err.slice(0, 3)).to.deep.equal([
        `Error CARAVEL-116: Refused: exporter (${exporter}) is suspended already.`,
        `  While trying to suspend exporter (${exporter}) ("late filings"), as admin1 (${admin1}).`,
        `  Contract error: ConsortiumSuspensionUnchanged(account: ${exporter}, suspended: true)`,
      ]);
    });

    it("refuses to suspend a member who is also an administrator", async function () {
      const deployment = await caravel();
      const registry = await registryOf(deployment);
      // Governance makes the advising bank an administrator too.
      await executeGovernance(registry, signers[0]!, [signers[1]!], {
        target: await registry.getAddress(),
        data: registry.interface.encodeFunctionData("grantRole", [
          roleId("ADMINISTRATOR"),
          advisingBank,
        ]),
        description: "Thames Trade Bank joins the administrators",
      });
      const run = await expectNothingSent(admin1, () =>
        runTask(
          ["consortium", "suspend"],
          { as: "admin1", member: "advisingBank", reason: "disagreement", send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal(
        "ConsortiumCannotSuspendAdministrator",
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-117: Refused: advisingBank (${advisingBank}) is an administrator, and administrators cannot be suspended.`,
      );
    });

    it("prints a refusal as one JSON object with --json", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "reinstate"],
        { as: "admin1", member: "exporter", json: true },
        deployment,
      );
      failed(run);
      expect(run.err).to.deep.equal([]);
      expect(JSON.parse(run.out[0]!)).to.deep.equal({
        error: {
          code: "CARAVEL-116",
          message: `Refused: exporter (${exporter}) is not suspended.`,
          title: "The member is in that state already",
          meta: [
            `While trying to reinstate exporter (${exporter}), as admin1 (${admin1}).`,
            `Contract error: ConsortiumSuspensionUnchanged(account: ${exporter}, suspended: false)`,
          ],
          revert: {
            error: "ConsortiumSuspensionUnchanged",
            args: { account: exporter, suspended: false },
          },
          runbook: "docs/OPERATIONS.md#operator-errors",
        },
      });
    });

    it("refuses a suspension without a reason", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "suspend"],
        { as: "admin1", member: "exporter" },
        deployment,
      );
      expect(run.err).to.deep.equal(["Error CARAVEL-001: --reason: is required."]);
    });
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { roleId } from "../../lib/chain/roles.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import type { OnboardManyResult } from "../../tasks/consortium/onboardMany.ts";
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
const newcomers = [signers[17]!.address, signers[18]!.address];

const dir = mkdtempSync(path.join(tmpdir(), "caravel-onboard-many-"));
function membersFile(name: string, members: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(members));
  return file;
}

const MEMBERS = [
  {
    account: newcomers[0],
    name: "Kowloon Freight Finance Ltd",
    registrationId: "5493001KOWLOONFF0077",
    country: "HK",
    roles: ["BANK", "INSURER"],
  },
  {
    account: newcomers[1],
    name: "Ningbo Export Trading Co",
    registrationId: "91330200MA2H0000X1",
    country: "CN",
    roles: "EXPORTER",
  },
];

async function registryOf(deployment: Deployment) {
  const address = deployment.futures["ConsortiumRegistry#ConsortiumRegistry"]!;
  return ConsortiumRegistry__factory.connect(address, ethers.provider);
}

describe("consortium onboard-many", function () {
  it("proposes every member of the file under one proposal, which one approval executes", async function () {
    const deployment = await caravel();
    const registry = await registryOf(deployment);
    const id = (await registry.proposalCount()) + 1n;
    const run = await runTask<OnboardManyResult>(
      ["consortium", "onboard-many"],
      { as: "admin1", members: membersFile("two.json", MEMBERS), send: true },
      deployment,
    );
    const result = succeeded(run);
    expect(result.proposalId).to.equal(id);
    expect(result.members).to.equal(2);
    expect(run.out.at(-1)).to.equal(
      `Proposal ${id} (2 members) made; it needs 1 more approval(s): npx hardhat consortium approve --proposal ${id} --as <another administrator> --send`,
    );
    succeeded(
      await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: String(id), send: true },
        deployment,
      ),
    );
    expect(await registry.memberRolesOf(newcomers[0]!)).to.deep.equal([
      roleId("BANK"),
      roleId("INSURER"),
    ]);
    expect((await registry.member(newcomers[1]!)).name).to.equal("Ningbo Export Trading Co");
  });

  it("refuses a list holding a member already onboarded, before proposing anything", async function () {
    const deployment = await caravel();
    const run = await expectNothingSent(admin1, () =>
      runTask(
        ["consortium", "onboard-many"],
        {
          as: "admin1",
          members: membersFile("member.json", [MEMBERS[0], { ...MEMBERS[1], account: "exporter" }]),
          send: true,
        },
        deployment,
      ),
    );
    const error = failed(run);
    expect(error).to.be.instanceOf(ContractRevertError);
    expect((error as ContractRevertError).revert.errorName).to.equal("ConsortiumAlreadyMember");
    expect(run.err[0]).to.equal(
      `Error CARAVEL-103: Refused: exporter (${exporter}) is already a consortium member.`,
    );
  });

  it("refuses a malformed entry naming the file, the entry and the field, and sends nothing", async function () {
    const deployment = await caravel();
    const file = membersFile("bad.json", [MEMBERS[0], { ...MEMBERS[1], country: "UK1" }]);
    const run = await expectNothingSent(admin1, () =>
      runTask(
        ["consortium", "onboard-many"],
        { as: "admin1", members: file, send: true },
        deployment,
      ),
    );
    const error = failed(run);
    expect(error).to.be.instanceOf(InvalidInputError);
    expect(error.message).to.match(new RegExp(`members: .*bad\\.json\\[1\\]\\.country: `));
  });
});

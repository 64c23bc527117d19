import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { loadMemberNames, MembersFileError } from "../../console/memberNames.ts";
import { startConsole } from "../../console/server.ts";
import { type MemberNamer, nextStep } from "../../console/src/describe.ts";
import { buildConsole } from "./consoleHarness.ts";

const SHANGHAI_BANK = "0x1111111111111111111111111111111111111111";
const LONDON_BANK = "0x2222222222222222222222222222222222222222";
const MAKER = "0x3333333333333333333333333333333333333333";
const BUYER = "0x4444444444444444444444444444444444444444";

describe("the console's next step for a credit, named from the operator's members file", function () {
  let dir: string;
  let membersFile: string;
  let memberName: MemberNamer;

  before(function () {
    dir = mkdtempSync(path.join(tmpdir(), "caravel-console-members-"));
    membersFile = path.join(dir, "members.json");
    writeFileSync(
      membersFile,
      JSON.stringify({
        members: {
          shanghaiLC: { address: SHANGHAI_BANK, key: "CARAVEL_KEY_SHANGHAI" },
          londonDesk: { address: LONDON_BANK },
          buyerCo: { address: BUYER },
        },
      }),
    );
    const names = loadMemberNames(membersFile, "consortium").byAccount;
    memberName = (account) => names[account.toLowerCase()];
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  const credit = {
    lcId: "12",
    applicant: BUYER,
    beneficiary: MAKER,
    issuingBank: SHANGHAI_BANK,
    advisingBank: LONDON_BANK,
  };

  it("names the issuing bank by its member name in the file when the credit awaits issue", function () {
    expect(nextStep({ ...credit, status: "Applied" }, memberName, "consortium")).to.deep.equal([
      {
        what: "The issuing bank issues the credit",
        command: "npx hardhat credit issue --as shanghaiLC --credit 12 --network consortium --send",
      },
    ]);
  });

  it("names the bank the documents were presented to for the examination", function () {
    const steps = nextStep(
      { ...credit, status: "Presented", presentedTo: SHANGHAI_BANK },
      memberName,
      "consortium",
    );
    expect(steps).to.deep.equal([
      {
        what: "The bank presented to examines them",
        command:
          "npx hardhat credit examine --as shanghaiLC --credit 12 --network consortium --send",
      },
    ]);
  });

  it("explains instead of a present command when the beneficiary's account has no member name", function () {
    expect(nextStep({ ...credit, status: "Advised" }, memberName, "consortium")).to.deep.equal([
      {
        what: "The beneficiary presents the documents",
        unnamed: `no member name for ${MAKER}: add it to your members file`,
      },
    ]);
  });

  it("refuses a members file whose member has a malformed address, naming the file and field", function () {
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ members: { shanghaiLC: { address: "0x12" } } }));
    expect(() => loadMemberNames(bad, "consortium"))
      .to.throw(MembersFileError)
      .with.property("message")
      .that.includes(bad)
      .and.includes("members.shanghaiLC.address: not a well-formed address");
  });

  it("refuses to guess names on a network that is not local without a members file", function () {
    expect(() => loadMemberNames(undefined, "consortium")).to.throw(
      MembersFileError,
      "Network consortium is not a local network, so member names need a members file: set CARAVEL_MEMBERS",
    );
  });

  it("serves the member name of each account from the members file to the pages", async function () {
    this.timeout(120_000);
    buildConsole();
    const served = await startConsole({
      port: 0,
      indexerUrl: "http://127.0.0.1:9",
      oracleNodes: [],
      network: "consortium",
      members: loadMemberNames(membersFile, "consortium"),
    });
    try {
      const config = (await (await fetch(`${served.url}/api/config`)).json()) as unknown;
      expect(config).to.deep.equal({
        network: "consortium",
        memberNames: {
          [SHANGHAI_BANK]: "shanghaiLC",
          [LONDON_BANK]: "londonDesk",
          [BUYER]: "buyerCo",
        },
      });
    } finally {
      await served.close();
    }
  });
});

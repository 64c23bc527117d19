import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { AbiCoder, ErrorFragment, HDNodeWallet, id, Interface } from "ethers";
import hre from "hardhat";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import { z } from "zod";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { AbiCatalogue } from "../../lib/chain/abiCatalogue.ts";
import { loadAddressBook } from "../../tasks/support/addressBook.ts";
import { RevertDecoder } from "../../lib/chain/decodeRevert.ts";
import { findRevertData } from "../../lib/chain/revertData.ts";
import { MEMBERS_FILE_ENV } from "../../lib/env/variables.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { captureOutput } from "../../tasks/support/output.ts";
import {
  address,
  amount,
  country,
  date,
  parseOptions,
  unLocode,
  wholeNumber,
} from "../../tasks/support/inputs.ts";
import { operatorErrorIndex, REVERT_TABLE } from "../../lib/chain/revertTable.ts";
import { caravel, ethers, expectNothingSent, failed, runTask, succeeded } from "./helpers.ts";

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-support-"));
  temporary.push(dir);
  return dir;
}
after(function () {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** The message a schema gives for `value` as option `--x`. */
function refusal(schema: z.ZodType<unknown, z.ZodTypeDef, unknown>, value: string): string {
  try {
    parseOptions(z.object({ x: schema }), { x: value });
  } catch (error) {
    return (error as CaravelError).shortMessage;
  }
  return "accepted";
}

describe("task support", function () {
  describe("inputs", function () {
    it("reads an amount in base units, refusing more decimals than the currency has", function () {
      const usd = amount(2, "USD");
      expect(usd.parse("1250.5")).to.equal(125050n);
      expect(usd.parse("1250")).to.equal(125000n);
      expect(usd.parse("0.01")).to.equal(1n);
      expect(usd.safeParse("12.345").error?.issues[0]?.message).to.equal(
        '"12.345" has 3 decimal places; USD amounts take at most 2',
      );
      expect(usd.safeParse("1,250.00").error?.issues[0]?.message).to.equal(
        '"1,250.00" is not an amount (digits with an optional decimal point, e.g. 1250.50)',
      );
      expect(usd.safeParse("-5").success).to.equal(false);
    });

    it("reads a date as YYYY-MM-DD at 00:00 UTC, refusing other formats and impossible days", function () {
      expect(date.parse("2026-12-31")).to.equal(BigInt(Date.UTC(2026, 11, 31) / 1000));
      for (const bad of [
        "31/12/2026",
        "2026-12-31T00:00",
        "2026-02-30",
        "2026-13-01",
        "20261231",
      ]) {
        expect(date.safeParse(bad).error?.issues[0]?.message).to.equal(
          `"${bad}" is not a date as YYYY-MM-DD (e.g. 2026-12-31)`,
        );
      }
    });

    it("reads a UN/LOCODE with or without its space, refusing malformed ones", function () {
      expect(unLocode.parse("GBFXT")).to.equal("GBFXT");
      expect(unLocode.parse("CN SHA")).to.equal("CNSHA");
      for (const bad of ["gbfxt", "GBFX", "GB1XT", "GBFXT1", "G BFXT"]) {
        expect(unLocode.safeParse(bad).success, bad).to.equal(false);
      }
    });

    it("reads addresses, whole numbers and countries", function () {
      expect(address.parse("0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc")).to.equal(
        "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
      );
      expect(wholeNumber().parse("42")).to.equal(42n);
      expect(wholeNumber().safeParse("0").error?.issues[0]?.message).to.equal("must be at least 1");
      expect(wholeNumber().safeParse("4.2").success).to.equal(false);
      expect(country.safeParse("GBR").success).to.equal(false);
    });

    it("names the option, as typed on the command line, in the refusal", function () {
      expect(refusal(wholeNumber(), "x")).to.equal('--x: "x" is not a whole number (e.g. 3).');
    });
  });

  describe("address book", function () {
    it("says which chain has no deployment and how to make one", function () {
      const ignitionDir = tempDir();
      expect(() => loadAddressBook({ ignitionDir, chainId: 31337n, deployment: "" }))
        .to.throw(CaravelError)
        .with.property(
          "shortMessage",
          "No Caravel deployment for chain 31337: run `npm run deploy:local` first.",
        );
    });

    it("reads chain-<chainId> by default, another id, or a directory, and finds contracts by name", function () {
      const ignitionDir = tempDir();
      const registry = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
      for (const id of ["chain-31337", "staging"]) {
        const dir = path.join(ignitionDir, "deployments", id);
        writeDeployment(dir, { "ConsortiumRegistry#ConsortiumRegistry": registry.toLowerCase() });
      }
      const byDefault = loadAddressBook({ ignitionDir, chainId: 31337n, deployment: "" });
      expect(byDefault.deployment).to.equal("chain-31337");
      expect(byDefault.address("ConsortiumRegistry")).to.equal(registry);
      expect(byDefault.contractAt(registry.toLowerCase())).to.deep.equal({
        futureId: "ConsortiumRegistry#ConsortiumRegistry",
        name: "ConsortiumRegistry",
        contractName: "ConsortiumRegistry",
        address: registry,
      });
      expect(
        loadAddressBook({ ignitionDir, chainId: 1n, deployment: "staging" }).address(
          "ConsortiumRegistry",
        ),
      ).to.equal(registry);
      const dir = path.join(ignitionDir, "deployments", "staging");
      expect(loadAddressBook({ ignitionDir, chainId: 1n, deployment: dir }).directory).to.equal(
        dir,
      );
      expect(() => byDefault.address("BillOfLading")).to.throw(
        "The deployment chain-31337 has no BillOfLading: redeploy with `npm run deploy:local`.",
      );
    });

    it("knows a future's contract from the artifact Ignition keeps beside the addresses", function () {
      const dir = tempDir();
      const token = "0x00000000000000000000000000000000000000c1";
      writeDeployment(dir, { "Money#CnyDepositToken": token });
      mkdirSync(path.join(dir, "artifacts"));
      writeFileSync(
        path.join(dir, "artifacts", "Money#CnyDepositToken.json"),
        JSON.stringify({ contractName: "DepositToken" }),
      );
      const book = loadAddressBook({ ignitionDir: tempDir(), chainId: 31337n, deployment: dir });
      expect(book.contractAt(token)).to.deep.include({
        name: "CnyDepositToken",
        contractName: "DepositToken",
      });
      expect(book.address("CnyDepositToken")).to.equal(book.address("DepositToken"));
    });

    it("refuses a deployment whose contract is not on this chain (the chain was reset)", async function () {
      const deployment = await caravel();
      const dir = tempDir();
      writeDeployment(dir, {
        "ConsortiumRegistry#ConsortiumRegistry": "0x000000000000000000000000000000000000dEaD",
      });
      const run = await runTask(["consortium", "members"], {}, { ...deployment, directory: dir });
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.MISSING_DEPLOYMENT);
      expect(run.err[0]).to.equal(
        `Error CARAVEL-005: No contract at 0x000000000000000000000000000000000000dEaD, where the deployment ${dir} puts ConsortiumRegistry: the chain was reset since it was deployed.`,
      );
    });

    it("names a missing deployment id in a task's refusal", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["consortium", "members"],
        {},
        { ...deployment, directory: "nope" },
      );
      expect(run.err[0]).to.match(
        /^Error CARAVEL-005: No Caravel deployment "nope": .*deploy\/deployments\/nope\/deployed_addresses\.json does not exist\.$/,
      );
    });
  });

  describe("connecting", function () {
    it("says the chain cannot be reached, naming the URL without its credentials", async function () {
      const offline = await createHardhatRuntimeEnvironment(
        {
          ...hre.userConfig,
          networks: {
            ...hre.userConfig.networks,
            offline: { type: "http", url: "http://operator:secret@127.0.0.1:9/rpc?apikey=abc" },
          },
        },
        { network: "offline" },
        hre.config.paths.root,
      );
      const { value, err } = await captureOutput(() =>
        offline.tasks.getTask(["consortium", "members"]).run({}),
      );
      expect(value).to.include({ success: false });
      expect(err.slice(0, 2)).to.deep.equal([
        'Error CARAVEL-006: Cannot reach the network "offline" at http://127.0.0.1:9/rpc.',
        "  Check the node is up and the network's URL in hardhat.config.ts.",
      ]);
    });
  });

  describe("members file", function () {
    const mnemonic = "test test test test test test test test test test test junk";
    const keyOf = (index: number) =>
      HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${index}`).privateKey;
    let saved: Record<string, string | undefined>;

    beforeEach(function () {
      saved = {
        [MEMBERS_FILE_ENV]: process.env[MEMBERS_FILE_ENV],
        CARAVEL_TEST_KEY_OPS: process.env["CARAVEL_TEST_KEY_OPS"],
      };
    });
    afterEach(function () {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    });

    function useMembersFile(content: unknown): void {
      const file = path.join(tempDir(), "members.json");
      writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
      process.env[MEMBERS_FILE_ENV] = file;
    }

    const [opsAdmin, watched] = [0, demoMember("exporter").accountIndex];

    it("acts as a member named in the file, signing with the key its configuration variable holds", async function () {
      const deployment = await caravel();
      const signers = await ethers.getSigners();
      useMembersFile({
        members: {
          ops: { address: signers[opsAdmin]!.address, key: "CARAVEL_TEST_KEY_OPS" },
          albion: { address: signers[watched]!.address },
        },
      });
      process.env["CARAVEL_TEST_KEY_OPS"] = keyOf(opsAdmin);
      const run = await runTask(
        ["consortium", "suspend"],
        { as: "ops", member: "albion", reason: "audit", send: true },
        deployment,
      );
      succeeded(run);
      expect(run.out[0]).to.equal(
        `Done: suspend albion (${signers[watched]!.address}) ("audit"), as ops (${signers[opsAdmin]!.address}).`,
      );
    });

    it("simulates as a member without a key, but refuses to send as it", async function () {
      const deployment = await caravel();
      const signers = await ethers.getSigners();
      useMembersFile({ members: { ops: { address: signers[opsAdmin]!.address } } });
      const args = { as: "ops", member: signers[watched]!.address, reason: "audit" };
      succeeded(await runTask(["consortium", "suspend"], args, deployment));
      const run = await expectNothingSent(signers[opsAdmin]!.address, () =>
        runTask(["consortium", "suspend"], { ...args, send: true }, deployment),
      );
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.MEMBER_KEY);
      expect(run.err[0]).to.equal(
        "Error CARAVEL-004: The members file gives no key for ops, so the task cannot send as it.",
      );
    });

    it("refuses a key that belongs to another account", async function () {
      const deployment = await caravel();
      const signers = await ethers.getSigners();
      useMembersFile({
        members: { ops: { address: signers[opsAdmin]!.address, key: "CARAVEL_TEST_KEY_OPS" } },
      });
      process.env["CARAVEL_TEST_KEY_OPS"] = keyOf(1);
      const run = await runTask(
        ["consortium", "suspend"],
        { as: "ops", member: signers[watched]!.address, reason: "audit", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-004: The key in CARAVEL_TEST_KEY_OPS belongs to ${signers[1]!.address}, not to ops (${signers[opsAdmin]!.address}).`,
      );
    });

    it("refuses a malformed members file, saying where", async function () {
      const deployment = await caravel();
      useMembersFile({ members: { ops: { address: "0x1234" } } });
      const run = await runTask(["consortium", "members"], {}, deployment);
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.MEMBERS_FILE);
      expect(run.err[0]).to.match(
        /^Error CARAVEL-003: The members file .*members\.json is malformed at members\.ops\.address: not a well-formed address\.$/,
      );
      useMembersFile("{ not json");
      const unreadable = await runTask(["consortium", "members"], {}, deployment);
      expect(unreadable.err[0]).to.match(/cannot be read as JSON\.$/);
    });
  });

  describe("revert sentences", function () {
    it("has a sentence for every custom error a Caravel contract can raise, each with its own number", async function () {
      const catalogue = await AbiCatalogue.load(hre.artifacts);
      const missing: string[] = [];
      for (const contract of catalogue.projectContracts()) {
        for (const fragment of new Interface(contract.abi).fragments) {
          if (fragment instanceof ErrorFragment && REVERT_TABLE[fragment.name] === undefined) {
            missing.push(`${contract.contractName}: ${fragment.name}`);
          }
        }
      }
      expect(missing, "errors without a sentence in lib/chain/revertTable.ts").to.deep.equal([]);
      const codes = operatorErrorIndex().map((e) => e.code);
      expect(new Set(codes).size, "operator error numbers repeat").to.equal(codes.length);
      expect(codes[0]).to.equal("CARAVEL-001");
    });

    it("decodes Solidity's own Error(string) and Panic, and an error no contract declares", async function () {
      const decoder = new RevertDecoder(await AbiCatalogue.load(hre.artifacts), (a) => a);
      const coder = AbiCoder.defaultAbiCoder();
      expect(
        decoder.decode("0x08c379a0" + coder.encode(["string"], ["closed"]).slice(2)),
      ).to.include({
        errorName: "Error",
        sentence: 'the contract refused: "closed"',
      });
      expect(decoder.decode("0x4e487b71" + coder.encode(["uint256"], [0x11]).slice(2))).to.include({
        errorName: "Panic",
        sentence: "the contract hit an internal error (panic 0x11)",
      });
      const unknown = decoder.decode(id("NoSuchError()").slice(0, 10));
      expect(unknown?.descriptor).to.equal(TASK_ERRORS.CONTRACT_REFUSED);
      expect(decoder.decode("0x")).to.equal(undefined);
    });

    it("finds revert data wherever the provider layers put it", function () {
      const data = "0x1234567800";
      expect(findRevertData({ data })).to.equal(data);
      expect(findRevertData({ error: { data: { data } } })).to.equal(data);
      expect(findRevertData({ info: { error: { data } } })).to.equal(data);
      expect(findRevertData(new Error("x", { cause: { data } }))).to.equal(data);
      expect(findRevertData({ data: "execution reverted" })).to.equal(undefined);
      expect(findRevertData("0x12")).to.equal(undefined);
    });
  });
});

function writeDeployment(dir: string, futures: Record<string, string>): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "deployed_addresses.json"), JSON.stringify(futures));
}

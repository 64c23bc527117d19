import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { billIdOf, BillStatus, shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { partyKey, platformBytes4 } from "../../lib/trade/pint.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import type { HistoryResult } from "../../tasks/bill/history.ts";
import type { IssueResult } from "../../tasks/bill/issue.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { InvalidInputError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { BillOfLading__factory } from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const account = (key: string) => signers[demoMember(key).accountIndex]!.address;
const carrier = account("carrier");
const exporter = account("exporter");
const importer = account("importer");
const issuingBank = account("issuingBank");
const advisingBank = account("advisingBank");

const documents = mkdtempSync(path.join(tmpdir(), "caravel-bill-"));
after(() => rmSync(documents, { recursive: true, force: true }));
const blFile = path.join(documents, "MRDN2611GB0042.json");
const blText = JSON.stringify({
  transportDocumentReference: "MRDN2611GB0042",
  goods: "40 infusion pumps",
});
writeFileSync(blFile, blText);

const BL = "MRDN2611GB0042";
const billId = billIdOf(carrier, BL);

const issueOptions = {
  as: "carrier",
  bill: BL,
  shipper: "exporter",
  notifyParty: "importer",
  vesselImo: "9321483",
  voyage: "042W",
  loading: "GBFXT",
  discharge: "CN SHA",
  document: blFile,
};

async function billOfLading(deployment: Deployment) {
  return BillOfLading__factory.connect(addressOf(deployment, "BillOfLading"), ethers.provider);
}

/** The platform with bill BL issued "to order" to the exporter. */
async function issued(overrides: Record<string, string> = {}): Promise<Deployment> {
  const deployment = await caravel();
  succeeded(
    await runTask(["bill", "issue"], { ...issueOptions, ...overrides, send: true }, deployment),
  );
  return deployment;
}

/** Run bill task `name` with --send, expecting success. */
async function step(deployment: Deployment, name: string, args: Record<string, string>) {
  const run = await runTask(["bill", name], { bill: BL, ...args, send: true }, deployment);
  succeeded(run);
  return run;
}

function revertOf(error: unknown): ContractRevertError {
  expect(error).to.be.instanceOf(ContractRevertError);
  return error as ContractRevertError;
}

describe("bill tasks", function () {
  describe("bill issue", function () {
    it("simulates by default and sends nothing", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(carrier, () =>
        runTask<IssueResult>(["bill", "issue"], issueOptions, deployment),
      );
      expect(succeeded(run).outcome.sent).to.equal(false);
      expect(run.out[0]).to.equal(
        `Dry run: the chain would accept this — issue bill of lading ${BL} (GBFXT → CNSHA, to order) to shipper exporter (${exporter}), as carrier (${carrier}) (estimated gas ${run.out[0]!.match(/estimated gas ([\d,]+)/)![1]}).`,
      );
    });

    it("with --send issues the bill to the shipper, with the document's hash and the shipment reference", async function () {
      const deployment = await caravel();
      const run = await runTask<IssueResult>(
        ["bill", "issue"],
        { ...issueOptions, send: true },
        deployment,
      );
      const result = succeeded(run);
      expect(result.billId).to.equal(billId);
      expect(result.shipmentRef).to.equal(shipmentRefOf(carrier, BL));
      const bills = await billOfLading(deployment);
      expect(await bills.holderOf(billId)).to.equal(exporter);
      const facts = await bills.billFacts(billId);
      expect(facts.documentHash).to.equal(keccak256(toUtf8Bytes(blText)));
      expect(facts.shipmentRef).to.equal(shipmentRefOf(carrier, BL));
      expect(run.out).to.include(
        `  event BillOfLading.BillIssued(billId: 0x${billId.toString(16)}, carrier: carrier (${carrier}), holder: exporter (${exporter}), blNumber: "${BL}", notifyParty: importer (${importer}), voyageNumber: "042W")`,
      );
    });

    const badInputs: [string, Record<string, string>, string][] = [
      [
        "a B/L number with a space",
        { bill: "MRDN 0042" },
        '--bill: "MRDN 0042" is not a B/L number',
      ],
      ["a B/L number over 20 characters", { bill: "MRDN2611GB00420000000" }, "--bill: "],
      [
        "an IMO number with a wrong check digit",
        { vesselImo: "9321484" },
        '--vessel-imo: "9321484" is not an IMO ship number',
      ],
      ["a malformed UN/LOCODE", { loading: "GB-FXT" }, '--loading: "GB-FXT" is not a UN/LOCODE'],
      [
        "the same port twice",
        { discharge: "GBFXT" },
        "--discharge: the port of discharge must differ from the port of loading (GBFXT).",
      ],
      [
        "a date in the wrong format",
        { shippedOn: "20/11/2026" },
        '--shipped-on: "20/11/2026" is not a date as YYYY-MM-DD',
      ],
      [
        "an unknown consignee",
        { consignee: "huangpu" },
        '--consignee: no consortium member is named "huangpu"',
      ],
    ];
    for (const [what, override, message] of badInputs) {
      it(`refuses ${what} before sending anything, naming the option`, async function () {
        const deployment = await caravel();
        const run = await expectNothingSent(carrier, () =>
          runTask(["bill", "issue"], { ...issueOptions, ...override, send: true }, deployment),
        );
        expect(failed(run)).to.be.instanceOf(InvalidInputError);
        expect(run.err).to.have.length(1);
        expect(run.err[0]).to.include(message);
      });
    }

    it("refuses an issuer that is not a carrier", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["bill", "issue"],
        { ...issueOptions, as: "exporter", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-101: Refused: exporter (${exporter}) may not do this: it does not hold the CARRIER role (or it is suspended).`,
      );
    });

    it("refuses a B/L number the carrier used already", async function () {
      const deployment = await issued();
      const run = await runTask(["bill", "issue"], { ...issueOptions, send: true }, deployment);
      expect(run.err[0]).to.equal(
        `Error CARAVEL-202: Refused: carrier (${carrier}) already issued a bill numbered "${BL}".`,
      );
    });

    it("refuses a shipped-on-board date in the future", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["bill", "issue"],
        { ...issueOptions, shippedOn: await chainDate(3), send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.args).to.deep.equal({ field: "shippedOnBoardAt" });
      expect(run.err[0]).to.equal(
        "Error CARAVEL-203: Refused: the bill of lading's shippedOnBoardAt is empty or malformed.",
      );
    });
  });

  describe("endorsements, refusals and transfers", function () {
    it("endorses an order bill from holder to holder, the history showing each step", async function () {
      const deployment = await issued();
      await step(deployment, "endorse", { as: "exporter", to: "advisingBank" });
      await step(deployment, "endorse", { as: "advisingBank", to: issuingBank });
      expect(await (await billOfLading(deployment)).holderOf(billId)).to.equal(issuingBank);
      const history = await runTask<HistoryResult>(["bill", "history"], { bill: BL }, deployment);
      const result = succeeded(history);
      expect(result.titleChain.map((s) => [s.kind, s.party])).to.deep.equal([
        ["Issued", exporter],
        ["Endorsed", advisingBank],
        ["Endorsed", issuingBank],
      ]);
      expect(history.out.slice(0, 5)).to.deep.equal([
        `Bill of lading ${BL} by carrier carrier (${carrier})`,
        `  Active, order bill, held by issuingBank (${issuingBank})`,
        `  shipper exporter (${exporter}), consignee to order, notify importer (${importer})`,
        `  GBFXT → CNSHA, vessel IMO 9321483, voyage 042W, shipped on board ${history.out[3]!.match(/shipped on board (.*)$/)![1]}`,
        `  shipment ref ${shipmentRefOf(carrier, BL)}, document ${keccak256(toUtf8Bytes(blText))}`,
      ]);
      expect(history.out.slice(5)).to.have.length(4);
      expect(history.out[5]).to.equal(
        `Title chain (verified against its on-chain head ${result.titleChainHead}):`,
      );
      expect(result.titleChainHead).to.equal(
        await (await billOfLading(deployment)).titleChainHead(billId),
      );
      expect(history.out[6]).to.match(/^ {3}1\. .* UTC {2}issued to exporter \(0x/);
      expect(history.out[8]).to.match(/ endorsed to issuingBank \(0x[0-9a-fA-F]{40}\)$/);
    });

    it("refuses an endorsement by anyone but the holder", async function () {
      const deployment = await issued();
      const run = await expectNothingSent(importer, () =>
        runTask(
          ["bill", "endorse"],
          { as: "importer", bill: BL, to: "importer", send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("BillOfLadingNotHolder");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-204: Refused: only the holder of the bill, exporter (${exporter}), may do this, not importer (${importer}).`,
      );
    });

    it("lets the endorsee refuse the bill, which goes back, but only as the very next step", async function () {
      const deployment = await issued();
      await step(deployment, "endorse", { as: "exporter", to: "importer" });
      await step(deployment, "reject", { as: "importer" });
      expect(await (await billOfLading(deployment)).holderOf(billId)).to.equal(exporter);
      const late = await runTask(
        ["bill", "reject"],
        { as: "exporter", bill: BL, send: true },
        deployment,
      );
      expect(revertOf(failed(late)).revert.errorName).to.equal("BillOfLadingNotRefusable");
      expect(late.err[0]).to.equal(
        "Error CARAVEL-210: Refused: a bill can be refused only right after it was endorsed or transferred to you; its last step was Refused.",
      );
    });

    it("passes a blank-endorsed bill by transfer of possession", async function () {
      const deployment = await issued();
      await step(deployment, "blank-endorse", { as: "exporter" });
      await step(deployment, "transfer", { as: "exporter", to: "importer" });
      const history = succeeded(
        await runTask<HistoryResult>(["bill", "history"], { bill: BL }, deployment),
      );
      expect(history.form).to.equal("Bearer");
      expect(history.holder).to.equal(importer);
    });

    it("refuses to transfer an order bill without an endorsement, naming its form", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["bill", "transfer"],
        { as: "exporter", bill: BL, to: "importer", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("BillOfLadingUnexpectedForm");
      expect(run.err[0]).to.equal(
        "Error CARAVEL-207: Refused: this is not possible for an order bill.",
      );
    });

    it("passes a straight bill only to its consignee", async function () {
      const deployment = await issued({ consignee: "importer" });
      const endorse = await runTask(
        ["bill", "endorse"],
        { as: "exporter", bill: BL, to: "advisingBank", send: true },
        deployment,
      );
      expect(revertOf(failed(endorse)).revert.errorName).to.equal("BillOfLadingUnexpectedForm");
      await step(deployment, "transfer", { as: "exporter", to: "importer" });
      expect(await (await billOfLading(deployment)).holderOf(billId)).to.equal(importer);
    });
  });

  describe("pledges", function () {
    it("pledges a bill to a bank and has the bank release it", async function () {
      const deployment = await issued();
      await step(deployment, "pledge", { as: "exporter", bank: "issuingBank" });
      const pledged = succeeded(
        await runTask<HistoryResult>(["bill", "history"], { bill: BL }, deployment),
      );
      expect(pledged).to.deep.include({ holder: issuingBank, pledgor: exporter });
      const run = await step(deployment, "release", { as: "issuingBank" });
      expect(run.out).to.include(
        `  event BillOfLading.BillPledgeReleased(billId: 0x${billId.toString(16)}, pledgee: issuingBank (${issuingBank}), pledgor: exporter (${exporter}))`,
      );
      expect(await (await billOfLading(deployment)).holderOf(billId)).to.equal(exporter);
    });

    it("refuses a release when the bill is not pledged", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["bill", "release"],
        { as: "issuingBank", bill: BL, send: true },
        deployment,
      );
      expect(run.err[0]).to.equal("Error CARAVEL-209: Refused: the bill is not pledged.");
    });
  });

  describe("surrender", function () {
    it("surrenders for delivery and has the carrier accept: the bill is accomplished", async function () {
      const deployment = await issued();
      await step(deployment, "endorse", { as: "exporter", to: "importer" });
      await step(deployment, "surrender", { as: "importer" });
      await step(deployment, "accept-surrender", { as: "carrier" });
      const bills = await billOfLading(deployment);
      expect(await bills.billStatus(billId)).to.equal(BigInt(BillStatus.Accomplished));
      const history = await runTask<HistoryResult>(["bill", "history"], { bill: BL }, deployment);
      expect(history.out.at(-1)).to.match(
        / surrender accepted by carrier \(0x[0-9a-fA-F]{40}\): accomplished$/,
      );
      const after = await runTask(
        ["bill", "endorse"],
        { as: "carrier", bill: BL, to: "exporter", send: true },
        deployment,
      );
      expect(after.err[0]).to.equal(
        "Error CARAVEL-206: Refused: the bill is Accomplished; this needs it Active.",
      );
    });

    it("lets the carrier reject a surrender, with a reason, returning the bill", async function () {
      const deployment = await issued();
      await step(deployment, "surrender", { as: "exporter" });
      const run = await step(deployment, "reject-surrender", {
        as: "carrier",
        reason: "freight unpaid",
      });
      expect(run.out).to.include(
        `  event BillOfLading.BillSurrenderRejected(billId: 0x${billId.toString(16)}, carrier: carrier (${carrier}), to: exporter (${exporter}), reason: "freight unpaid")`,
      );
      expect(await (await billOfLading(deployment)).holderOf(billId)).to.equal(exporter);
    });

    it("refuses a surrender for an unknown purpose", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["bill", "surrender"],
        { as: "exporter", bill: BL, for: "storage", send: true },
        deployment,
      );
      expect(run.err).to.deep.equal([
        'Error CARAVEL-001: --for: "storage" is not a purpose of surrender (delivery or amendment).',
      ]);
    });
  });

  describe("bill history", function () {
    it("says plainly when no bill has that number", async function () {
      const deployment = await issued();
      const run = await runTask(["bill", "history"], { bill: "MRDN0000" }, deployment);
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.NOT_FOUND);
      expect(run.err[0]).to.equal(
        'Error CARAVEL-008: No bill of lading numbered "MRDN0000" on this chain.',
      );
    });

    it("finds the bill by its carrier when one is named", async function () {
      const deployment = await issued();
      const run = await runTask<HistoryResult>(
        ["bill", "history"],
        { bill: BL, carrier: "carrier" },
        deployment,
      );
      expect(succeeded(run).bill.billId).to.equal(billId);
      const wrong = await runTask(
        ["bill", "history"],
        { bill: BL, carrier: "exporter" },
        deployment,
      );
      expect(wrong.err[0]).to.equal(
        `Error CARAVEL-008: No bill of lading numbered "${BL}" was issued by exporter (${exporter}).`,
      );
    });
  });

  describe("bill export", function () {
    const recipient = {
      platform: "BOLE",
      recipientName: "Acme Imports",
      recipientProvider: "BOLE",
      recipientCode: "ACME-IMPORTS",
    };

    it("asks to export the bill on chain, locking it, and hands the transfer to the gateway", async function () {
      const deployment = await issued();
      const received: unknown[] = [];
      const gateway = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
          received.push({ url: req.url, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          res.writeHead(202, { "content-type": "application/json" }).end("{}");
        });
      });
      await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
      try {
        const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
        await step(deployment, "export", { as: "exporter", ...recipient, gateway: url });
      } finally {
        gateway.close();
      }
      const bills = await billOfLading(deployment);
      expect(await bills.billStatus(billId)).to.equal(BigInt(BillStatus.ExportPending));
      const record = await bills.exportOf(billId);
      expect(record.platform).to.equal(platformBytes4("BOLE"));
      expect(record.recipient).to.equal(
        partyKey({ codeListProvider: "BOLE", partyCode: "ACME-IMPORTS" }),
      );
      expect(received).to.deep.equal([
        {
          url: "/v1/pint/exports",
          body: {
            billId: billId.toString(),
            recipient: {
              partyName: "Acme Imports",
              eblPlatform: "BOLE",
              identifyingCodes: [{ codeListProvider: "BOLE", partyCode: "ACME-IMPORTS" }],
            },
          },
        },
      ]);
      const endorse = await runTask(
        ["bill", "endorse"],
        { as: "exporter", bill: BL, to: "importer", send: true },
        deployment,
      );
      expect(revertOf(failed(endorse)).revert.errorName).to.equal("BillOfLadingUnexpectedStatus");
    });

    it("refuses a platform code DCSA could not name, sending nothing", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["bill", "export"],
        { as: "exporter", bill: BL, ...recipient, platform: "TOOLONG", send: true },
        deployment,
      );
      expect(failed(run)).to.be.instanceOf(InvalidInputError);
      expect(run.err[0]).to.match(/platform/);
      expect(await (await billOfLading(deployment)).billStatus(billId)).to.equal(
        BigInt(BillStatus.Active),
      );
    });
  });
});

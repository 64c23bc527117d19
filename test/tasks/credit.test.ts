import { readFileSync } from "node:fs";

import { expect } from "chai";
import { keccak256 } from "ethers";

import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { billOfLadingFingerprints } from "../../lib/trade/documentFingerprint.ts";
import { DocumentKind, LcStatus } from "../../lib/trade/enums.ts";
import { invoiceFingerprints } from "../../lib/trade/invoiceFingerprint.ts";
import { DISCREPANCY_TEXT } from "../../lib/trade/letterOfCredit.ts";
import type { ApplyResult } from "../../tasks/credit/apply.ts";
import type { ExamineResult } from "../../tasks/credit/examine.ts";
import type { IssueResult } from "../../tasks/credit/issue.ts";
import type { ProposeAmendmentResult } from "../../tasks/credit/proposeAmendment.ts";
import type { CreditStatusResult } from "../../tasks/credit/status.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { InvalidInputError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { DocumentFinancingRegistry__factory } from "../../types/ethers-contracts/index.js";
import { customsEvent } from "../oracle/helpers/customsReport.ts";
import {
  addressOf,
  caravel,
  chainDate,
  chainTime,
  ethers,
  expectNothingSent,
  failed,
  networkHelpers,
  runTask,
  succeeded,
} from "./helpers.ts";
import { submitCustomsReport } from "./customs.ts";
import {
  applied,
  applyOptions,
  BL,
  blFile,
  CERTIFICATE,
  contracts,
  INVOICE,
  INVOICE_KEY,
  invoiceFile,
  presentation,
  publishRate,
  send,
  shipped,
  withInvoiceKey,
} from "./tradeFlow.ts";

const signers = await ethers.getSigners();
const account = (key: string) => signers[demoMember(key).accountIndex]!.address;
const importer = account("importer");
const exporter = account("exporter");
const issuingBank = account("issuingBank");
const advisingBank = account("advisingBank");

function revertOf(error: unknown): ContractRevertError {
  expect(error).to.be.instanceOf(ContractRevertError);
  return error as ContractRevertError;
}

describe("credit tasks", function () {
  withInvoiceKey();
  describe("credit apply", function () {
    it("applies for a USD credit settled in cCNY through the feed", async function () {
      const deployment = await caravel();
      const run = await runTask<ApplyResult>(
        ["credit", "apply"],
        { ...(await applyOptions()), send: true },
        deployment,
      );
      const result = succeeded(run);
      expect(result.lcId).to.equal(1n);
      expect(result.money).to.deep.include({ symbol: "cCNY", decimals: 2, currency: "USD" });
      const { lc } = contracts(deployment);
      expect(await lc.status(1n)).to.equal(BigInt(LcStatus.Applied));
      const terms = await lc.terms(1n);
      expect(terms.amount).to.equal(25_000_000n);
      expect(terms.beneficiary).to.equal(exporter);
      expect(terms.customsClearanceRequired).to.equal(true);
      expect(run.out.at(-1)).to.match(
        /^Credit 1: 250,000\.00 USD, settled in cCNY; latest shipment .* 23:59:59 UTC, expires .* 23:59:59 UTC\.$/,
      );
    });

    const badInputs: [string, () => Promise<Record<string, unknown>>, string][] = [
      [
        "an amount with more decimals than the token has",
        async () => ({ amount: "250000.001" }),
        'Error CARAVEL-001: --amount: "250000.001" has 3 decimal places; USD amounts take at most 2.',
      ],
      [
        "an expiry date in the wrong format",
        async () => ({ expires: "31/12/2026" }),
        'Error CARAVEL-001: --expires: "31/12/2026" is not a date as YYYY-MM-DD (e.g. 2026-12-31).',
      ],
      [
        "a latest shipment after expiry",
        async () => ({ latestShipment: await chainDate(120) }),
        "Error CARAVEL-001: --latest-shipment: the latest shipment date ",
      ],
      [
        "a malformed place of expiry",
        async () => ({ placeOfExpiry: "London" }),
        'Error CARAVEL-001: --place-of-expiry: "London" is not a UN/LOCODE',
      ],
      [
        "an unknown currency",
        async () => ({ currency: "USX" }),
        'Error CARAVEL-001: --currency: "USX" is not an ISO 4217 currency code.',
      ],
      [
        "an unknown Incoterm",
        async () => ({ incoterm: "CIFF" }),
        'Error CARAVEL-001: --incoterm: "CIFF" is not an Incoterms 2020 rule',
      ],
      [
        "a token the deployment does not have",
        async () => ({ token: "EurDepositToken" }),
        'Error CARAVEL-001: --token: the deployment has no contract named "EurDepositToken"',
      ],
      [
        "an unknown beneficiary",
        async () => ({ beneficiary: "albion" }),
        'Error CARAVEL-002: --beneficiary: no consortium member is named "albion"',
      ],
      [
        "a malformed UTC offset",
        async () => ({ utcOffset: "+8" }),
        'Error CARAVEL-001: --utc-offset: "+8" is not a UTC offset',
      ],
    ];
    for (const [what, override, message] of badInputs) {
      it(`refuses ${what} before sending anything, naming the option`, async function () {
        const deployment = await caravel();
        const run = await expectNothingSent(importer, async () =>
          runTask(
            ["credit", "apply"],
            { ...(await applyOptions()), ...(await override()), send: true },
            deployment,
          ),
        );
        expect(failed(run)).to.be.instanceOf(InvalidInputError);
        expect(run.err).to.have.length(1);
        expect(run.err[0]!.startsWith(message), run.err[0]).to.equal(true);
      });
    }

    it("refuses a USD credit settled in cCNY without a feed, naming both currencies", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["credit", "apply"],
        { ...(await applyOptions()), fxFeed: "none", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("LetterOfCreditCurrencyMismatch");
      expect(run.err[0]).to.match(
        /^Error CARAVEL-527: Refused: the credit is in USD and the token .* pays in CNY, with no exchange-rate feed\.$/,
      );
    });

    it("refuses an applicant that is not an importer", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["credit", "apply"],
        { ...(await applyOptions()), as: "exporter", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-101: Refused: exporter (${exporter}) may not do this: it does not hold the IMPORTER role (or it is suspended).`,
      );
    });
  });

  describe("credit issue", function () {
    it("simulates the approval it needs first, sending nothing", async function () {
      const deployment = await applied();
      const run = await expectNothingSent(issuingBank, () =>
        runTask<IssueResult>(["credit", "issue"], { as: "issuingBank", credit: "1" }, deployment),
      );
      const result = succeeded(run);
      expect(result.deposit).to.equal(177_650_000n); // 250,000 USD x 7.10 + 1,500 CNY advising fee
      expect(result.approval?.sent).to.equal(false);
      expect(result.issue).to.equal(null);
      expect(run.out.at(-1)).to.equal(
        "Then: issue credit 1, depositing 1,776,500.00 cCNY — checked once the approval is sent.",
      );
    });

    it("approves the deposit and issues the credit, escrowing what it requires", async function () {
      const deployment = await applied();
      const run = await runTask<IssueResult>(
        ["credit", "issue"],
        { as: "issuingBank", credit: "1", send: true },
        deployment,
      );
      const result = succeeded(run);
      expect(result.approval?.sent).to.equal(true);
      expect(result.issue?.sent).to.equal(true);
      const { lc, cny } = contracts(deployment);
      expect(await lc.status(1n)).to.equal(BigInt(LcStatus.Issued));
      expect((await lc.escrowOf(1n)).escrowed).to.equal(177_650_000n);
      expect(await cny.balanceOf(issuingBank)).to.equal(500_000_000n - 177_650_000n);
      expect(run.out).to.include(
        `  event LetterOfCredit.CreditIssued(lcId: 1, issuingBank: issuingBank (${issuingBank}), escrowed: 177650000)`,
      );
    });

    it("refuses a bank whose deposit tokens do not cover the escrow, before sending anything", async function () {
      const deployment = await caravel();
      await publishRate(deployment, "7.1000");
      await send(deployment, ["credit", "apply"], await applyOptions());
      const run = await expectNothingSent(issuingBank, () =>
        runTask(["credit", "issue"], { as: "issuingBank", credit: "1", send: true }, deployment),
      );
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.FUNDS_SHORT);
      expect(run.err[0]).to.equal(
        `Error CARAVEL-011: issuingBank (${issuingBank}) holds 0.00 cCNY; the deposit needs 1,776,500.00 cCNY.`,
      );
    });

    it("refuses a bank that is not the credit's issuing bank", async function () {
      const deployment = await applied();
      await send(deployment, ["money", "mint"], {
        as: "advisingBank",
        token: "CnyDepositToken",
        to: "advisingBank",
        amount: "5000000.00",
        depositRef: "DEP-2",
      });
      const run = await runTask(
        ["credit", "issue"],
        { as: "advisingBank", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("LetterOfCreditWrongParty");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-502: Refused: this step of credit 1 belongs to issuingBank (${issuingBank}), not to advisingBank (${advisingBank}).`,
      );
    });

    it("refuses an unknown credit", async function () {
      const deployment = await applied();
      const run = await runTask(
        ["credit", "issue"],
        { as: "issuingBank", credit: "7", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal("Error CARAVEL-501: Refused: there is no credit 7.");
    });
  });

  describe("amendments", function () {
    it("proposes an amendment the beneficiary accepts; the new amount applies", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      const proposed = await runTask<ProposeAmendmentResult>(
        ["credit", "propose-amendment"],
        {
          as: "issuingBank",
          credit: "1",
          amount: "240000.00",
          details: "Amount reduced to USD 240,000.00",
          send: true,
        },
        deployment,
      );
      expect(succeeded(proposed).amendmentId).to.equal(1n);
      const accepted = await send(deployment, ["credit", "accept-amendment"], {
        as: "exporter",
        credit: "1",
        amendment: "1",
      });
      expect(accepted.out[0]).to.equal(
        `Done: accept amendment 1 of credit 1 (Amount), as exporter (${exporter}).`,
      );
      expect((await contracts(deployment).lc.terms(1n)).amount).to.equal(24_000_000n);
      const status = succeeded(
        await runTask<CreditStatusResult>(["credit", "status"], { credit: "1" }, deployment),
      );
      expect(status.amendments).to.deep.equal([
        {
          amendmentId: 1n,
          changes: ["Amount"],
          state: "Accepted",
          proposedAt: status.amendments[0]!.proposedAt,
          answeredAt: status.amendments[0]!.answeredAt,
        },
      ]);
    });

    it("lets the beneficiary reject an amendment, and refuses one that changes nothing", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      await send(deployment, ["credit", "propose-amendment"], {
        as: "issuingBank",
        credit: "1",
        expires: await chainDate(120),
        details: "Expiry extended",
      });
      await send(deployment, ["credit", "reject-amendment"], {
        as: "exporter",
        credit: "1",
        amendment: "1",
      });
      const nothing = await runTask(
        ["credit", "propose-amendment"],
        { as: "issuingBank", credit: "1", details: "x" },
        deployment,
      );
      expect(nothing.err).to.deep.equal([
        "Error CARAVEL-001: --amount: the amendment changes nothing: give --amount, --expires, --latest-shipment, --presentation-days or --cancel.",
      ]);
    });
  });

  describe("presentation, examination, settlement", function () {
    it("refuses to settle on a clearance at the port of loading, saying where the goods were cleared", async function () {
      const deployment = await shipped();
      await send(deployment, ["credit", "present"], presentation);
      await send(deployment, ["credit", "examine"], { as: "advisingBank", credit: "1" });
      await send(deployment, ["credit", "honour"], { as: "advisingBank", credit: "1" });
      await send(deployment, ["bill", "endorse"], {
        as: "advisingBank",
        bill: BL,
        to: "issuingBank",
      });
      // Customs at Felixstowe, the port of loading, cleared the goods (an export clearance):
      // the credit waits for clearance at Shanghai, the bill's port of discharge.
      const ref = shipmentRefOf(account("carrier"), BL);
      const now = await chainTime();
      await submitCustomsReport(deployment, [
        customsEvent(ref, "DeclarationAccepted", now - 120, "GBFXT"),
        customsEvent(ref, "Cleared", now - 60, "GBFXT"),
      ]);
      const status = succeeded(
        await runTask<CreditStatusResult>(["credit", "status"], { credit: "1" }, deployment),
      );
      expect(status.settlement).to.deep.equal({
        payable: false,
        waitsFor: `settlement of credit 1 waits for customs at destination: shipment ${ref} was cleared at GBFXT, not at the bill's port of discharge CNSHA`,
      });
      const refused = await runTask(
        ["credit", "settle"],
        { as: "exporter", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(refused)).revert.errorName).to.equal(
        "LetterOfCreditClearedAwayFromDischarge",
      );
      expect(await contracts(deployment).lc.status(1n)).to.equal(BigInt(LcStatus.Honoured));
    });

    it("runs a complying presentation to payment once title has passed and customs has cleared the goods", async function () {
      const deployment = await shipped();
      await send(deployment, ["credit", "present"], presentation);
      const examined = await runTask<ExamineResult>(
        ["credit", "examine"],
        { as: "advisingBank", credit: "1", send: true },
        deployment,
      );
      expect(succeeded(examined).discrepancies).to.deep.equal([]);
      expect(examined.out).to.include(
        "The chain found no discrepancy: the presentation complies as far as it can tell.",
      );
      await send(deployment, ["credit", "honour"], { as: "advisingBank", credit: "1" });
      await send(deployment, ["bill", "endorse"], {
        as: "advisingBank",
        bill: BL,
        to: "issuingBank",
      });

      const waiting = await runTask<CreditStatusResult>(
        ["credit", "status"],
        { credit: "1" },
        deployment,
      );
      expect(succeeded(waiting).settlement).to.deep.equal({
        payable: false,
        waitsFor: `settlement of credit 1 waits for customs at destination to clear shipment ${shipmentRefOf(account("carrier"), BL)}`,
      });
      const early = await runTask(
        ["credit", "settle"],
        { as: "exporter", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(early)).revert.errorName).to.equal("LetterOfCreditCustomsNotCleared");

      const now = await chainTime();
      await submitCustomsReport(deployment, [
        customsEvent(shipmentRefOf(account("carrier"), BL), "Arrived", now - 180, "CNSHA"),
        customsEvent(
          shipmentRefOf(account("carrier"), BL),
          "DeclarationAccepted",
          now - 120,
          "CNSHA",
        ),
        customsEvent(shipmentRefOf(account("carrier"), BL), "Cleared", now - 60, "CNSHA"),
      ]);
      const payable = succeeded(
        await runTask<CreditStatusResult>(["credit", "status"], { credit: "1" }, deployment),
      );
      expect(payable.settlement).to.deep.include({
        payable: true,
        creditAmount: 25_000_000n,
        tokenAmount: 177_500_000n,
      });

      const settled = await send(deployment, ["credit", "settle"], { as: "exporter", credit: "1" });
      expect(settled.out).to.include(
        `  event LetterOfCredit.DrawingSettled(lcId: 1, presentationId: 0, beneficiary: exporter (${exporter}), creditAmount: 25000000, tokenAmount: 177500000)`,
      );
      const { lc, cny } = contracts(deployment);
      expect(await lc.status(1n)).to.equal(BigInt(LcStatus.Closed));
      expect(await cny.balanceOf(exporter)).to.equal(177_500_000n);
    });

    it("shows the discrepancies the chain found, the refusal, and the applicant's waiver", async function () {
      const deployment = await shipped();
      await send(deployment, ["origin", "revoke"], {
        as: "chamber",
        number: CERTIFICATE,
        reason: "origin not substantiated",
      });
      await send(deployment, ["credit", "present"], { ...presentation, amount: "260000.00" });
      const examined = await runTask<ExamineResult>(
        ["credit", "examine"],
        { as: "advisingBank", credit: "1", send: true },
        deployment,
      );
      const result = succeeded(examined);
      expect(result.discrepancies).to.deep.equal(["AmountOverTolerance", "CertificateInvalid"]);
      expect(examined.out).to.include.members([
        "The chain found 2 discrepancies:",
        `  - AmountOverTolerance: ${DISCREPANCY_TEXT.AmountOverTolerance}`,
        `  - CertificateInvalid: ${DISCREPANCY_TEXT.CertificateInvalid}`,
        "Next: npx hardhat credit refuse --credit 1",
      ]);
      const honour = await runTask(
        ["credit", "honour"],
        { as: "advisingBank", credit: "1", send: true },
        deployment,
      );
      expect(honour.err[0]).to.equal(
        `Error CARAVEL-513: Refused: the chain found discrepancies in the presentation under credit 1: ${DISCREPANCY_TEXT.AmountOverTolerance}; ${DISCREPANCY_TEXT.CertificateInvalid}.`,
      );
      await send(deployment, ["credit", "refuse"], {
        as: "advisingBank",
        credit: "1",
        discrepancies: "INVOICE_GOODS_DESCRIPTION",
      });
      const refused = succeeded(
        await runTask<CreditStatusResult>(["credit", "status"], { credit: "1" }, deployment),
      );
      expect(refused.credit.status).to.equal("Refused");
      expect(refused.credit.presentations[0]!.bankDiscrepancies).to.deep.equal([
        "INVOICE_GOODS_DESCRIPTION",
      ]);
      await send(deployment, ["credit", "waive"], { as: "importer", credit: "1" });
      expect(await contracts(deployment).lc.status(1n)).to.equal(BigInt(LcStatus.Honoured));
    });

    it("refuses an examination by a bank the documents were not presented to", async function () {
      const deployment = await shipped();
      await send(deployment, ["credit", "present"], presentation);
      const run = await runTask(
        ["credit", "examine"],
        { as: "issuingBank", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("LetterOfCreditWrongParty");
    });

    it("refuses a presentation naming a bill that does not exist", async function () {
      const deployment = await shipped();
      const run = await runTask(
        ["credit", "present"],
        { ...presentation, bill: "MRDN0000", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        'Error CARAVEL-008: No bill of lading numbered "MRDN0000" on this chain.',
      );
    });

    it("refuses a certificate without its document", async function () {
      const deployment = await shipped();
      const run = await runTask(
        ["credit", "present"],
        { ...presentation, certificateDocument: "", send: true },
        deployment,
      );
      expect(run.err).to.deep.equal([
        "Error CARAVEL-001: --certificate-document: is required with --certificate (the certificate file, or its keccak256).",
      ]);
    });

    it("claims the presented invoice in the guard: financing it at a bank is then refused with DocumentAlreadyBacksFacility", async function () {
      const deployment = await shipped();
      await send(deployment, ["invoice", "register"], { as: "exporter", invoice: invoiceFile });
      await send(deployment, ["credit", "present"], presentation);
      const run = await runTask(
        ["invoice", "finance"],
        { as: "issuingBank", seller: "exporter", invoice: invoiceFile, send: true },
        deployment,
      );
      const revert = revertOf(failed(run)).revert;
      expect(revert.errorName).to.equal("DocumentAlreadyBacksFacility");
      expect(revert.args["product"]).to.equal(addressOf(deployment, "LetterOfCredit"));
      expect(revert.args["facilityId"]).to.equal(1n);
      const fingerprints = invoiceFingerprints(INVOICE, INVOICE_KEY);
      expect(revert.args["fingerprint"]).to.be.oneOf([fingerprints.exact, fingerprints.identity]);
    });

    it("claims the presented bill in the guard, with the fingerprints the chain's facts of it give", async function () {
      const deployment = await shipped();
      await send(deployment, ["credit", "present"], presentation);
      const guard = DocumentFinancingRegistry__factory.connect(
        addressOf(deployment, "DocumentFinancingRegistry"),
        ethers.provider,
      );
      const bill = billOfLadingFingerprints(
        {
          carrier: account("carrier"),
          blNumber: BL,
          documentHash: keccak256(readFileSync(blFile)),
        },
        INVOICE_KEY,
      );
      for (const fingerprint of [bill.exact, bill.fuzzy]) {
        const held = await guard.facilityOf(DocumentKind.BillOfLading, fingerprint);
        expect(held.product).to.equal(addressOf(deployment, "LetterOfCredit"));
        expect(held.facilityId).to.equal(1n);
      }
    });

    it("refuses a presentation whose invoice is only a hash when the guard needs its fingerprints, naming --invoice", async function () {
      const deployment = await shipped();
      const run = await runTask(
        ["credit", "present"],
        { ...presentation, invoice: keccak256(readFileSync(invoiceFile)), send: true },
        deployment,
      );
      expect(failed(run)).to.be.instanceOf(InvalidInputError);
      expect(run.err[0]).to.match(
        /^Error CARAVEL-001: --invoice: is required as the invoice's JSON file \(as invoice register --invoice takes it\): the credits claim their documents in the document-financing guard/,
      );
      expect(await contracts(deployment).lc.presentationCount(1n)).to.equal(0n);
    });
  });

  describe("credit status", function () {
    it("reads a credit back: parties, terms and money", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      const run = await runTask<CreditStatusResult>(
        ["credit", "status"],
        { credit: "1" },
        deployment,
      );
      const status = succeeded(run);
      expect(status.credit.status).to.equal("Issued");
      expect(status.parties).to.deep.include({
        applicant: importer,
        beneficiary: exporter,
        issuingBank,
        advisingBank,
        confirmingBank: null,
      });
      expect(status.terms).to.deep.include({
        incoterm: "CIF",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        countryOfOrigin: "GB",
        customsClearanceRequired: true,
      });
      expect(run.out[0]).to.equal(
        `Credit 1: Issued. 250,000.00 USD, settled in cCNY at the rate of UsdCnyFeed (${addressOf(deployment, "UsdCnyFeed")}).`,
      );
      expect(run.out).to.include(
        "  escrow: 1,776,500.00 cCNY received, 0.00 cCNY paid, 0.00 cCNY refunded, 1,776,500.00 cCNY held; drawn 0.00 USD",
      );
    });

    it("shows a credit available by deferred payment, and its sight counterpart", async function () {
      const deployment = await caravel();
      await publishRate(deployment, "7.1000");
      await send(deployment, ["credit", "apply"], {
        ...(await applyOptions()),
        deferredDays: "90",
      });
      await send(deployment, ["credit", "apply"], await applyOptions());
      const deferred = await runTask<CreditStatusResult>(
        ["credit", "status"],
        { credit: "1" },
        deployment,
      );
      expect(succeeded(deferred).terms.deferredPaymentDays).to.equal(90);
      expect(deferred.out).to.include(
        "  available by deferred payment at 90 days after the bill of lading's date, in a voucher",
      );
      const sight = await runTask<CreditStatusResult>(
        ["credit", "status"],
        { credit: "2" },
        deployment,
      );
      expect(succeeded(sight).terms.deferredPaymentDays).to.equal(0);
      expect(sight.out).to.include("  available by sight payment");
      expect(succeeded(sight).proceedsAssignee).to.equal(null);
    });

    it("refuses --deferred-days beyond what a credit can defer, naming the option", async function () {
      const deployment = await caravel();
      const options = { ...(await applyOptions()), deferredDays: "70000", send: true };
      const run = await expectNothingSent(importer, () =>
        runTask(["credit", "apply"], options, deployment),
      );
      expect(run.err[0]).to.equal(
        "Error CARAVEL-001: --deferred-days: 70000 days is more than a credit can defer payment (65535).",
      );
    });

    it("refuses a credit id that is not a number", async function () {
      const deployment = await caravel();
      const run = await runTask(["credit", "status"], { credit: "LC-1" }, deployment);
      expect(run.err).to.deep.equal([
        'Error CARAVEL-001: --credit: "LC-1" is not a whole number (e.g. 3).',
      ]);
    });
  });

  describe("credit assign-proceeds", function () {
    it("assigns the proceeds to the advances the demo's governance named, shows it, and refuses a second assignment", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      await send(deployment, ["credit", "assign-proceeds"], { as: "exporter", credit: "1" });
      const advance = addressOf(deployment, "PreShipmentAdvance");
      const status = await runTask<CreditStatusResult>(
        ["credit", "status"],
        { credit: "1" },
        deployment,
      );
      expect(succeeded(status).proceedsAssignee).to.equal(advance);
      expect(status.out).to.include(
        `  available by sight payment; proceeds assigned to PreShipmentAdvance (${advance})`,
      );
      const again = await runTask(
        ["credit", "assign-proceeds"],
        { as: "exporter", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(again)).revert.errorName).to.equal(
        "LetterOfCreditProceedsAlreadyAssigned",
      );
      expect(again.err[0]).to.equal(
        `Error CARAVEL-556: Refused: the proceeds of credit 1 are assigned already, to PreShipmentAdvance (${advance}); an assignment is irrevocable.`,
      );
    });

    it("refuses an assignment by anyone but the beneficiary", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      const run = await runTask(
        ["credit", "assign-proceeds"],
        { as: "importer", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumUnauthorizedAccount");
    });
  });

  describe("confirmation, waived conditions, release", function () {
    it("has the confirming bank confirm, and refuses anyone else", async function () {
      const deployment = await caravel();
      await publishRate(deployment, "7.1000");
      await send(deployment, ["money", "mint"], {
        as: "issuingBank",
        token: "CnyDepositToken",
        to: "issuingBank",
        amount: "5000000.00",
        depositRef: "DEP-2026-0001",
      });
      await send(deployment, ["credit", "apply"], {
        ...(await applyOptions()),
        confirmingBank: "advisingBank",
        confirmationFee: "2000.00",
      });
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      const wrong = await runTask(
        ["credit", "confirm"],
        { as: "issuingBank", credit: "1", send: true },
        deployment,
      );
      expect(revertOf(failed(wrong)).revert.errorName).to.equal("LetterOfCreditWrongParty");
      const run = await send(deployment, ["credit", "confirm"], {
        as: "advisingBank",
        credit: "1",
      });
      expect(run.out).to.include(
        `  event LetterOfCredit.CreditConfirmed(lcId: 1, confirmingBank: advisingBank (${advisingBank}))`,
      );
      expect((await contracts(deployment).lc.parties(1n)).confirmed).to.equal(true);
    });

    it("refuses a confirmation fee without a confirming bank, before sending anything", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(importer, async () =>
        runTask(
          ["credit", "apply"],
          { ...(await applyOptions()), confirmationFee: "2000.00", send: true },
          deployment,
        ),
      );
      expect(run.err).to.deep.equal([
        "Error CARAVEL-001: --confirmation-fee: a confirmation fee needs a --confirming-bank.",
      ]);
    });

    it("lets the applicant waive customs clearance, so the honoured drawing is paid without it", async function () {
      const deployment = await shipped();
      await send(deployment, ["credit", "present"], presentation);
      await send(deployment, ["credit", "examine"], { as: "advisingBank", credit: "1" });
      await send(deployment, ["credit", "honour"], { as: "advisingBank", credit: "1" });
      await send(deployment, ["bill", "endorse"], {
        as: "advisingBank",
        bill: BL,
        to: "issuingBank",
      });
      const byBank = await runTask(
        ["credit", "waive"],
        { as: "issuingBank", credit: "1", condition: "customs", send: true },
        deployment,
      );
      expect(revertOf(failed(byBank)).revert.errorName).to.equal("ConsortiumUnauthorizedAccount");
      const waived = await send(deployment, ["credit", "waive"], {
        as: "importer",
        credit: "1",
        condition: "customs",
      });
      expect(waived.out[0]).to.equal(
        `Done: waive customs clearance as a condition of settling credit 1, as importer (${importer}).`,
      );
      await send(deployment, ["credit", "settle"], { as: "exporter", credit: "1" });
      expect(await contracts(deployment).lc.status(1n)).to.equal(BigInt(LcStatus.Closed));
      const unknown = await runTask(
        ["credit", "waive"],
        { as: "importer", credit: "1", condition: "price" },
        deployment,
      );
      expect(unknown.err).to.deep.equal([
        'Error CARAVEL-001: --condition: "price" is not a settlement condition (title or customs).',
      ]);
    });

    it("releases an expired credit's escrow to the issuing bank, and not before expiry", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      await send(deployment, ["credit", "advise"], { as: "advisingBank", credit: "1" });
      const early = await runTask(
        ["credit", "release"],
        { as: "exporter", credit: "1", send: true },
        deployment,
      );
      expect(early.err[0]).to.equal(
        "Error CARAVEL-501: Refused: credit 1 is Advised; this needs it Expired.",
      );
      await networkHelpers.time.increase(100 * 86_400);
      const run = await send(deployment, ["credit", "release"], { as: "exporter", credit: "1" });
      expect(run.out).to.include(
        "  event LetterOfCredit.CreditClosed(lcId: 1, refunded: 177500000)",
      );
      expect(await contracts(deployment).lc.status(1n)).to.equal(BigInt(LcStatus.Closed));
    });

    it("refuses an advice by a bank other than the advising bank", async function () {
      const deployment = await applied();
      await send(deployment, ["credit", "issue"], { as: "issuingBank", credit: "1" });
      const run = await expectNothingSent(issuingBank, () =>
        runTask(["credit", "advise"], { as: "issuingBank", credit: "1", send: true }, deployment),
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-502: Refused: this step of credit 1 belongs to advisingBank (${advisingBank}), not to issuingBank (${issuingBank}).`,
      );
    });
  });
});

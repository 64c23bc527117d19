import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { invoiceFingerprints, invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import type { CheckResult } from "../../tasks/invoice/check.ts";
import type { FingerprintResult } from "../../tasks/invoice/fingerprint.ts";
import type { RegisterResult } from "../../tasks/invoice/register.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { InvoiceRegistry__factory } from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const exporter = signers[demoMember("exporter").accountIndex]!.address;
const issuingBank = signers[demoMember("issuingBank").accountIndex]!.address;
const advisingBank = signers[demoMember("advisingBank").accountIndex]!.address;

const KEY = "0x" + "a5".repeat(32);

/** The invoice as printed, in the task's options. */
const invoice = {
  sellerTaxId: "GB 123 4567 89",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "INV-2026/0042",
  issueDate: "20.11.2026",
  amount: "125,000.00",
  currency: "usd",
};
const fingerprints = invoiceFingerprints(invoice, KEY);
/** The invoice's id on the chain: bound to its seller, the exporter. */
const invoiceId = invoiceIdOf(exporter, fingerprints.identity);
/** The same invoice with its amount raised: an altered copy. */
const altered = { ...invoice, amount: "152,000.00" };

const files = mkdtempSync(path.join(tmpdir(), "caravel-invoice-"));
after(() => rmSync(files, { recursive: true, force: true }));

let savedKey: string | undefined;
before(function () {
  savedKey = process.env[INVOICE_KEY_VARIABLE];
  process.env[INVOICE_KEY_VARIABLE] = KEY;
});
after(function () {
  if (savedKey === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
  else process.env[INVOICE_KEY_VARIABLE] = savedKey;
});

async function invoiceRegistry(deployment: Deployment) {
  return InvoiceRegistry__factory.connect(
    addressOf(deployment, "InvoiceRegistry"),
    ethers.provider,
  );
}

async function registered(): Promise<Deployment> {
  const deployment = await caravel();
  succeeded(
    await runTask(["invoice", "register"], { as: "exporter", ...invoice, send: true }, deployment),
  );
  return deployment;
}

async function financed(): Promise<Deployment> {
  const deployment = await registered();
  succeeded(
    await runTask(
      ["invoice", "finance"],
      { as: "issuingBank", seller: "exporter", ...invoice, send: true },
      deployment,
    ),
  );
  return deployment;
}

function revertOf(error: unknown): ContractRevertError {
  expect(error).to.be.instanceOf(ContractRevertError);
  return error as ContractRevertError;
}

describe("invoice tasks", function () {
  describe("invoice fingerprint", function () {
    it("computes the fingerprints lib/trade/invoiceFingerprint.ts defines, from the fields as printed", async function () {
      const deployment = await caravel();
      const run = await runTask<FingerprintResult>(["invoice", "fingerprint"], invoice, deployment);
      const result = succeeded(run);
      expect(result.fingerprints).to.deep.equal(fingerprints);
      expect(run.out).to.deep.equal([
        "Normalized: invoice INV2026-0042 of 2026-11-20, seller GB123456789, buyer 91310101MA1FPX1234, 125,000.00 USD",
        `  exact fingerprint     ${fingerprints.exact}   (checked against the registered invoice)`,
        `  identity fingerprint  ${fingerprints.identity}   (seller, buyer and number only; with the seller's account, the invoice's id on the chain)`,
      ]);
    });

    it("reads the invoice from a JSON file", async function () {
      const deployment = await caravel();
      const file = path.join(files, "invoice.json");
      writeFileSync(file, JSON.stringify(invoice));
      const result = succeeded(
        await runTask<FingerprintResult>(["invoice", "fingerprint"], { invoice: file }, deployment),
      );
      expect(result.fingerprints).to.deep.equal(fingerprints);
    });

    const badInputs: [string, Record<string, string>, string][] = [
      [
        "an ambiguous date",
        { issueDate: "11/10/2026" },
        'Error CARAVEL-001: --issue-date: "11/10/2026" is ambiguous',
      ],
      [
        "more decimals than the currency has",
        { amount: "125000.001" },
        'Error CARAVEL-001: --amount: "125000.001" has 3 decimals; USD has 2.',
      ],
      [
        "an unknown currency",
        { currency: "XYZ" },
        'Error CARAVEL-001: --currency: "XYZ" is not an ISO 4217 currency code.',
      ],
      [
        "a missing field",
        { buyerTaxId: "" },
        "Error CARAVEL-001: --buyer-tax-id: is required (or give the whole invoice with --invoice).",
      ],
      [
        "both a file and fields",
        { invoice: "invoice.json" },
        "Error CARAVEL-001: --invoice: give the invoice file or its fields, not both.",
      ],
    ];
    for (const [what, override, message] of badInputs) {
      it(`refuses ${what}, naming the option`, async function () {
        const deployment = await caravel();
        const run = await runTask(
          ["invoice", "fingerprint"],
          { ...invoice, ...override },
          deployment,
        );
        failed(run);
        expect(run.err).to.have.length(1);
        expect(run.err[0]!.startsWith(message), run.err[0]).to.equal(true);
      });
    }

    it("refuses to work without the consortium's key", async function () {
      const deployment = await caravel();
      process.env[INVOICE_KEY_VARIABLE] = "0x1234";
      try {
        const run = await runTask(["invoice", "fingerprint"], invoice, deployment);
        expect(failed(run).descriptor).to.equal(TASK_ERRORS.INVOICE_KEY);
        expect(run.err[0]).to.equal(
          "Error CARAVEL-010: CARAVEL_INVOICE_KEY is not a fingerprint key: it takes 32 to 64 bytes as 0x-hex.",
        );
      } finally {
        process.env[INVOICE_KEY_VARIABLE] = KEY;
      }
    });
  });

  describe("invoice register", function () {
    it("registers the invoice under its fingerprints as its seller", async function () {
      const deployment = await caravel();
      const run = await runTask<RegisterResult>(
        ["invoice", "register"],
        { as: "exporter", ...invoice, send: true },
        deployment,
      );
      expect(succeeded(run).invoiceId).to.equal(invoiceId);
      const record = await (await invoiceRegistry(deployment)).invoice(invoiceId);
      expect(record.status).to.equal(1n);
      expect(run.out).to.include(
        `  event InvoiceRegistry.InvoiceRegistered(invoiceId: ${invoiceId}, seller: exporter (${exporter}), exactFingerprint: ${fingerprints.exact}, identityFingerprint: ${fingerprints.identity})`,
      );
    });

    it("refuses an invoice registered already, and an altered copy of it", async function () {
      const deployment = await registered();
      const again = await expectNothingSent(exporter, () =>
        runTask(["invoice", "register"], { as: "exporter", ...invoice, send: true }, deployment),
      );
      expect(again.err[0]).to.equal(
        `Error CARAVEL-402: Refused: this seller registered this invoice already (invoice ${invoiceId}).`,
      );
      const copy = await runTask(
        ["invoice", "register"],
        { as: "exporter", ...altered, send: true },
        deployment,
      );
      expect(copy.err[0]).to.equal(
        `Error CARAVEL-402: Refused: this seller registered an invoice with the same seller, buyer and number already (invoice ${invoiceId}), with a different date, amount or currency.`,
      );
    });

    it("refuses a seller that is not an exporter", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["invoice", "register"],
        { as: "issuingBank", ...invoice, send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumUnauthorizedAccount");
    });
  });

  describe("invoice finance", function () {
    it("finances a registered invoice", async function () {
      const deployment = await registered();
      const run = await runTask(
        ["invoice", "finance"],
        { as: "issuingBank", seller: "exporter", ...invoice, send: true },
        deployment,
      );
      succeeded(run);
      const record = await (await invoiceRegistry(deployment)).invoice(invoiceId);
      expect(record.bank).to.equal(issuingBank);
      expect(record.status).to.equal(2n);
      expect(run.out).to.include(
        `  event InvoiceRegistry.InvoiceFinanced(invoiceId: ${invoiceId}, bank: issuingBank (${issuingBank}), seller: exporter (${exporter}))`,
      );
    });

    it("refuses to finance an invoice a second time, at another bank, naming the first", async function () {
      const deployment = await financed();
      const run = await expectNothingSent(advisingBank, () =>
        runTask(
          ["invoice", "finance"],
          { as: "advisingBank", seller: "exporter", ...invoice, send: true },
          deployment,
        ),
      );
      const error = revertOf(failed(run));
      expect(error.revert.errorName).to.equal("InvoiceRegistryAlreadyFinanced");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-403: Refused: invoice ${invoiceId} was financed already, by issuingBank (${issuingBank}).`,
      );
      expect(run.err).to.include(
        "  Hint: Do not finance it: a receivable is financed once. If the invoice you hold differs, it is an altered copy.",
      );
    });

    it("refuses an invoice that was never registered", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["invoice", "finance"],
        { as: "issuingBank", seller: "exporter", ...invoice, send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-404: Refused: exporter (${exporter}) registered no invoice under this identity fingerprint.`,
      );
    });
  });

  describe("invoice check", function () {
    it("says an unregistered invoice cannot be financed", async function () {
      const deployment = await caravel();
      const run = await runTask<CheckResult>(
        ["invoice", "check"],
        { seller: "exporter", ...invoice },
        deployment,
      );
      expect(succeeded(run)).to.deep.include({ finding: "unregistered", financeable: false });
      expect(run.out.at(-1)).to.equal(
        "Not registered: the seller has not registered this invoice, so no bank can finance it.",
      );
    });

    it("says a registered invoice may be financed", async function () {
      const deployment = await registered();
      const run = await runTask<CheckResult>(
        ["invoice", "check"],
        { seller: "exporter", ...invoice },
        deployment,
      );
      const result = succeeded(run);
      expect(result).to.deep.include({ finding: "registered", financeable: true });
      expect(result.registered).to.deep.include({
        status: "Registered",
        seller: exporter,
        bank: null,
      });
      expect(run.out.at(-1)).to.equal("It may be financed.");
    });

    it("says a financed invoice was financed, by whom and when", async function () {
      const deployment = await financed();
      const run = await runTask<CheckResult>(
        ["invoice", "check"],
        { seller: "exporter", ...invoice },
        deployment,
      );
      const result = succeeded(run);
      expect(result).to.deep.include({ finding: "registered", financeable: false });
      expect(result.registered).to.deep.include({ status: "Financed", bank: issuingBank });
      expect(
        run.out.some((l) => l.startsWith(`  financed by issuingBank (${issuingBank}) on `)),
      ).to.equal(true);
      expect(run.out.at(-1)).to.equal("It may NOT be financed.");
    });

    // The record no longer holds its seller (it is in the invoice's id): the task reads it from
    // the financed invoice's InvoiceRegistered event.
    it("names the seller and bank of a registration financed under another seller of record", async function () {
      const deployment = await financed();
      const run = await runTask<CheckResult>(
        ["invoice", "check"],
        { seller: "importer", ...invoice },
        deployment,
      );
      const result = succeeded(run);
      expect(result).to.deep.include({ finding: "unregistered", financeable: false });
      expect(result.financedElsewhere).to.deep.include({
        invoiceId,
        seller: exporter,
        status: "Financed",
        bank: issuingBank,
      });
      expect(
        run.out.some((l) =>
          l.startsWith(
            `FINANCED ALREADY as invoice ${invoiceId} of exporter (${exporter}), by issuingBank (${issuingBank}) on `,
          ),
        ),
      ).to.equal(true);
    });

    it("recognises an altered copy of a registered invoice", async function () {
      const deployment = await registered();
      const run = await runTask<CheckResult>(
        ["invoice", "check"],
        { seller: "exporter", ...altered },
        deployment,
      );
      const result = succeeded(run);
      expect(result).to.deep.include({ finding: "altered-copy", financeable: false });
      expect(result.registered?.invoiceId).to.equal(invoiceId);
      expect(run.out[1]).to.equal(
        `NOT the registered invoice: invoice ${invoiceId} has the same seller, buyer and number but another date, amount or currency. Treat this copy as altered.`,
      );
    });
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { invoiceFingerprints, invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import { TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import type { ConfirmResult } from "../../tasks/voucher/confirm.ts";
import type { LimitsResult } from "../../tasks/voucher/limits.ts";
import type { ShowResult } from "../../tasks/voucher/show.ts";
import {
  DepositToken__factory,
  InvoiceRegistry__factory,
  PayableVoucher__factory,
} from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  networkHelpers,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const exporter = signers[demoMember("exporter").accountIndex]!;
const importer = signers[demoMember("importer").accountIndex]!;
const issuingBank = signers[demoMember("issuingBank").accountIndex]!;

const KEY = "0x" + "5c".repeat(32);
const files = mkdtempSync(path.join(tmpdir(), "caravel-voucher-"));
after(() => rmSync(files, { recursive: true, force: true }));

let serial = 0;
/** Registers a fresh invoice of the exporter directly; returns its file, as the importer received it, and its id. */
async function invoiceOfExporter(deployment: Deployment): Promise<string> {
  serial += 1;
  const fields = {
    sellerTaxId: "GB123456789",
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber: `SCF-${serial}`,
    issueDate: "2026-11-20",
    amount: "5000000.00",
    currency: "CNY",
  };
  const fingerprints = invoiceFingerprints(fields, KEY);
  const registry = InvoiceRegistry__factory.connect(
    addressOf(deployment, "InvoiceRegistry"),
    exporter,
  );
  await (await registry.register(fingerprints)).wait();
  const file = path.join(files, `invoice-${serial}.json`);
  writeFileSync(file, JSON.stringify(fields));
  return file;
}

/** The registry id of the exporter's invoice in `file`. */
function idOf(file: string): string {
  const fields = JSON.parse(readFileSync(file, "utf8")) as Parameters<
    typeof invoiceFingerprints
  >[0];
  return invoiceIdOf(exporter.address, invoiceFingerprints(fields, KEY).identity);
}

async function confirmed(): Promise<Deployment & { invoices: string[] }> {
  const deployment = await caravel();
  const invoices = [await invoiceOfExporter(deployment), await invoiceOfExporter(deployment)];
  succeeded(
    await runTask(
      ["voucher", "confirm"],
      {
        as: "importer",
        supplier: "exporter",
        amount: "10000000.00",
        maturity: await chainDate(90),
        invoices: invoices.join(","),
        send: true,
      },
      deployment,
    ),
  );
  // CNY deposits for the importer (to fund) and the issuing bank (to discount).
  const cny = DepositToken__factory.connect(addressOf(deployment, "CnyDepositToken"), issuingBank);
  for (const to of [importer, issuingBank]) {
    await (await cny.mint(to.address, 2_000_000_000n, ethers.id("task deposit"))).wait();
  }
  return { ...deployment, invoices };
}

describe("voucher tasks", function () {
  // Inside the suite: root-level hooks of every test file run before any test, so a key set at
  // the root would be overwritten by another file's.
  let savedKey: string | undefined;
  before(function () {
    savedKey = process.env[INVOICE_KEY_VARIABLE];
    process.env[INVOICE_KEY_VARIABLE] = KEY;
  });
  after(function () {
    if (savedKey === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
    else process.env[INVOICE_KEY_VARIABLE] = savedKey;
  });

  it("confirms a payable for the exporter's invoices and names the payable and voucher", async function () {
    const deployment = await caravel();
    const invoices = [await invoiceOfExporter(deployment), await invoiceOfExporter(deployment)];
    const run = await runTask<ConfirmResult>(
      ["voucher", "confirm"],
      {
        as: "importer",
        supplier: "exporter",
        amount: "10000000.00",
        maturity: await chainDate(90),
        invoices: invoices.join(","),
        send: true,
      },
      deployment,
    );
    const result = succeeded(run);
    expect(result.payableId).to.equal(1n);
    expect(result.voucherId).to.equal(1n);
    expect(result.amount).to.equal(1_000_000_000n);
    expect(result.invoiceIds).to.deep.equal(invoices.map(idOf));
    expect(run.out.slice(-2)).to.deep.equal([
      "Payable 1; the supplier's voucher 1.",
      `Invoices: ${invoices.map(idOf).join(", ")}`,
    ]);
  });

  it("simulates without --send and sends nothing", async function () {
    const deployment = await caravel();
    const invoice = await invoiceOfExporter(deployment);
    const run = await expectNothingSent(importer.address, () =>
      runTask<ConfirmResult>(
        ["voucher", "confirm"],
        {
          as: "importer",
          supplier: "exporter",
          amount: "1.00",
          maturity: "2099-01-01",
          invoices: invoice,
        },
        deployment,
      ),
    );
    expect(succeeded(run).payableId).to.equal(1n);
    expect(run.out[0]).to.match(/^Dry run: the chain would accept this/);
  });

  const badCurrency = path.join(files, "bad-currency.json");
  writeFileSync(
    badCurrency,
    JSON.stringify({
      sellerTaxId: "GB123456789",
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: "SCF-BAD",
      issueDate: "2026-11-20",
      amount: "1.00",
      currency: "XYZ",
    }),
  );
  const badInputs: [string, Record<string, string>, string][] = [
    [
      "an invoice file with an unknown currency, naming the file and the field",
      { invoices: badCurrency },
      `Error CARAVEL-001: --invoices: ${badCurrency}: currency: "XYZ" is not an ISO 4217 currency code.`,
    ],
    [
      "an invoice file that does not exist",
      { invoices: "/nonexistent/invoice.json" },
      "Error CARAVEL-001: --invoices: /nonexistent/invoice.json: cannot read the invoice as JSON (ENOENT: no such file or directory, open '/nonexistent/invoice.json').",
    ],
    [
      "a date that does not exist",
      { maturity: "2027-02-30" },
      'Error CARAVEL-001: --maturity: "2027-02-30" is not a date as YYYY-MM-DD (e.g. 2026-12-31).',
    ],
    [
      "more decimals than the token has",
      { amount: "1.001" },
      'Error CARAVEL-001: --amount: "1.001" has 3 decimal places; cCNY amounts take at most 2.',
    ],
  ];
  for (const [what, change, message] of badInputs) {
    it(`refuses ${what}, naming the option, before sending anything`, async function () {
      const deployment = await caravel();
      const invoice = await invoiceOfExporter(deployment);
      const run = await expectNothingSent(importer.address, () =>
        runTask(
          ["voucher", "confirm"],
          {
            as: "importer",
            supplier: "exporter",
            amount: "1.00",
            maturity: "2099-01-01",
            invoices: invoice,
            send: true,
            ...change,
          },
          deployment,
        ),
      );
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.INVALID_INPUT);
      expect(run.err).to.deep.equal([message]);
    });
  }

  it("decodes a confirmation beyond the limit into a sentence naming the limit and the shortfall", async function () {
    const deployment = await caravel();
    const invoice = await invoiceOfExporter(deployment);
    const run = await runTask(
      ["voucher", "confirm"],
      {
        as: "importer",
        supplier: "exporter",
        amount: "60000000.00",
        maturity: await chainDate(90),
        invoices: invoice,
        send: true,
      },
      deployment,
    );
    failed(run);
    expect(run.err[0]).to.equal(
      `Error CARAVEL-702: Refused: confirming 6000000000 would take importer (${importer.address})'s outstanding payables from 0 past its limit of 5000000000, short by 1000000000.`,
    );
  });

  it("splits, offers, accepts a discount and shows the split tree from the supplier down", async function () {
    const deployment = await confirmed();
    succeeded(
      await runTask(
        ["voucher", "split"],
        { as: "exporter", voucher: "1", to: "advisingBank", value: "3000000.00", send: true },
        deployment,
      ),
    );
    succeeded(
      await runTask(
        ["voucher", "offer"],
        {
          as: "advisingBank",
          voucher: "2",
          bank: "issuingBank",
          value: "1000000.00",
          maxRate: "3.5",
          expires: await chainDate(7),
          send: true,
        },
        deployment,
      ),
    );
    succeeded(
      await runTask(
        ["voucher", "accept"],
        { as: "issuingBank", offer: "1", rate: "3.5", send: true },
        deployment,
      ),
    );
    const run = await runTask<ShowResult>(["voucher", "show"], { payable: "1" }, deployment);
    const shown = succeeded(run);
    expect(shown.vouchers.map((v) => [v.voucherId, v.depth, v.value])).to.deep.equal([
      [1n, 0, 700_000_000n],
      [2n, 1, 200_000_000n],
      [3n, 2, 100_000_000n],
    ]);
    expect(shown.invoiceIds).to.deep.equal(deployment.invoices.map(idOf));
    expect(run.out).to.include.members([
      "Vouchers (split tree):",
      `  #1 exporter (${exporter.address}): 7,000,000.00 cCNY`,
    ]);
  });

  it("funds, sweeps and redeems at maturity, and shows the obligor's limits", async function () {
    const deployment = await confirmed();
    succeeded(
      await runTask(
        ["voucher", "fund"],
        { as: "importer", payable: "1", amount: "10000000.00", send: true },
        deployment,
      ),
    );
    const limits = succeeded(
      await runTask<LimitsResult>(["voucher", "limits"], { obligor: "importer" }, deployment),
    );
    expect(limits.outstanding).to.equal(0n);
    expect(limits.available).to.equal(5_000_000_000n);
    const redeemTooEarly = await runTask(
      ["voucher", "redeem"],
      { as: "exporter", voucher: "1", send: true },
      deployment,
    );
    expect(failed(redeemTooEarly).code).to.equal("CARAVEL-712");
    await networkHelpers.time.increase(91 * 86_400);
    succeeded(
      await runTask(["voucher", "sweep"], { as: "admin1", payable: "1", send: true }, deployment),
    );
    const vouchers = PayableVoucher__factory.connect(
      addressOf(deployment, "PayableVoucher"),
      ethers.provider,
    );
    expect((await vouchers.payableOf(1n)).redeemed).to.equal(1_000_000_000n);
    expect(await vouchers.status(1n)).to.equal(5n); // Settled
  });

  it("merges, withdraws an offer, and prints one JSON object with --json", async function () {
    const deployment = await confirmed();
    for (const value of ["1000.00", "2000.00"]) {
      succeeded(
        await runTask(
          ["voucher", "split"],
          { as: "exporter", voucher: "1", to: "exporter", value, send: true },
          deployment,
        ),
      );
    }
    succeeded(
      await runTask(
        ["voucher", "merge"],
        { as: "exporter", from: "3", into: "2", send: true },
        deployment,
      ),
    );
    succeeded(
      await runTask(
        ["voucher", "offer"],
        {
          as: "exporter",
          voucher: "2",
          bank: "issuingBank",
          value: "3000.00",
          maxRate: "4",
          expires: await chainDate(7),
          send: true,
        },
        deployment,
      ),
    );
    succeeded(
      await runTask(
        ["voucher", "withdraw"],
        { as: "exporter", offer: "1", send: true },
        deployment,
      ),
    );
    const accept = await runTask(
      ["voucher", "accept"],
      { as: "issuingBank", offer: "1", rate: "3", send: true },
      deployment,
    );
    expect(failed(accept).code).to.equal("CARAVEL-718");
    const run = await runTask(["voucher", "show"], { payable: "1", json: true }, deployment);
    expect(run.out).to.have.length(1);
    const shown = JSON.parse(run.out[0]!) as { vouchers: { voucherId: string; value: string }[] };
    expect(shown.vouchers.map((v) => [v.voucherId, v.value])).to.deep.equal([
      ["1", "999700000"],
      ["2", "300000"],
      ["3", "0"],
    ]);
  });
});

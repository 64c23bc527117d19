import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { billIssueStruct, documentHashOf, unLocode } from "../../lib/trade/billOfLading.ts";
import { invoiceFingerprints } from "../../lib/trade/invoiceFingerprint.ts";
import { goodsHashOf } from "../../lib/trade/purchaseOrder.ts";
import type { CheckResult } from "../../tasks/commitment/check.ts";
import type { ShowResult } from "../../tasks/commitment/show.ts";
import {
  BillOfLading__factory,
  InvoiceRegistry__factory,
  PurchaseOrder__factory,
} from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  chainTime,
  type Deployment,
  ethers,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const exporter = signers[demoMember("exporter").accountIndex]!;
const importer = signers[demoMember("importer").accountIndex]!;
const carrier = signers[demoMember("carrier").accountIndex]!;

const KEY = "0x" + "7c".repeat(32);
const GOODS = "120 ultrasound probes, model API-US7";
const files = mkdtempSync(path.join(tmpdir(), "caravel-commitment-"));
after(() => rmSync(files, { recursive: true, force: true }));

/**
 * An accepted order of CNY 1,000,000.00 from the importer to the exporter (GBFXT -> CNSHA, 60
 * days), the exporter's registered invoice for it (its file) and the carrier's bill, shipped a
 * day ago: order id 1, bill "MOLU-CMT-1".
 */
async function trade(): Promise<Deployment & { invoice: string }> {
  const deployment = await caravel();
  const now = await chainTime();
  const orders = PurchaseOrder__factory.connect(addressOf(deployment, "PurchaseOrder"), importer);
  const terms = {
    exporter: exporter.address,
    orderNumber: ethers.encodeBytes32String("HME-PO-7"),
    currency: "0x434e59",
    amount: 100_000_000n,
    goodsHash: goodsHashOf(GOODS),
    incoterm: "0x464f42",
    portOfLoading: unLocode("GBFXT"),
    portOfDischarge: unLocode("CNSHA"),
    latestShipmentAt: now + 30 * 86_400,
    paymentTermDays: 60,
  };
  const fingerprints = { exact: ethers.id("po exact"), fuzzy: ethers.id("po fuzzy") };
  await (await orders.issue(terms, fingerprints)).wait();
  await (await orders.connect(exporter).accept(1n)).wait();

  const fields = {
    sellerTaxId: "GB123456789",
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber: "ALB-INV-7",
    issueDate: "2026-11-20",
    amount: "1000000.00",
    currency: "CNY",
  };
  const invoices = InvoiceRegistry__factory.connect(
    addressOf(deployment, "InvoiceRegistry"),
    exporter,
  );
  await (await invoices.register(invoiceFingerprints(fields, KEY))).wait();
  const invoice = path.join(files, "invoice.json");
  writeFileSync(invoice, JSON.stringify(fields));

  const bills = BillOfLading__factory.connect(addressOf(deployment, "BillOfLading"), carrier);
  await (
    await bills.issue(
      billIssueStruct({
        blNumber: "MOLU-CMT-1",
        shipper: exporter.address,
        consignee: "to order",
        notifyParty: importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        shippedOnBoardAt: now - 86_400,
        documentHash: documentHashOf("B/L MOLU-CMT-1"),
      }),
    )
  ).wait();
  return { ...deployment, invoice };
}

async function committed(): Promise<Deployment & { invoice: string }> {
  const t = await trade();
  succeeded(
    await runTask(
      ["commitment", "offer"],
      {
        as: "issuingBank",
        order: "1",
        tolerance: "5",
        customs: "none",
        expires: await chainDate(90),
        send: true,
      },
      t,
    ),
  );
  succeeded(
    await runTask(["commitment", "consent"], { as: "importer", order: "1", send: true }, t),
  );
  return t;
}

function presentation(invoice: string, goods = GOODS) {
  return {
    order: "1",
    invoice,
    buyer: "importer",
    goods,
    carrier: "carrier",
    blNumber: "MOLU-CMT-1",
  };
}

describe("commitment tasks", function () {
  let savedKey: string | undefined;
  before(function () {
    savedKey = process.env[INVOICE_KEY_VARIABLE];
    process.env[INVOICE_KEY_VARIABLE] = KEY;
  });
  after(function () {
    if (savedKey === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
    else process.env[INVOICE_KEY_VARIABLE] = savedKey;
  });

  it("offers and consents, then shows the commitment Committed with its terms", async function () {
    const t = await committed();
    const run = await runTask<ShowResult>(["commitment", "show"], { order: "1" }, t);
    const shown = succeeded(run);
    expect(shown.status).to.equal("Committed");
    expect(shown.toleranceBps).to.equal(500n);
    expect(run.out[0]).to.equal("Commitment 1: Committed");
    expect(run.out[2]).to.match(
      /^ {2}terms {6}tolerance 5 %, customs clearance not required, expires /,
    );
  });

  it("checks a presentation without a transaction, naming every mismatched field", async function () {
    const t = await committed();
    const run = await runTask<CheckResult>(
      ["commitment", "check"],
      presentation(t.invoice, "120 ultrasound probes, model API-US9"),
      t,
    );
    expect(succeeded(run).fields).to.deep.equal(["InvoiceGoods"]);
    expect(run.out).to.deep.equal([
      "The documents do not match under commitment 1:",
      "  InvoiceGoods (the invoice's goods are not the order's (goods hash))",
    ]);
  });

  it("presents matching documents: the commitment is irrevocable and the exporter holds the bank's voucher", async function () {
    const t = await committed();
    const check = await runTask<CheckResult>(["commitment", "check"], presentation(t.invoice), t);
    expect(succeeded(check).mismatches).to.equal(0n);
    succeeded(
      await runTask(
        ["commitment", "present"],
        { as: "exporter", ...presentation(t.invoice), send: true },
        t,
      ),
    );
    const run = await runTask<ShowResult>(["commitment", "show"], { order: "1" }, t);
    const shown = succeeded(run);
    expect(shown.status).to.equal("Irrevocable");
    expect(shown.amount).to.equal(100_000_000n);
    expect(run.out.find((line) => line.startsWith("  pays"))).to.match(
      /^ {2}pays {7}1,000,000\.00 cCNY on \S.*: payable 1, the exporter's voucher 1$/,
    );
  });

  it("refuses a mismatched presentation with the sentence naming the fields", async function () {
    const t = await committed();
    const run = await runTask(
      ["commitment", "present"],
      { as: "exporter", ...presentation(t.invoice, "bolts"), buyer: "advisingBank", send: true },
      t,
    );
    const error = failed(run);
    expect(error.message).to.include("do not match: InvoiceBuyer");
    expect(error.message).to.include("InvoiceGoods");
  });

  it("refuses an offer on an order that does not exist, naming its status", async function () {
    const t = await trade();
    const run = await runTask(
      ["commitment", "offer"],
      {
        as: "issuingBank",
        order: "9",
        tolerance: "5",
        customs: "none",
        expires: await chainDate(90),
      },
      t,
    );
    expect(failed(run).message).to.include("order 9 is None, not Accepted");
  });
});

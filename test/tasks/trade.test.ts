import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { invoiceFingerprints, invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import type { TradeStatusResult } from "../../tasks/trade/status.ts";
import { INVOICE_KEY_VARIABLE } from "../../lib/env/variables.ts";
import { customsEvent } from "../oracle/helpers/customsReport.ts";
import { submitCustomsReport } from "./customs.ts";
import { chainTime, ethers, failed, runTask, succeeded } from "./helpers.ts";
import { applied, BL, CERTIFICATE, presentation, send, shipped } from "./tradeFlow.ts";

const signers = await ethers.getSigners();
const account = (key: string) => signers[demoMember(key).accountIndex]!.address;

const KEY = "0x" + "a5".repeat(32);
const invoice = {
  sellerTaxId: "GB 123 4567 89",
  buyerTaxId: "91310101MA1FPX1234",
  invoiceNumber: "ALB-2026-0042",
  issueDate: "2026-11-20",
  amount: "250,000.00",
  currency: "USD",
};

let savedKey: string | undefined;
before(function () {
  savedKey = process.env[INVOICE_KEY_VARIABLE];
  process.env[INVOICE_KEY_VARIABLE] = KEY;
});
after(function () {
  if (savedKey === undefined) Reflect.deleteProperty(process.env, INVOICE_KEY_VARIABLE);
  else process.env[INVOICE_KEY_VARIABLE] = savedKey;
});

describe("trade status", function () {
  it("tells a whole trade in order: credit, bill, certificate, invoice, customs, payment", async function () {
    const deployment = await shipped();
    await send(deployment, ["invoice", "register"], { as: "exporter", ...invoice });
    await send(deployment, ["credit", "present"], presentation);
    await send(deployment, ["credit", "examine"], { as: "advisingBank", credit: "1" });
    await send(deployment, ["credit", "honour"], { as: "advisingBank", credit: "1" });
    await send(deployment, ["bill", "endorse"], {
      as: "advisingBank",
      bill: BL,
      to: "issuingBank",
    });
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
    await send(deployment, ["credit", "settle"], { as: "exporter", credit: "1" });

    // The invoice's id is bound to its seller (the exporter registered it).
    const invoiceId = invoiceIdOf(
      (await ethers.getSigners())[demoMember("exporter").accountIndex]!.address,
      invoiceFingerprints(invoice, KEY).identity,
    );
    const run = await runTask<TradeStatusResult>(
      ["trade", "status"],
      { credit: "1", invoiceId },
      deployment,
    );
    const result = succeeded(run);
    expect(result.status).to.equal("Closed");
    expect(result.bills).to.deep.equal([
      {
        blNumber: BL,
        status: "Active",
        holder: account("issuingBank"),
        shipmentRef: shipmentRefOf(account("carrier"), BL),
      },
    ]);
    expect(result.certificates).to.deep.equal([CERTIFICATE]);
    expect(result.timeline.map((e) => e.source)).to.deep.equal([
      ...["credit", "credit", "credit", "credit", "credit"], // applied, escrow, issued, advised, fee
      ...["bill", "certificate", "bill", "invoice"], // issued, issued, endorsed, registered
      ...["credit", "credit", "credit"], // presented, examined, honoured
      "bill", // endorsed to the issuing bank
      ...["customs", "customs", "customs"], // arrived, accepted, cleared
      ...["credit", "credit"], // paid, closed
    ]);
    const texts = result.timeline.map((e) => e.text);
    expect(texts[0]).to.match(/^applied for credit 1 in favour of exporter /);
    expect(texts).to.include(`bill ${BL} issued to exporter (${account("exporter")})`);
    expect(texts).to.include(
      `certificate of origin ${CERTIFICATE} issued for exporter (${account("exporter")})`,
    );
    expect(texts).to.include("invoice registered by its seller");
    expect(texts.some((t) => t.startsWith(`shipment ${BL}: Cleared: status now Cleared`))).to.equal(
      true,
    );
    expect(texts).to.include(
      `PAID 1,775,000.00 cCNY (250,000.00 USD) to exporter (${account("exporter")})`,
    );
    // In chain order, each with its time and party.
    for (let i = 1; i < result.timeline.length; i++) {
      const [a, b] = [result.timeline[i - 1]!, result.timeline[i]!];
      expect(
        a.blockNumber < b.blockNumber ||
          (a.blockNumber === b.blockNumber && a.logIndex < b.logIndex),
      ).to.equal(true);
      expect(a.at).to.be.at.most(b.at);
    }
    const paid = result.timeline.find((e) => e.text.startsWith("PAID"))!;
    expect(paid.party).to.equal(account("exporter"));
    expect(run.out[0]).to.equal(
      `Trade under credit 1 (Closed): importer (${account("importer")}) buys from exporter (${account("exporter")}), paid in cCNY.`,
    );
    expect(
      run.out.some((l) => /UTC {2}customs +oracle1 +shipment MRDN2611GB0042: Cleared/.test(l)),
    ).to.equal(true);
  });

  it("includes a bill named on the command line before it is presented", async function () {
    const deployment = await shipped();
    const before = succeeded(
      await runTask<TradeStatusResult>(["trade", "status"], { credit: "1" }, deployment),
    );
    expect(before.bills).to.deep.equal([]);
    const withBill = succeeded(
      await runTask<TradeStatusResult>(
        ["trade", "status"],
        { credit: "1", bill: BL, certificate: CERTIFICATE },
        deployment,
      ),
    );
    expect(withBill.bills.map((b) => b.blNumber)).to.deep.equal([BL]);
    expect(withBill.certificates).to.deep.equal([CERTIFICATE]);
    expect(withBill.timeline.filter((e) => e.source === "bill").map((e) => e.text)).to.deep.equal([
      `bill ${BL} issued to exporter (${account("exporter")})`,
      `bill ${BL} endorsed to advisingBank (${account("advisingBank")})`,
    ]);
  });

  it("shows the vouchers that pay a trade's invoice, with their split tree", async function () {
    const deployment = await shipped();
    await send(deployment, ["invoice", "register"], { as: "exporter", ...invoice });
    const invoiceId = invoiceIdOf(account("exporter"), invoiceFingerprints(invoice, KEY).identity);
    // The importer received the invoice and confirms the payable for it, by its file.
    const invoiceFile = path.join(
      mkdtempSync(path.join(tmpdir(), "caravel-trade-")),
      "invoice.json",
    );
    writeFileSync(invoiceFile, JSON.stringify(invoice));
    const maturity = new Date(((await chainTime()) + 90 * 86_400) * 1000)
      .toISOString()
      .slice(0, 10);
    await send(deployment, ["voucher", "confirm"], {
      as: "importer",
      supplier: "exporter",
      amount: "1775000.00",
      maturity,
      invoices: invoiceFile,
    });
    await send(deployment, ["voucher", "split"], {
      as: "exporter",
      voucher: "1",
      to: "advisingBank",
      value: "775000.00",
    });
    const run = await runTask<TradeStatusResult>(
      ["trade", "status"],
      { credit: "1", invoiceId },
      deployment,
    );
    const result = succeeded(run);
    expect(result.voucherPayable?.payableId).to.equal(1n);
    expect(result.voucherPayable?.vouchers.map((v) => [v.holder, v.value, v.depth])).to.deep.equal([
      [account("exporter"), 100_000_000n, 0],
      [account("advisingBank"), 77_500_000n, 1],
    ]);
    expect(result.timeline.map((e) => e.text)).to.include(
      "invoice backs payable 1 of the vouchers",
    );
    expect(result.backingInvoiceId).to.equal(null);
    expect(run.out).to.include("The invoice is paid through vouchers:");
  });

  it("refuses an unknown credit and a malformed invoice id", async function () {
    const deployment = await applied();
    const unknown = await runTask(["trade", "status"], { credit: "9" }, deployment);
    expect(unknown.err[0]).to.equal("Error CARAVEL-501: Refused: there is no credit 9.");
    const malformed = await runTask(
      ["trade", "status"],
      { credit: "1", invoiceId: "INV-1" },
      deployment,
    );
    failed(malformed);
    expect(malformed.err).to.deep.equal([
      "Error CARAVEL-001: --invoice-id: is not an invoice id (0x + 64 hex digits).",
    ]);
  });
});

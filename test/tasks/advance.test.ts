/**
 * The `advance` tasks against the whole Caravel deployment: a bank offers an advance on an
 * accepted order, the exporter accepts it binding the shipment, the bank funds it, the customs
 * oracle's milestones release the tranches, `advance show` tells where it stands and `trade
 * facilities` lists every facility of the trade; bad input
 * is refused naming the option before anything is sent, a refused step reads as its sentence.
 */
import { expect } from "chai";
import { solidityPackedKeccak256 } from "ethers";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { purchaseOrderFingerprints } from "../../lib/trade/documentFingerprint.ts";
import { normalizeOrderTerms, orderTermsFor } from "../../lib/trade/purchaseOrder.ts";
import type { AdvanceView } from "../../tasks/advance/show.ts";
import type { FacilitiesResult } from "../../tasks/trade/facilities.ts";
import {
  DepositToken__factory,
  PurchaseOrder__factory,
} from "../../types/ethers-contracts/index.js";
import { customsEvent } from "../oracle/helpers/customsReport.ts";
import { submitCustomsReport } from "./customs.ts";
import {
  addressOf,
  caravel,
  chainDate,
  chainTime,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const exporter = signers[demoMember("exporter").accountIndex]!;
const importer = signers[demoMember("importer").accountIndex]!;
const issuingBank = signers[demoMember("issuingBank").accountIndex]!;
const carrier = signers[demoMember("carrier").accountIndex]!;
const BL = "MEDU4471901";

/** The deployment with an accepted USD 250,000.00 order (id 1) and USD deposits at the bank. */
async function withOrder(): Promise<Deployment> {
  const deployment = await caravel();
  const orders = PurchaseOrder__factory.connect(addressOf(deployment, "PurchaseOrder"), importer);
  const latestShipmentDate = await chainDate(30);
  const raw = {
    exporter: exporter.address,
    orderNumber: "PO-ADV-1",
    currency: "USD",
    amount: "250,000.00",
    goods: "2,000 cartons of ceramic tableware",
    incoterm: "FOB",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    latestShipmentDate,
    paymentTermDays: 60,
  };
  const terms = orderTermsFor(normalizeOrderTerms(raw, BigInt(await chainTime())), 2);
  const fingerprints = purchaseOrderFingerprints(
    {
      importerId: "91310101MA1FPX1234",
      exporterId: "GB284113762",
      orderNumber: raw.orderNumber,
      amount: raw.amount,
      currency: raw.currency,
      goods: raw.goods,
      latestShipmentDate,
      paymentTermDays: raw.paymentTermDays,
    },
    "0x" + "7c".repeat(32),
  );
  await (await orders.issue(terms, fingerprints)).wait();
  await (await orders.connect(exporter).accept(1n)).wait();
  const usd = DepositToken__factory.connect(addressOf(deployment, "UsdDepositToken"), issuingBank);
  await (await usd.mint(issuingBank.address, 100_000_000n, ethers.id("task deposit"))).wait();
  return deployment;
}

async function offerOptions() {
  return {
    as: "issuingBank",
    exporter: "exporter",
    source: "order",
    sourceId: "1",
    limit: "200000.00",
    share: "80",
    rate: "7.2",
    expires: await chainDate(7),
    tranches: "declaration:30,loaded:40,departed:30",
    send: true,
  };
}

describe("advance tasks", function () {
  it("offers, accepts, funds and releases tranches as the customs oracle reports the milestones", async function () {
    const deployment = await withOrder();
    succeeded(await runTask(["advance", "offer"], await offerOptions(), deployment));
    succeeded(
      await runTask(
        ["advance", "accept"],
        { as: "exporter", id: "1", carrier: "carrier", bl: BL, send: true },
        deployment,
      ),
    );
    succeeded(
      await runTask(["advance", "fund"], { as: "issuingBank", id: "1", send: true }, deployment),
    );

    const early = await runTask(
      ["advance", "claim"],
      { as: "exporter", id: "1", tranche: "0", send: true },
      deployment,
    );
    expect(failed(early).code).to.equal("CARAVEL-886");

    const shipmentRef = solidityPackedKeccak256(["address", "string"], [carrier.address, BL]);
    const now = await chainTime();
    await submitCustomsReport(deployment, [
      customsEvent(shipmentRef, "DeclarationAccepted", now - 7200, "GBFXT"),
      customsEvent(shipmentRef, "Loaded", now - 3600, "GBFXT"),
    ]);
    for (const tranche of ["0", "1"]) {
      succeeded(
        await runTask(
          ["advance", "claim"],
          { as: "exporter", id: "1", tranche, send: true },
          deployment,
        ),
      );
    }
    const show = await runTask<AdvanceView>(["advance", "show"], { id: "1" }, deployment);
    const view = succeeded(show);
    expect(view.status).to.equal("Funded");
    expect(view.released).to.equal(14_000_000n);
    expect(view.held).to.equal(6_000_000n);
    expect(view.tranches.map((t) => [t.milestone, t.released])).to.deep.equal([
      ["ExportDeclarationAccepted", true],
      ["Loaded", true],
      ["Departed", false],
    ]);
    expect(show.out).to.include("  2. 30.00 % on Departed: waiting for the milestone");

    const facilities = await runTask<FacilitiesResult>(
      ["trade", "facilities"],
      { order: "1" },
      deployment,
    );
    const trade = succeeded(facilities);
    expect(trade.order.status).to.equal("Accepted");
    expect(trade.orderBacks?.product).to.equal(addressOf(deployment, "PreShipmentAdvance"));
    expect(trade.commitment).to.equal(null);
    expect(trade.advances.map((a) => [a.advanceId, a.status])).to.deep.equal([[1n, "Funded"]]);
    expect(facilities.out).to.include("No payment commitment rests on the order.");
  });

  const badInputs: [string, Record<string, string>, string][] = [
    [
      "tranches that do not add up to 100 %",
      { tranches: "declaration:30,loaded:40" },
      "Error CARAVEL-001: --tranches: the shares add up to 70 %, not 100 %.",
    ],
    [
      "a source that is neither an order nor a credit",
      { source: "invoice" },
      'Error CARAVEL-001: --source: "invoice" is not order or credit.',
    ],
    [
      "a share above 100 %",
      { share: "120" },
      'Error CARAVEL-001: --share: "120" is not a share in percent above 0 and at most 100, with at most two decimals.',
    ],
  ];
  for (const [what, change, message] of badInputs) {
    it(`refuses ${what}, naming the option, before sending anything`, async function () {
      const deployment = await withOrder();
      const run = await expectNothingSent(issuingBank.address, async () =>
        runTask(["advance", "offer"], { ...(await offerOptions()), ...change }, deployment),
      );
      expect(failed(run).descriptor).to.equal(TASK_ERRORS.INVALID_INPUT);
      expect(run.err).to.deep.equal([message]);
    });
  }
});

/**
 * Whole trades on the contracts as they will run together: the real consortium registry, the real
 * certificate-of-origin registry (certificates issued by the chamber), the CNY deposit token, the
 * consortium's USD/CNY feed and the automation sweep, and the real electronic bill of lading (issued
 * by the carrier, endorsed or pledged by its holders). Customs status comes from a test double of
 * ICustomsStatus.
 *
 * 1. A complete credit: USD 250,000 CIF Shanghai, settled in a CNY deposit token, paid by the
 *    upkeep once title has passed to the issuing bank and Shanghai customs has cleared the goods.
 * 2. A credit refused for discrepancies, not waived, released back to the issuing bank at expiry.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { shipmentRefOf, unLocode } from "../../lib/trade/billOfLading.ts";
import { CustomsEventType, LcStatus, PresentationOutcome } from "../../lib/trade/enums.ts";
import { publishByQuorum } from "../../lib/chain/fxFeed.ts";
import {
  bankDiscrepancy,
  buildDocuments,
  buildTerms,
  certificateId,
  countryCode,
  DISCREPANCY_TEXT,
  discrepancies,
  documentHash,
  endOfLocalDay,
  parseAmount,
  readCredit,
  startOfLocalDay,
} from "../../lib/trade/letterOfCredit.ts";
import { deployTradeWorld, issueBill, LONDON, SHANGHAI } from "./fixtures.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;
const CNY = (value: string): bigint => parseAmount(value, 2);
const USD = (value: string): bigint => parseAmount(value, 2); // credit amounts carry the token's decimals

async function tradeFixture() {
  return deployTradeWorld(ethers, networkHelpers);
}

type Trade = Awaited<ReturnType<typeof tradeFixture>>;

async function publishRate(t: Trade, rate: string): Promise<void> {
  const [whole, fraction = ""] = rate.split(".");
  // The feed's publishers each observe the rate: their median is the new round.
  await publishByQuorum(
    t.usdCny,
    t.fxPublishers,
    BigInt(whole! + fraction.padEnd(8, "0")),
    await time.latest(),
  );
}

/** The importer applies, the issuing bank issues (escrow at today's rate) and the advising bank advises. */
async function openCredit(
  t: Trade,
  amount: bigint,
  customsClearanceRequired: boolean,
): Promise<bigint> {
  const lcId = (await t.lc.creditCount()) + 1n;
  const terms = buildTerms({
    beneficiary: t.exporter.address,
    issuingBank: t.issuingBank.address,
    advisingBank: t.advisingBank.address,
    settlementToken: await t.cny.getAddress(),
    fxFeed: await t.usdCny.getAddress(),
    currency: "USD",
    amount,
    customsClearanceRequired,
    expiresAt: endOfLocalDay("2030-05-31", LONDON),
    placeOfExpiry: "GBLON",
    latestShipmentAt: endOfLocalDay("2030-04-15", LONDON),
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: "Surgical-grade precision instruments, HS 9018.90",
    advisingFee: CNY("1500.00"),
  });
  await t.lc.connect(t.importer).applyForCredit(terms);
  await t.lc.connect(t.issuingBank).issue(lcId, await t.lc.requiredEscrow(lcId));
  await t.lc.connect(t.advisingBank).advise(lcId);
  return lcId;
}

/** The London chamber issues a certificate of origin for the goods. */
async function issueCertificate(t: Trade, number: string, document: string): Promise<void> {
  await t.certificates.connect(t.chamber).issue({
    number,
    exporter: t.exporter.address,
    consignee: t.importer.address,
    hsCodes: [901890],
    countryOfOrigin: countryCode("GB"),
    originCriterion: ethers.zeroPadBytes(ethers.toUtf8Bytes("WO"), 4),
    tradeAgreement: ethers.zeroPadBytes(ethers.toUtf8Bytes("NON-PREFERENTIAL"), 16),
    issuedAt: await time.latest(),
    validUntil: endOfLocalDay("2030-12-31", LONDON),
    documentHash: documentHash(document),
  });
}

describe("LetterOfCredit — whole trades", function () {
  it("a complete credit: from application to automatic payment in a CNY deposit token", async function () {
    const t = await networkHelpers.loadFixture(tradeFixture);
    await publishRate(t, "7.1000");
    const lcId = await openCredit(t, USD("250000.00"), true);
    expect((await t.lc.escrowOf(lcId)).escrowed).to.equal(CNY("1776500.00")); // 250,000 x 7.10 + 1,500 fee
    expect(await t.cny.balanceOf(t.advisingBank.address)).to.equal(CNY("1500.00"));

    // Shipment, documents.
    await time.increaseTo(startOfLocalDay("2030-04-01", LONDON) + 14 * 3600);
    const billId = await issueBill(t, "MOLU2030000123", await time.latest());
    const shipmentRef = shipmentRefOf(t.carrier.address, "MOLU2030000123");
    await issueCertificate(t, "GB-LCCI-2030-000123", "Certificate GB-LCCI-2030-000123");
    // The exporter endorses the bill to the bank it presents to.
    await t.bills.connect(t.exporter).endorse(billId, t.advisingBank.address);

    // Presentation, examination, honour.
    await time.increaseTo(startOfLocalDay("2030-04-03", LONDON) + 10 * 3600);
    const documents = buildDocuments({
      presentedTo: t.advisingBank.address,
      amount: USD("250000.00"),
      billId,
      certificate: { number: "GB-LCCI-2030-000123", document: "Certificate GB-LCCI-2030-000123" },
      invoice: "Commercial invoice ALB-2030-0042",
    });
    await t.lc.connect(t.exporter).present(lcId, documents);
    await expect(t.lc.connect(t.advisingBank).examine(lcId))
      .to.emit(t.lc, "PresentationExamined")
      .withArgs(lcId, 0n, t.advisingBank.address, 0n);
    await t.lc.connect(t.advisingBank).honour(lcId);

    // The advising bank passes the documents on: title to the issuing bank. Still nothing is paid
    // until customs clears the goods.
    await t.bills.connect(t.advisingBank).endorse(billId, t.issuingBank.address);
    const [neededBeforeClearance] = await t.automation.checkUpkeep("0x");
    expect(neededBeforeClearance).to.equal(false);
    await expect(t.lc.previewSettlement(lcId))
      .to.be.revertedWithCustomError(t.lc, "LetterOfCreditCustomsNotCleared")
      .withArgs(lcId, shipmentRef);

    await time.increaseTo(startOfLocalDay("2030-05-06", SHANGHAI) + 11 * 3600);
    // Another carrier's shipment under the same B/L number is cleared at Shanghai first: B/L
    // numbers are unique per carrier only, and that clearance is not this bill's.
    const otherCarriersShipment = shipmentRefOf(t.outsiders[1]!.address, "MOLU2030000123");
    const shanghai = unLocode("CNSHA");
    await t.customs.record(
      otherCarriersShipment,
      CustomsEventType.Cleared,
      await time.latest(),
      shanghai,
    );
    await expect(t.lc.previewSettlement(lcId))
      .to.be.revertedWithCustomError(t.lc, "LetterOfCreditCustomsNotCleared")
      .withArgs(lcId, shipmentRef);
    await t.customs.record(shipmentRef, CustomsEventType.Arrived, await time.latest(), shanghai);
    await t.customs.record(
      shipmentRef,
      CustomsEventType.Cleared,
      (await time.latest()) + 1,
      shanghai,
    );
    await publishRate(t, "7.0950");
    const [needed, performData] = await t.automation.checkUpkeep("0x");
    expect(needed).to.equal(true);

    const before = await t.cny.balanceOf(t.issuingBank.address);
    const tx = await t.automation.connect(t.outsiders[0]!).performUpkeep(performData);
    await expect(tx)
      .to.emit(t.lc, "DrawingSettled")
      .withArgs(lcId, 0n, t.exporter.address, USD("250000.00"), CNY("1773750.00"));
    // Nothing is left to draw (exact amount): the credit closes and returns the unused escrow.
    await expect(tx).to.emit(t.lc, "CreditClosed").withArgs(lcId, CNY("1250.00"));
    expect(await t.cny.balanceOf(t.exporter.address)).to.equal(CNY("1773750.00"));
    expect((await t.cny.balanceOf(t.issuingBank.address)) - before).to.equal(CNY("1250.00"));
    expect(await t.cny.balanceOf(await t.lc.getAddress())).to.equal(0n);
    expect(await t.lc.status(lcId)).to.equal(LcStatus.Closed);
  });

  it("a credit refused for discrepancies, not waived, and released to the issuing bank at expiry", async function () {
    const t = await networkHelpers.loadFixture(tradeFixture);
    await publishRate(t, "7.1000");
    const lcId = await openCredit(t, USD("80000.00"), false);
    const escrowed = (await t.lc.escrowOf(lcId)).escrowed;

    await time.increaseTo(startOfLocalDay("2030-04-01", LONDON) + 14 * 3600);
    const billId = await issueBill(t, "MOLU2030000456", await time.latest());
    await issueCertificate(t, "GB-LCCI-2030-000456", "Certificate GB-LCCI-2030-000456");
    // The chamber withdraws the certificate: the goods were found to be of another origin.
    await t.certificates
      .connect(t.chamber)
      .revoke(certificateId("GB-LCCI-2030-000456"), "origin not substantiated");
    await t.bills.connect(t.exporter).pledge(billId, t.advisingBank.address);

    // Presented 25 days after shipment.
    await time.increaseTo(startOfLocalDay("2030-04-26", LONDON) + 10 * 3600);
    await t.lc.connect(t.exporter).present(
      lcId,
      buildDocuments({
        presentedTo: t.advisingBank.address,
        amount: USD("80000.00"),
        billId,
        certificate: { number: "GB-LCCI-2030-000456", document: "Certificate GB-LCCI-2030-000456" },
        invoice: "Commercial invoice ALB-2030-0057",
      }),
    );
    await t.lc.connect(t.advisingBank).examine(lcId);
    const chain = discrepancies(["LatePresentation", "CertificateInvalid"]);
    const bank = [bankDiscrepancy("INVOICE_GOODS_DESCRIPTION")];
    await expect(t.lc.connect(t.advisingBank).refuse(lcId, bank))
      .to.emit(t.lc, "PresentationRefused")
      .withArgs(lcId, 0n, t.advisingBank.address, chain, bank);
    expect((await t.lc.presentation(lcId, 0n)).outcome).to.equal(PresentationOutcome.Refused);
    const summary = await readCredit(t.lc, lcId);
    expect(summary.status).to.equal("Refused");
    expect(summary.currency).to.equal("USD");
    expect(summary.presentations[0]!.discrepancies).to.deep.equal([
      DISCREPANCY_TEXT.LatePresentation,
      DISCREPANCY_TEXT.CertificateInvalid,
    ]);
    expect(summary.presentations[0]!.bankDiscrepancies).to.deep.equal([
      "INVOICE_GOODS_DESCRIPTION",
    ]);

    // The applicant does not waive; after expiry the sweep returns the escrow.
    await time.increaseTo(endOfLocalDay("2030-05-31", LONDON) + DAY);
    expect(await t.lc.status(lcId)).to.equal(LcStatus.Expired);
    const [needed, performData] = await t.automation.checkUpkeep("0x");
    expect(needed).to.equal(true);
    const refund = escrowed - CNY("1500.00");
    const tx = await t.automation.performUpkeep(performData);
    await expect(tx).to.emit(t.lc, "CreditClosed").withArgs(lcId, refund);
    await expect(tx).to.changeTokenBalances(
      ethers,
      t.cny,
      [t.issuingBank, t.lc],
      [refund, -refund],
    );
    expect(await t.cny.balanceOf(t.exporter.address)).to.equal(0n);
  });
});

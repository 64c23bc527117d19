/**
 * Demo chapters: two letters of credit under UCP 600.
 *
 * 1. USD 250,000 CIF Shanghai, issued in Shanghai, advised in London, escrowed in a CNY deposit
 *    token at the consortium's USD/CNY rate; documents presented and found complying; the bill
 *    endorsed on to the issuing bank; the goods cleared by Shanghai customs, reported by the
 *    oracle network; the automation sweep pays the exporter by itself. The presentation claims the
 *    invoice and the bill in the consortium's document-financing guard, so a bank offered the same
 *    invoice for financing is refused (one document backs one facility, across products).
 * 2. A second credit, presented late with a withdrawn certificate: refused in one notice listing
 *    every discrepancy; the applicant does not waive; at expiry the sweep returns the escrow.
 */
import { id } from "ethers";

import { shipmentRefOf, billIssueStruct, billIdOf } from "../../../lib/trade/billOfLading.ts";
import {
  billOfLadingFingerprints,
  claimList,
  invoiceDocumentFingerprints,
} from "../../../lib/trade/documentFingerprint.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";
import { countryBytes } from "../../../lib/iso/iso3166.ts";
import {
  bankDiscrepancy,
  buildDocuments,
  buildTerms,
  certificateId,
  dayNumber,
  documentHash,
  endOfLocalDay,
  parseAmount,
  readCredit,
} from "../../../lib/trade/letterOfCredit.ts";
import { type DemoContext, deployed, member } from "../DemoContext.ts";
import { DEMO_FINGERPRINT_KEY } from "./documentsOfTheTrade.ts";

const LONDON = 0;
const SHANGHAI = 8 * 60;
const SATURDAY_AND_SUNDAY = 0x60;
const money = (value: string): bigint => parseAmount(value, 2); // both deposit tokens have 2 decimals
const show = (units: bigint, currency: string): string =>
  `${currency} ${(Number(units) / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}`;

/** How customs and transport events reach the chain in the demo (the oracle network). */
export interface CustomsReporter {
  /** Report that shipment `blNumber` went from export declaration to cleared at `portOfDischarge`. */
  reportJourney(journey: ShipmentJourney): Promise<void>;
}

export interface ShipmentJourney {
  blNumber: string;
  /** The member address of the carrier that issued the bill (part of the shipment reference). */
  carrier: string;
  exportDeclarationId: string;
  importDeclarationId: string;
  portOfLoading: string;
  portOfDischarge: string;
  /** Unix seconds of the first event (export declaration accepted). */
  startsAt: number;
}

async function contracts(ctx: DemoContext) {
  const { ethers } = ctx.connection;
  const lc = await ethers.getContractAt("LetterOfCredit", deployed(ctx, "letterOfCredit"));
  return {
    lc,
    automation: await ethers.getContractAt(
      "LetterOfCreditAutomation",
      deployed(ctx, "letterOfCreditAutomation"),
    ),
    calendar: await ethers.getContractAt("BankingCalendar", deployed(ctx, "bankingCalendar")),
    cny: await ethers.getContractAt("DepositToken", deployed(ctx, "cnyDeposit")),
    usdCny: await ethers.getContractAt("ConsortiumFxFeed", deployed(ctx, "usdCnyFeed")),
    bills: await ethers.getContractAt("BillOfLading", deployed(ctx, "billOfLading")),
    certificates: await ethers.getContractAt(
      "CertificateOfOriginRegistry",
      deployed(ctx, "certificateOfOrigin"),
    ),
    customs: await ethers.getContractAt("CustomsOracle", deployed(ctx, "customsOracle")),
    invoices: await ethers.getContractAt("InvoiceRegistry", deployed(ctx, "invoiceRegistry")),
  };
}

/**
 * The fingerprints a presentation claims in the document-financing guard the credits name: the
 * invoice's (from its fields) and the bill's (carrier, B/L number, document hash), under the
 * consortium's key.
 */
function guardFingerprints(
  invoice: Record<string, string>,
  bill: { carrier: string; blNumber: string; documentHash: string },
) {
  return {
    invoiceFingerprints: claimList(invoiceDocumentFingerprints(invoice, DEMO_FINGERPRINT_KEY)),
    billFingerprints: claimList(billOfLadingFingerprints(bill, DEMO_FINGERPRINT_KEY)),
  };
}

/** A commercial invoice of Albion Precision's to Huangpu Medical. */
function albionInvoice(invoiceNumber: string, issueDate: string, amount: string) {
  return {
    sellerTaxId: "GB 123 4567 89",
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber,
    issueDate,
    amount,
    currency: "USD",
  };
}

type Contracts = Awaited<ReturnType<typeof contracts>>;

/** The banks' calendars, the CNY deposits, and today's USD/CNY rate. */
export async function preparingTheMoney(ctx: DemoContext): Promise<void> {
  const c = await contracts(ctx);
  const issuingBank = member(ctx, "issuingBank");
  const advisingBank = member(ctx, "advisingBank");
  ctx.timeline.chapter("Money and calendars");
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    "declares its banking week: Monday to Friday, Shanghai time (UTC+8)",
    () => c.calendar.connect(issuingBank).setBankingWeek(SATURDAY_AND_SUNDAY, SHANGHAI),
  );
  await ctx.timeline.step(
    "Thames Trade Bank",
    "declares its banking week (Monday to Friday, London) and Good Friday and Easter Monday as holidays",
    () => c.calendar.connect(advisingBank).setBankingWeek(SATURDAY_AND_SUNDAY, LONDON),
    () =>
      c.calendar
        .connect(advisingBank)
        .setHolidays([dayNumber("2026-04-03"), dayNumber("2026-04-06")], true),
  );
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    "mints CNY 5,000,000.00 in deposit tokens against its customers' deposits",
    () =>
      c.cny.connect(issuingBank).mint(issuingBank.address, money("5000000.00"), ref("dep-0302")),
  );
  // BANK mints money: one administrator alone cannot make a member a bank (issue #12).
  const registry = await ctx.connection.ethers.getContractAt(
    "ConsortiumRegistry",
    deployed(ctx, "registry"),
  );
  const [administrator] = await ctx.connection.ethers.getSigners();
  await ctx.timeline.refused(
    "an administrator",
    "tries on its own to make Albion Precision a BANK, which could mint deposit tokens",
    () => registry.connect(administrator!).grantRole(id("BANK"), member(ctx, "exporter").address),
    ctx.explain,
  );
  await publishRate(ctx, c, "7.1000");
}

export async function aCreditPaidOnClearance(
  ctx: DemoContext,
  customs: CustomsReporter,
): Promise<void> {
  const c = await contracts(ctx);
  const importer = member(ctx, "importer");
  const exporter = member(ctx, "exporter");
  const issuingBank = member(ctx, "issuingBank");
  const advisingBank = member(ctx, "advisingBank");
  const carrier = member(ctx, "carrier");
  const chamber = member(ctx, "chamber");
  const anyone = ctx.members["insurer"]!; // any account may run the upkeep

  ctx.timeline.chapter("Letter of credit 1: USD 250,000 CIF Shanghai, paid when customs clears");
  const lcId = (await c.lc.creditCount()) + 1n;
  const terms = buildTerms({
    beneficiary: exporter.address,
    issuingBank: issuingBank.address,
    advisingBank: advisingBank.address,
    settlementToken: await c.cny.getAddress(),
    fxFeed: await c.usdCny.getAddress(),
    currency: "USD",
    amount: money("250000.00"),
    customsClearanceRequired: true,
    expiresAt: endOfLocalDay("2026-05-29", LONDON),
    placeOfExpiry: "GBLON",
    latestShipmentAt: endOfLocalDay("2026-03-31", LONDON),
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: "12 surgical microscopes, HS 9011.20, new",
    advisingFee: money("1500.00"),
  });
  await ctx.timeline.step(
    "Huangpu Medical",
    "applies for a documentary credit: USD 250,000.00, CIF Shanghai, latest shipment 31 Mar, expiry 29 May London, customs clearance required",
    () => c.lc.connect(importer).applyForCredit(terms),
  );
  const escrow = await c.lc.requiredEscrow(lcId);
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `issues credit #${lcId} and escrows ${show(escrow, "CNY")} (USD at 7.1000 plus the advising fee)`,
    () => c.cny.connect(issuingBank).approve(c.lc.getAddress(), escrow),
    () => c.lc.connect(issuingBank).issue(lcId, escrow),
  );
  await ctx.timeline.step(
    "Thames Trade Bank",
    "advises the credit to the exporter (UCP 600 art. 9) and is paid its CNY 1,500.00 fee from escrow",
    () => c.lc.connect(advisingBank).advise(lcId),
  );

  // Shipment and documents.
  await ctx.advanceTo("2026-03-16T14:00:00Z");
  const blNumber = "MOLU2026000512";
  const certificateNumber = "LCCI-2026-GB-005120";
  const certificateText = `Certificate ${certificateNumber}: 12 surgical microscopes, origin GB`;
  const shippedAt = await now(ctx);
  await ctx.timeline.step(
    "London Chamber",
    `issues certificate of origin ${certificateNumber} (GB, wholly obtained) for the goods`,
    () =>
      c.certificates.connect(chamber).issue({
        number: certificateNumber,
        exporter: exporter.address,
        consignee: importer.address,
        hsCodes: [901120],
        countryOfOrigin: countryBytes("GB"),
        originCriterion: ascii("WO", 4),
        tradeAgreement: ascii("NON-PREFERENTIAL", 16),
        issuedAt: shippedAt,
        validUntil: shippedAt + 365 * 86_400,
        documentHash: documentHash(certificateText),
      }),
  );
  await ctx.timeline.step(
    "Meridian Ocean Lines",
    `loads the goods at Felixstowe and issues B/L ${blNumber} to order of the shipper`,
    () =>
      c.bills.connect(carrier).issue(
        billIssueStruct({
          blNumber,
          shipper: exporter.address,
          consignee: "to order",
          notifyParty: importer.address,
          vesselImo: 9811000,
          voyageNumber: "047E",
          portOfLoading: "GBFXT",
          portOfDischarge: "CNSHA",
          shippedOnBoardAt: shippedAt,
          documentHash: documentHash(`B/L ${blNumber}`),
        }),
      ),
  );
  const billId = billIdOf(carrier.address, blNumber);
  await ctx.timeline.step(
    "Albion Precision",
    "endorses the bill to Thames Trade Bank, the bank it presents to",
    () => c.bills.connect(exporter).endorse(billId, advisingBank.address),
  );

  await ctx.advanceTo("2026-03-18T10:00:00Z");
  const invoice = albionInvoice("API-2026/0512", "2026-03-16", "250,000.00");
  const invoiceRegistered = invoiceFingerprints(invoice, DEMO_FINGERPRINT_KEY);
  await ctx.timeline.step(
    "Albion Precision",
    `registers its commercial invoice ${invoice.invoiceNumber} (keyed fingerprints only)`,
    () => c.invoices.connect(exporter).register(invoiceRegistered),
  );
  await ctx.timeline.step(
    "Albion Precision",
    "presents the documents to Thames Trade Bank: B/L, certificate of origin, commercial invoice; the invoice and the bill are claimed for the credit in the document-financing guard",
    () =>
      c.lc.connect(exporter).present(
        lcId,
        buildDocuments({
          presentedTo: advisingBank.address,
          amount: money("250000.00"),
          billId,
          certificate: { number: certificateNumber, document: certificateText },
          invoice: JSON.stringify(invoice),
          ...guardFingerprints(invoice, {
            carrier: carrier.address,
            blNumber,
            documentHash: documentHash(`B/L ${blNumber}`),
          }),
        }),
      ),
  );
  await ctx.timeline.refused(
    "Pudong Commercial Bank",
    `is offered invoice ${invoice.invoiceNumber}, presented under credit #${lcId}, and tries to finance it too`,
    () => c.invoices.connect(issuingBank).finance(exporter.address, invoiceRegistered),
    ctx.explain,
  );
  const examineBy = (await c.lc.presentation(lcId, 0n)).examineBy;
  await ctx.timeline.note(
    "LetterOfCredit",
    `Thames Trade Bank must decide by ${isoMinute(examineBy)} (five banking days, art. 14b)`,
  );
  await ctx.advanceTo("2026-03-19T09:30:00Z");
  await ctx.timeline.step(
    "Thames Trade Bank",
    "examines: the chain checks the bill, carrier, dates, ports, amount, certificate and title and finds no discrepancy",
    () => c.lc.connect(advisingBank).examine(lcId),
  );
  await ctx.timeline.step("Thames Trade Bank", "honours the complying presentation (art. 15)", () =>
    c.lc.connect(advisingBank).honour(lcId),
  );
  await ctx.timeline.step(
    "Thames Trade Bank",
    "forwards the documents: endorses the bill to Pudong Commercial Bank",
    () => c.bills.connect(advisingBank).endorse(billId, issuingBank.address),
  );
  await ctx.timeline.refused(
    "anyone",
    "tries to settle now, before customs has cleared the goods",
    () => c.lc.connect(anyone).settle(lcId),
    ctx.explain,
  );

  // Customs and transport events reach the chain through the oracle network.
  await customs.reportJourney({
    blNumber,
    carrier: carrier.address,
    exportDeclarationId: "26GB7A8B9C0D1E2F30",
    importDeclarationId: "220120260000512345",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    startsAt: Math.floor(Date.parse("2026-03-13T09:00:00Z") / 1000),
  });
  const [cleared, clearedAt, clearedWhere] = await c.customs.clearance(
    shipmentRefOf(carrier.address, blNumber),
  );
  await ctx.timeline.note(
    "CustomsOracle",
    cleared
      ? `shipment ${blNumber} cleared by Shanghai customs (${Buffer.from(clearedWhere.slice(2), "hex").toString("latin1")}, the bill's port of discharge) at ${isoMinute(clearedAt)}`
      : `shipment ${blNumber} is not cleared`,
  );

  await publishRate(ctx, c, "7.0950");
  const [needed, performData] = await c.automation.checkUpkeep("0x");
  if (!needed) throw new Error("the automation sweep sees nothing to do after clearance");
  const exporterBefore = await c.cny.balanceOf(exporter.address);
  await ctx.timeline.step(
    "automation sweep",
    "checkUpkeep finds the credit settleable; performUpkeep pays the exporter from escrow",
    () => c.automation.connect(anyone).performUpkeep(performData),
  );
  const paid = (await c.cny.balanceOf(exporter.address)) - exporterBefore;
  const summary = await readCredit(c.lc, lcId);
  await ctx.timeline.note(
    "LetterOfCredit",
    `credit #${lcId} is ${summary.status}: Albion Precision received ${show(paid, "CNY")} (USD 250,000.00 at 7.0950); escrowed ${show(summary.escrow.escrowed, "CNY")} = paid ${show(summary.escrow.paid, "CNY")} + refunded ${show(summary.escrow.refunded, "CNY")} + held ${show(summary.escrow.held, "CNY")}`,
  );
}

export async function aCreditRefusedForDiscrepancies(ctx: DemoContext): Promise<void> {
  const c = await contracts(ctx);
  const importer = member(ctx, "importer");
  const exporter = member(ctx, "exporter");
  const issuingBank = member(ctx, "issuingBank");
  const advisingBank = member(ctx, "advisingBank");
  const carrier = member(ctx, "carrier");
  const chamber = member(ctx, "chamber");
  const anyone = ctx.members["insurer"]!;

  ctx.timeline.chapter(
    "Letter of credit 2: USD 80,000, presented late with a withdrawn certificate",
  );
  await ctx.advanceTo("2026-04-20T08:00:00Z");
  await publishRate(ctx, c, "7.1000");
  const lcId = (await c.lc.creditCount()) + 1n;
  const [settlementToken, fxFeed] = [await c.cny.getAddress(), await c.usdCny.getAddress()];
  await ctx.timeline.step(
    "Huangpu Medical",
    "applies for a second credit: USD 80,000.00, latest shipment 30 Apr, expiry 12 Jun London",
    () =>
      c.lc.connect(importer).applyForCredit(
        buildTerms({
          beneficiary: exporter.address,
          issuingBank: issuingBank.address,
          advisingBank: advisingBank.address,
          settlementToken,
          fxFeed,
          currency: "USD",
          amount: money("80000.00"),
          expiresAt: endOfLocalDay("2026-06-12", LONDON),
          placeOfExpiry: "GBLON",
          latestShipmentAt: endOfLocalDay("2026-04-30", LONDON),
          portOfLoading: "GBFXT",
          portOfDischarge: "CNSHA",
          countryOfOrigin: "GB",
          incoterm: "CIF",
          goodsDescription: "4 ophthalmic slit lamps, HS 9018.50",
          advisingFee: money("1500.00"),
        }),
      ),
  );
  const escrow = await c.lc.requiredEscrow(lcId);
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `issues credit #${lcId}, escrowing ${show(escrow, "CNY")}; Thames Trade Bank advises`,
    () => c.cny.connect(issuingBank).approve(c.lc.getAddress(), escrow),
    () => c.lc.connect(issuingBank).issue(lcId, escrow),
    () => c.lc.connect(advisingBank).advise(lcId),
  );

  await ctx.advanceTo("2026-04-21T15:00:00Z");
  const blNumber = "MOLU2026000688";
  const certificateNumber = "LCCI-2026-GB-006880";
  const certificateText = `Certificate ${certificateNumber}: 4 slit lamps, origin GB`;
  const shippedAt = await now(ctx);
  await ctx.timeline.step(
    "Meridian Ocean Lines",
    `issues B/L ${blNumber}; the chamber issues certificate ${certificateNumber}`,
    () =>
      c.bills.connect(carrier).issue(
        billIssueStruct({
          blNumber,
          shipper: exporter.address,
          consignee: "to order",
          notifyParty: importer.address,
          vesselImo: 9811000,
          voyageNumber: "051E",
          portOfLoading: "GBFXT",
          portOfDischarge: "CNSHA",
          shippedOnBoardAt: shippedAt,
          documentHash: documentHash(`B/L ${blNumber}`),
        }),
      ),
    () =>
      c.certificates.connect(chamber).issue({
        number: certificateNumber,
        exporter: exporter.address,
        consignee: importer.address,
        hsCodes: [901850],
        countryOfOrigin: countryBytes("GB"),
        originCriterion: ascii("WO", 4),
        tradeAgreement: ascii("NON-PREFERENTIAL", 16),
        issuedAt: shippedAt,
        validUntil: shippedAt + 365 * 86_400,
        documentHash: documentHash(certificateText),
      }),
  );
  const billId = billIdOf(carrier.address, blNumber);
  await ctx.timeline.step(
    "London Chamber",
    "withdraws the certificate: the lamps' origin could not be substantiated",
    () =>
      c.certificates
        .connect(chamber)
        .revoke(certificateId(certificateNumber), "origin not substantiated"),
  );
  await ctx.timeline.step("Albion Precision", "pledges the bill to Thames Trade Bank", () =>
    c.bills.connect(exporter).pledge(billId, advisingBank.address),
  );

  // Presented 27 days after shipment: the 21-day period of art. 14c has run out.
  const invoice = albionInvoice("API-2026/0688", "2026-04-21", "80,000.00");
  await ctx.advanceTo("2026-05-18T10:00:00Z");
  await ctx.timeline.step("Albion Precision", "presents the documents 27 days after shipment", () =>
    c.lc.connect(exporter).present(
      lcId,
      buildDocuments({
        presentedTo: advisingBank.address,
        amount: money("80000.00"),
        billId,
        certificate: { number: certificateNumber, document: certificateText },
        invoice: JSON.stringify(invoice),
        ...guardFingerprints(invoice, {
          carrier: carrier.address,
          blNumber,
          documentHash: documentHash(`B/L ${blNumber}`),
        }),
      }),
    ),
  );
  await ctx.timeline.step("Thames Trade Bank", "examines the presentation", () =>
    c.lc.connect(advisingBank).examine(lcId),
  );
  await ctx.timeline.refused(
    "Thames Trade Bank",
    "tries to honour it anyway",
    () => c.lc.connect(advisingBank).honour(lcId),
    ctx.explain,
  );
  await ctx.timeline.step(
    "Thames Trade Bank",
    "refuses in one notice (art. 16c-d), adding its own finding: the invoice's goods description differs",
    () => c.lc.connect(advisingBank).refuse(lcId, [bankDiscrepancy("INVOICE_GOODS_DESCRIPTION")]),
  );
  const refusal = (await readCredit(c.lc, lcId)).presentations[0]!;
  await ctx.timeline.note(
    "LetterOfCredit",
    `refusal notice lists: ${[...refusal.discrepancies, ...refusal.bankDiscrepancies].join("; ")}`,
  );

  await ctx.advanceTo("2026-06-15T09:00:00Z");
  await ctx.timeline.note(
    "Huangpu Medical",
    "does not waive the discrepancies; the credit expires on 12 June",
  );
  const [needed, performData] = await c.automation.checkUpkeep("0x");
  if (!needed) throw new Error("the automation sweep sees nothing to do after expiry");
  await ctx.timeline.step(
    "automation sweep",
    "finds the expired credit and returns the undrawn escrow to Pudong Commercial Bank",
    () => c.automation.connect(anyone).performUpkeep(performData),
  );
  const summary = await readCredit(c.lc, lcId);
  await ctx.timeline.note(
    "LetterOfCredit",
    `credit #${lcId} is ${summary.status}: escrowed ${show(summary.escrow.escrowed, "CNY")} = paid ${show(summary.escrow.paid, "CNY")} + refunded ${show(summary.escrow.refunded, "CNY")} + held ${show(summary.escrow.held, "CNY")}`,
  );
}

/**
 * The feed's rate is the median of its publishers' fresh observations (any 3 of the 5 oracle
 * nodes, named by governance at deployment): three nodes each submit what they observe.
 */
async function publishRate(ctx: DemoContext, c: Contracts, rate: string): Promise<void> {
  const [whole, fraction = ""] = rate.split(".");
  const answer = BigInt(whole! + fraction.padEnd(8, "0"));
  const observedAt = await now(ctx);
  const nodes = [1, 2, 3];
  for (const n of nodes) {
    const last = n === nodes.at(-1);
    await ctx.timeline.step(
      `Caravel Oracle Node ${n}`,
      last
        ? `observes USD/CNY ${rate}: the third fresh observation, so the feed's rate becomes their median, ${rate}`
        : `observes USD/CNY ${rate} and submits it to the consortium's feed (no rate from one node alone)`,
      () => c.usdCny.connect(member(ctx, `oracle${n}`)).publish(answer, observedAt),
    );
  }
}

async function now(ctx: DemoContext): Promise<number> {
  const block = await ctx.connection.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("the chain has no latest block");
  return block.timestamp;
}

function ref(text: string): string {
  return documentHash(text);
}

function isoMinute(unixSeconds: bigint | number): string {
  return new Date(Number(unixSeconds) * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

function ascii(text: string, size: number): string {
  return (
    "0x" +
    Buffer.from(text, "ascii")
      .toString("hex")
      .padEnd(size * 2, "0")
  );
}

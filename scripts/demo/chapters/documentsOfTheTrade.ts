/**
 * Demo chapter: the documents of one trade, on their own — a bill of lading endorsed and
 * surrendered, a certificate of origin issued and verified, and an invoice financed once and
 * refused the second time.
 */
import { id, toUtf8Bytes } from "ethers";

import {
  billIssueStruct,
  documentHashOf,
  describeTitleStep,
} from "../../../lib/trade/billOfLading.ts";
import { readVerifiedTitleChain } from "../../../lib/trade/titleChain.ts";
import { countryBytes } from "../../../lib/iso/iso3166.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";
import { type DemoContext, deployed, member } from "../DemoContext.ts";

/** The consortium's invoice-fingerprint key: held off-chain; a fixed one for the demo. */
export const DEMO_FINGERPRINT_KEY = id("caravel demo invoice fingerprint key");

export async function documentsOfTheTrade(ctx: DemoContext): Promise<void> {
  const { ethers } = ctx.connection;
  const carrier = member(ctx, "carrier");
  const exporter = member(ctx, "exporter");
  const importer = member(ctx, "importer");
  const chamber = member(ctx, "chamber");
  const advisingBank = member(ctx, "advisingBank");
  const issuingBank = member(ctx, "issuingBank");

  const bill = await ethers.getContractAt("BillOfLading", deployed(ctx, "billOfLading"));
  const origin = await ethers.getContractAt(
    "CertificateOfOriginRegistry",
    deployed(ctx, "certificateOfOrigin"),
  );
  const invoices = await ethers.getContractAt("InvoiceRegistry", deployed(ctx, "invoiceRegistry"));

  // ---------------------------------------------------------------- bill of lading
  ctx.timeline.chapter("A bill of lading changes hands (document of title, MLETR arts 10-11)");
  const blNumber = "MOLU2026000417";
  const shippedAt = await latestTimestamp(ctx);
  const issue = billIssueStruct({
    blNumber,
    shipper: exporter.address,
    consignee: "to order",
    notifyParty: importer.address,
    vesselImo: 9811000,
    voyageNumber: "047E",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    shippedOnBoardAt: shippedAt,
    documentHash: documentHashOf(`B/L ${blNumber}: 12 crates of surgical microscopes`),
  });
  await ctx.timeline.step(
    "Meridian Ocean Lines",
    `issues B/L ${blNumber} to order of the shipper, Felixstowe -> Shanghai, shipped on board`,
    () => bill.connect(carrier).issue(issue),
  );
  const billId = await bill.billIdOf(carrier.address, blNumber);
  await ctx.timeline.step(
    "Albion Precision",
    "endorses the bill to Huangpu Medical Equipment",
    () => bill.connect(exporter).endorse(billId, importer.address),
  );
  await ctx.timeline.refused(
    "Albion Precision",
    "tries to endorse the bill again, though it no longer holds it",
    () => bill.connect(exporter).endorse(billId, advisingBank.address),
    ctx.explain,
  );
  await ctx.timeline.step(
    "Huangpu Medical",
    "surrenders the bill to the carrier for delivery at Shanghai",
    () => bill.connect(importer).surrenderForDelivery(billId),
  );
  await ctx.timeline.step(
    "Meridian Ocean Lines",
    "accepts the surrender: the bill is accomplished and can never move again",
    () => bill.connect(carrier).acceptSurrender(billId),
  );
  const chain = await readVerifiedTitleChain(bill, billId);
  await ctx.timeline.note(
    "BillOfLading",
    `title chain rebuilt from the bill's events and verified against its on-chain head: ${chain.map((s) => describeTitleStep(s, ctx.nameOf)).join("; ")}`,
  );

  // ------------------------------------------------------------ certificate of origin
  ctx.timeline.chapter("A certificate of origin: issued by the chamber, verifiable by anyone");
  const certificateNumber = "LCCI-2026-GB-004417";
  const certificateText = `Certificate ${certificateNumber}: surgical microscopes, wholly obtained in GB`;
  const issuedAt = await latestTimestamp(ctx);
  await ctx.timeline.step(
    "London Chamber",
    `issues certificate ${certificateNumber}: origin GB, HS 901120, non-preferential`,
    () =>
      origin.connect(chamber).issue({
        number: certificateNumber,
        exporter: exporter.address,
        consignee: importer.address,
        hsCodes: [901120],
        countryOfOrigin: countryBytes("GB"),
        originCriterion: ascii("WO", 4),
        tradeAgreement: ascii("NON-PREFERENTIAL", 16),
        issuedAt,
        validUntil: issuedAt + 180 * 86_400,
        documentHash: documentHashOf(certificateText),
      }),
  );
  const verdicts = ["unknown", "valid", "revoked", "expired", "hash mismatch"];
  const genuine = await origin.verify(certificateNumber, documentHashOf(certificateText));
  const forged = await origin.verify(
    certificateNumber,
    documentHashOf(certificateText + " (altered)"),
  );
  await ctx.timeline.note(
    "anyone",
    `verifies ${certificateNumber}: the issued document is ${verdicts[Number(genuine)]}, an altered copy is ${verdicts[Number(forged)]}`,
  );

  // --------------------------------------------------------------------- e-invoice
  ctx.timeline.chapter("An e-invoice is financed once, never twice");
  const invoice = {
    sellerTaxId: "GB 123 4567 89",
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber: "API-2026/0417",
    issueDate: "2026-03-02",
    amount: "250,000.00",
    currency: "USD",
  };
  const fingerprints = invoiceFingerprints(invoice, DEMO_FINGERPRINT_KEY);
  await ctx.timeline.step(
    "Albion Precision",
    `registers invoice ${invoice.invoiceNumber} as keyed fingerprints only (nothing readable on chain), bound to its own account`,
    () => invoices.connect(exporter).register(fingerprints),
  );
  await ctx.timeline.step("Thames Trade Bank", "finances Albion Precision's invoice", () =>
    invoices.connect(advisingBank).finance(exporter.address, fingerprints),
  );
  const alteredCopy = invoiceFingerprints(
    { ...invoice, amount: "250,000.01", issueDate: "03/03/2026" },
    DEMO_FINGERPRINT_KEY,
  );
  await ctx.timeline.refused(
    "Pudong Commercial Bank",
    "is offered an altered copy (new amount and date) and tries to finance it",
    () => invoices.connect(issuingBank).finance(exporter.address, alteredCopy),
    ctx.explain,
  );
}

async function latestTimestamp(ctx: DemoContext): Promise<number> {
  const block = await ctx.connection.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("the chain has no latest block");
  return block.timestamp;
}

/** ASCII text left-aligned in a bytesN value, as the contracts store short codes. */
function ascii(text: string, size: number): string {
  const bytes = toUtf8Bytes(text);
  if (bytes.length > size) throw new Error(`"${text}" does not fit in bytes${size}`);
  return (
    "0x" +
    Buffer.from(bytes)
      .toString("hex")
      .padEnd(size * 2, "0")
  );
}

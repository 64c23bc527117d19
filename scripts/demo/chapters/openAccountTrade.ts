/**
 * Demo chapter: an open-account trade with pre-shipment finance. Huangpu Medical orders
 * CNY 1,000,000 of goods from Albion Precision; Thames Trade Bank advances 80 % of the order,
 * escrowed, released 30 % of the order when the export declaration is accepted and 40 % when the goods are
 * loaded, as the customs oracle reports them; Pudong Commercial Bank commits to pay 60 days after
 * the bill's date; an invoice that does not match the order is refused, naming the field; on a
 * match the commitment's voucher carries the advance's share; at maturity the advancing bank is
 * repaid first and the exporter receives the rest.
 */
import { id, solidityPackedKeccak256 } from "ethers";

import { billIdOf, billIssueStruct, documentHashOf } from "../../../lib/trade/billOfLading.ts";
import { purchaseOrderFingerprints } from "../../../lib/trade/documentFingerprint.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";
import { AdvanceMilestone, AdvanceSourceKind } from "../../../lib/trade/preShipmentAdvance.ts";
import { normalizeOrderTerms, orderTermsFor } from "../../../lib/trade/purchaseOrder.ts";
import {
  customsDomain,
  customsEvent,
  type CustomsEventTypeName,
  signReportWith,
} from "../../../test/oracle/helpers/customsReport.ts";
import { type DemoContext, deployed, member } from "../DemoContext.ts";

const DEMO_FINGERPRINT_KEY = id("caravel demo invoice fingerprint key");
const DAY = 86_400;
const BL_NUMBER = "MOLU2026000777";

/** "CNY 1,234.56" for an amount in fen. */
function cny(fen: bigint): string {
  return `CNY ${(fen / 100n).toLocaleString("en-US")}.${(fen % 100n).toString().padStart(2, "0")}`;
}

export async function openAccountTrade(ctx: DemoContext): Promise<void> {
  const { ethers, networkHelpers } = ctx.connection;
  const importer = member(ctx, "importer");
  const exporter = member(ctx, "exporter");
  const carrier = member(ctx, "carrier");
  const advancingBank = member(ctx, "advisingBank");
  const committingBank = member(ctx, "issuingBank");
  const orders = await ethers.getContractAt("PurchaseOrder", deployed(ctx, "purchaseOrder"));
  const advance = await ethers.getContractAt(
    "PreShipmentAdvance",
    deployed(ctx, "preShipmentAdvance"),
  );
  const commitments = await ethers.getContractAt(
    "PaymentCommitment",
    deployed(ctx, "paymentCommitment"),
  );
  const vouchers = await ethers.getContractAt("PayableVoucher", deployed(ctx, "payableVoucher"));
  const invoices = await ethers.getContractAt("InvoiceRegistry", deployed(ctx, "invoiceRegistry"));
  const bills = await ethers.getContractAt("BillOfLading", deployed(ctx, "billOfLading"));
  const oracle = await ethers.getContractAt("CustomsOracle", deployed(ctx, "customsOracle"));
  const token = await ethers.getContractAt("DepositToken", deployed(ctx, "cnyDeposit"));
  const tokenAddress = await token.getAddress();
  const now = async () => (await ethers.provider.getBlock("latest"))!.timestamp;

  ctx.timeline.chapter("Open account: an order, an advance on customs milestones, a commitment");
  const latestShipmentDate = new Date(((await now()) + 30 * DAY) * 1000).toISOString().slice(0, 10);
  const raw = {
    exporter: exporter.address,
    orderNumber: "HME-PO-2026-0077",
    currency: "CNY",
    amount: "1,000,000.00",
    goods: "40 patient monitors, model API-PM4",
    incoterm: "FOB",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    latestShipmentDate,
    paymentTermDays: 60,
  };
  const terms = orderTermsFor(normalizeOrderTerms(raw, BigInt(await now())), 2);
  const orderPrints = purchaseOrderFingerprints(
    {
      importerId: "91310101MA1FPX1234",
      exporterId: "GB 123 4567 89",
      orderNumber: raw.orderNumber,
      amount: raw.amount,
      currency: raw.currency,
      goods: raw.goods,
      latestShipmentDate,
      paymentTermDays: raw.paymentTermDays,
    },
    DEMO_FINGERPRINT_KEY,
  );
  const orderId = (await orders.orderCount()) + 1n;
  await ctx.timeline.step(
    "Huangpu Medical",
    `orders ${raw.goods} from Albion Precision for ${cny(terms.amount)}, FOB Felixstowe, payment 60 days after the bill's date: order ${orderId}`,
    () => orders.connect(importer).issue(terms, orderPrints),
  );
  await ctx.timeline.step("Albion Precision", `accepts order ${orderId}`, () =>
    orders.connect(exporter).accept(orderId),
  );

  // Thames Trade Bank advances 80 % of the order, escrowed, in three tranches written as shares
  // of the advance: 30 % of the order on the export declaration (37.5 % of 80 %), 40 % on
  // loading (50 %), the last 10 % on departure (12.5 %).
  const limit = (terms.amount * 8000n) / 10_000n;
  const advanceId = (await advance.advanceCount()) + 1n;
  const advanceAddress = await advance.getAddress();
  const offerExpires = (await now()) + 7 * DAY;
  await ctx.timeline.step(
    "Thames Trade Bank",
    `offers Albion Precision an advance of up to ${cny(limit)} (80 % of the order) at 7.2 % a year: 30 % of the order when the export declaration is accepted, 40 % on loading, the last 10 % on departure`,
    () =>
      advance.connect(advancingBank).offer({
        exporter: exporter.address,
        sourceKind: AdvanceSourceKind.PurchaseOrder,
        sourceId: orderId,
        token: tokenAddress,
        limit,
        shareBps: 8000,
        rateBps: 720,
        graceDays: 10,
        expiresAt: offerExpires,
        tranches: [
          { milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 3750 },
          { milestone: AdvanceMilestone.Loaded, shareBps: 5000 },
          { milestone: AdvanceMilestone.Departed, shareBps: 1250 },
        ],
      }),
  );
  await ctx.timeline.step(
    "Albion Precision",
    `accepts advance ${advanceId} for its booking ${BL_NUMBER} with Meridian Ocean Lines: the order is claimed in the document guard`,
    () => advance.connect(exporter).accept(advanceId, carrier.address, BL_NUMBER),
  );
  await ctx.timeline.step(
    "Thames Trade Bank",
    `escrows ${cny(limit)}`,
    () => token.connect(advancingBank).mint(advancingBank.address, limit, id("advance deposit")),
    () => token.connect(advancingBank).approve(advanceAddress, limit),
    () => advance.connect(advancingBank).fund(advanceId),
  );

  // The oracle committee reports the shipment's milestones (three of five sign each report).
  const shipmentRef = solidityPackedKeccak256(["address", "string"], [carrier.address, BL_NUMBER]);
  const oracles = [1, 2, 3].map((n) => member(ctx, `oracle${n}`));
  const { chainId } = await ethers.provider.getNetwork();
  const domain = customsDomain(chainId, await oracle.getAddress());
  const report = async (type: CustomsEventTypeName) => {
    const [, , epoch] = await oracle.committee();
    const events = [customsEvent(shipmentRef, type, (await now()) - 60, "GBFXT")];
    const r = { epoch, sequence: (await oracle.lastSequence()) + 1n, events };
    const signatures = await signReportWith(oracles, domain, r);
    return oracle.connect(oracles[0]!).submitReport(r.epoch, r.sequence, r.events, signatures);
  };
  await ctx.timeline.step(
    "oracle committee",
    "reports that Felixstowe customs accepted the export declaration",
    () => report("DeclarationAccepted"),
  );
  await ctx.timeline.step(
    "Albion Precision",
    `draws tranche 1: ${cny((limit * 3750n) / 10_000n)} (30 % of the order)`,
    () => advance.connect(exporter).claimTranche(advanceId, 0n),
  );
  const billDate = (await now()) - 3600;
  await ctx.timeline.step(
    "Meridian Ocean Lines",
    `issues bill of lading ${BL_NUMBER}, shipped on board at Felixstowe for Shanghai`,
    () =>
      bills.connect(carrier).issue(
        billIssueStruct({
          blNumber: BL_NUMBER,
          shipper: exporter.address,
          consignee: "to order",
          notifyParty: importer.address,
          vesselImo: 9074729,
          voyageNumber: "MOL-0777E",
          portOfLoading: "GBFXT",
          portOfDischarge: "CNSHA",
          shippedOnBoardAt: billDate,
          documentHash: documentHashOf(`B/L ${BL_NUMBER}`),
        }),
      ),
  );
  await ctx.timeline.step("oracle committee", "reports the goods loaded at Felixstowe", () =>
    report("Loaded"),
  );
  await ctx.timeline.step(
    "Albion Precision",
    `draws tranche 2: ${cny((limit * 5000n) / 10_000n)} (40 % of the order)`,
    () => advance.connect(exporter).claimTranche(advanceId, 1n),
  );

  // The importer's bank commits to pay 60 days after the bill's date.
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `commits to pay Albion Precision for order ${orderId} (tolerance 5 %); Huangpu Medical consents`,
    async () =>
      commitments.connect(committingBank).offer(orderId, {
        token: tokenAddress,
        toleranceBps: 500,
        customsRequired: false,
        expiresAt: (await now()) + 90 * DAY,
      }),
    () => commitments.connect(importer).consent(orderId),
  );
  const invoiceFields = {
    sellerTaxId: "GB 123 4567 89",
    buyerTaxId: "91310101MA1FPX1234",
    invoiceNumber: "API-2026/0777",
    issueDate: new Date(billDate * 1000).toISOString().slice(0, 10),
    amount: "1,000,000.00",
    currency: "CNY",
  };
  const invoice = invoiceFingerprints(invoiceFields, DEMO_FINGERPRINT_KEY);
  await ctx.timeline.step("Albion Precision", "registers invoice API-2026/0777", () =>
    invoices.connect(exporter).register(invoice),
  );
  const presentation = (amount: bigint) => ({
    invoice: {
      fingerprints: invoice,
      buyer: importer.address,
      currency: terms.currency,
      amount,
      goodsHash: terms.goodsHash,
    },
    billId: billIdOf(carrier.address, BL_NUMBER),
    billFingerprints: [documentHashOf(`fingerprint of bill ${BL_NUMBER}`)],
  });
  await ctx.timeline.refused(
    "Albion Precision",
    `presents an invoice for ${cny(120_000_000n)} against the order's ${cny(terms.amount)}`,
    () => commitments.connect(exporter).present(orderId, presentation(120_000_000n)),
    ctx.explain,
  );
  await ctx.timeline.step(
    "Albion Precision",
    "presents the invoice and the bill: they match the order, the commitment is irrevocable and its voucher carries the advance's share",
    () => commitments.connect(exporter).present(orderId, presentation(terms.amount)),
  );
  const c = await commitments.commitment(orderId);
  await ctx.timeline.note(
    "PaymentCommitment",
    `voucher for ${cny(c.amount)} due ${new Date(Number(c.maturity) * 1000).toISOString().slice(0, 10)}: ${cny(c.assigneeShare)} carved out to the advance (what it will be owed at maturity, the undrawn tranche included), the rest Albion Precision's`,
  );

  // Maturity: the bank funds the payable; the advance's share repays Thames Trade Bank first.
  await networkHelpers.time.increaseTo(Number(c.maturity));
  const bankBefore = await token.balanceOf(advancingBank.address);
  const exporterBefore = await token.balanceOf(exporter.address);
  await ctx.timeline.step(
    "Pudong Commercial Bank",
    `pays ${cny(c.amount)} into the payable at maturity`,
    () => token.connect(committingBank).mint(committingBank.address, c.amount, id("commitment")),
    () => token.connect(committingBank).approve(vouchers.getAddress(), c.amount),
    () => vouchers.connect(committingBank).fund(c.payableId, c.amount),
  );
  await ctx.timeline.step("anyone", `collects advance ${advanceId}'s voucher share`, () =>
    advance.collectVoucher(advanceId),
  );
  await ctx.timeline.step("Albion Precision", "redeems the rest of its voucher", () =>
    vouchers.connect(exporter).redeem(c.voucherId),
  );
  await ctx.timeline.step("Thames Trade Bank", "takes back the tranche never drawn", () =>
    advance.connect(advancingBank).withdrawEscrow(advanceId),
  );
  const a = await advance.advance(advanceId);
  const toBank = (await token.balanceOf(advancingBank.address)) - bankBefore;
  const toExporter = (await token.balanceOf(exporter.address)) - exporterBefore;
  await ctx.timeline.note(
    "PreShipmentAdvance",
    `advance ${advanceId} is Repaid: Thames Trade Bank received ${cny(a.principalRepaid)} principal + ${cny(a.interestPaid)} interest first (and ${cny(toBank - a.principalRepaid - a.interestPaid)} undrawn escrow back); Albion Precision received the rest, ${cny(toExporter)}`,
  );
}

/**
 * Gas of every step of a letter of credit, and of one whole trade (credit issued → documents →
 * presentation → examination → settlement), all-in (each transaction's gasUsed, 21,000 intrinsic
 * included; `checkUpkeep` is a view, measured with eth_estimateGas).
 *
 * Runs on the trade world of the tests (test/credit/fixtures.ts): the real consortium registry, bill
 * of lading and certificate-of-origin registry, deposit tokens, the consortium USD/CNY feed; the
 * customs status is a test double of ICustomsStatus. "Documents" in the whole trade are the bill
 * issued by the carrier and endorsed by the exporter, and the certificate issued by the chamber.
 *
 *   npx hardhat run scripts/bench/gas/letter-of-credit.bench.ts     (or: npm run bench:gas)
 *
 * The numbers are deterministic; the last run is committed as test/credit/letter-of-credit.gas.jsonl
 * so a change in gas shows in the diff (refresh it with
 * `npx hardhat run scripts/bench/gas/letter-of-credit.bench.ts 2>/dev/null | grep bench > test/credit/letter-of-credit.gas.jsonl`).
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"}, plus "baseline" and "ratio"
 * where a step is compared with another measured here (FX settlement against same-currency
 * settlement, settlement through the upkeep against a direct call).
 */
import { network } from "hardhat";

import {
  billIdOf,
  billIssueStruct,
  shipmentRefOf,
  unLocode,
} from "../../../lib/trade/billOfLading.ts";
import { CustomsEventType } from "../../../lib/trade/enums.ts";
import { publishByQuorum } from "../../../lib/chain/fxFeed.ts";
import { executeGovernance } from "../../../lib/chain/governance.ts";
import { roleId } from "../../../lib/chain/roles.ts";
import type { PayableVoucher } from "../../../types/ethers-contracts/index.js";
import {
  bankDiscrepancy,
  buildAmendment,
  buildDocuments,
  buildTerms,
  type CreditTermsInput,
  countryCode,
  documentHash,
  endOfLocalDay,
  startOfLocalDay,
} from "../../../lib/trade/letterOfCredit.ts";
import { deployTradeWorld, LONDON, type TradeWorld } from "../../../test/credit/fixtures.ts";

const BENCH = "letter-of-credit";
const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const t: TradeWorld = await deployTradeWorld(ethers, networkHelpers);

function emit(metric: string, value: bigint, baseline?: bigint): void {
  const line: Record<string, string | number> = {
    bench: BENCH,
    metric,
    value: Number(value),
    unit: "gas",
  };
  if (baseline !== undefined) {
    line["baseline"] = Number(baseline);
    line["ratio"] = Number((Number(value) / Number(baseline)).toFixed(4));
  }
  console.log(JSON.stringify(line));
}

async function gasOf(
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>,
): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

// ---- the world's standing data: a USD/CNY rate, the median of the three publishers' observations
{
  const observedAt = await time.latest();
  const [first, second, third] = t.fxPublishers as [
    (typeof t.fxPublishers)[0],
    (typeof t.fxPublishers)[0],
    (typeof t.fxPublishers)[0],
  ];
  emit(
    "fx publish (observation waiting for others)",
    await gasOf(t.usdCny.connect(first).publish(7_10000000n, observedAt)),
  );
  await gasOf(t.usdCny.connect(second).publish(7_10000000n, observedAt));
  emit(
    "fx publish (third observation: median, new round)",
    await gasOf(t.usdCny.connect(third).publish(7_10000000n, observedAt)),
  );
}
const SHIPPED = startOfLocalDay("2030-04-01", LONDON) + 14 * 3600;
let nextBill = 100;
let nextCertificate = 1;

function terms(overrides: Partial<CreditTermsInput> = {}) {
  return buildTerms({
    beneficiary: t.exporter.address,
    issuingBank: t.issuingBank.address,
    advisingBank: t.advisingBank.address,
    settlementToken: t.usd.target as string,
    currency: "USD",
    amount: 25_000_000n, // USD 250,000.00
    expiresAt: endOfLocalDay("2030-12-31", LONDON),
    placeOfExpiry: "GBLON",
    latestShipmentAt: endOfLocalDay("2030-11-30", LONDON),
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: "Surgical-grade precision instruments, HS 9018.90",
    advisingFee: 150_000n,
    ...overrides,
  });
}

async function apply(overrides: Partial<CreditTermsInput> = {}): Promise<[bigint, bigint]> {
  const lcId = (await t.lc.creditCount()) + 1n;
  const gas = await gasOf(t.lc.connect(t.importer).applyForCredit(terms(overrides)));
  return [lcId, gas];
}

async function issue(lcId: bigint): Promise<bigint> {
  return gasOf(t.lc.connect(t.issuingBank).issue(lcId, await t.lc.requiredEscrow(lcId)));
}

/** A bill shipped on board, pledged to `holder`; a certificate issued by the chamber. */
async function documents(): Promise<{
  billId: bigint;
  blNumber: string;
  number: string;
  billGas: bigint;
  endorseGas: bigint;
  certificateGas: bigint;
}> {
  const blNumber = `MOLU${nextBill++}`;
  const billId = billIdOf(t.carrier.address, blNumber);
  const billGas = await gasOf(
    t.bills.connect(t.carrier).issue(
      billIssueStruct({
        blNumber,
        shipper: t.exporter.address,
        consignee: "to order",
        notifyParty: t.importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        shippedOnBoardAt: (await time.latest()) - 3600,
        documentHash: documentHash(`B/L ${blNumber}`),
      }),
    ),
  );
  // The exporter endorses the bill to the bank it presents to.
  const endorseGas = await gasOf(
    t.bills.connect(t.exporter).endorse(billId, t.advisingBank.address),
  );
  const number = `GB-LCCI-2030-${String(nextCertificate++).padStart(6, "0")}`;
  const certificateGas = await gasOf(
    t.certificates.connect(t.chamber).issue({
      number,
      exporter: t.exporter.address,
      consignee: t.importer.address,
      hsCodes: [901890],
      countryOfOrigin: countryCode("GB"),
      originCriterion: ethers.zeroPadBytes(ethers.toUtf8Bytes("WO"), 4),
      tradeAgreement: ethers.zeroPadBytes(ethers.toUtf8Bytes("NON-PREFERENTIAL"), 16),
      issuedAt: await time.latest(),
      validUntil: endOfLocalDay("2031-12-31", LONDON),
      documentHash: documentHash(`Certificate ${number}`),
    }),
  );
  return { billId, blNumber, number, billGas, endorseGas, certificateGas };
}

async function present(
  lcId: bigint,
  amount: bigint,
  billId: bigint,
  number: string,
  invoice = true,
): Promise<bigint> {
  return gasOf(
    t.lc.connect(t.exporter).present(
      lcId,
      buildDocuments({
        presentedTo: t.advisingBank.address,
        amount,
        billId,
        certificate: { number, document: `Certificate ${number}` },
        ...(invoice ? { invoice: `Invoice for credit ${lcId}` } : {}),
      }),
    ),
  );
}

await time.increaseTo(SHIPPED);

// ---- one whole trade, step by step (same currency). The first run warms the contracts up (first
// deposit into the escrow, first entries of its queues) and is not reported: the second is.
async function wholeTrade() {
  const [lcId, apply_] = await apply();
  const issue_ = await issue(lcId);
  const advise_ = await gasOf(t.lc.connect(t.advisingBank).advise(lcId));
  const docs_ = await documents();
  const present_ = await present(lcId, 25_000_000n, docs_.billId, docs_.number);
  const examine_ = await gasOf(t.lc.connect(t.advisingBank).examine(lcId));
  const honour_ = await gasOf(t.lc.connect(t.advisingBank).honour(lcId));
  const title_ = await gasOf(
    t.bills.connect(t.advisingBank).endorse(docs_.billId, t.issuingBank.address),
  );
  const settle_ = await gasOf(t.lc.settle(lcId)); // the last drawing: pays and closes the credit
  return { apply_, issue_, advise_, docs_, present_, examine_, honour_, title_, settle_ };
}
await wholeTrade();
const {
  apply_: applyGas,
  issue_: issueGas,
  advise_: adviseGas,
  docs_: docs,
  present_: presentGas,
  examine_: examineGas,
  honour_: honourGas,
  title_: titleGas,
  settle_: settleGas,
} = await wholeTrade();
emit("apply", applyGas);
emit("issue (escrow deposit)", issueGas);
emit("advise (fee paid)", adviseGas);
emit("present", presentGas);
emit("examine (complying, real certificate registry)", examineGas);
emit("honour", honourGas);
emit("settle (same currency, closes the credit)", settleGas);
emit("documents: bill of lading issued (carrier)", docs.billGas);
emit("documents: bill endorsed to the advising bank (exporter)", docs.endorseGas);
emit("documents: certificate of origin issued (chamber)", docs.certificateGas);
emit("title to the issuing bank: bill endorsed on (advising bank)", titleGas);
emit(
  "whole trade (apply, issue, advise, bill, endorse, certificate, present, examine, honour, endorse to issuing bank, settle)",
  applyGas +
    issueGas +
    adviseGas +
    docs.billGas +
    docs.endorseGas +
    docs.certificateGas +
    presentGas +
    examineGas +
    honourGas +
    titleGas +
    settleGas,
);

// ---- the other steps
{
  const [id] = await apply({ confirmingBank: t.confirmingBank.address, confirmationFee: 200_000n });
  await issue(id);
  emit("fund (top-up)", await gasOf(t.lc.connect(t.issuingBank).fund(id, 100n)));
  await t.lc.connect(t.advisingBank).advise(id);
  emit("confirm (fee paid)", await gasOf(t.lc.connect(t.confirmingBank).confirm(id)));
  await t.lc.connect(t.issuingBank).fund(id, 2_750_000n);
  const amendment = buildAmendment({ amount: 27_500_000n, details: "Increase to USD 275,000" });
  emit(
    "amend: propose (amount, escrow checked)",
    await gasOf(t.lc.connect(t.issuingBank).proposeAmendment(id, amendment)),
  );
  emit(
    "amend: accept",
    await gasOf(t.lc.connect(t.exporter).acceptAmendment(id, 1n, amendment.changes)),
  );
  const cancel = buildAmendment({ cancellation: true, details: "Cancel" });
  await t.lc.connect(t.issuingBank).proposeAmendment(id, cancel);
  emit(
    "cancel (art. 10a, escrow returned)",
    await gasOf(t.lc.connect(t.exporter).acceptAmendment(id, 2n, cancel.changes)),
  );
}
{
  // Refused for a missing invoice, then waived and settled.
  const [id] = await apply();
  await issue(id);
  await t.lc.connect(t.advisingBank).advise(id);
  const d = await documents();
  await present(id, 25_000_000n, d.billId, d.number, false);
  emit("examine (discrepant)", await gasOf(t.lc.connect(t.advisingBank).examine(id)));
  emit(
    "refuse (one notice, 1 bank discrepancy)",
    await gasOf(t.lc.connect(t.advisingBank).refuse(id, [bankDiscrepancy("INVOICE_MISSING")])),
  );
  emit("waive (applicant)", await gasOf(t.lc.connect(t.importer).waiveDiscrepancies(id)));
}
{
  // The same trade settled in CNY through the feed (a fresh rate: the feed's heartbeat is 48 h).
  await publishByQuorum(t.usdCny, t.fxPublishers, 7_09500000n, await time.latest());
  const [id] = await apply({
    settlementToken: t.cny.target as string,
    fxFeed: t.usdCny.target as string,
  });
  emit("issue (escrow converted at the feed's rate)", await issue(id));
  await t.lc.connect(t.advisingBank).advise(id);
  const d = await documents();
  await present(id, 25_000_000n, d.billId, d.number);
  await t.lc.connect(t.advisingBank).examine(id);
  await t.lc.connect(t.advisingBank).honour(id);
  await t.bills.connect(t.advisingBank).endorse(d.billId, t.issuingBank.address);
  emit("settle (FX: USD credit paid in CNY)", await gasOf(t.lc.settle(id)), settleGas);
}
{
  // Settlement by the upkeep (customs clearance required), against a direct settle of the same kind.
  const ids: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    const [id] = await apply({ customsClearanceRequired: true });
    await issue(id);
    await t.lc.connect(t.advisingBank).advise(id);
    const d = await documents();
    await present(id, 25_000_000n, d.billId, d.number);
    await t.lc.connect(t.advisingBank).examine(id);
    await t.lc.connect(t.advisingBank).honour(id);
    await t.bills.connect(t.advisingBank).endorse(d.billId, t.issuingBank.address);
    await t.customs.record(
      shipmentRefOf(t.carrier.address, d.blNumber),
      CustomsEventType.Cleared,
      await time.latest(),
      unLocode("CNSHA"),
    );
    ids.push(id);
  }
  const direct = await gasOf(t.lc.settle(ids[0]!));
  emit("settle (customs clearance checked)", direct);
  const [, performData] = await t.automation.checkUpkeep("0x");
  emit(
    "performUpkeep (settles 1 credit)",
    await gasOf(t.automation.performUpkeep(performData)),
    direct,
  );
}
{
  // Deferred payment (UCP 600 art. 7a iv): settling the honoured drawing issues the issuing bank's
  // undertaking as a voucher in PayableVoucher, funded from escrow, against the sight settlement
  // of the whole trade above. The first deferred settlement (the voucher contract's first payable)
  // warms it up and is not reported.
  const govern = (target: string, data: string, description: string) =>
    executeGovernance(t.registry, t.admins[0]!, t.admins.slice(1), { target, data, description });
  const registryAddress = await t.registry.getAddress();
  const invoices = await ethers.deployContract("InvoiceRegistry", [registryAddress]);
  const vouchers = (await ethers.deployContract("PayableVoucher", [
    registryAddress,
    await invoices.getAddress(),
    2,
    5 * 86_400,
  ])) as unknown as PayableVoucher;
  const vouchersAddress = await vouchers.getAddress();
  const lcAddress = await t.lc.getAddress();
  const usdAddress = await t.usd.getAddress();
  await govern(
    usdAddress,
    t.usd.interface.encodeFunctionData("setCustodian", [vouchersAddress, true]),
    "Custodian",
  );
  await govern(
    vouchersAddress,
    vouchers.interface.encodeFunctionData("setSettlementToken", [usdAddress, true]),
    "Token",
  );
  await govern(
    vouchersAddress,
    vouchers.interface.encodeFunctionData("setProduct", [lcAddress, true]),
    "Product",
  );
  await govern(
    registryAddress,
    t.registry.interface.encodeFunctionData("grantRole", [
      roleId("OBLIGOR"),
      t.issuingBank.address,
    ]),
    "OBLIGOR",
  );
  await govern(
    lcAddress,
    t.lc.interface.encodeFunctionData("configureFinance", [
      {
        vouchers: vouchersAddress,
        proceedsAssignee: ethers.ZeroAddress,
        documents: ethers.ZeroAddress,
      },
    ]),
    "Finance",
  );
  await vouchers.connect(t.issuingBank).authoriseProduct(lcAddress, true);
  async function deferredSettlement(): Promise<bigint> {
    const [id] = await apply({ deferredPaymentDays: 90 });
    await issue(id);
    await t.lc.connect(t.advisingBank).advise(id);
    const d = await documents();
    await present(id, 25_000_000n, d.billId, d.number);
    await t.lc.connect(t.advisingBank).examine(id);
    await t.lc.connect(t.advisingBank).honour(id);
    await t.bills.connect(t.advisingBank).endorse(d.billId, t.issuingBank.address);
    return gasOf(t.lc.settle(id));
  }
  await deferredSettlement();
  emit(
    "settle (deferred payment: voucher issued, funded from escrow, closes the credit)",
    await deferredSettlement(),
    settleGas,
  );
}
{
  // Expiry: release directly, and ten at a time through the upkeep (its bound per call).
  const ids: bigint[] = [];
  for (let i = 0; i < 11; i++) {
    const [id] = await apply({
      expiresAt: (await time.latest()) + 7 * 86_400,
      latestShipmentAt: await time.latest(),
    });
    await issue(id);
    ids.push(id);
  }
  await time.increase(8 * 86_400);
  const release = await gasOf(t.lc.release(ids[0]!));
  emit("release (expired, balance returned)", release);
  const open = await t.lc.openCreditCount();
  emit(
    `checkUpkeep (${open} open credits scanned, estimateGas)`,
    await ethers.provider.estimateGas({
      to: t.automation.target as string,
      data: t.automation.interface.encodeFunctionData("checkUpkeep", ["0x"]),
    }),
  );
  const [, performData] = await t.automation.checkUpkeep("0x");
  const batch = await gasOf(t.automation.performUpkeep(performData));
  emit("performUpkeep (releases 10 credits, the per-call bound)", batch, release * 10n);
}

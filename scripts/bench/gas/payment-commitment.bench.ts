/**
 * Gas of bank payment commitments (PaymentCommitment), all-in (each transaction's gasUsed): the
 * bank's offer and the importer's consent (together: commit), and a matching presentation
 * (match: the three-document match, the guard's claims of the invoice and the bill, and the
 * bank's voucher issued) — plain, with customs clearance at destination required, and with an
 * assignee of proceeds whose share is carved out of the voucher. On the demo consortium with the
 * real purchase orders, bill of lading, guard, invoice registry and vouchers; the customs status
 * and the assignee are the test doubles (contracts/test/), whose reads cost what an oracle's do.
 *
 *   npx hardhat run scripts/bench/gas/payment-commitment.bench.ts     (or: npm run bench:gas)
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"}.
 */
import { network } from "hardhat";

import { commitmentSetupCalls } from "../../../lib/chain/commitmentGovernance.ts";
import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { documentGuardCalls } from "../../../lib/chain/documentFinancingGovernance.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";
import {
  obligorCalls,
  productCall,
  voucherSetupCalls,
} from "../../../lib/chain/voucherGovernance.ts";
import {
  billIdOf,
  billIssueStruct,
  documentHashOf,
  shipmentRefOf,
  unLocode,
} from "../../../lib/trade/billOfLading.ts";
import { CustomsEventType } from "../../../lib/trade/enums.ts";
import type {
  ConsortiumRegistry,
  DepositToken,
  DocumentFinancingRegistry,
  InvoiceRegistry,
  PayableVoucher,
  PaymentCommitment,
} from "../../../types/ethers-contracts/index.js";

const BENCH = "payment-commitment";
const DAY = 86_400;
const AMOUNT = 100_000_000n; // CNY 1,000,000.00

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
const member = (key: string) => signers[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

function emit(metric: string, value: bigint): void {
  console.log(JSON.stringify({ bench: BENCH, metric, value: Number(value), unit: "gas" }));
}

async function gasOf(
  tx: Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>,
): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

// ---- the consortium and every contract a commitment touches
const registry = (await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
])) as unknown as ConsortiumRegistry;
const govern = (call: { target: string; data: string; description: string }) =>
  executeGovernance(registry, admins[0]!, admins.slice(1), call);
for (const m of DEMO_MEMBERS) {
  await govern(await onboardingCall(registry, signers[m.accountIndex]!.address, m));
}
const registryAddress = await registry.getAddress();
const deploy = (name: string, args: unknown[] = []) => ethers.deployContract(name, args);
const invoices = (await deploy("InvoiceRegistry", [registryAddress])) as unknown as InvoiceRegistry;
const token = (await deploy("DepositToken", [
  registryAddress,
  "Caravel CNY Deposit",
  "cCNY",
  "0x434e59",
  2,
])) as unknown as DepositToken;
const vouchers = (await deploy("PayableVoucher", [
  registryAddress,
  await invoices.getAddress(),
  2,
  5 * DAY,
])) as unknown as PayableVoucher;
const orders = await deploy("PurchaseOrder", [registryAddress]);
const bills = await deploy("BillOfLading", [registryAddress]);
const guard = (await deploy("DocumentFinancingRegistry", [
  registryAddress,
])) as unknown as DocumentFinancingRegistry;
const customs = await deploy("CustomsStatusDouble");
const assignee = await deploy("ProceedsAssigneeDouble");
const commitments = (await deploy("PaymentCommitment", [
  registryAddress,
  await orders.getAddress(),
  await bills.getAddress(),
  await customs.getAddress(),
  await vouchers.getAddress(),
  await guard.getAddress(),
  await invoices.getAddress(),
])) as unknown as PaymentCommitment;
const commitmentsAddress = await commitments.getAddress();

const importer = member("importer");
const exporter = member("exporter");
const bank = member("issuingBank");
const carrier = member("carrier");
for (const call of await voucherSetupCalls(vouchers, invoices, token)) {
  await govern(call);
}
for (const call of await documentGuardCalls(guard, invoices, [
  await invoices.getAddress(),
  await vouchers.getAddress(),
])) {
  await govern(call);
}
for (const call of await commitmentSetupCalls(commitments, vouchers, guard)) {
  await govern(call);
}
await govern(await productCall(vouchers, await assignee.getAddress()));
for (const call of await obligorCalls(registry, vouchers, bank.address, 10n ** 15n)) {
  await govern(call);
}
await (
  await vouchers.connect(bank).getFunction("authoriseProduct")(commitmentsAddress, true)
).wait();

let serial = 0;
/** A fresh accepted order, the exporter's registered invoice and a bill shipped a day ago. */
async function trade(): Promise<{
  orderId: bigint;
  presentation: Parameters<PaymentCommitment["present"]>[1];
  shipmentRef: string;
}> {
  serial += 1;
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const terms = {
    exporter: exporter.address,
    orderNumber: ethers.zeroPadValue(ethers.toBeHex(serial), 32),
    currency: "0x434e59",
    amount: AMOUNT,
    goodsHash: ethers.id("goods"),
    incoterm: "0x464f42",
    portOfLoading: unLocode("GBFXT"),
    portOfDischarge: unLocode("CNSHA"),
    latestShipmentAt: now + 30 * DAY,
    paymentTermDays: 60,
  };
  const po = { exact: ethers.id(`po ${serial}`), fuzzy: ethers.id(`po fuzzy ${serial}`) };
  const issue = orders.connect(importer).getFunction("issue");
  const orderId = (await issue.staticCall(terms, po)) as bigint;
  await (await issue(terms, po)).wait();
  await (await orders.connect(exporter).getFunction("accept")(orderId)).wait();
  const fingerprints = {
    exact: ethers.id(`inv ${serial}`),
    identity: ethers.id(`inv id ${serial}`),
  };
  await (await invoices.connect(exporter).register(fingerprints)).wait();
  const blNumber = `MOLU${String(serial).padStart(8, "0")}`;
  await (
    await bills.connect(carrier).getFunction("issue")(
      billIssueStruct({
        blNumber,
        shipper: exporter.address,
        consignee: "to order",
        notifyParty: importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        shippedOnBoardAt: now - DAY,
        documentHash: documentHashOf(`B/L ${blNumber}`),
      }),
    )
  ).wait();
  return {
    orderId,
    shipmentRef: shipmentRefOf(carrier.address, blNumber),
    presentation: {
      invoice: {
        fingerprints,
        buyer: importer.address,
        currency: "0x434e59",
        amount: AMOUNT,
        goodsHash: ethers.id("goods"),
      },
      billId: billIdOf(carrier.address, blNumber),
      billFingerprints: [ethers.id(`bl exact ${serial}`), ethers.id(`bl fuzzy ${serial}`)],
    },
  };
}

/** Offer (bank) + consent (importer); returns the gas of each. */
async function commit(orderId: bigint, customsRequired: boolean): Promise<[bigint, bigint]> {
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  const terms = {
    token: await token.getAddress(),
    toleranceBps: 500,
    customsRequired,
    expiresAt: now + 90 * DAY,
  };
  const offer = await gasOf(commitments.connect(bank).offer(orderId, terms));
  const consent = await gasOf(commitments.connect(importer).consent(orderId));
  return [offer, consent];
}

const present = (orderId: bigint, presentation: Parameters<PaymentCommitment["present"]>[1]) =>
  gasOf(commitments.connect(exporter).present(orderId, presentation));

// Plain: no customs, no assignee.
{
  const t = await trade();
  const [offer, consent] = await commit(t.orderId, false);
  emit("commit.offer", offer);
  emit("commit.consent", consent);
  emit("commit", offer + consent);
  emit("match", await present(t.orderId, t.presentation));
}
// Customs clearance at destination required (one more oracle read).
{
  const t = await trade();
  await commit(t.orderId, true);
  const now = (await ethers.provider.getBlock("latest"))!.timestamp;
  await (
    await customs.getFunction("record")(
      t.shipmentRef,
      CustomsEventType.Cleared,
      now,
      unLocode("CNSHA"),
    )
  ).wait();
  emit("match.customs", await present(t.orderId, t.presentation));
}
// An assignee of proceeds owed part of it: its share carved out to a second voucher.
{
  const t = await trade();
  await govern({
    target: commitmentsAddress,
    data: commitments.interface.encodeFunctionData("setProceedsAssignee", [
      await assignee.getAddress(),
    ]),
    description: "Name the assignee of proceeds",
  });
  await (
    await assignee.getFunction("setDebt")(commitmentsAddress, t.orderId, AMOUNT / 4n, AMOUNT / 4n)
  ).wait();
  await commit(t.orderId, false);
  emit("match.assignee", await present(t.orderId, t.presentation));
}

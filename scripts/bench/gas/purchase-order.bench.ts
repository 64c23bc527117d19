/**
 * Gas of purchase orders and of the one-document-one-facility guard, all-in (each transaction's
 * gasUsed): issuing an order (terms and fingerprints written), accepting it, an amendment
 * proposed and accepted, a cancellation by both; a product's claim and release of a document's
 * two fingerprints; and what the guard adds to an invoice financing (the same financing with and
 * without a guard named in the invoice registry), alone and in a full `financeBatch`, whose
 * transaction must fit the 16,777,216-gas cap (EIP-7825).
 *
 *   npx hardhat run scripts/bench/gas/purchase-order.bench.ts     (or: npm run bench:gas)
 *
 * Prints one JSON object per line: {"bench","metric","value","unit"}, and for the financing with
 * the guard "baseline" (without) and "ratio".
 */
import { network } from "hardhat";

import {
  DEMO_ADMINISTRATOR_INDEXES,
  DEMO_APPROVAL_THRESHOLD,
  DEMO_MEMBERS,
} from "../../../lib/chain/demoConsortium.ts";
import { documentGuardCalls } from "../../../lib/chain/documentFinancingGovernance.ts";
import { executeGovernance, onboardingCall } from "../../../lib/chain/governance.ts";
import { purchaseOrderFingerprints } from "../../../lib/trade/documentFingerprint.ts";
import { invoiceFingerprints } from "../../../lib/trade/invoiceFingerprint.ts";
import {
  amendmentTermsHash,
  normalizeOrderTerms,
  orderTermsFor,
} from "../../../lib/trade/purchaseOrder.ts";
import type {
  DocumentFinancingRegistry,
  InvoiceRegistry,
  PurchaseOrder,
} from "../../../types/ethers-contracts/index.js";

/** A benchmark-only key; the consortium's real key never leaves its HSM. */
const BENCH_KEY = "0x" + "be".repeat(32);
const DAY = 86_400;

const { ethers } = await network.create();
const signers = await ethers.getSigners();
const admins = DEMO_ADMINISTRATOR_INDEXES.map((i) => signers[i]!);
const member = (key: string) => signers[DEMO_MEMBERS.find((m) => m.key === key)!.accountIndex]!;

function emit(bench: string, metric: string, value: bigint, baseline?: bigint): void {
  const line: Record<string, string | number> = {
    bench,
    metric,
    value: Number(value),
    unit: "gas",
  };
  if (baseline !== undefined) {
    line["baseline"] = Number(baseline);
    line["ratio"] = Number(((Number(value) / Number(baseline)) * 1e6).toFixed(0)) / 1e6;
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

// ---- the consortium and the contracts
const registry = await ethers.deployContract("ConsortiumRegistry", [
  admins.map((a) => a.address),
  DEMO_APPROVAL_THRESHOLD,
]);
const govern = async (call: { target: string; data: string; description: string }) =>
  executeGovernance(registry, admins[0]!, admins.slice(1), call);
for (const m of DEMO_MEMBERS) {
  await govern(await onboardingCall(registry, signers[m.accountIndex]!.address, m));
}
const registryAddress = await registry.getAddress();
const orders = (await ethers.deployContract("PurchaseOrder", [
  registryAddress,
])) as unknown as PurchaseOrder;
const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
  registryAddress,
])) as unknown as DocumentFinancingRegistry;
const importer = member("importer");
const exporter = member("exporter");
const bank = member("advisingBank");

// ---- purchase orders
const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const isoDate = (days: number) =>
  new Date((Number(now) + days * DAY) * 1000).toISOString().slice(0, 10);
function order(number: string, amount: string, latestShipmentDate: string) {
  const raw = {
    exporter: exporter.address,
    orderNumber: number,
    currency: "USD",
    amount,
    goods: "120 ultrasound probes, model API-US7",
    incoterm: "CIF",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    latestShipmentDate,
    paymentTermDays: 60,
  };
  const fingerprints = purchaseOrderFingerprints(
    {
      importerId: "91310101MA1FPX1234",
      exporterId: "GB284113762",
      orderNumber: number,
      amount,
      currency: "USD",
      goods: raw.goods,
      latestShipmentDate,
      paymentTermDays: 60,
    },
    BENCH_KEY,
  );
  return { terms: orderTermsFor(normalizeOrderTerms(raw, now), 2), fingerprints };
}

const first = order("HME-PO-2025-0042", "486250.00", isoDate(60));
emit(
  "gas-purchase-order",
  "issue order",
  await gasOf(orders.connect(importer).issue(first.terms, first.fingerprints)),
);
emit("gas-purchase-order", "accept order", await gasOf(orders.connect(exporter).accept(1n)));
const amended = order("HME-PO-2025-0042", "496250.00", isoDate(75));
emit(
  "gas-purchase-order",
  "propose amendment (amount, latest shipment)",
  await gasOf(
    orders.connect(exporter).proposeAmendment(1n, amended.terms, amended.fingerprints.exact),
  ),
);
emit(
  "gas-purchase-order",
  "accept amendment",
  await gasOf(
    orders
      .connect(importer)
      .acceptAmendment(1n, amendmentTermsHash(amended.terms, amended.fingerprints.exact)),
  ),
);
emit(
  "gas-purchase-order",
  "cancel (first party agrees)",
  await gasOf(orders.connect(importer).cancel(1n)),
);
emit(
  "gas-purchase-order",
  "cancel (second party: cancelled)",
  await gasOf(orders.connect(exporter).cancel(1n)),
);
const second = order("HME-PO-2025-0043", "120000.00", isoDate(60));
emit(
  "gas-purchase-order",
  "issue order (the importer's second)",
  await gasOf(orders.connect(importer).issue(second.terms, second.fingerprints)),
);

// ---- the guard
const product = signers[19]!;
const invoices = (await ethers.deployContract("InvoiceRegistry", [
  registryAddress,
])) as unknown as InvoiceRegistry;
for (const call of await documentGuardCalls(guard, invoices, [product.address])) await govern(call);
const claimed = [second.fingerprints.exact, second.fingerprints.fuzzy];
emit(
  "gas-document-guard",
  "claim (2 fingerprints)",
  await gasOf(guard.connect(product).claim(1, claimed, 1n)),
);
emit(
  "gas-document-guard",
  "release (2 fingerprints)",
  await gasOf(guard.connect(product).release(1, claimed, 1n)),
);

// ---- an invoice financing without, then with, the guard
const unguarded = (await ethers.deployContract("InvoiceRegistry", [
  registryAddress,
])) as unknown as InvoiceRegistry;
const invoice = (n: string) =>
  invoiceFingerprints(
    {
      sellerTaxId: "GB 284 1137 62",
      buyerTaxId: "91310101MA1FPX1234",
      invoiceNumber: n,
      issueDate: "2025-06-02",
      amount: "486,250.00",
      currency: "USD",
    },
    BENCH_KEY,
  );
const plain = invoice("API-2025-0117");
await (await unguarded.connect(exporter).register(plain)).wait();
const withoutGuard = await gasOf(unguarded.connect(bank).finance(exporter.address, plain));
emit("gas-document-guard", "invoice finance, no guard", withoutGuard);
for (const call of await documentGuardCalls(guard, invoices, [await invoices.getAddress()])) {
  await govern(call);
}
const guarded = invoice("API-2025-0118");
await (await invoices.connect(exporter).register(guarded)).wait();
const guardedSingle = await gasOf(invoices.connect(bank).finance(exporter.address, guarded));
emit("gas-document-guard", "invoice finance, claimed in the guard", guardedSingle, withoutGuard);
const financeBatch = await invoices.MAX_FINANCE_BATCH();
const batch = Array.from({ length: Number(financeBatch) }, (_, i) => invoice(`API-2025-B${i}`));
await (await invoices.connect(exporter).registerBatch(batch)).wait();
const batchGas = await gasOf(
  invoices
    .connect(bank)
    .financeBatch(batch.map((fingerprints) => ({ seller: exporter.address, fingerprints }))),
);
emit(
  "gas-document-guard",
  `invoice finance, claimed in the guard (1 of ${financeBatch} in financeBatch)`,
  batchGas / financeBatch,
  guardedSingle,
);
emit(
  "gas-document-guard",
  `financeBatch of ${financeBatch}, claimed in the guard (whole transaction; cap 16,777,216)`,
  batchGas,
);

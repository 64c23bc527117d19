/**
 * Test fixture for bank payment commitments on open account: the voucher world
 * (voucherFixture.ts) plus the issuing bank made an OBLIGOR (it is the commitments' obligor), the
 * real bill of lading, purchase orders and document-financing guard (named in the invoice
 * registry, with the registry, the vouchers and the commitments its products), the customs status
 * double, a double of the assignee of proceeds, and the PaymentCommitment contract named by
 * governance a product of the vouchers, which the bank authorised. One accepted order (id 1) from
 * the importer to the exporter, GBFXT -> CNSHA, CNY 1,000,000.00, payment 60 days after the
 * bill's date, shipment within 30 days.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress } from "ethers";

import { documentGuardCalls } from "../../lib/chain/documentFinancingGovernance.ts";
import { obligorCalls, productCall } from "../../lib/chain/voucherGovernance.ts";
import {
  billIdOf,
  billIssueStruct,
  documentHashOf,
  unLocode,
} from "../../lib/trade/billOfLading.ts";
import type {
  BillOfLading,
  CustomsStatusDouble,
  DocumentFinancingRegistry,
  PaymentCommitment,
  ProceedsAssigneeDouble,
  PurchaseOrder,
} from "../../types/ethers-contracts/index.js";
import {
  cny,
  DAY,
  deployVoucherWorld,
  freshFingerprints,
  registerInvoice,
  type FixtureInvoice,
  type VoucherWorld,
} from "./voucherFixture.ts";

export const CNY = "0x434e59";
export const BANK_LIMIT = cny(20_000_000);
export const ORDER_AMOUNT = cny(1_000_000);
export const PAYMENT_TERM_DAYS = 60;
export const GOODS = "0x" + "ab".repeat(32);
export const ORDER_ID = 1n;

export interface CommitmentWorld extends VoucherWorld {
  commitments: PaymentCommitment;
  orders: PurchaseOrder;
  guard: DocumentFinancingRegistry;
  customs: CustomsStatusDouble;
  bills: BillOfLading;
  assignee: ProceedsAssigneeDouble;
  importer: HardhatEthersSigner;
  exporter: HardhatEthersSigner;
  /** The importer's bank: offers commitments, obligor of their vouchers. */
  commitmentBank: HardhatEthersSigner;
  carrierSigner: HardhatEthersSigner;
  /** When the fixture was built (unix seconds). */
  start: number;
}

export interface OrderOverrides {
  amount: bigint;
  currency: string;
  goodsHash: string;
  portOfLoading: string;
  portOfDischarge: string;
  /** Seconds from now. */
  shipWithin: number;
  paymentTermDays: number;
}

let orderSerial = 0;

/**
 * The importer issues an order to the exporter (defaults: order 1's terms) and, unless
 * `accept` is false, the exporter accepts it; returns its id.
 */
export async function placeOrder(
  w: Pick<CommitmentWorld, "orders" | "importer" | "exporter">,
  overrides: Partial<OrderOverrides> = {},
  accept = true,
): Promise<bigint> {
  orderSerial += 1;
  const now = (await w.orders.runner!.provider!.getBlock("latest"))!.timestamp;
  const terms = {
    exporter: w.exporter.address,
    orderNumber: "0x" + orderSerial.toString(16).padStart(64, "0"),
    currency: overrides.currency ?? CNY,
    amount: overrides.amount ?? ORDER_AMOUNT,
    goodsHash: overrides.goodsHash ?? GOODS,
    incoterm: "0x464f42", // FOB
    portOfLoading: unLocode(overrides.portOfLoading ?? "GBFXT"),
    portOfDischarge: unLocode(overrides.portOfDischarge ?? "CNSHA"),
    latestShipmentAt: now + (overrides.shipWithin ?? 30 * DAY),
    paymentTermDays: overrides.paymentTermDays ?? PAYMENT_TERM_DAYS,
  };
  const fingerprints = {
    exact: documentHashOf(`purchase order ${orderSerial} exact`),
    fuzzy: documentHashOf(`purchase order ${orderSerial} fuzzy`),
  };
  const issue = w.orders.connect(w.importer);
  const orderId = await issue.issue.staticCall(terms, fingerprints);
  await (await issue.issue(terms, fingerprints)).wait();
  if (accept) await (await w.orders.connect(w.exporter).accept(orderId)).wait();
  return orderId;
}

export async function deployCommitmentWorld(ethers: HardhatEthers): Promise<CommitmentWorld> {
  const w = await deployVoucherWorld(ethers);
  const registryAddress = await w.registry.getAddress();
  const commitmentBank = w.bank;
  for (const call of await obligorCalls(
    w.registry,
    w.vouchers,
    commitmentBank.address,
    BANK_LIMIT,
  )) {
    await w.govern(call);
  }
  const bills = (await ethers.deployContract("BillOfLading", [
    registryAddress,
  ])) as unknown as BillOfLading;
  const customs = (await ethers.deployContract(
    "CustomsStatusDouble",
  )) as unknown as CustomsStatusDouble;
  const orders = (await ethers.deployContract("PurchaseOrder", [
    registryAddress,
  ])) as unknown as PurchaseOrder;
  const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
    registryAddress,
  ])) as unknown as DocumentFinancingRegistry;
  const assignee = (await ethers.deployContract(
    "ProceedsAssigneeDouble",
  )) as unknown as ProceedsAssigneeDouble;
  const commitments = (await ethers.deployContract("PaymentCommitment", [
    registryAddress,
    await orders.getAddress(),
    await bills.getAddress(),
    await customs.getAddress(),
    await w.vouchers.getAddress(),
    await guard.getAddress(),
    await w.invoices.getAddress(),
  ])) as unknown as PaymentCommitment;
  const commitmentsAddress = await commitments.getAddress();
  await w.govern(await productCall(w.vouchers, commitmentsAddress));
  await w.govern(await productCall(w.vouchers, await assignee.getAddress()));
  for (const call of await documentGuardCalls(guard, w.invoices, [
    await w.invoices.getAddress(),
    await w.vouchers.getAddress(),
    commitmentsAddress,
  ])) {
    await w.govern(call);
  }
  // The bank authorises the commitments contract once to issue its vouchers; each commitment it
  // offers is its consent to that one voucher.
  await (
    await w.vouchers.connect(commitmentBank).authoriseProduct(commitmentsAddress, true)
  ).wait();

  const start = (await ethers.provider.getBlock("latest"))!.timestamp;
  const world: CommitmentWorld = {
    ...w,
    commitments,
    orders,
    guard,
    customs,
    bills,
    assignee,
    importer: w.obligor,
    exporter: w.tier1,
    commitmentBank,
    carrierSigner: w.carrier,
    start,
  };
  const first = await placeOrder(world);
  if (first !== ORDER_ID) throw new Error(`the fixture's order is ${first}, not ${ORDER_ID}`);
  return world;
}

let billSerial = 0;

/** The carrier issues a bill; defaults match order 1 (shipper the exporter, "to order", shipped a day ago). */
export async function issueBill(
  w: CommitmentWorld,
  overrides: Partial<{
    shipper: string;
    consignee: string;
    portOfLoading: string;
    portOfDischarge: string;
    shippedOnBoardAt: number;
  }> = {},
): Promise<{ billId: bigint; blNumber: string }> {
  billSerial += 1;
  const blNumber = `MOLU${String(billSerial).padStart(8, "0")}`;
  const now = (await w.bills.runner!.provider!.getBlock("latest"))!.timestamp;
  await (
    await w.bills.connect(w.carrierSigner).issue(
      billIssueStruct({
        blNumber,
        shipper: overrides.shipper ?? w.exporter.address,
        consignee: overrides.consignee ?? "to order",
        notifyParty: w.importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: overrides.portOfLoading ?? "GBFXT",
        portOfDischarge: overrides.portOfDischarge ?? "CNSHA",
        shippedOnBoardAt: overrides.shippedOnBoardAt ?? now - DAY,
        documentHash: documentHashOf(`B/L ${blNumber}`),
      }),
    )
  ).wait();
  return { billId: billIdOf(w.carrierSigner.address, blNumber), blNumber };
}

/** The bank offers commitment `orderId` (tolerance 5 %, no customs, 90 days) and the importer consents. */
export async function commit(
  w: CommitmentWorld,
  options: Partial<{
    orderId: bigint;
    toleranceBps: number;
    customsRequired: boolean;
    days: number;
  }> = {},
): Promise<void> {
  const orderId = options.orderId ?? ORDER_ID;
  const now = (await w.bills.runner!.provider!.getBlock("latest"))!.timestamp;
  await (
    await w.commitments.connect(w.commitmentBank).offer(orderId, {
      token: await w.cnyToken.getAddress(),
      toleranceBps: options.toleranceBps ?? 500,
      customsRequired: options.customsRequired ?? false,
      expiresAt: now + (options.days ?? 90) * DAY,
    })
  ).wait();
  await (await w.commitments.connect(w.importer).consent(orderId)).wait();
}

/** A presentation of `invoice` and `billId` whose invoice fields match order 1 unless overridden. */
export function presentation(
  w: CommitmentWorld,
  invoice: FixtureInvoice,
  billId: bigint,
  overrides: Partial<{ buyer: string; currency: string; amount: bigint; goodsHash: string }> = {},
) {
  return {
    invoice: {
      fingerprints: invoice.fingerprints,
      buyer: overrides.buyer ?? w.importer.address,
      currency: overrides.currency ?? CNY,
      amount: overrides.amount ?? ORDER_AMOUNT,
      goodsHash: overrides.goodsHash ?? GOODS,
    },
    billId,
    billFingerprints: [documentHashOf(`fingerprint of bill ${billId}`)],
  };
}

/** A registered invoice of the exporter and a matching bill, under a consented commitment. */
export async function readyToPresent(
  w: CommitmentWorld,
  ethers: HardhatEthers,
  options: Parameters<typeof commit>[1] = {},
) {
  await commit(w, options);
  const invoice = await registerInvoice(w, ethers, w.exporter, freshFingerprints(ethers));
  const bill = await issueBill(w);
  return { invoice, ...bill };
}

export { cny, DAY, ZeroAddress };

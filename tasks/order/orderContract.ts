/**
 * The purchase-order contract as the `order` tasks see it: the deployment, an order read from the
 * chain and written for people, and the order's fingerprints. The fingerprints are computed here,
 * under the consortium's fingerprint key (CARAVEL_INVOICE_KEY: one key fingerprints every kind of
 * document), over the order's terms and its parties' consortium registration ids (LEI or company
 * registry number, read from the consortium registry), so any member holding the key derives the
 * same fingerprints from the order and the registry alone.
 */
import { z } from "zod";

import { CURRENCY_EXPONENTS } from "../../lib/iso/iso4217.ts";
import {
  type DocumentFingerprints,
  purchaseOrderFingerprints,
} from "../../lib/trade/documentFingerprint.ts";
import { enumName, OrderStatus } from "../../lib/trade/enums.ts";
import {
  bytesText,
  type NormalizedOrderTerms,
  type OrderTerms,
} from "../../lib/trade/purchaseOrder.ts";
import {
  ConsortiumRegistry__factory,
  PurchaseOrder__factory,
} from "../../types/ethers-contracts/index.js";
import type { PurchaseOrder } from "../../types/ethers-contracts/index.js";
import type { IPurchaseOrder } from "../../types/ethers-contracts/documents/PurchaseOrder.js";
import { invoiceKey } from "../invoice/invoiceInput.ts";
import type { TaskContext } from "../support/context.ts";
import { formatUnits, wholeNumber } from "../support/inputs.ts";
import { formatTime } from "../support/output.ts";

export const PURCHASE_ORDER = "PurchaseOrder";

export const orderId: z.ZodType<bigint, z.ZodTypeDef, unknown> = wholeNumber();

export async function deployedPurchaseOrder(ctx: TaskContext): Promise<PurchaseOrder> {
  return PurchaseOrder__factory.connect(await ctx.deployed(PURCHASE_ORDER), ctx.ethers.provider);
}

/** The chain's time now (the latest block's), unix seconds. */
export async function chainNow(ctx: TaskContext): Promise<bigint> {
  const block = await ctx.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("the chain has no latest block");
  return BigInt(block.timestamp);
}

/** The decimals an order's amount is written with: its currency's ISO 4217 minor unit, as the consortium's deposit tokens have. */
export function orderDecimals(currency: string): number {
  const exponent = CURRENCY_EXPONENTS.get(currency);
  if (exponent === undefined) throw new Error(`${currency} is not an ISO 4217 currency`);
  return exponent;
}

/**
 * `minor` as a plain decimal the fingerprint's amount parser reads without doubt: no grouping,
 * and one trailing zero past the currency's decimals, so "1.250" (a 3-decimal currency) is
 * never taken for a thousands-grouped 1250.
 */
export function plainAmount(minor: bigint, decimals: number): string {
  if (decimals === 0) return minor.toString();
  const digits = minor.toString().padStart(decimals + 1, "0");
  return `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}0`;
}

/** The fingerprints of `terms` issued by `importer`, under the consortium's key. */
export async function orderFingerprints(
  ctx: TaskContext,
  orders: PurchaseOrder,
  importer: string,
  terms: NormalizedOrderTerms,
): Promise<DocumentFingerprints> {
  const registry = ConsortiumRegistry__factory.connect(
    await orders.consortiumRegistry(),
    ctx.ethers.provider,
  );
  const [importerMember, exporterMember] = await Promise.all([
    ctx.view(`reading member ${ctx.party(importer)}`, () => registry.member(importer)),
    ctx.view(`reading member ${ctx.party(terms.exporter)}`, () => registry.member(terms.exporter)),
  ]);
  return purchaseOrderFingerprints(
    {
      importerId: importerMember.registrationId,
      exporterId: exporterMember.registrationId,
      orderNumber: terms.orderNumber,
      amount: plainAmount(terms.amountMinor, orderDecimals(terms.currency)),
      currency: terms.currency,
      goods: terms.goodsHash,
      latestShipmentDate: terms.latestShipmentDate,
      paymentTermDays: terms.paymentTermDays,
    },
    await invoiceKey(ctx.hre),
  );
}

/** The contract's terms of an order as the normalized terms they were made from. */
export function normalizedFromChain(terms: OrderTerms): NormalizedOrderTerms {
  const currency = bytesText(terms.currency);
  return {
    exporter: terms.exporter,
    orderNumber: bytesText(terms.orderNumber),
    currency,
    amountMinor: terms.amount,
    goodsHash: terms.goodsHash,
    incoterm: bytesText(terms.incoterm) as NormalizedOrderTerms["incoterm"],
    portOfLoading: bytesText(terms.portOfLoading),
    portOfDischarge: bytesText(terms.portOfDischarge),
    latestShipmentDate: new Date(Number(terms.latestShipmentAt) * 1000).toISOString().slice(0, 10),
    paymentTermDays: Number(terms.paymentTermDays),
  };
}

/** The contract's terms struct as plain values. */
export function termsOfStruct(t: IPurchaseOrder.OrderTermsStructOutput): OrderTerms {
  return {
    exporter: t.exporter,
    orderNumber: t.orderNumber,
    currency: t.currency,
    amount: t.amount,
    goodsHash: t.goodsHash,
    incoterm: t.incoterm,
    portOfLoading: t.portOfLoading,
    portOfDischarge: t.portOfDischarge,
    latestShipmentAt: t.latestShipmentAt,
    paymentTermDays: Number(t.paymentTermDays),
  };
}

/** The lines that describe terms for people. */
export function describeTerms(ctx: TaskContext, terms: OrderTerms): string[] {
  const n = normalizedFromChain(terms);
  return [
    `  exporter        ${ctx.party(n.exporter)}`,
    `  amount          ${formatUnits(n.amountMinor, orderDecimals(n.currency))} ${n.currency}`,
    `  goods           ${n.goodsHash}`,
    `  Incoterm        ${n.incoterm} (Incoterms 2020), ${n.portOfLoading} to ${n.portOfDischarge}`,
    `  ship by         ${formatTime(terms.latestShipmentAt)}`,
    `  payment         ${n.paymentTermDays} days after the bill of lading's date`,
  ];
}

export function orderStatusName(status: bigint): string {
  return enumName(OrderStatus, status);
}

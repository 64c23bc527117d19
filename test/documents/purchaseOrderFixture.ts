/**
 * Test fixture for purchase orders: the documents fixture (demo consortium, a second exporter,
 * strangers) and the PurchaseOrder contract, with the demo trade's order terms and fingerprints.
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";

import {
  type DocumentFingerprints,
  purchaseOrderFingerprints,
} from "../../lib/trade/documentFingerprint.ts";
import {
  normalizeOrderTerms,
  type OrderTerms,
  orderTermsFor,
  type RawOrderTerms,
} from "../../lib/trade/purchaseOrder.ts";
import type { PurchaseOrder } from "../../types/ethers-contracts/index.js";
import { type DocumentsFixture, deployDocuments } from "./documentsFixture.ts";

export const DAY = 86_400;
/** The consortium's fingerprint key in these tests. */
export const KEY = "0x" + "5a".repeat(32);
/** USD deposit token decimals. */
export const DECIMALS = 2;

export interface PurchaseOrderFixture extends DocumentsFixture {
  orders: PurchaseOrder;
}

export async function deployPurchaseOrders(ethers: HardhatEthers): Promise<PurchaseOrderFixture> {
  const documents = await deployDocuments(ethers);
  const orders = (await ethers.deployContract("PurchaseOrder", [
    await documents.registry.getAddress(),
  ])) as unknown as PurchaseOrder;
  return { ...documents, orders };
}

/** YYYY-MM-DD of unix time `seconds` (UTC). */
export function isoDate(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 10);
}

/** The demo trade's order (Huangpu Medical buys from Albion Precision), shipping by `latest`. */
export function rawOrder(exporter: string, latestShipmentDate: string): RawOrderTerms {
  return {
    exporter,
    orderNumber: "HME-PO-2025-0042",
    currency: "USD",
    amount: "486,250.00",
    goods: "120 ultrasound probes, model API-US7, per quotation Q-2025-117",
    incoterm: "CIF",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    latestShipmentDate,
    paymentTermDays: 60,
  };
}

/** The contract's terms for `raw` at chain time `now`. */
export function termsOf(raw: RawOrderTerms, now: number | bigint): OrderTerms {
  return orderTermsFor(normalizeOrderTerms(raw, BigInt(now)), DECIMALS);
}

/** The order's fingerprints: the parties by tax id, as the importer's system knows them. */
export function fingerprintsOf(raw: RawOrderTerms): DocumentFingerprints {
  return purchaseOrderFingerprints(
    {
      importerId: "91310101MA1FPX1234",
      exporterId: "GB 284 1137 62",
      orderNumber: raw.orderNumber,
      amount: raw.amount,
      currency: raw.currency,
      goods: raw.goods,
      latestShipmentDate: raw.latestShipmentDate,
      paymentTermDays: raw.paymentTermDays,
    },
    KEY,
  );
}

/**
 * Test fixture for pre-shipment advances: the demo consortium (and a second exporter), a USD
 * deposit token, the purchase orders with an accepted order, the document-financing guard naming
 * the advance contract a product, a customs status source (CustomsStatusDouble, or a real
 * CustomsOracle passed in), and a payer of proceeds (ProceedsPayerDouble) governance named for
 * orders. The issuing bank advances, the exporter draws.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { hexlify, keccak256, solidityPacked, toUtf8Bytes } from "ethers";

import { advanceCustodianCalls, proceedsPayerCall } from "../../lib/chain/advanceGovernance.ts";
import { documentProductCall } from "../../lib/chain/documentFinancingGovernance.ts";
import {
  executeGovernance,
  type GovernanceCall,
  onboardingCall,
} from "../../lib/chain/governance.ts";
import { purchaseOrderFingerprints } from "../../lib/trade/documentFingerprint.ts";
import { normalizeOrderTerms, orderTermsFor } from "../../lib/trade/purchaseOrder.ts";
import { AdvanceMilestone, AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import type {
  CustomsStatusDouble,
  DepositToken,
  DocumentFinancingRegistry,
  PreShipmentAdvance,
  ProceedsPayerDouble,
  PurchaseOrder,
} from "../../types/ethers-contracts/index.js";
import { type Consortium, deployConsortium, memberSigner } from "../helpers/consortium.ts";

export const DAY = 86_400;
/** USD in cents (the deposit token has 2 decimals). */
export function usd(dollars: number | bigint): bigint {
  return BigInt(dollars) * 100n;
}
export const ORDER_ID = 1n;
/** The consortium's fingerprint key in these tests. */
export const KEY = "0x" + "6b".repeat(32);
export const ORDER_AMOUNT = usd(250_000);
export const RATE_BPS = 720; // 7.20 % a year
export const GRACE_DAYS = 10;
export const BL_NUMBER = "MEDU4471901";

export interface AdvanceWorld extends Consortium {
  advance: PreShipmentAdvance;
  orders: PurchaseOrder;
  guard: DocumentFinancingRegistry;
  customs: CustomsStatusDouble;
  payer: ProceedsPayerDouble;
  token: DepositToken;
  bank: HardhatEthersSigner;
  exporter: HardhatEthersSigner;
  importer: HardhatEthersSigner;
  carrier: HardhatEthersSigner;
  /** An EXPORTER member that is not the order's exporter. */
  otherExporter: HardhatEthersSigner;
  /** The shipment reference of the exporter's bill with the carrier. */
  shipmentRef: string;
  latestShipmentAt: bigint;
  govern(call: GovernanceCall): Promise<void>;
}

export async function now(ethers: HardhatEthers): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

/**
 * Deploys the world. `customsAddress` (a CustomsOracle) replaces the status double as the source
 * of milestones; the double is still deployed, unused.
 */
export async function deployAdvanceWorld(
  ethers: HardhatEthers,
  options: { consortium?: Consortium; customsAddress?: string } = {},
): Promise<AdvanceWorld> {
  const consortium = options.consortium ?? (await deployConsortium(ethers));
  const { registry, admins } = consortium;
  const govern = async (call: GovernanceCall) => {
    await executeGovernance(registry, admins[0]!, admins.slice(1), call);
  };
  const registryAddress = await registry.getAddress();
  const token = (await ethers.deployContract("DepositToken", [
    registryAddress,
    "Caravel USD Deposit",
    "cUSD",
    "0x555344",
    2,
  ])) as unknown as DepositToken;
  const orders = (await ethers.deployContract("PurchaseOrder", [
    registryAddress,
  ])) as unknown as PurchaseOrder;
  const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
    registryAddress,
  ])) as unknown as DocumentFinancingRegistry;
  const customs = (await ethers.deployContract(
    "CustomsStatusDouble",
  )) as unknown as CustomsStatusDouble;
  const payer = (await ethers.deployContract(
    "ProceedsPayerDouble",
  )) as unknown as ProceedsPayerDouble;
  const sources = await ethers.deployContract("AdvanceSources");
  const advance = (await ethers.deployContract(
    "PreShipmentAdvance",
    [
      registryAddress,
      await orders.getAddress(),
      ethers.ZeroAddress,
      options.customsAddress ?? (await customs.getAddress()),
      await guard.getAddress(),
    ],
    { libraries: { AdvanceSources: await sources.getAddress() } },
  )) as unknown as PreShipmentAdvance;

  for (const call of await advanceCustodianCalls(advance, [token])) await govern(call);
  await govern(await documentProductCall(guard, await advance.getAddress()));
  await govern(await proceedsPayerCall(advance, "PurchaseOrder", await payer.getAddress()));
  await govern({
    target: await token.getAddress(),
    data: token.interface.encodeFunctionData("setCustodian", [await payer.getAddress(), true]),
    description: "Approve the test payer as custodian of proceeds it passes on",
  });

  const bank = memberSigner(consortium, "issuingBank");
  const exporter = memberSigner(consortium, "exporter");
  const importer = memberSigner(consortium, "importer");
  const carrier = memberSigner(consortium, "carrier");
  const otherExporter = consortium.outsiders[3]!; // the voucher world onboards the first three
  await govern(
    await onboardingCall(registry, otherExporter.address, {
      name: "Sheffield Forge Ltd",
      registrationId: "GB-SHEFFIELD-FORGE-01",
      country: "GB",
      roles: ["EXPORTER"],
    }),
  );
  const orderId = await issueOrder(orders, ethers, importer, exporter.address);
  if (orderId !== ORDER_ID) throw new Error(`the world's order is ${orderId}, not ${ORDER_ID}`);
  await (await orders.connect(exporter).accept(orderId)).wait();
  const latestShipmentAt = (await orders.order(orderId)).terms.latestShipmentAt;

  await (
    await token.connect(bank).mint(bank.address, usd(10_000_000), ethers.id("deposit"))
  ).wait();
  await (await token.connect(bank).approve(await advance.getAddress(), ethers.MaxUint256)).wait();
  // The importer's bank pays the proceeds through the payer.
  await (await token.connect(bank).approve(await payer.getAddress(), ethers.MaxUint256)).wait();

  return {
    ...consortium,
    advance,
    orders,
    guard,
    customs,
    payer,
    token,
    bank,
    exporter,
    importer,
    carrier,
    otherExporter,
    shipmentRef: keccak256(solidityPacked(["address", "string"], [carrier.address, BL_NUMBER])),
    latestShipmentAt,
    govern,
  };
}

let orderSerial = 0;

/**
 * `importer` issues an order to `exporter` (not yet accepted): USD 250,000.00 of ceramic tableware,
 * FOB Felixstowe to Shanghai, shipping within 30 days, paid 60 days after the bill's date.
 */
export async function issueOrder(
  orders: PurchaseOrder,
  ethers: HardhatEthers,
  importer: HardhatEthersSigner,
  exporter: string,
  options: { currency?: string } = {},
): Promise<bigint> {
  orderSerial += 1;
  const chainNow = await now(ethers);
  const latestShipmentDate = new Date(Number(chainNow + BigInt(30 * DAY)) * 1000)
    .toISOString()
    .slice(0, 10);
  const raw = {
    exporter,
    orderNumber: `PO-2026-${orderSerial}`,
    currency: options.currency ?? "USD",
    amount: "250,000.00",
    goods: "2,000 cartons of ceramic tableware",
    incoterm: "FOB",
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    latestShipmentDate,
    paymentTermDays: 60,
  };
  const terms = orderTermsFor(normalizeOrderTerms(raw, chainNow), 2);
  const fingerprints = purchaseOrderFingerprints(
    {
      importerId: "91310101MA1FPX1234",
      exporterId: `GB${exporter.slice(2, 14).toUpperCase()}`,
      orderNumber: raw.orderNumber,
      amount: raw.amount,
      currency: raw.currency,
      goods: raw.goods,
      latestShipmentDate,
      paymentTermDays: raw.paymentTermDays,
    },
    KEY,
  );
  const id = await orders.connect(importer).issue.staticCall(terms, fingerprints);
  await (await orders.connect(importer).issue(terms, fingerprints)).wait();
  return id;
}

/** The demo's offer: 80 % of the order, 30 % on the export declaration, 40 % on loading, 30 % on departure. */
export async function standardOffer(world: AdvanceWorld, ethers: HardhatEthers) {
  return {
    exporter: world.exporter.address,
    sourceKind: AdvanceSourceKind.PurchaseOrder,
    sourceId: ORDER_ID,
    token: await world.token.getAddress(),
    limit: (ORDER_AMOUNT * 8000n) / 10_000n,
    shareBps: 8000,
    rateBps: RATE_BPS,
    graceDays: GRACE_DAYS,
    expiresAt: (await now(ethers)) + BigInt(7 * DAY),
    tranches: [
      { milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 3000 },
      { milestone: AdvanceMilestone.Loaded, shareBps: 4000 },
      { milestone: AdvanceMilestone.Departed, shareBps: 3000 },
    ],
  };
}

/** Offered, accepted (shipment bound) and funded: returns the advance id. */
export async function fundedAdvance(world: AdvanceWorld, ethers: HardhatEthers): Promise<bigint> {
  const offer = await standardOffer(world, ethers);
  const id = await world.advance.connect(world.bank).offer.staticCall(offer);
  await (await world.advance.connect(world.bank).offer(offer)).wait();
  await (
    await world.advance.connect(world.exporter).accept(id, world.carrier.address, BL_NUMBER)
  ).wait();
  await (await world.advance.connect(world.bank).fund(id)).wait();
  return id;
}

/** The status double records that the world's shipment reached `status` now. */
export async function reach(
  world: AdvanceWorld,
  ethers: HardhatEthers,
  status: number,
  location = "GBFXT",
): Promise<void> {
  await (
    await world.customs.record(
      world.shipmentRef,
      status,
      await now(ethers),
      hexlify(toUtf8Bytes(location)),
    )
  ).wait();
}

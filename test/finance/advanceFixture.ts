/**
 * Test fixture for pre-shipment advances: the demo consortium, a USD deposit token, an accepted
 * purchase order (PurchaseOrderDouble), the document guard (DocumentFinancingDouble), a customs
 * status source (CustomsStatusDouble, or a real CustomsOracle passed in), and a payer of proceeds
 * (ProceedsPayerDouble) governance named for orders. The issuing bank advances, the exporter draws.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { encodeBytes32String, hexlify, keccak256, solidityPacked, toUtf8Bytes } from "ethers";

import {
  advanceCustodianCalls,
  advanceMembershipCall,
  proceedsPayerCall,
} from "../../lib/chain/advanceGovernance.ts";
import { executeGovernance, type GovernanceCall } from "../../lib/chain/governance.ts";
import { AdvanceMilestone, AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import type {
  CustomsStatusDouble,
  DepositToken,
  DocumentFinancingDouble,
  PreShipmentAdvance,
  ProceedsPayerDouble,
  PurchaseOrderDouble,
} from "../../types/ethers-contracts/index.js";
import { type Consortium, deployConsortium, memberSigner } from "../helpers/consortium.ts";

export const DAY = 86_400;
/** USD in cents (the deposit token has 2 decimals). */
export function usd(dollars: number | bigint): bigint {
  return BigInt(dollars) * 100n;
}
export const ORDER_ID = 7n;
export const ORDER_AMOUNT = usd(250_000);
export const RATE_BPS = 720; // 7.20 % a year
export const GRACE_DAYS = 10;
export const BL_NUMBER = "MEDU4471901";

export interface AdvanceWorld extends Consortium {
  advance: PreShipmentAdvance;
  orders: PurchaseOrderDouble;
  guard: DocumentFinancingDouble;
  customs: CustomsStatusDouble;
  payer: ProceedsPayerDouble;
  token: DepositToken;
  bank: HardhatEthersSigner;
  exporter: HardhatEthersSigner;
  importer: HardhatEthersSigner;
  carrier: HardhatEthersSigner;
  /** The shipment reference of the exporter's bill with the carrier. */
  shipmentRef: string;
  latestShipmentAt: bigint;
  govern(call: GovernanceCall): Promise<void>;
}

export function orderFingerprints(orderId: bigint = ORDER_ID): string[] {
  return [
    keccak256(toUtf8Bytes(`order ${orderId} exact`)),
    keccak256(toUtf8Bytes(`order ${orderId} fuzzy`)),
  ];
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
  const orders = (await ethers.deployContract(
    "PurchaseOrderDouble",
  )) as unknown as PurchaseOrderDouble;
  const guard = (await ethers.deployContract(
    "DocumentFinancingDouble",
  )) as unknown as DocumentFinancingDouble;
  const customs = (await ethers.deployContract(
    "CustomsStatusDouble",
  )) as unknown as CustomsStatusDouble;
  const payer = (await ethers.deployContract(
    "ProceedsPayerDouble",
  )) as unknown as ProceedsPayerDouble;
  const advance = (await ethers.deployContract("PreShipmentAdvance", [
    registryAddress,
    await orders.getAddress(),
    ethers.ZeroAddress,
    options.customsAddress ?? (await customs.getAddress()),
    await guard.getAddress(),
  ])) as unknown as PreShipmentAdvance;

  for (const call of await advanceCustodianCalls(advance, [token])) await govern(call);
  await govern(await proceedsPayerCall(advance, "PurchaseOrder", await payer.getAddress()));
  await govern(await advanceMembershipCall(registry, advance, "GB"));
  await govern({
    target: await token.getAddress(),
    data: token.interface.encodeFunctionData("setCustodian", [await payer.getAddress(), true]),
    description: "Approve the test payer as custodian of proceeds it passes on",
  });

  const bank = memberSigner(consortium, "issuingBank");
  const exporter = memberSigner(consortium, "exporter");
  const importer = memberSigner(consortium, "importer");
  const carrier = memberSigner(consortium, "carrier");
  const latestShipmentAt = (await now(ethers)) + BigInt(30 * DAY);
  await putOrder(orders, ORDER_ID, importer.address, exporter.address, latestShipmentAt);

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
    shipmentRef: keccak256(solidityPacked(["address", "string"], [carrier.address, BL_NUMBER])),
    latestShipmentAt,
    govern,
  };
}

/** Records an accepted USD order of `amount` from `importer` to `exporter`. */
export async function putOrder(
  orders: PurchaseOrderDouble,
  orderId: bigint,
  importer: string,
  exporter: string,
  latestShipmentAt: bigint,
  options: { amount?: bigint; currency?: string; status?: number } = {},
): Promise<void> {
  await (
    await orders.put(
      orderId,
      importer,
      {
        exporter,
        orderNumber: encodeBytes32String(`PO-2026-${orderId}`),
        currency: hexlify(toUtf8Bytes(options.currency ?? "USD")),
        amount: options.amount ?? ORDER_AMOUNT,
        goodsHash: keccak256(toUtf8Bytes("2,000 cartons of ceramic tableware")),
        incoterm: hexlify(toUtf8Bytes("FOB")),
        portOfLoading: hexlify(toUtf8Bytes("GBFXT")),
        portOfDischarge: hexlify(toUtf8Bytes("CNSHA")),
        latestShipmentAt,
        paymentTermDays: 60,
      },
      options.status ?? 2,
    )
  ).wait();
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
    orderFingerprints: orderFingerprints(),
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

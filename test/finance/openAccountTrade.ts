/**
 * The whole open-account trade with a pre-shipment advance, on the real contracts: the importer's
 * order (PurchaseOrder), the advancing bank's advance on it (PreShipmentAdvance) released on the
 * customs milestones, the importer's bank's payment commitment (PaymentCommitment) whose voucher
 * carries the advance's share, and the collection at maturity. Shared by the specification
 * (PreShipmentAdvance.openAccount.test.ts) and the gas benchmark (scripts/bench/gas/).
 */
import type { HardhatEthers } from "@nomicfoundation/hardhat-ethers/types";
import { solidityPackedKeccak256 } from "ethers";

import { advanceCustodianCalls, proceedsPayerCall } from "../../lib/chain/advanceGovernance.ts";
import { documentProductCall } from "../../lib/chain/documentFinancingGovernance.ts";
import { productCall } from "../../lib/chain/voucherGovernance.ts";
import { CustomsEventType } from "../../lib/trade/enums.ts";
import { AdvanceMilestone, AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import type { PreShipmentAdvance } from "../../types/ethers-contracts/index.js";
import {
  type CommitmentWorld,
  cny,
  DAY,
  deployCommitmentWorld,
  issueBill,
  ORDER_AMOUNT,
  ORDER_ID,
  presentation,
  readyToPresent,
} from "./commitmentFixture.ts";

export const ADVANCE_SHARE_BPS = 8000;
export const ADVANCE_RATE_BPS = 720;

export interface OpenAccountWorld extends CommitmentWorld {
  advance: PreShipmentAdvance;
}

/** The commitment world with the advance contract deployed and wired as governance would. */
export async function deployOpenAccountWorld(ethers: HardhatEthers): Promise<OpenAccountWorld> {
  const w = await deployCommitmentWorld(ethers);
  const sources = await ethers.deployContract("AdvanceSources");
  const advance = (await ethers.deployContract(
    "PreShipmentAdvance",
    [
      await w.registry.getAddress(),
      await w.orders.getAddress(),
      ethers.ZeroAddress,
      await w.customs.getAddress(),
      await w.guard.getAddress(),
    ],
    { libraries: { AdvanceSources: await sources.getAddress() } },
  )) as unknown as PreShipmentAdvance;
  const advanceAddress = await advance.getAddress();
  for (const call of await advanceCustodianCalls(advance, [w.cnyToken])) await w.govern(call);
  await w.govern(await documentProductCall(w.guard, advanceAddress));
  await w.govern(await productCall(w.vouchers, advanceAddress));
  await w.govern(
    await proceedsPayerCall(advance, "PurchaseOrder", await w.commitments.getAddress()),
  );
  await w.govern({
    target: await w.commitments.getAddress(),
    data: w.commitments.interface.encodeFunctionData("setProceedsAssignee", [advanceAddress]),
    description: "Name the advance contract the assignee of the commitments' proceeds",
  });
  await (await w.cnyToken.connect(w.otherBank).approve(advanceAddress, ethers.MaxUint256)).wait();
  return { ...w, advance };
}

/** Gas of each step of the trade, as each transaction's gasUsed. */
export interface TradeGas {
  offer: bigint;
  accept: bigint;
  fund: bigint;
  trancheDeclaration: bigint;
  trancheLoaded: bigint;
  commitOffer: bigint;
  commitConsent: bigint;
  present: bigint;
  fundPayable: bigint;
  collect: bigint;
  exporterRedeem: bigint;
}

type Sent = Promise<{ wait: () => Promise<{ gasUsed: bigint } | null> }>;
async function gasOf(tx: Sent): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt.gasUsed;
}

/**
 * The demo's trade: the advising bank advances 80 % of the order; the exporter draws 30 % when the
 * export declaration is accepted and 40 % on loading; the issuing bank commits to pay 60 days after
 * the bill's date; at maturity the advancing bank is repaid first and the exporter receives the rest.
 */
export async function runOpenAccountTrade(
  w: OpenAccountWorld,
  ethers: HardhatEthers,
  time: { increaseTo: (t: number | bigint) => Promise<void> },
): Promise<{ gas: TradeGas; advanceId: bigint; maturity: bigint }> {
  const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const offer = {
    exporter: w.exporter.address,
    sourceKind: AdvanceSourceKind.PurchaseOrder,
    sourceId: ORDER_ID,
    token: await w.cnyToken.getAddress(),
    limit: (ORDER_AMOUNT * BigInt(ADVANCE_SHARE_BPS)) / 10_000n,
    shareBps: ADVANCE_SHARE_BPS,
    rateBps: ADVANCE_RATE_BPS,
    graceDays: 10,
    expiresAt: now + BigInt(7 * DAY),
    tranches: [
      { milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 3000 },
      { milestone: AdvanceMilestone.Loaded, shareBps: 4000 },
      { milestone: AdvanceMilestone.Departed, shareBps: 3000 },
    ],
  };
  const bank = w.otherBank;
  const advanceId = await w.advance.connect(bank).offer.staticCall(offer);
  const gas = {} as TradeGas;
  gas.offer = await gasOf(w.advance.connect(bank).offer(offer));
  // The carrier's booking: the bill it issues on loading bears the same number.
  const { billId, blNumber } = await issueBill(w);
  gas.accept = await gasOf(
    w.advance.connect(w.exporter).accept(advanceId, w.carrierSigner.address, blNumber),
  );
  gas.fund = await gasOf(w.advance.connect(bank).fund(advanceId));
  const shipmentRef = solidityPackedKeccak256(
    ["address", "string"],
    [w.carrierSigner.address, blNumber],
  );
  const location = "0x" + Buffer.from("GBFXT").toString("hex");
  const at = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  await (
    await w.customs.record(shipmentRef, CustomsEventType.DeclarationAccepted, at, location)
  ).wait();
  gas.trancheDeclaration = await gasOf(w.advance.connect(w.exporter).claimTranche(advanceId, 0n));
  await (await w.customs.record(shipmentRef, CustomsEventType.Loaded, at, location)).wait();
  gas.trancheLoaded = await gasOf(w.advance.connect(w.exporter).claimTranche(advanceId, 1n));

  // The importer's bank commits; the exporter presents the invoice and the bill.
  const commitBefore = await ethers.provider.getBlockNumber();
  const { invoice } = await readyToPresent(w, ethers);
  gas.commitOffer = 0n;
  gas.commitConsent = 0n;
  for (let n = commitBefore + 1; n <= (await ethers.provider.getBlockNumber()); n += 1) {
    const block = await ethers.provider.getBlock(n, true);
    for (const hash of block!.transactions) {
      const receipt = await ethers.provider.getTransactionReceipt(hash);
      const tx = await ethers.provider.getTransaction(hash);
      if (receipt === null || tx === null) continue;
      if (tx.to === (await w.commitments.getAddress())) {
        if (tx.from === w.commitmentBank.address) gas.commitOffer = receipt.gasUsed;
        else gas.commitConsent = receipt.gasUsed;
      }
    }
  }
  gas.present = await gasOf(
    w.commitments.connect(w.exporter).present(ORDER_ID, presentation(w, invoice, billId)),
  );
  const c = await w.commitments.commitment(ORDER_ID);
  gas.fundPayable = await gasOf(
    w.vouchers.connect(w.commitmentBank).fund(c.payableId, ORDER_AMOUNT),
  );
  await time.increaseTo(c.maturity);
  gas.collect = await gasOf(w.advance.collectVoucher(advanceId));
  gas.exporterRedeem = await gasOf(w.vouchers.connect(w.exporter).redeem(c.voucherId));
  return { gas, advanceId, maturity: c.maturity };
}

export { cny };

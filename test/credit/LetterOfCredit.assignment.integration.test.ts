/**
 * Assignment of proceeds end to end on the real contracts: a pre-shipment advance
 * (PreShipmentAdvance) on a letter of credit, the document-financing guard
 * (DocumentFinancingRegistry) the presentation claims its documents in, and the voucher contract.
 * The credit's settlement repays the advance first (UCP 600 art. 39), the exporter the rest.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { CustomsEventType } from "../../lib/trade/enums.ts";
import {
  AdvanceMilestone,
  AdvanceSourceKind,
  AdvanceStatus,
} from "../../lib/trade/preShipmentAdvance.ts";
import { unLocode } from "../../lib/trade/letterOfCredit.ts";
import type {
  DocumentFinancingRegistry,
  PreShipmentAdvance,
  PurchaseOrder,
} from "../../types/ethers-contracts/index.js";
import { advised, presented, SHIPPED_ON_BOARD, titleToIssuingBank, usd } from "./fixtures.ts";
import { type CreditFinanceFixture, deployCreditFinanceFixture } from "./creditFinanceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;
const BL = "MOLU2030000123";
const fingerprinted = {
  invoiceFingerprints: [ethers.id("invoice exact"), ethers.id("invoice identity")],
  billFingerprints: [ethers.id("bill exact"), ethers.id("bill identity")],
};

interface AdvanceOnCreditFixture extends CreditFinanceFixture {
  advance: PreShipmentAdvance;
  guard: DocumentFinancingRegistry;
}

async function fixture(): Promise<AdvanceOnCreditFixture> {
  const f = await deployCreditFinanceFixture(ethers, networkHelpers);
  const registryAddress = await f.registry.getAddress();
  const guard = (await ethers.deployContract("DocumentFinancingRegistry", [
    registryAddress,
  ])) as unknown as DocumentFinancingRegistry;
  const orders = (await ethers.deployContract("PurchaseOrder", [
    registryAddress,
  ])) as unknown as PurchaseOrder;
  const sources = await ethers.deployContract("AdvanceSources");
  const advance = (await ethers.deployContract(
    "PreShipmentAdvance",
    [
      registryAddress,
      await orders.getAddress(),
      await f.lc.getAddress(),
      await f.customs.getAddress(),
      await guard.getAddress(),
    ],
    { libraries: { AdvanceSources: await sources.getAddress() } },
  )) as unknown as PreShipmentAdvance;
  const lc = await f.lc.getAddress();
  const advanceAddress = await advance.getAddress();
  const guardAddress = await guard.getAddress();
  const calls = [
    {
      target: guardAddress,
      data: guard.interface.encodeFunctionData("setProduct", [lc, true]),
      description: "Presentations claim their documents in the guard",
    },
    {
      target: await f.usdToken.getAddress(),
      data: f.usdToken.interface.encodeFunctionData("setCustodian", [advanceAddress, true]),
      description: "The advance contract holds USD deposits",
    },
    {
      target: await f.vouchers.getAddress(),
      data: f.vouchers.interface.encodeFunctionData("setProduct", [advanceAddress, true]),
      description: "The advance contract holds the vouchers carved out for it",
    },
    {
      target: advanceAddress,
      data: advance.interface.encodeFunctionData("setProceedsPayer", [
        AdvanceSourceKind.LetterOfCredit,
        lc,
      ]),
      description: "The credits' settlement repays advances on credits",
    },
    {
      target: lc,
      data: f.lc.interface.encodeFunctionData("configureFinance", [
        {
          vouchers: await f.vouchers.getAddress(),
          proceedsAssignee: advanceAddress,
          documents: guardAddress,
        },
      ]),
      description: "The credits' vouchers, proceeds assignee and document guard",
    },
  ];
  for (const call of calls) await f.govern(call);
  const bank = f.advisingBank;
  await f.usdToken.connect(bank).mint(bank.address, usd(1_000_000), ethers.id("advance funds"));
  await f.usdToken.connect(bank).approve(advanceAddress, ethers.MaxUint256);
  return { ...f, advance, guard };
}

/** An advance of USD 50,000 at 10 % on credit `lcId`, funded and drawn by the exporter. */
async function drawnAdvance(f: AdvanceOnCreditFixture, lcId: bigint): Promise<bigint> {
  const offer = {
    exporter: f.exporter.address,
    sourceKind: AdvanceSourceKind.LetterOfCredit,
    sourceId: lcId,
    token: await f.usdToken.getAddress(),
    limit: usd(50_000),
    shareBps: 8000,
    rateBps: 1000,
    graceDays: 10,
    expiresAt: (await time.latest()) + 7 * DAY,
    tranches: [{ milestone: AdvanceMilestone.ExportDeclarationAccepted, shareBps: 10_000 }],
  };
  const id = await f.advance.connect(f.advisingBank).offer.staticCall(offer);
  await f.advance.connect(f.advisingBank).offer(offer);
  await f.advance.connect(f.exporter).accept(id, f.carrier.address, BL);
  await f.advance.connect(f.advisingBank).fund(id);
  const shipmentRef = ethers.solidityPackedKeccak256(
    ["address", "string"],
    [f.carrier.address, BL],
  );
  await f.customs.record(
    shipmentRef,
    CustomsEventType.DeclarationAccepted,
    await time.latest(),
    unLocode("GBFXT"),
  );
  await f.advance.connect(f.exporter).claimTranche(id, 0n);
  return id;
}

describe("LetterOfCredit: assignment of proceeds to a real pre-shipment advance", function () {
  it("repays the advance first out of a sight settlement, the exporter the rest, and claims the documents", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f);
    const advanceId = await drawnAdvance(f, lcId);
    await f.lc.connect(f.exporter).assignProceeds(lcId);
    await time.increaseTo(SHIPPED_ON_BOARD + 3 * DAY);
    await presented(f, lcId, fingerprinted);
    const held = await f.guard.facilityOf(0, fingerprinted.invoiceFingerprints[0]!);
    expect([held.product, held.facilityId]).to.deep.equal([await f.lc.getAddress(), lcId]);
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).honour(lcId);
    await titleToIssuingBank(f);

    const [, proceeds] = await f.lc.previewSettlement(lcId);
    const owed = await f.advance.outstanding(await f.lc.getAddress(), lcId);
    expect(owed).to.be.greaterThan(usd(50_000)); // principal and interest
    const advanceAddress = await f.advance.getAddress();
    const tx = f.lc.settle(lcId);
    await expect(tx)
      .to.emit(f.lc, "ProceedsPaidToAssignee")
      .withArgs(lcId, 0n, advanceAddress, owed, 0n);
    await expect(tx).to.changeTokenBalances(
      ethers,
      f.usdToken,
      [f.exporter.address, advanceAddress, f.advisingBank.address],
      [proceeds - owed, 0n, owed], // the advance passes the repayment on to its bank at once
    );
    expect((await f.advance.advance(advanceId)).status).to.equal(AdvanceStatus.Repaid);
    expect(await f.advance.outstanding(await f.lc.getAddress(), lcId)).to.equal(0n);
  });

  it("carves the advance's share at maturity out of a deferred-payment voucher", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await advised(f, { deferredPaymentDays: 60 });
    const advanceId = await drawnAdvance(f, lcId);
    await f.lc.connect(f.exporter).assignProceeds(lcId);
    await time.increaseTo(SHIPPED_ON_BOARD + 3 * DAY);
    await presented(f, lcId, fingerprinted);
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).honour(lcId);
    await titleToIssuingBank(f);

    const maturity = SHIPPED_ON_BOARD + 60 * DAY;
    const owedAtMaturity = await f.advance.outstandingAt(await f.lc.getAddress(), lcId, maturity);
    const [, proceeds] = await f.lc.previewSettlement(lcId);
    await expect(f.lc.settle(lcId))
      .to.emit(f.lc, "ProceedsPaidToAssignee")
      .withArgs(lcId, 0n, await f.advance.getAddress(), owedAtMaturity, 2n);
    expect((await f.vouchers.voucher(1n)).value).to.equal(proceeds - owedAtMaturity);
    expect((await f.vouchers.voucher(2n)).holder).to.equal(await f.advance.getAddress());
    const held = await f.advance.heldVoucher(advanceId);
    expect([held.voucherId, held.value]).to.deep.equal([2n, owedAtMaturity]);
  });
});

/**
 * A payment commitment repaying a pre-shipment advance on the same order, with the real
 * contracts on both sides: the advance (PreShipmentAdvance) is the assignee of proceeds the
 * commitment consults; on the match its share — what it will be owed at maturity — is carved out
 * of the bank's voucher to it, and at maturity, once the commitment's bank has funded the voucher,
 * the advance collects it: its bank is repaid, the surplus goes to the exporter, and the exporter
 * redeems the rest of the voucher. Nothing is created or lost on the way.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { proceedsPayerCall } from "../../lib/chain/advanceGovernance.ts";
import { commitmentSetupCalls } from "../../lib/chain/commitmentGovernance.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import { obligorCalls, productCall, voucherSetupCalls } from "../../lib/chain/voucherGovernance.ts";
import { billIdOf, billIssueStruct, documentHashOf } from "../../lib/trade/billOfLading.ts";
import { CommitmentStatus, CustomsEventType } from "../../lib/trade/enums.ts";
import { AdvanceStatus } from "../../lib/trade/preShipmentAdvance.ts";
import type { BillOfLading, PaymentCommitment } from "../../types/ethers-contracts/index.js";
import {
  BL_NUMBER,
  DAY,
  deployAdvanceWorld,
  fundedAdvance,
  now,
  ORDER_AMOUNT,
  ORDER_ID,
  reach,
  usd,
} from "./advanceFixture.ts";
import { deployVoucherWorld, freshFingerprints, registerInvoice } from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function advancedTrade() {
  const vw = await deployVoucherWorld(ethers);
  const w = await deployAdvanceWorld(ethers, { consortium: vw });
  const govern = (call: { target: string; data: string; description: string }) =>
    executeGovernance(vw.registry, vw.admins[0]!, vw.admins.slice(1), call);
  const registryAddress = await vw.registry.getAddress();
  // The USD deposit token settles payables too (the voucher world named the voucher contract in
  // the invoice registry already).
  for (const call of (await voucherSetupCalls(vw.vouchers, vw.invoices, w.token)).slice(1)) {
    await govern(call);
  }
  const bills = (await ethers.deployContract("BillOfLading", [
    registryAddress,
  ])) as unknown as BillOfLading;
  const commitments = (await ethers.deployContract("PaymentCommitment", [
    registryAddress,
    await w.orders.getAddress(),
    await bills.getAddress(),
    await w.customs.getAddress(),
    await vw.vouchers.getAddress(),
    await w.guard.getAddress(),
    await vw.invoices.getAddress(),
  ])) as unknown as PaymentCommitment;
  const commitmentsAddress = await commitments.getAddress();
  const advanceAddress = await w.advance.getAddress();
  for (const call of await commitmentSetupCalls(commitments, vw.vouchers, w.guard)) {
    await govern(call);
  }
  await govern(await productCall(vw.vouchers, advanceAddress));
  await govern(await proceedsPayerCall(w.advance, "PurchaseOrder", commitmentsAddress));
  await govern({
    target: commitmentsAddress,
    data: commitments.interface.encodeFunctionData("setProceedsAssignee", [advanceAddress]),
    description: "The advances are repaid first out of the commitments' vouchers",
  });
  for (const call of await obligorCalls(vw.registry, vw.vouchers, w.bank.address, usd(5_000_000))) {
    await govern(call);
  }
  await (await vw.vouchers.connect(w.bank).authoriseProduct(commitmentsAddress, true)).wait();

  // The advance: offered, accepted, funded; the exporter draws two tranches before shipment.
  const advanceId = await fundedAdvance(w, ethers);
  await reach(w, ethers, CustomsEventType.Loaded);
  await (await w.advance.connect(w.exporter).claimTranche(advanceId, 0n)).wait();
  await (await w.advance.connect(w.exporter).claimTranche(advanceId, 1n)).wait();

  // The bank commits on the same order; the exporter ships under the bill the advance is bound to.
  const expiresAt = (await now(ethers)) + BigInt(90 * DAY);
  await (
    await commitments.connect(w.bank).offer(ORDER_ID, {
      token: await w.token.getAddress(),
      toleranceBps: 0,
      customsRequired: false,
      expiresAt,
    })
  ).wait();
  await (await commitments.connect(w.importer).consent(ORDER_ID)).wait();
  const invoice = await registerInvoice(vw, ethers, w.exporter, freshFingerprints(ethers));
  await (
    await bills.connect(w.carrier).issue(
      billIssueStruct({
        blNumber: BL_NUMBER,
        shipper: w.exporter.address,
        consignee: "to order",
        notifyParty: w.importer.address,
        vesselImo: 9074729,
        voyageNumber: "MOL-0412E",
        portOfLoading: "GBFXT",
        portOfDischarge: "CNSHA",
        shippedOnBoardAt: Number(await now(ethers)) - DAY,
        documentHash: documentHashOf(`B/L ${BL_NUMBER}`),
      }),
    )
  ).wait();
  const order = await w.orders.order(ORDER_ID);
  const presentation = {
    invoice: {
      fingerprints: invoice.fingerprints,
      buyer: w.importer.address,
      currency: order.terms.currency,
      amount: ORDER_AMOUNT,
      goodsHash: order.terms.goodsHash,
    },
    billId: billIdOf(w.carrier.address, BL_NUMBER),
    billFingerprints: [],
  };
  return { vw, w, commitments, advanceId, presentation };
}

describe("PaymentCommitment repaying a pre-shipment advance (real contracts)", function () {
  it("carves the advance's share at maturity out of the bank's voucher to the advance contract", async function () {
    const { vw, w, commitments, advanceId, presentation } =
      await networkHelpers.loadFixture(advancedTrade);
    await (await commitments.connect(w.exporter).present(ORDER_ID, presentation)).wait();
    const c = await commitments.commitment(ORDER_ID);
    expect(c.status).to.equal(CommitmentStatus.Irrevocable);
    const owedAtMaturity = await w.advance.outstandingAt(
      await commitments.getAddress(),
      ORDER_ID,
      c.maturity,
    );
    expect(c.assigneeShare).to.equal(owedAtMaturity);
    expect(owedAtMaturity > 0n && owedAtMaturity < ORDER_AMOUNT).to.equal(true);
    const held = await w.advance.heldVoucher(advanceId);
    expect(held.value).to.equal(owedAtMaturity);
    expect((await vw.vouchers.voucher(held.voucherId)).holder).to.equal(
      await w.advance.getAddress(),
    );
    expect(await vw.vouchers["balanceOf(uint256)"](c.voucherId)).to.equal(
      ORDER_AMOUNT - owedAtMaturity,
    );
    expect((await vw.vouchers.payableOf(c.payableId)).obligor).to.equal(w.bank.address);
  });

  it("at maturity repays the advance's bank first and pays the exporter everything else the commitment's bank funded", async function () {
    const { vw, w, commitments, advanceId, presentation } =
      await networkHelpers.loadFixture(advancedTrade);
    await (await commitments.connect(w.exporter).present(ORDER_ID, presentation)).wait();
    const c = await commitments.commitment(ORDER_ID);
    await (
      await w.token.connect(w.bank).approve(await vw.vouchers.getAddress(), ORDER_AMOUNT)
    ).wait();
    await time.increaseTo(c.maturity);
    const bankBefore = await w.token.balanceOf(w.bank.address);
    const exporterBefore = await w.token.balanceOf(w.exporter.address);
    await (await vw.vouchers.connect(w.bank).fund(c.payableId, ORDER_AMOUNT)).wait();
    await (await w.advance.collectVoucher(advanceId)).wait();
    await (await vw.vouchers.connect(w.exporter).redeem(c.voucherId)).wait();

    const a = await w.advance.advance(advanceId);
    expect(a.status).to.equal(AdvanceStatus.Repaid);
    const repaid = a.principalRepaid + a.interestPaid;
    const bankNet = (await w.token.balanceOf(w.bank.address)) - bankBefore; // -funded + repaid
    const toExporter = (await w.token.balanceOf(w.exporter.address)) - exporterBefore;
    expect(bankNet).to.equal(repaid - ORDER_AMOUNT);
    expect(repaid + toExporter).to.equal(ORDER_AMOUNT);
    expect((await vw.vouchers.payableOf(c.payableId)).redeemed).to.equal(ORDER_AMOUNT);
  });
});

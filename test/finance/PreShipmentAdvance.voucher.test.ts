/**
 * Repayment of an advance out of a voucher (IProceedsAssignee.onVoucher): the payer carves the
 * advance's share out of the voucher that pays the exporter, the advance contract holds it as a
 * consortium member, and at maturity anyone collects it: the bank is paid what it is owed then,
 * the surplus goes to the exporter, and the rest of the voucher stays the exporter's.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { executeGovernance, onboardingCall } from "../../lib/chain/governance.ts";
import { productCall, voucherSetupCalls } from "../../lib/chain/voucherGovernance.ts";
import { CustomsEventType } from "../../lib/trade/enums.ts";
import { AdvanceStatus } from "../../lib/trade/preShipmentAdvance.ts";
import {
  DAY,
  deployAdvanceWorld,
  fundedAdvance,
  now,
  ORDER_AMOUNT,
  ORDER_ID,
  reach,
  usd,
} from "./advanceFixture.ts";
import { deployVoucherWorld, registerInvoice } from "./voucherFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function voucherTrade() {
  const vw = await deployVoucherWorld(ethers);
  const w = await deployAdvanceWorld(ethers, { consortium: vw });
  const govern = (call: { target: string; data: string; description: string }) =>
    executeGovernance(vw.registry, vw.admins[0]!, vw.admins.slice(1), call);
  // Allow the USD token for payables (the first setup call, naming the voucher contract in the
  // invoice registry, was made by the voucher world already).
  for (const call of (await voucherSetupCalls(vw.vouchers, vw.invoices, w.token)).slice(1))
    await govern(call);
  await govern(
    await onboardingCall(vw.registry, await w.payer.getAddress(), {
      name: "Test payer of proceeds (contract)",
      registrationId: "CONTRACT-TESTPAYER",
      country: "GB",
      roles: ["EXPORTER"],
    }),
  );
  // The voucher contract lets the advance hold and redeem the share carved out for it.
  await govern(await productCall(vw.vouchers, await w.advance.getAddress()));
  const id = await fundedAdvance(w, ethers);
  await reach(w, ethers, CustomsEventType.Loaded);
  await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
  await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();

  // The importer (an obligor) confirms a payable to the exporter for its invoice; the exporter's
  // voucher reaches the payer, which pays the proceeds as the interface prescribes.
  const invoice = await registerInvoice(vw, ethers, w.exporter);
  const maturity = (await now(ethers)) + BigInt(60 * DAY);
  const request = {
    supplier: w.exporter.address,
    amount: ORDER_AMOUNT,
    token: await w.token.getAddress(),
    maturity,
    invoices: [invoice.fingerprints],
  };
  const [payableId, voucherId] = await vw.vouchers.connect(vw.obligor).confirm.staticCall(request);
  await (await vw.vouchers.connect(vw.obligor).confirm(request)).wait();
  await (
    await vw.vouchers.connect(w.exporter).transferVoucher(voucherId, await w.payer.getAddress())
  ).wait();
  return { vw, w, id, payableId, voucherId, maturity };
}

describe("PreShipmentAdvance repaid out of a voucher", function () {
  it("holds the share the payer carved out, worth what it will be owed at maturity", async function () {
    const { vw, w, id, voucherId, maturity } = await networkHelpers.loadFixture(voucherTrade);
    const payer = await w.payer.getAddress();
    const share = await w.advance.outstandingAt(payer, ORDER_ID, maturity);
    await expect(
      w.payer.payInVoucher(
        w.advance,
        ORDER_ID,
        vw.vouchers,
        voucherId,
        maturity,
        w.exporter.address,
      ),
    ).to.emit(w.advance, "AdvanceVoucherReceived");
    const held = await w.advance.heldVoucher(id);
    expect(held.value).to.equal(share);
    expect((await vw.vouchers.voucher(held.voucherId)).holder).to.equal(
      await w.advance.getAddress(),
    );
    expect((await vw.vouchers.voucher(voucherId)).holder).to.equal(w.exporter.address);
    expect((await vw.vouchers.voucher(voucherId)).value).to.equal(ORDER_AMOUNT - share);
  });

  it("pays the bank what it is owed at maturity and the exporter the surplus", async function () {
    const { vw, w, id, payableId, voucherId, maturity } =
      await networkHelpers.loadFixture(voucherTrade);
    await (
      await w.payer.payInVoucher(
        w.advance,
        ORDER_ID,
        vw.vouchers,
        voucherId,
        maturity,
        w.exporter.address,
      )
    ).wait();
    const share = (await w.advance.heldVoucher(id)).value;
    await (
      await w.token.connect(w.bank).mint(vw.obligor.address, ORDER_AMOUNT, ethers.id("obligor"))
    ).wait();
    await (
      await w.token.connect(vw.obligor).approve(await vw.vouchers.getAddress(), ORDER_AMOUNT)
    ).wait();
    await (await vw.vouchers.connect(vw.obligor).fund(payableId, ORDER_AMOUNT)).wait();
    await time.increaseTo(maturity);

    const bankBefore = await w.token.balanceOf(w.bank.address);
    const exporterBefore = await w.token.balanceOf(w.exporter.address);
    await (await w.advance.collectVoucher(id)).wait();
    const a = await w.advance.advance(id);
    const repaid = a.principalRepaid + a.interestPaid;
    expect(a.status).to.equal(AdvanceStatus.Repaid);
    expect(a.principalRepaid).to.equal(usd(140_000));
    expect(await w.token.balanceOf(w.bank.address)).to.equal(bankBefore + repaid);
    // the departure tranche was never drawn, so its part of the share comes back to the exporter
    expect(await w.token.balanceOf(w.exporter.address)).to.equal(exporterBefore + share - repaid);
    expect(share - repaid).to.be.greaterThanOrEqual(usd(60_000));
    await expect(w.advance.collectVoucher(id)).to.be.revertedWithCustomError(
      w.advance,
      "AdvanceNothingToCollect",
    );
  });

  it("refuses a voucher announced by a contract governance did not name", async function () {
    const { vw, w, voucherId } = await networkHelpers.loadFixture(voucherTrade);
    await expect(
      w.advance.connect(w.bank).onVoucher(ORDER_ID, await vw.vouchers.getAddress(), voucherId, 1n),
    )
      .to.be.revertedWithCustomError(w.advance, "AdvanceNotPayer")
      .withArgs(w.bank.address);
  });
});

/**
 * Credits available by deferred payment (UCP 600 arts 6b, 7a iv, 12b): the settlement of an
 * honoured drawing incurs the honouring bank's deferred payment undertaking, a voucher funded from
 * the escrow, due N days after the bill of lading's shipped-on-board date, that the beneficiary may
 * discount before maturity.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { LcStatus } from "../../lib/trade/enums.ts";
import {
  advised,
  honoured,
  presented,
  recordBill,
  SHIPPED_ON_BOARD,
  titleToIssuingBank,
  usd,
} from "./fixtures.ts";
import { type CreditFinanceFixture, deployCreditFinanceFixture } from "./creditFinanceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;
const DEFERRED_DAYS = 90;
const MATURITY = SHIPPED_ON_BOARD + DEFERRED_DAYS * DAY;

async function fixture(): Promise<CreditFinanceFixture> {
  return deployCreditFinanceFixture(ethers, networkHelpers);
}

/** A deferred-payment credit honoured and ready to settle (title with the issuing bank). */
async function honouredDeferred(
  f: CreditFinanceFixture,
  days = DEFERRED_DAYS,
  confirmed = false,
): Promise<bigint> {
  const lcId = confirmed
    ? await confirmedAndHonoured(f, days)
    : await honoured(f, networkHelpers, { deferredPaymentDays: days });
  await titleToIssuingBank(f);
  return lcId;
}

async function confirmedAndHonoured(f: CreditFinanceFixture, days: number): Promise<bigint> {
  const lcId = await advised(f, {
    deferredPaymentDays: days,
    confirmingBank: f.confirmingBank.address,
  });
  await (await f.lc.connect(f.confirmingBank).confirm(lcId)).wait();
  await time.increaseTo(SHIPPED_ON_BOARD + 3 * DAY);
  await recordBill(f, { holder: f.confirmingBank.address });
  await presented(f, lcId, { presentedTo: f.confirmingBank.address });
  await (await f.lc.connect(f.confirmingBank).examine(lcId)).wait();
  await (await f.lc.connect(f.confirmingBank).honour(lcId)).wait();
  return lcId;
}

describe("LetterOfCredit: deferred payment", function () {
  it("keeps the deferred-payment term among the credit's terms (0 for sight payment)", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const deferred = await advised(f, { deferredPaymentDays: DEFERRED_DAYS });
    const sight = await advised(f);
    expect((await f.lc.terms(deferred)).deferredPaymentDays).to.equal(DEFERRED_DAYS);
    expect((await f.lc.terms(sight)).deferredPaymentDays).to.equal(0);
  });

  it("honours with a voucher to the beneficiary, the issuing bank its obligor, due 90 days after the shipped-on-board date", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await honouredDeferred(f);
    const [, tokenAmount] = await f.lc.previewSettlement(lcId);
    const vouchersAddress = await f.vouchers.getAddress();

    const tx = f.lc.settle(lcId);
    await expect(tx)
      .to.emit(f.lc, "DeferredPaymentIncurred")
      .withArgs(lcId, 0n, f.issuingBank.address, 1n, 1n, tokenAmount, MATURITY);
    await expect(tx).to.changeTokenBalances(
      ethers,
      f.usdToken,
      [f.exporter, vouchersAddress],
      [0n, tokenAmount],
    );

    const payable = await f.vouchers.payableOf(1n);
    expect(payable.obligor).to.equal(f.issuingBank.address);
    expect(payable.supplier).to.equal(f.exporter.address);
    expect(payable.maturity).to.equal(MATURITY);
    expect(payable.amount).to.equal(tokenAmount);
    expect(payable.funded).to.equal(tokenAmount);
    const voucher = await f.vouchers.voucher(1n);
    expect(voucher.holder).to.equal(f.exporter.address);
    expect(voucher.value).to.equal(tokenAmount);
    expect(await f.lc.proceedsOf(lcId, 0n)).to.deep.equal([ethers.ZeroAddress, 1n]);
    // An "about" credit: 10 % more may still be drawn, so it is operative again.
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
    // The issuing bank's limit is not charged: the payable is funded from the escrow at birth.
    expect((await f.vouchers.obligorLimit(f.issuingBank.address)).outstanding).to.equal(0n);
    const e = await f.lc.escrowOf(lcId);
    expect(e.escrowed).to.equal(e.paid + e.refunded + e.held);
    expect(e.paid).to.equal(tokenAmount);
  });

  it("makes the confirming bank the obligor when it confirmed the credit (art. 8)", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await honouredDeferred(f, DEFERRED_DAYS, true);
    await expect(f.lc.settle(lcId))
      .to.emit(f.lc, "DeferredPaymentIncurred")
      .withArgs(lcId, 0n, f.confirmingBank.address, 1n, 1n, usd(100_000), MATURITY);
    expect((await f.vouchers.payableOf(1n)).obligor).to.equal(f.confirmingBank.address);
  });

  it("lets the beneficiary discount the voucher at a bank before maturity, the bank paid at maturity", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await honouredDeferred(f);
    await f.lc.settle(lcId);
    const value = usd(100_000);
    const offerExpiry = (await time.latest()) + 2 * DAY;
    await f.vouchers
      .connect(f.exporter)
      .offerDiscount(1n, f.advisingBank.address, value, 500n, offerExpiry);
    await f.usdToken
      .connect(f.advisingBank)
      .mint(f.advisingBank.address, value, ethers.id("discount funds"));
    await f.usdToken.connect(f.advisingBank).approve(await f.vouchers.getAddress(), value);
    const [price, days] = await f.vouchers.discountPrice(
      1n,
      value,
      400n,
      (await time.latest()) + 1,
    );
    expect(days).to.be.greaterThan(0n);
    await expect(
      f.vouchers.connect(f.advisingBank).acceptDiscount(1n, 400n),
    ).to.changeTokenBalances(ethers, f.usdToken, [f.exporter, f.advisingBank], [price, -price]);
    const bankVoucher = 2n;
    expect((await f.vouchers.voucher(bankVoucher)).holder).to.equal(f.advisingBank.address);

    await expect(f.vouchers.connect(f.advisingBank).redeem(bankVoucher))
      .to.be.revertedWithCustomError(f.vouchers, "VoucherNotMatured")
      .withArgs(1n, MATURITY);
    await time.increaseTo(MATURITY);
    await expect(f.vouchers.connect(f.advisingBank).redeem(bankVoucher)).to.changeTokenBalances(
      ethers,
      f.usdToken,
      [f.advisingBank],
      [value],
    );
  });

  it("pays money at once when the maturity has passed by the time the drawing is settled", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await honouredDeferred(f, 10);
    await time.increaseTo(SHIPPED_ON_BOARD + 10 * DAY);
    const [, tokenAmount] = await f.lc.previewSettlement(lcId);
    const tx = f.lc.settle(lcId);
    await expect(tx).to.not.emit(f.lc, "DeferredPaymentIncurred");
    await expect(tx).to.changeTokenBalances(ethers, f.usdToken, [f.exporter], [tokenAmount]);
    expect((await f.vouchers.counts()).payables).to.equal(0n);
  });

  it("refuses to settle a deferred-payment credit when no voucher contract is named, and leaves it Honoured", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.govern({
      target: await f.lc.getAddress(),
      data: f.lc.interface.encodeFunctionData("configureFinance", [
        {
          vouchers: ethers.ZeroAddress,
          proceedsAssignee: ethers.ZeroAddress,
          documents: ethers.ZeroAddress,
        },
      ]),
      description: "Name no voucher contract",
    });
    const lcId = await honouredDeferred(f);
    const before = await f.lc.escrowOf(lcId);
    await expect(f.lc.settle(lcId))
      .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNoVoucherContract")
      .withArgs(lcId);
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
    expect(await f.lc.escrowOf(lcId)).to.deep.equal(before);
  });

  it("refuses to settle when the honouring bank has not authorised the credit contract to issue in its name", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcId = await honouredDeferred(f);
    await f.vouchers.connect(f.issuingBank).authoriseProduct(await f.lc.getAddress(), false);
    const before = await f.lc.escrowOf(lcId);
    await expect(f.lc.settle(lcId))
      .to.be.revertedWithCustomError(f.vouchers, "VoucherProductNotAuthorised")
      .withArgs(f.issuingBank.address, await f.lc.getAddress());
    expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
    expect(await f.lc.escrowOf(lcId)).to.deep.equal(before);
  });

  it("refuses a payable issued by a contract governance did not name a product", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await expect(
      f.vouchers.connect(f.issuingBank).issueFunded({
        obligor: f.issuingBank.address,
        supplier: f.exporter.address,
        amount: usd(1),
        token: await f.usdToken.getAddress(),
        maturity: (await time.latest()) + DAY,
        assignee: ethers.ZeroAddress,
        assigneeValue: 0n,
      }),
    )
      .to.be.revertedWithCustomError(f.vouchers, "VoucherNotProduct")
      .withArgs(f.issuingBank.address);
  });
});

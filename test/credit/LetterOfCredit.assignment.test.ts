/**
 * Assignment of proceeds (UCP 600 art. 39), the credit's side: the beneficiary assigns the
 * proceeds to the assignee governance named; every settlement then pays the assignee first what it
 * is owed (never more), the beneficiary the rest, in money for a sight credit and by carving the
 * assignee's share out of the voucher for a deferred-payment credit.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { LcStatus, statusBitmap } from "../../lib/trade/enums.ts";
import {
  applyFor,
  honoured,
  SHIPPED_ON_BOARD,
  standardTerms,
  titleToIssuingBank,
  usd,
} from "./fixtures.ts";
import { type CreditFinanceFixture, deployCreditFinanceFixture } from "./creditFinanceFixture.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;

async function fixture(): Promise<CreditFinanceFixture> {
  return deployCreditFinanceFixture(ethers, networkHelpers);
}

/** Honoured (sight unless `deferredDays`), proceeds assigned, the assignee owed `owed` now and `owedLater` at maturity. */
async function assignedAndHonoured(
  f: CreditFinanceFixture,
  owed: bigint,
  owedLater = 0n,
  deferredDays = 0,
): Promise<bigint> {
  const lcId = await honoured(f, networkHelpers, { deferredPaymentDays: deferredDays });
  await (await f.lc.connect(f.exporter).assignProceeds(lcId)).wait();
  await (await f.assignee.setDebt(await f.lc.getAddress(), lcId, owed, owedLater)).wait();
  await titleToIssuingBank(f);
  return lcId;
}

describe("LetterOfCredit: assignment of proceeds", function () {
  describe("assigning", function () {
    it("records the beneficiary's assignment to the assignee governance named", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      const assignee = await f.assignee.getAddress();
      await expect(f.lc.connect(f.exporter).assignProceeds(lcId))
        .to.emit(f.lc, "ProceedsAssigned")
        .withArgs(lcId, f.exporter.address, assignee);
      expect((await f.lc.proceedsOf(lcId, 0n))[0]).to.equal(assignee);
    });

    it("refuses an assignment by a member that is not an exporter (the applicant)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      await expect(f.lc.connect(f.importer).assignProceeds(lcId))
        .to.be.revertedWithCustomError(f.lc, "ConsortiumUnauthorizedAccount")
        .withArgs(f.importer.address, ethers.id("EXPORTER"));
      expect((await f.lc.proceedsOf(lcId, 0n))[0]).to.equal(ethers.ZeroAddress);
    });

    it("refuses a second assignment: the first is irrevocable", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      await f.lc.connect(f.exporter).assignProceeds(lcId);
      await expect(f.lc.connect(f.exporter).assignProceeds(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditProceedsAlreadyAssigned")
        .withArgs(lcId, await f.assignee.getAddress());
    });

    it("refuses an assignment when governance named no assignee", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await f.govern({
        target: await f.lc.getAddress(),
        data: f.lc.interface.encodeFunctionData("configureFinance", [
          {
            vouchers: await f.vouchers.getAddress(),
            proceedsAssignee: ethers.ZeroAddress,
            documents: ethers.ZeroAddress,
          },
        ]),
        description: "Name no proceeds assignee",
      });
      const lcId = await honoured(f, networkHelpers);
      await expect(f.lc.connect(f.exporter).assignProceeds(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNoProceedsAssignee")
        .withArgs(lcId);
    });

    it("refuses an assignment before the credit is issued", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await applyFor(f, standardTerms(f));
      await expect(f.lc.connect(f.exporter).assignProceeds(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(
          lcId,
          LcStatus.Applied,
          statusBitmap(["Issued", "Advised", "Presented", "Refused", "Honoured"]),
        );
    });

    it("lets only governance name the finance contracts", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(
        f.lc.connect(f.admins[0]!).configureFinance({
          vouchers: ethers.ZeroAddress,
          proceedsAssignee: ethers.ZeroAddress,
          documents: ethers.ZeroAddress,
        }),
      )
        .to.be.revertedWithCustomError(f.lc, "ConsortiumOnlyGovernance")
        .withArgs(f.admins[0]!.address);
    });
  });

  describe("settling a sight credit", function () {
    it("pays the assignee what it is owed first, then the beneficiary the rest", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await assignedAndHonoured(f, usd(30_000));
      const assignee = await f.assignee.getAddress();
      const tx = f.lc.settle(lcId);
      await expect(tx)
        .to.emit(f.lc, "ProceedsPaidToAssignee")
        .withArgs(lcId, 0n, assignee, usd(30_000), 0n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [assignee, f.exporter.address],
        [usd(30_000), usd(70_000)],
      );
      expect(await f.assignee.receivedMoney(await f.lc.getAddress(), lcId)).to.equal(usd(30_000));
    });

    it("pays the assignee no more than the proceeds when it is owed more, and the beneficiary nothing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await assignedAndHonoured(f, usd(250_000));
      await expect(f.lc.settle(lcId)).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [await f.assignee.getAddress(), f.exporter.address],
        [usd(100_000), 0n],
      );
    });

    it("pays the beneficiary everything when the assignee is owed nothing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await assignedAndHonoured(f, 0n);
      const tx = f.lc.settle(lcId);
      await expect(tx).to.not.emit(f.lc, "ProceedsPaidToAssignee");
      await expect(tx).to.changeTokenBalances(ethers, f.usdToken, [f.exporter], [usd(100_000)]);
    });
  });

  describe("settling a deferred-payment credit", function () {
    it("carves the assignee's share at maturity out of the voucher, the rest the beneficiary's", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await assignedAndHonoured(f, usd(30_000), usd(31_000), 60);
      const assignee = await f.assignee.getAddress();
      const tx = f.lc.settle(lcId);
      await expect(tx)
        .to.emit(f.lc, "ProceedsPaidToAssignee")
        .withArgs(lcId, 0n, assignee, usd(31_000), 2n);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [assignee, f.exporter.address],
        [0n, 0n],
      );
      expect((await f.vouchers.voucher(1n)).holder).to.equal(f.exporter.address);
      expect((await f.vouchers.voucher(1n)).value).to.equal(usd(69_000));
      expect((await f.vouchers.voucher(2n)).holder).to.equal(assignee);
      expect((await f.vouchers.voucher(2n)).value).to.equal(usd(31_000));
      const lcAddress = await f.lc.getAddress();
      expect(await f.assignee.receivedVoucherId(lcAddress, lcId)).to.equal(2n);

      await time.increaseTo(SHIPPED_ON_BOARD + 60 * DAY);
      await expect(f.assignee.redeem(await f.vouchers.getAddress(), 2n)).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [assignee],
        [usd(31_000)],
      );
    });

    it("gives the assignee the whole voucher when it will be owed more than the drawing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await assignedAndHonoured(f, 0n, usd(500_000), 60);
      await f.lc.settle(lcId);
      expect((await f.vouchers.voucher(1n)).value).to.equal(0n);
      expect((await f.vouchers.voucher(2n)).value).to.equal(usd(100_000));
    });
  });
});

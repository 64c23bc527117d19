/**
 * The money of a credit: escrow in any ERC-20, automatic settlement once title (and, where asked,
 * customs clearance) is in place, conversion through a Chainlink-style feed, fees, refunds, and the
 * guards around every token movement.
 */
import { expect } from "chai";
import { network } from "hardhat";

import {
  CustomsEventType,
  LcStatus,
  SettlementCondition,
  statusBitmap,
} from "../../lib/trade/enums.ts";
import { unLocode } from "../../lib/trade/billOfLading.ts";
import { publishByQuorum } from "../../lib/chain/fxFeed.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import { buildTerms, type CreditTermsInput } from "../../lib/trade/letterOfCredit.ts";
import type {
  FeeOnTransferERC20,
  LetterOfCredit,
  ReentrantERC20,
  TestERC20,
} from "../../types/ethers-contracts/index.js";
import {
  advised,
  applyFor,
  BILL_ID,
  type CreditFixture,
  deployCreditFixture,
  EXPIRY,
  honoured,
  issued,
  presented,
  recordBill,
  SHIPMENT_REF,
  SHIPPED_ON_BOARD,
  standardTerms,
  titleToIssuingBank,
  usd,
} from "./fixtures.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const DAY = 86_400;
/** ISO 4217 codes as the contracts store them (bytes3). */
const USD = "0x555344";
const CNY = "0x434e59";
const NO_CURRENCY = "0x000000";

async function fixture(): Promise<CreditFixture> {
  return deployCreditFixture(ethers, networkHelpers);
}

/** escrowed == paid + refunded + held for the credit, and the contract holds what its credits hold. */
async function expectConserved(lc: LetterOfCredit, lcIds: bigint[], token: string): Promise<void> {
  let held = 0n;
  for (const lcId of lcIds) {
    const e = await lc.escrowOf(lcId);
    expect(e.escrowed).to.equal(e.paid + e.refunded + e.held, `credit ${lcId}`);
    held += e.held;
  }
  const erc20 = await ethers.getContractAt("TestERC20", token); // any ERC-20 ABI will do
  expect(await erc20.balanceOf(await lc.getAddress())).to.equal(held);
}

async function approveFeed(
  f: CreditFixture,
  { approved = true, heartbeat = DAY, min = 6_00000000n, max = 8_00000000n } = {},
): Promise<void> {
  await executeGovernance(f.registry, f.admins[0]!, f.admins.slice(1), {
    target: await f.lc.getAddress(),
    data: f.lc.interface.encodeFunctionData("configureFxFeed", [
      await f.usdCny.getAddress(),
      approved,
      heartbeat,
      min,
      max,
    ]),
    description: "USD/CNY consortium feed for letters of credit",
  });
}

/** The feed's publishers each observe `rate` now: their median is the new round. */
async function publishRate(f: CreditFixture, rate: bigint): Promise<void> {
  await publishByQuorum(f.usdCny, f.fxPublishers, rate, await time.latest());
}

/** A USD 100,000 credit (exact) settled in the CNY deposit token through the USD/CNY feed. */
function usdInCny(f: CreditFixture): Partial<CreditTermsInput> {
  return {
    aboutAmount: false,
    settlementToken: f.cnyToken.target as string,
    fxFeed: f.usdCny.target as string,
  };
}

describe("LetterOfCredit — escrow and settlement", function () {
  describe("escrow", function () {
    it("issuing escrows the credit's undrawn maximum (+10 % under 'about') and its fees", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await applyFor(f, standardTerms(f, { advisingFee: usd(150) }));
      expect(await f.lc.requiredEscrow(lcId)).to.equal(usd(110_150));
      const tx = await f.lc.connect(f.issuingBank).issue(lcId, usd(110_150));
      await expect(tx)
        .to.emit(f.lc, "EscrowFunded")
        .withArgs(lcId, f.issuingBank.address, usd(110_150))
        .and.to.emit(f.lc, "CreditIssued")
        .withArgs(lcId, f.issuingBank.address, usd(110_150));
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.issuingBank, f.lc],
        [-usd(110_150), usd(110_150)],
      );
      expect(await f.lc.openCreditCount()).to.equal(1n);
      expect(await f.lc.openCreditAt(0n)).to.equal(lcId);
      await expectConserved(f.lc, [lcId], f.usdToken.target as string);
    });

    it("counts what actually arrived from a fee-on-transfer token, so its fee cannot strand the credit", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const fot = (await ethers.deployContract(
        "FeeOnTransferERC20",
        [100],
      )) as unknown as FeeOnTransferERC20;
      await fot.mint(f.issuingBank.address, usd(1_000_000));
      await fot.connect(f.issuingBank).approve(f.lc.target, ethers.MaxUint256);
      const lcId = await applyFor(
        f,
        standardTerms(f, { settlementToken: fot.target as string, aboutAmount: false }),
      );
      // 1 % is burned on the way in: depositing exactly the amount leaves the escrow short.
      await expect(f.lc.connect(f.issuingBank).issue(lcId, usd(100_000)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditEscrowShort")
        .withArgs(lcId, usd(100_000), usd(99_000));
      await expect(f.lc.connect(f.issuingBank).issue(lcId, usd(101_011)))
        .to.emit(f.lc, "EscrowFunded")
        .withArgs(lcId, f.issuingBank.address, 10_000_089n); // USD 101,011.00 less 1 %, in cents
      await expectConserved(f.lc, [lcId], fot.target as string);
    });

    it("works with any ERC-20 that states its currency as settlement token, from issue to settlement", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const token = (await ethers.deployContract("TestERC20", [
        "Plain",
        "PLN",
        6,
        USD,
      ])) as unknown as TestERC20;
      await token.mint(f.issuingBank.address, 10n ** 15n);
      await token.connect(f.issuingBank).approve(f.lc.target, ethers.MaxUint256);
      const lcId = await honoured(f, networkHelpers, {
        settlementToken: token.target as string,
        aboutAmount: false,
      });
      await titleToIssuingBank(f);
      await expect(f.lc.settle(lcId)).to.changeTokenBalances(
        ethers,
        token,
        [f.exporter, f.lc],
        [usd(100_000), -usd(100_000)],
      );
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
      await expectConserved(f.lc, [lcId], token.target as string);
    });

    it("refuses a deposit too large for the escrow's 128-bit books instead of counting it truncated", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const token = (await ethers.deployContract("TestERC20", [
        "Plain",
        "PLN",
        2,
        USD,
      ])) as unknown as TestERC20;
      const huge = 2n ** 128n + usd(5);
      await token.mint(f.issuingBank.address, huge + usd(110_000));
      await token.connect(f.issuingBank).approve(f.lc.target, ethers.MaxUint256);
      const lcId = await issued(f, { settlementToken: token.target as string });
      const before = await f.lc.escrowOf(lcId);
      // Truncated to 128 bits this deposit would count as USD 5.00 while 2^128 more units arrived.
      await expect(f.lc.connect(f.issuingBank).fund(lcId, huge))
        .to.be.revertedWithCustomError(f.lc, "SafeCastOverflowedUintDowncast")
        .withArgs(128, huge);
      expect(await f.lc.escrowOf(lcId)).to.deep.equal(before);
      await expectConserved(f.lc, [lcId], token.target as string);
    });

    it("lets only the issuing bank add to the escrow", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await expect(f.lc.connect(f.advisingBank).fund(lcId, usd(1)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditWrongParty")
        .withArgs(lcId, f.advisingBank.address, f.issuingBank.address);
      await expect(f.lc.connect(f.issuingBank).fund(lcId, usd(5)))
        .to.emit(f.lc, "EscrowFunded")
        .withArgs(lcId, f.issuingBank.address, usd(5));
      expect((await f.lc.escrowOf(lcId)).held).to.equal(usd(110_005));
    });
  });

  describe("settlement", function () {
    it("pays the beneficiary once title has passed to the issuing bank, triggered by anyone", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      await expect(f.lc.connect(f.outsiders[0]!).settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditTitleNotWithIssuingBank")
        .withArgs(lcId, BILL_ID, f.advisingBank.address);
      await titleToIssuingBank(f);
      expect(await f.lc.previewSettlement(lcId)).to.deep.equal([usd(100_000), usd(100_000)]);
      const tx = await f.lc.connect(f.outsiders[0]!).settle(lcId);
      await expect(tx)
        .to.emit(f.lc, "DrawingSettled")
        .withArgs(lcId, 0n, f.exporter.address, usd(100_000), usd(100_000));
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.exporter, f.lc],
        [usd(100_000), -usd(100_000)],
      );
      const escrow = await f.lc.escrowOf(lcId);
      expect(escrow.drawn).to.equal(usd(100_000));
      expect((await f.lc.presentation(lcId, 0n)).paid).to.equal(usd(100_000));
      await expectConserved(f.lc, [lcId], f.usdToken.target as string);
    });

    it("never pays a drawing twice", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      await titleToIssuingBank(f);
      await f.lc.settle(lcId);
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Advised, statusBitmap(["Honoured"]));
    });

    it("waits for customs at destination to clear the goods where the credit asks for it", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers, { customsClearanceRequired: true });
      await titleToIssuingBank(f);
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCustomsNotCleared")
        .withArgs(lcId, SHIPMENT_REF);
      const now = await time.latest();
      await f.customs.record(SHIPMENT_REF, CustomsEventType.Released, now, unLocode("CNSHA"));
      await expect(f.lc.settle(lcId)).to.be.revertedWithCustomError(
        f.lc,
        "LetterOfCreditCustomsNotCleared",
      );
      // An import clearance at the bill's port of discharge: the credit settles.
      await f.customs.record(SHIPMENT_REF, CustomsEventType.Cleared, now + 1, unLocode("CNSHA"));
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "DrawingSettled");
    });

    it("does not settle on a clearance at the port of loading (an export clearance is not clearance at destination)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers, { customsClearanceRequired: true });
      await titleToIssuingBank(f);
      const now = await time.latest();
      await f.customs.record(SHIPMENT_REF, CustomsEventType.Cleared, now, unLocode("GBFXT"));
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditClearedAwayFromDischarge")
        .withArgs(lcId, SHIPMENT_REF, unLocode("GBFXT"), unLocode("CNSHA"));
      await expect(f.lc.previewSettlement(lcId)).to.be.revertedWithCustomError(
        f.lc,
        "LetterOfCreditClearedAwayFromDischarge",
      );
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
    });

    it("the applicant may waive customs clearance, once", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers, { customsClearanceRequired: true });
      await titleToIssuingBank(f);
      await expect(
        f.lc
          .connect(f.importer)
          .waiveSettlementCondition(lcId, SettlementCondition.CustomsClearance),
      )
        .to.emit(f.lc, "SettlementConditionWaived")
        .withArgs(lcId, 0n, SettlementCondition.CustomsClearance, f.importer.address);
      await expect(
        f.lc
          .connect(f.importer)
          .waiveSettlementCondition(lcId, SettlementCondition.CustomsClearance),
      )
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditConditionNotPending")
        .withArgs(lcId, SettlementCondition.CustomsClearance);
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "DrawingSettled");
    });

    it("the issuing bank may waive the passing of title: a deemed-honoured drawing is paid without it (art. 16f)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await presented(f, lcId, { billId: 42n }); // no such bill
      const { examineBy } = await f.lc.presentation(lcId, 0n);
      await time.increaseTo(examineBy + 1n);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      await expect(f.lc.settle(lcId)).to.be.revertedWithCustomError(
        f.bills,
        "BillOfLadingTitleDoubleUnknownBill",
      );
      await f.lc
        .connect(f.issuingBank)
        .waiveSettlementCondition(lcId, SettlementCondition.TitleToIssuingBank);
      await expect(f.lc.settle(lcId))
        .to.emit(f.lc, "DrawingSettled")
        .withArgs(lcId, 0n, f.exporter.address, usd(100_000), usd(100_000));
      expect((await f.lc.presentation(lcId, 0n)).decidedAt).to.be.greaterThan(0n);
    });

    it("a precluded bank pays the presentation, but never more than the credit's undrawn balance (art. 16f)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await presented(f, lcId, { amount: usd(150_000) });
      const { examineBy } = await f.lc.presentation(lcId, 0n);
      await time.increaseTo(examineBy + 1n);
      await titleToIssuingBank(f);
      await expect(f.lc.settle(lcId))
        .to.emit(f.lc, "DrawingSettled")
        .withArgs(lcId, 0n, f.exporter.address, usd(110_000), usd(110_000))
        .and.to.emit(f.lc, "CreditClosed")
        .withArgs(lcId, 0n);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
      await expectConserved(f.lc, [lcId], f.usdToken.target as string);
    });

    it("closes the credit with its last drawing and returns what is left of the escrow", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { partialDrawingsAllowed: true, aboutAmount: false });
      await f.lc.connect(f.issuingBank).fund(lcId, usd(700)); // more than needed
      for (const [i, amount] of [usd(60_000), usd(40_000)].entries()) {
        await presented(f, lcId, { amount });
        await f.lc.connect(f.advisingBank).examine(lcId);
        await f.lc.connect(f.advisingBank).honour(lcId);
        await titleToIssuingBank(f);
        if (i === 0) {
          await f.lc.settle(lcId);
          expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
          await recordBill(f, {});
        } else {
          const tx = await f.lc.settle(lcId);
          await expect(tx).to.emit(f.lc, "CreditClosed").withArgs(lcId, usd(700));
          await expect(tx).to.changeTokenBalances(
            ethers,
            f.usdToken,
            [f.exporter, f.issuingBank, f.lc],
            [usd(40_000), usd(700), -usd(40_700)],
          );
        }
      }
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
      expect(await f.lc.openCreditCount()).to.equal(0n);
      await expectConserved(f.lc, [lcId], f.usdToken.target as string);
    });

    it("keeps an unearned confirmation fee reserved while more may be drawn", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await applyFor(
        f,
        standardTerms(f, {
          aboutAmount: false,
          partialDrawingsAllowed: true,
          confirmingBank: f.confirmingBank.address,
          confirmationFee: usd(300),
        }),
      );
      await f.lc.connect(f.issuingBank).issue(lcId, usd(100_300));
      await f.lc.connect(f.advisingBank).advise(lcId);
      await recordBill(f, { holder: f.confirmingBank.address });
      await presented(f, lcId, { amount: usd(100_000), presentedTo: f.confirmingBank.address });
      await f.lc.connect(f.confirmingBank).examine(lcId);
      await f.lc.connect(f.confirmingBank).honour(lcId);
      await titleToIssuingBank(f);
      // The full amount: the credit closes, and the fee nobody earned goes back with it.
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "CreditClosed").withArgs(lcId, usd(300));
    });

    it("a beneficiary frozen by the deposit token is paid only once reinstated; the drawing waits", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      await titleToIssuingBank(f);
      await f.registry.connect(f.admins[0]!).suspendMember(f.exporter.address, "sanctions review");
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.usdToken, "DepositTokenHolderNotPermitted")
        .withArgs(f.exporter.address);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      await f.registry.connect(f.admins[0]!).reinstateMember(f.exporter.address);
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "DrawingSettled");
    });
  });

  describe("expiry and release", function () {
    it("returns the undrawn balance and unearned fees to the issuing bank after expiry, whoever asks", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await applyFor(
        f,
        standardTerms(f, {
          advisingFee: usd(100),
          confirmingBank: f.confirmingBank.address,
          confirmationFee: usd(200),
        }),
      );
      await f.lc.connect(f.issuingBank).issue(lcId, await f.lc.requiredEscrow(lcId));
      await f.lc.connect(f.advisingBank).advise(lcId); // earns the advising fee; nobody confirms
      await expect(f.lc.connect(f.outsiders[0]!).release(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Advised, statusBitmap(["Expired"]));
      await time.increaseTo(EXPIRY + 1);
      const tx = await f.lc.connect(f.outsiders[0]!).release(lcId);
      await expect(tx).to.emit(f.lc, "CreditClosed").withArgs(lcId, usd(110_200));
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.issuingBank, f.lc],
        [usd(110_200), -usd(110_200)],
      );
      expect(await f.lc.escrowOf(lcId)).to.deep.equal([
        usd(110_300),
        usd(100),
        usd(110_200),
        0n,
        0n,
      ]);
      await expect(f.lc.release(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Closed, statusBitmap(["Expired"]));
    });

    it("closes an application that was never issued once its expiry passes, with nothing to return", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await applyFor(f, standardTerms(f));
      await time.increaseTo(EXPIRY + 1);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
      await expect(f.lc.release(lcId)).to.emit(f.lc, "CreditClosed").withArgs(lcId, 0n);
    });
  });

  describe("currency conversion", function () {
    it("settles a USD credit in the CNY deposit token at the rate of the day of payment", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f);
      await publishRate(f, 7_10000000n); // 7.10 CNY per USD
      const lcId = await applyFor(f, standardTerms(f, usdInCny(f)));
      expect(await f.lc.requiredEscrow(lcId)).to.equal(usd(710_000));
      await f.lc.connect(f.issuingBank).issue(lcId, usd(710_000));
      await f.lc.connect(f.advisingBank).advise(lcId);
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await presented(f, lcId);
      await f.lc.connect(f.advisingBank).examine(lcId);
      await f.lc.connect(f.advisingBank).honour(lcId);
      await titleToIssuingBank(f);
      await publishRate(f, 7_05000000n); // the yuan strengthened
      expect(await f.lc.toSettlementAmount(lcId, usd(1))).to.equal(705n);
      const tx = await f.lc.settle(lcId);
      await expect(tx)
        .to.emit(f.lc, "DrawingSettled")
        .withArgs(lcId, 0n, f.exporter.address, usd(100_000), usd(705_000))
        .and.to.emit(f.lc, "CreditClosed")
        .withArgs(lcId, usd(5_000));
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.cnyToken,
        [f.exporter, f.issuingBank, f.lc],
        [usd(705_000), usd(5_000), -usd(710_000)],
      );
      await expectConserved(f.lc, [lcId], f.cnyToken.target as string);
    });

    it("refuses a USD credit paid in the CNY deposit token without a feed, naming both currencies", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const terms = standardTerms(f, { settlementToken: f.cnyToken.target as string });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(terms)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCurrencyMismatch")
        .withArgs(USD, f.cnyToken.target, CNY, ethers.ZeroAddress, NO_CURRENCY, NO_CURRENCY);
      expect(await f.lc.creditCount()).to.equal(0n);
    });

    it("refuses a feed whose pair is not the credit's currency per the token's", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f);
      const feed = f.usdCny.target as string;
      // A USD credit in the USD token through the USD/CNY feed: the quote is not the token's.
      const inUsd = standardTerms(f, { fxFeed: feed });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(inUsd)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCurrencyMismatch")
        .withArgs(USD, f.usdToken.target, USD, feed, USD, CNY);
      // A CNY credit in the CNY token through the USD/CNY feed: the base is not the credit's.
      const inCny = standardTerms(f, { ...usdInCny(f), currency: "CNY" });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(inCny)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCurrencyMismatch")
        .withArgs(CNY, f.cnyToken.target, CNY, feed, USD, CNY);
      await f.lc.connect(f.importer).applyForCredit(buildTerms(standardTerms(f, usdInCny(f))));
      expect(await f.lc.creditCount()).to.equal(1n);
    });

    it("refuses a settlement token that does not state its currency", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const token = (await ethers.deployContract("TestERC20", [
        "Plain",
        "PLN",
        2,
        NO_CURRENCY,
      ])) as unknown as TestERC20;
      const terms = standardTerms(f, { settlementToken: token.target as string });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(terms)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCurrencyMismatch")
        .withArgs(USD, token.target, NO_CURRENCY, ethers.ZeroAddress, NO_CURRENCY, NO_CURRENCY);
      // Neither does a contract without a currency() view at all (here: the feed as a "token").
      const odd = standardTerms(f, { settlementToken: f.usdCny.target as string });
      await expect(f.lc.connect(f.importer).applyForCredit(buildTerms(odd)))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditCurrencyMismatch")
        .withArgs(USD, f.usdCny.target, NO_CURRENCY, ethers.ZeroAddress, NO_CURRENCY, NO_CURRENCY);
    });

    it("waits for the issuing bank to top up when the rate moved past the escrow", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f);
      await publishRate(f, 7_10000000n);
      const lcId = await honouredInCny(f);
      await publishRate(f, 7_20000000n);
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditEscrowShort")
        .withArgs(lcId, usd(720_000), usd(710_000));
      await f.lc.connect(f.issuingBank).fund(lcId, usd(10_000));
      await expect(f.lc.settle(lcId))
        .to.emit(f.lc, "DrawingSettled")
        .withArgs(lcId, 0n, f.exporter.address, usd(100_000), usd(720_000));
    });

    it("refuses a stale rate: older than the feed's heartbeat", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f, { heartbeat: DAY });
      await publishRate(f, 7_10000000n);
      const lcId = await honouredInCny(f);
      const [, , , updatedAt] = await f.usdCny.latestRoundData();
      await time.increaseTo(updatedAt + BigInt(DAY) + 1n);
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditFxRateStale")
        .withArgs(f.usdCny.target, updatedAt, DAY);
      await publishRate(f, 7_10000000n);
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "DrawingSettled");
    });

    it("refuses a rate outside the bounds the consortium configured", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f, { min: 6_00000000n, max: 8_00000000n });
      await publishRate(f, 7_10000000n);
      const lcId = await honouredInCny(f);
      await publishRate(f, 8_50000000n); // within the feed's own sanity bounds, not the credit's
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditFxRateOutOfBounds")
        .withArgs(f.usdCny.target, 8_50000000n, 6_00000000n, 8_00000000n);
    });

    it("refuses conversions through a feed the consortium withdrew", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await approveFeed(f);
      await publishRate(f, 7_10000000n);
      const lcId = await honouredInCny(f);
      await approveFeed(f, { approved: false, heartbeat: 0, min: 0n, max: 0n });
      await expect(f.lc.settle(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditFxFeedNotApproved")
        .withArgs(f.usdCny.target);
    });

    it("lets only governance configure a feed, and only with a heartbeat and positive bounds", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await expect(f.lc.connect(f.issuingBank).configureFxFeed(f.usdCny.target, true, DAY, 1n, 2n))
        .to.be.revertedWithCustomError(f.lc, "ConsortiumOnlyGovernance")
        .withArgs(f.issuingBank.address);
      // A proposal with a zero lower bound: the registry's execution of it fails.
      const data = f.lc.interface.encodeFunctionData("configureFxFeed", [
        f.usdCny.target,
        true,
        DAY,
        0n,
        8_00000000n,
      ]);
      await f.registry.connect(f.admins[0]!).propose(f.lc.target, data, "bad bounds");
      const proposalId = await f.registry.proposalCount();
      await expect(f.registry.connect(f.admins[1]!).approve(proposalId))
        .to.be.revertedWithCustomError(f.registry, "ConsortiumProposalFailed")
        .withArgs(
          proposalId,
          f.lc.interface.encodeErrorResult("LetterOfCreditInvalidFxFeedConfig", [f.usdCny.target]),
        );
      expect((await f.lc.fxFeedConfig(f.usdCny.target)).approved).to.equal(false);
      await approveFeed(f);
      const config = await f.lc.fxFeedConfig(f.usdCny.target);
      expect(config).to.deep.equal([true, 8n, BigInt(DAY), 6_00000000n, 8_00000000n]);
    });
  });

  describe("reentrancy", function () {
    it("refuses a token that re-enters the escrow while it is paying out", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const token = (await ethers.deployContract("ReentrantERC20")) as unknown as ReentrantERC20;
      await token.mint(f.issuingBank.address, usd(1_000_000));
      await token.connect(f.issuingBank).approve(f.lc.target, ethers.MaxUint256);
      const lcId = await honoured(f, networkHelpers, {
        settlementToken: token.target as string,
        aboutAmount: false,
      });
      await titleToIssuingBank(f);
      await token.arm(f.lc.target, f.lc.interface.encodeFunctionData("settle", [lcId]));
      await expect(f.lc.settle(lcId)).to.be.revertedWithCustomError(
        f.lc,
        "ReentrancyGuardReentrantCall",
      );
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      await token.arm(ethers.ZeroAddress, "0x"); // the revert undid the token's own disarming
      await expect(f.lc.settle(lcId)).to.emit(f.lc, "DrawingSettled");
      await expectConserved(f.lc, [lcId], token.target as string);
    });

    it("writes the new status before any token moves: a re-entrant release sees the credit closed", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const token = (await ethers.deployContract("ReentrantERC20")) as unknown as ReentrantERC20;
      await token.mint(f.issuingBank.address, usd(1_000_000));
      await token.connect(f.issuingBank).approve(f.lc.target, ethers.MaxUint256);
      const lcId = await issued(f, { settlementToken: token.target as string });
      await time.increaseTo(EXPIRY + 1);
      // The hostile token asks, mid-transfer, what the credit's status is: already Closed.
      await token.arm(f.lc.target, f.lc.interface.encodeFunctionData("status", [lcId]));
      await f.lc.release(lcId);
      const [seen] = ethers.AbiCoder.defaultAbiCoder().decode(
        ["uint8"],
        await token.lastCallResult(),
      );
      expect(seen).to.equal(BigInt(LcStatus.Closed));
    });
  });

  describe("applying with raw terms", function () {
    it("the TypeScript builder and the contract agree on every field", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const terms = buildTerms(standardTerms(f, { confirmingBank: f.confirmingBank.address }));
      await f.lc.connect(f.importer).applyForCredit(terms);
      const stored = await f.lc.terms(1n);
      for (const [key, value] of Object.entries(terms)) {
        const read = (stored as unknown as Record<string, unknown>)[key];
        expect(String(read).toLowerCase()).to.equal(String(value).toLowerCase(), key);
      }
    });
  });
});

/** A USD 100,000 credit escrowed in CNY at the current rate, presented and honoured; title passed. */
async function honouredInCny(f: CreditFixture): Promise<bigint> {
  const lcId = await applyFor(f, standardTerms(f, usdInCny(f)));
  await f.lc.connect(f.issuingBank).issue(lcId, await f.lc.requiredEscrow(lcId));
  await f.lc.connect(f.advisingBank).advise(lcId);
  await presented(f, lcId);
  await f.lc.connect(f.advisingBank).examine(lcId);
  await f.lc.connect(f.advisingBank).honour(lcId);
  await titleToIssuingBank(f);
  return lcId;
}

/**
 * The rules of UCP 600 a letter of credit enforces, one specification per rule, each named with
 * its article.
 */
import { expect } from "chai";
import { network } from "hardhat";

import {
  AmendmentChange,
  AmendmentState,
  bitmask,
  CertificateVerdict,
  LcStatus,
  PresentationOutcome,
  statusBitmap,
} from "../../lib/trade/enums.ts";
import {
  bankDiscrepancy,
  buildAmendment,
  buildDocuments,
  dayNumber,
  discrepancies,
  endOfLocalDay,
  startOfLocalDay,
} from "../../lib/trade/letterOfCredit.ts";
import {
  advised,
  applyFor,
  type CreditFixture,
  deployCreditFixture,
  EXPIRY,
  honoured,
  LATEST_SHIPMENT,
  LONDON,
  presented,
  recordBill,
  recordCertificate,
  SHANGHAI,
  SHIPPED_ON_BOARD,
  standardPresentation,
  standardTerms,
  START,
  usd,
} from "./fixtures.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function fixture(): Promise<CreditFixture> {
  return deployCreditFixture(ethers, networkHelpers);
}

const DAY = 86_400;
/** 10:00 on `date` in London. */
const londonMorning = (date: string): number => startOfLocalDay(date, LONDON) + 10 * 3600;

async function mine(f: CreditFixture): Promise<void> {
  await f.ethers.provider.send("evm_mine", []);
}

async function examined(f: CreditFixture, lcId: bigint): Promise<void> {
  await (await f.lc.connect(f.advisingBank).examine(lcId)).wait();
}

async function findings(f: CreditFixture, lcId: bigint, presentationId = 0n): Promise<bigint> {
  return (await f.lc.presentation(lcId, presentationId)).discrepancies;
}

describe("LetterOfCredit — UCP 600", function () {
  describe("art. 6: availability, expiry date and place for presentation", function () {
    it("art. 6d i: a credit past its expiry date is Expired and takes no presentation", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.increaseTo(EXPIRY + 1);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
      await expect(f.lc.connect(f.exporter).present(lcId, buildDocuments(standardPresentation(f))))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Expired, statusBitmap(["Advised", "Refused"]));
    });

    it("art. 6d i: a presentation in the last second of the expiry date is in time", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { partialDrawingsAllowed: true });
      await time.setNextBlockTimestamp(EXPIRY);
      await presented(f, lcId);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Presented);
    });

    it("art. 6e: after a refusal, corrected documents cannot be presented once the credit has expired", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.increaseTo(EXPIRY - 2 * DAY);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await time.increaseTo(EXPIRY + DAY);
      // Still Refused: the applicant may waive for a while after expiry ...
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Refused);
      // ... but the beneficiary can no longer present.
      await expect(f.lc.connect(f.exporter).present(lcId, buildDocuments(standardPresentation(f))))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditPresentationAfterExpiry")
        .withArgs(lcId, EXPIRY, EXPIRY + DAY + 1);
    });

    it("art. 6a: refuses documents presented to a bank the credit is not available with", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await expect(
        f.lc
          .connect(f.exporter)
          .present(
            lcId,
            buildDocuments(standardPresentation(f, { presentedTo: f.confirmingBank.address })),
          ),
      )
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNotPresentable")
        .withArgs(lcId, f.confirmingBank.address);
    });

    it("art. 6a: a confirmed credit is available with the confirming bank, no longer with the advising bank", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { confirmingBank: f.confirmingBank.address });
      await expect(f.lc.connect(f.exporter).present(lcId, buildDocuments(standardPresentation(f))))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNotPresentable")
        .withArgs(lcId, f.advisingBank.address);
      await recordBill(f, { holder: f.confirmingBank.address });
      await presented(f, lcId, { presentedTo: f.confirmingBank.address });
      await expect(f.lc.connect(f.confirmingBank).examine(lcId))
        .to.emit(f.lc, "PresentationExamined")
        .withArgs(lcId, 0n, f.confirmingBank.address, 0n);
    });

    it("art. 6a: documents may always be presented to the issuing bank, which examines them", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await recordBill(f, { holder: f.issuingBank.address });
      await time.increaseTo(SHIPPED_ON_BOARD + 3 * DAY);
      await presented(f, lcId, { presentedTo: f.issuingBank.address });
      await expect(f.lc.connect(f.advisingBank).examine(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditWrongParty")
        .withArgs(lcId, f.advisingBank.address, f.issuingBank.address);
      await f.lc.connect(f.issuingBank).examine(lcId);
      await expect(f.lc.connect(f.issuingBank).honour(lcId))
        .to.emit(f.lc, "PresentationHonoured")
        .withArgs(lcId, 0n, f.issuingBank.address);
    });
  });

  describe("art. 8 and 9: confirmation and advice", function () {
    it("art. 9: the advising bank advises once and is paid its fee once", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const fee = usd(250);
      const { lcId } = await issuedWithFees(f, fee, 0n);
      const tx = await f.lc.connect(f.advisingBank).advise(lcId);
      await expect(tx)
        .to.emit(f.lc, "CreditAdvised")
        .withArgs(lcId, f.advisingBank.address)
        .and.to.emit(f.lc, "FeePaid")
        .withArgs(lcId, f.advisingBank.address, fee);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.advisingBank, f.lc],
        [fee, -fee],
      );
      await expect(f.lc.connect(f.advisingBank).advise(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Advised, statusBitmap(["Issued"]));
    });

    it("art. 8: the confirming bank confirms once and is paid its fee once", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const fee = usd(400);
      const { lcId } = await issuedWithFees(f, 0n, fee, f.confirmingBank.address);
      await f.lc.connect(f.advisingBank).advise(lcId);
      const tx = await f.lc.connect(f.confirmingBank).confirm(lcId);
      await expect(tx).to.emit(f.lc, "CreditConfirmed").withArgs(lcId, f.confirmingBank.address);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.confirmingBank, f.lc],
        [fee, -fee],
      );
      expect((await f.lc.parties(lcId)).confirmed).to.equal(true);
      await expect(f.lc.connect(f.confirmingBank).confirm(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditAlreadyConfirmed")
        .withArgs(lcId);
    });

    it("art. 8: only the bank the credit names may confirm it", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await expect(f.lc.connect(f.confirmingBank).confirm(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditWrongParty")
        .withArgs(lcId, f.confirmingBank.address, ethers.ZeroAddress);
    });
  });

  describe("art. 10: amendments", function () {
    it("art. 10a: the issuing bank cannot cancel alone: a proposed cancellation changes nothing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const before = await f.lc.escrowOf(lcId);
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ cancellation: true, details: "Cancel: buyer's order withdrawn" }),
        );
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
      expect(await f.lc.escrowOf(lcId)).to.deep.equal(before);
      // The beneficiary may still present under the credit.
      await presented(f, lcId);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Presented);
    });

    it("art. 10a: a cancellation the beneficiary accepts cancels the credit and returns the escrow", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const held = (await f.lc.escrowOf(lcId)).held;
      const amendment = buildAmendment({ cancellation: true, details: "Cancel by agreement" });
      await f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment);
      const tx = await f.lc.connect(f.exporter).acceptAmendment(lcId, 1n, amendment.changes);
      await expect(tx)
        .to.emit(f.lc, "CreditCancelled")
        .withArgs(lcId)
        .and.to.emit(f.lc, "CreditClosed")
        .withArgs(lcId, held);
      await expect(tx).to.changeTokenBalances(
        ethers,
        f.usdToken,
        [f.issuingBank, f.lc],
        [held, -held],
      );
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Cancelled);
      const escrow = await f.lc.escrowOf(lcId);
      expect(escrow.held).to.equal(0n);
      expect(escrow.refunded).to.equal(escrow.escrowed - escrow.paid);
    });

    it("art. 10a: a cancellation is its own amendment and changes no terms", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const amendment = {
        ...buildAmendment({ amount: usd(90_000), details: "x" }),
        changes: bitmask(AmendmentChange, ["Amount", "Cancellation"]),
      };
      await expect(f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditInvalidAmendment")
        .withArgs("cancellation");
    });

    it("art. 10c: the old terms stand until the beneficiary accepts the amendment", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ amount: usd(80_000), details: "Reduce to USD 80,000" }),
        );
      expect((await f.lc.terms(lcId)).amount).to.equal(usd(100_000));
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await presented(f, lcId); // USD 100,000: complies with the old terms only
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Pending);
      expect((await f.lc.terms(lcId)).amount).to.equal(usd(100_000));
    });

    it("art. 10c: a presentation that complies only with the amended terms accepts the amendment", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await f.lc.connect(f.issuingBank).fund(lcId, usd(25_000));
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ amount: usd(120_000), details: "Increase to USD 120,000" }),
        );
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await presented(f, lcId, { amount: usd(130_000) }); // over the old +10 %, within the new
      await expect(f.lc.connect(f.advisingBank).examine(lcId))
        .to.emit(f.lc, "AmendmentAccepted")
        .withArgs(lcId, 1n, true)
        .and.to.emit(f.lc, "PresentationExamined")
        .withArgs(lcId, 0n, f.advisingBank.address, 0n);
      const record = await f.lc.amendment(lcId, 1n);
      expect(record.state).to.equal(AmendmentState.Accepted);
      expect(record.acceptedByPresentation).to.equal(true);
      expect((await f.lc.terms(lcId)).amount).to.equal(usd(120_000));
    });

    it("art. 10c: a pending extension keeps the credit open past the old expiry, and presenting under it accepts it", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const newExpiry = endOfLocalDay("2030-06-30", LONDON);
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ expiresAt: newExpiry, details: "Extend to 30 June" }),
        );
      await time.increaseTo(EXPIRY + 2 * DAY);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
      await presented(f, lcId, { presentedTo: f.issuingBank.address });
      await recordBill(f, { holder: f.issuingBank.address });
      // Late under both terms (more than 21 days after shipment): the amendment is not accepted.
      await f.lc.connect(f.issuingBank).examine(lcId);
      expect(await findings(f, lcId)).to.equal(
        BigInt(discrepancies(["LatePresentation", "PresentedAfterExpiry"])),
      );
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Pending);
    });

    it("art. 10c: a rejected amendment leaves the terms as they were", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ latestShipmentAt: LATEST_SHIPMENT - 5 * DAY, details: "Ship earlier" }),
        );
      await expect(f.lc.connect(f.exporter).rejectAmendment(lcId, 1n))
        .to.emit(f.lc, "AmendmentRejected")
        .withArgs(lcId, 1n, false);
      expect((await f.lc.terms(lcId)).latestShipmentAt).to.equal(LATEST_SHIPMENT);
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Rejected);
    });

    it("art. 10c: an accepted amendment puts its terms in force", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const amendment = buildAmendment({
        latestShipmentAt: LATEST_SHIPMENT + 5 * DAY,
        presentationDays: 15,
        details: "Later shipment, shorter period",
      });
      await f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment);
      await expect(f.lc.connect(f.exporter).acceptAmendment(lcId, 1n, amendment.changes))
        .to.emit(f.lc, "AmendmentAccepted")
        .withArgs(lcId, 1n, false);
      const terms = await f.lc.terms(lcId);
      expect(terms.latestShipmentAt).to.equal(LATEST_SHIPMENT + 5 * DAY);
      expect(terms.presentationDays).to.equal(15n);
    });

    it("art. 10e: accepting part of an amendment is rejecting it", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const amendment = buildAmendment({
        expiresAt: EXPIRY + 30 * DAY,
        presentationDays: 10,
        details: "Extend expiry, shorten the presentation period",
      });
      await f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment);
      await expect(
        f.lc.connect(f.exporter).acceptAmendment(lcId, 1n, bitmask(AmendmentChange, ["Expiry"])),
      )
        .to.emit(f.lc, "AmendmentRejected")
        .withArgs(lcId, 1n, true);
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Rejected);
      const terms = await f.lc.terms(lcId);
      expect(terms.expiresAt).to.equal(EXPIRY);
      expect(terms.presentationDays).to.equal(21n);
    });

    it("art. 10f: an amendment the beneficiary never answered stays pending past its 'deemed accepted' date", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const deemedBy = START + 5 * DAY;
      await f.lc.connect(f.issuingBank).proposeAmendment(
        lcId,
        buildAmendment({
          latestShipmentAt: LATEST_SHIPMENT - 10 * DAY,
          deemedAcceptedAfter: deemedBy,
          details: "Ship by 5 April; deemed accepted unless rejected within 5 days",
        }),
      );
      await time.increaseTo(deemedBy + 30 * DAY);
      const record = await f.lc.amendment(lcId, 1n);
      expect(record.state).to.equal(AmendmentState.Pending);
      expect(record.amendment.deemedAcceptedAfter).to.equal(deemedBy);
      expect((await f.lc.terms(lcId)).latestShipmentAt).to.equal(LATEST_SHIPMENT);
      // Shipped 1 April, after the amended date: still complies, under the old terms.
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
    });

    it("art. 10: only one amendment may await the beneficiary's answer", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(lcId, buildAmendment({ presentationDays: 14, details: "a" }));
      await expect(
        f.lc
          .connect(f.issuingBank)
          .proposeAmendment(lcId, buildAmendment({ presentationDays: 10, details: "b" })),
      )
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditAmendmentAlreadyPending")
        .withArgs(lcId, 1n);
      await expect(f.lc.connect(f.exporter).acceptAmendment(lcId, 2n, 8))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditAmendmentNotPending")
        .withArgs(lcId, 2n);
    });

    it("art. 10: an amendment raising the amount must be covered by the escrow first", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      const amendment = buildAmendment({ amount: usd(120_000), details: "Increase" });
      const held = (await f.lc.escrowOf(lcId)).held;
      await expect(f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditEscrowShort")
        .withArgs(lcId, usd(132_000), held);
      await f.lc.connect(f.issuingBank).fund(lcId, usd(22_000));
      await expect(f.lc.connect(f.issuingBank).proposeAmendment(lcId, amendment)).to.emit(
        f.lc,
        "AmendmentProposed",
      );
    });
  });

  describe("art. 10: an amendment never takes the amount below what was drawn", function () {
    // USD 100,000, partial drawings allowed. A reduction to USD 50,000 is proposed; then USD 60,000
    // is drawn and settled under the old terms, which stand until the beneficiary accepts (art. 10c).
    async function reducedAfterDrawing(
      f: CreditFixture,
      extra: { latestShipmentAt?: number } = {},
    ): Promise<bigint> {
      const lcId = await advised(f, { partialDrawingsAllowed: true, aboutAmount: false });
      await f.lc
        .connect(f.issuingBank)
        .proposeAmendment(
          lcId,
          buildAmendment({ amount: usd(50_000), ...extra, details: "Reduce to USD 50,000" }),
        );
      await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
      await drawAndSettle(f, lcId, usd(60_000));
      return lcId;
    }

    it("art. 10c: refuses the beneficiary's acceptance of a reduction below what was drawn since it was proposed", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await reducedAfterDrawing(f);
      await expect(f.lc.connect(f.exporter).acceptAmendment(lcId, 1n, 1))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditAmendmentBelowDrawn")
        .withArgs(lcId, 1n, usd(50_000), usd(60_000));
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Pending);
      expect((await f.lc.terms(lcId)).amount).to.equal(usd(100_000));
      expect(await f.lc.requiredEscrow(lcId)).to.equal(usd(40_000));
      // The beneficiary rejects it instead, and draws the balance.
      await f.lc.connect(f.exporter).rejectAmendment(lcId, 1n);
      await drawAndSettle(f, lcId, usd(40_000));
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
    });

    it("art. 10c: a presentation complying only with a reduction below what was drawn does not accept it, and the credit still expires and is released", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await reducedAfterDrawing(f, { latestShipmentAt: LATEST_SHIPMENT + 10 * DAY });
      // Shipped after the latest shipment date in force, before the amended one: under the
      // amendment the drawing would comply, but for the amount (60,000 + 10,000 > 50,000).
      await recordBill(f, { shippedOnBoardAt: LATEST_SHIPMENT + 2 * DAY });
      await time.increaseTo(LATEST_SHIPMENT + 4 * DAY);
      await presented(f, lcId, { amount: usd(10_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId, 1n)).to.equal(BigInt(discrepancies(["ShippedLate"])));
      expect((await f.lc.amendment(lcId, 1n)).state).to.equal(AmendmentState.Pending);
      expect((await f.lc.terms(lcId)).amount).to.equal(usd(100_000));
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await time.increaseTo(EXPIRY + 1);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
      await expect(f.lc.release(lcId)).to.emit(f.lc, "CreditClosed").withArgs(lcId, usd(40_000));
    });
  });

  describe("art. 14b and 16f: five banking days to examine, on the examining bank's calendar", function () {
    // Presented Thursday 4 April in London. Following banking days: Fri 5 (1), Tue 9 (2; Monday 8 is
    // a holiday), Wed 10 (3), Thu 11 (4), Fri 12 (5). Monday 15 is the sixth.
    const presentedAt = londonMorning("2030-04-04");
    const fifthDayEnd = endOfLocalDay("2030-04-12", LONDON);

    async function presentedBeforeHoliday(f: CreditFixture): Promise<bigint> {
      await f.calendar.connect(f.advisingBank).setHolidays([dayNumber("2030-04-08")], true);
      const lcId = await advised(f);
      await time.setNextBlockTimestamp(presentedAt);
      await presented(f, lcId, { invoice: undefined }); // discrepant: no commercial invoice
      return lcId;
    }

    it("art. 14b: the deadline is the end of the fifth banking day, skipping the weekend and the holiday", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await presentedBeforeHoliday(f);
      expect((await f.lc.presentation(lcId, 0n)).examineBy).to.equal(fifthDayEnd);
    });

    it("art. 14b: on the fifth banking day the bank may still refuse", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await presentedBeforeHoliday(f);
      await time.increaseTo(fifthDayEnd - 60);
      await examined(f, lcId);
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, []))
        .to.emit(f.lc, "PresentationRefused")
        .withArgs(lcId, 0n, f.advisingBank.address, discrepancies(["DocumentMissing"]), []);
    });

    it("art. 16f: on the sixth banking day the bank is precluded from refusing, and the presentation counts as honoured", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await presentedBeforeHoliday(f);
      await time.increaseTo(londonMorning("2030-04-15"));
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, [bankDiscrepancy("NO_INVOICE")]))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditRefusalPrecluded")
        .withArgs(lcId, fifthDayEnd);
      await expect(f.lc.connect(f.advisingBank).examine(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Honoured, statusBitmap(["Presented"]));
    });

    it("art. 14b: the deadline is fixed at presentation; a holiday declared afterwards does not extend it", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await presentedBeforeHoliday(f);
      await f.calendar.connect(f.advisingBank).setHolidays([dayNumber("2030-04-10")], true);
      expect((await f.lc.presentation(lcId, 0n)).examineBy).to.equal(fifthDayEnd);
    });

    it("art. 14b: banking days are counted in the examining bank's own time zone", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await recordBill(f, { holder: f.issuingBank.address });
      // Thursday 4 April 20:00 UTC is already Friday 5 April 04:00 in Shanghai: the count starts Monday 8.
      await time.setNextBlockTimestamp(startOfLocalDay("2030-04-04", LONDON) + 20 * 3600);
      await presented(f, lcId, { presentedTo: f.issuingBank.address });
      expect((await f.lc.presentation(lcId, 0n)).examineBy).to.equal(
        endOfLocalDay("2030-04-12", SHANGHAI),
      );
    });
  });

  describe("art. 14c: presentation within 21 calendar days after shipment", function () {
    it("art. 14c: a presentation on the 21st calendar day after shipment is in time", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.setNextBlockTimestamp(endOfLocalDay("2030-04-22", LONDON) - 60);
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
    });

    it("art. 14c: a presentation on the 22nd calendar day after shipment is late", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await time.setNextBlockTimestamp(startOfLocalDay("2030-04-23", LONDON) + 60);
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["LatePresentation"])));
    });

    it("art. 14c: a period the credit states replaces the 21 days", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { presentationDays: 7 });
      await time.setNextBlockTimestamp(londonMorning("2030-04-09")); // 8 days after shipment
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["LatePresentation"])));
    });
  });

  describe("art. 29: a closing day extends the expiry and the last day for presentation, never the latest shipment date", function () {
    // Expiry Friday 31 May 2030, declared a holiday in London (the advising bank, where the credit
    // is available). Its next banking day is Monday 3 June; in Shanghai (the issuing bank, open on
    // Friday) the expiry is not extended.
    const expiry = EXPIRY; // end of Friday 2030-05-31 in London
    const extendedEnd = endOfLocalDay("2030-06-03", LONDON);

    async function expiringOnHoliday(f: CreditFixture): Promise<bigint> {
      await f.calendar.connect(f.advisingBank).setHolidays([dayNumber("2030-05-31")], true);
      return advised(f, { presentationDays: 90 });
    }

    it("extends the expiry falling on a bank holiday to the next banking day (art. 29a)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await expiringOnHoliday(f);
      await time.increaseTo(expiry + DAY); // Saturday 1 June
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
      await time.setNextBlockTimestamp(londonMorning("2030-06-03"));
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
    });

    it("refuses a presentation after the extended expiry, and the credit then expires (art. 29a)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await expiringOnHoliday(f);
      await time.setNextBlockTimestamp(extendedEnd + 1);
      await mine(f);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
      await expect(
        f.lc.connect(f.exporter).present(lcId, buildDocuments(standardPresentation(f))),
      ).to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus");
    });

    it("extends the expiry only at the bank that is closed: the issuing bank, open that day, takes no presentation after it (art. 29a)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await expiringOnHoliday(f);
      await time.setNextBlockTimestamp(londonMorning("2030-06-03"));
      await expect(
        f.lc
          .connect(f.exporter)
          .present(
            lcId,
            buildDocuments(standardPresentation(f, { presentedTo: f.issuingBank.address })),
          ),
      )
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditPresentationAfterExpiry")
        .withArgs(lcId, expiry, londonMorning("2030-06-03"));
    });

    it("does not extend an expiry falling on a banking day (art. 29a)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { presentationDays: 90 });
      await time.increaseTo(expiry + 1);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
    });

    it("extends the last day for presentation falling on a bank holiday to the next banking day (art. 29a)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      // Shipped Monday 1 April: the 21st day is Easter Monday 22 April, a holiday in London.
      await f.calendar.connect(f.advisingBank).setHolidays([dayNumber("2030-04-22")], true);
      const lcId = await advised(f);
      await time.setNextBlockTimestamp(londonMorning("2030-04-23"));
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
      // The day after the extended day is late again.
      const second = await advised(f);
      await time.setNextBlockTimestamp(londonMorning("2030-04-24"));
      await presented(f, second);
      await examined(f, second);
      expect(await findings(f, second)).to.equal(BigInt(discrepancies(["LatePresentation"])));
    });

    it("does not extend the latest shipment date falling on a bank holiday (art. 29c)", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      // Latest shipment Monday 15 April, a holiday at the advising bank; shipped on the 16th.
      await f.calendar.connect(f.advisingBank).setHolidays([dayNumber("2030-04-15")], true);
      await recordBill(f, { shippedOnBoardAt: londonMorning("2030-04-16") });
      const lcId = await advised(f);
      await time.setNextBlockTimestamp(londonMorning("2030-04-18"));
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["ShippedLate"])));
    });
  });

  describe("art. 14a, 20: what the chain examines in the documents", function () {
    const cases: {
      rule: string;
      discrepancy: Parameters<typeof discrepancies>[0][number];
      arrange: (f: CreditFixture) => Promise<Partial<Parameters<typeof standardPresentation>[1]>>;
    }[] = [
      {
        rule: "art. 14a: a bill of lading that does not exist",
        discrepancy: "BillMissing",
        arrange: async () => ({ billId: 99n }),
      },
      {
        rule: "art. 14a: a bill of lading that is no longer in force (void)",
        discrepancy: "BillMissing",
        arrange: async (f) => {
          await recordBill(f, { status: 5 });
          return {};
        },
      },
      {
        rule: "art. 20a i: a bill issued by a carrier that is not a registered CARRIER",
        discrepancy: "CarrierNotRegistered",
        arrange: async (f) => {
          await recordBill(f, { carrier: f.outsiders[0]!.address });
          return {};
        },
      },
      {
        rule: "art. 20a ii: shipped on board after the latest shipment date",
        discrepancy: "ShippedLate",
        arrange: async (f) => {
          await recordBill(f, { shippedOnBoardAt: LATEST_SHIPMENT + 1 });
          return {};
        },
      },
      {
        rule: "art. 20a ii: a bill with no on-board date",
        discrepancy: "ShippedLate",
        arrange: async (f) => {
          await recordBill(f, { shippedOnBoardAt: 0 });
          return {};
        },
      },
      {
        rule: "title: a bill neither endorsed nor pledged to the bank",
        discrepancy: "TitleNotWithBank",
        arrange: async (f) => {
          await recordBill(f, { holder: f.exporter.address });
          return {};
        },
      },
      {
        rule: "art. 20a iii: a port of loading other than the credit's",
        discrepancy: "PortsMismatch",
        arrange: async (f) => {
          await recordBill(f, { portOfLoading: "NLRTM" });
          return {};
        },
      },
      {
        rule: "certificate of origin: revoked",
        discrepancy: "CertificateInvalid",
        arrange: async (f) => {
          await recordCertificate(f, { verdict: CertificateVerdict.Revoked });
          return {};
        },
      },
      {
        rule: "certificate of origin: not the document issued",
        discrepancy: "CertificateInvalid",
        arrange: async () => ({
          certificate: { number: "GB-LCCI-2030-000123", document: "a forged certificate" },
        }),
      },
      {
        rule: "certificate of origin: another country of origin",
        discrepancy: "OriginMismatch",
        arrange: async (f) => {
          await recordCertificate(f, { country: "DE" });
          return {};
        },
      },
      {
        rule: "certificate of origin: consignee other than the applicant",
        discrepancy: "ConsigneeMismatch",
        arrange: async (f) => {
          await recordCertificate(f, { consignee: f.outsiders[1]!.address });
          return {};
        },
      },
      {
        rule: "art. 14a: a required document not presented (commercial invoice)",
        discrepancy: "DocumentMissing",
        arrange: async () => ({ invoice: undefined }),
      },
    ];

    for (const c of cases) {
      it(`${c.rule} is the discrepancy ${c.discrepancy}`, async function () {
        const f = await networkHelpers.loadFixture(fixture);
        const lcId = await advised(f);
        await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
        const overrides = await c.arrange(f);
        await presented(f, lcId, overrides);
        expect(await f.lc.previewExamination(lcId)).to.equal(
          BigInt(discrepancies([c.discrepancy])),
        );
        await examined(f, lcId);
        expect(await findings(f, lcId)).to.equal(BigInt(discrepancies([c.discrepancy])));
      });
    }

    it("art. 14a: a required insurance certificate not presented is missing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, {
        requiredDocuments: [
          "BillOfLading",
          "CertificateOfOrigin",
          "CommercialInvoice",
          "InsuranceCertificate",
        ],
      });
      await presented(f, lcId);
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["DocumentMissing"])));
    });
  });

  describe("art. 15, 16: honour, refusal and waiver", function () {
    it("art. 15: a complying presentation is honoured", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await honoured(f, networkHelpers);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      const p = await f.lc.presentation(lcId, 0n);
      expect(p.outcome).to.equal(PresentationOutcome.Honoured);
    });

    it("art. 16c-d: one refusal notice lists every discrepancy, the chain's and the bank's", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await recordBill(f, { portOfDischarge: "CNNGB", holder: f.exporter.address });
      await time.setNextBlockTimestamp(startOfLocalDay("2030-04-25", LONDON));
      await presented(f, lcId, { amount: usd(115_000), invoice: undefined });
      await examined(f, lcId);
      const chain = discrepancies([
        "TitleNotWithBank",
        "LatePresentation",
        "AmountOverTolerance",
        "PortsMismatch",
        "DocumentMissing",
      ]);
      const bank = [bankDiscrepancy("GOODS_DESCRIPTION_DIFFERS"), bankDiscrepancy("x".repeat(40))];
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, bank))
        .to.emit(f.lc, "PresentationRefused")
        .withArgs(lcId, 0n, f.advisingBank.address, chain, bank);
      const p = await f.lc.presentation(lcId, 0n);
      expect(p.outcome).to.equal(PresentationOutcome.Refused);
      expect(p.discrepancies).to.equal(BigInt(chain));
      expect(p.bankDiscrepancies).to.deep.equal(bank);
    });

    it("art. 16d: a presentation is refused once; a second notice is refused", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, [bankDiscrepancy("MORE")]))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Refused, statusBitmap(["Presented"]));
    });

    it("art. 16c ii: a refusal that states no discrepancy is refused", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId);
      await examined(f, lcId);
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, []))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditRefusalWithoutDiscrepancy")
        .withArgs(lcId);
    });

    it("art. 16c: a bank discrepancy alone is enough to refuse a presentation the chain finds complying", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId);
      await examined(f, lcId);
      const bank = [bankDiscrepancy("INVOICE_NOT_SIGNED")];
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, bank))
        .to.emit(f.lc, "PresentationRefused")
        .withArgs(lcId, 0n, f.advisingBank.address, 0n, bank);
    });

    it("art. 16c: a refusal notice lists at most 16 bank discrepancies", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId);
      await examined(f, lcId);
      const bank = Array.from({ length: 17 }, (_, i) => bankDiscrepancy(`D${i}`));
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, bank))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditTooManyBankDiscrepancies")
        .withArgs(17, 16);
    });

    it("art. 16: a bank cannot honour a presentation in which the chain found discrepancies", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await expect(f.lc.connect(f.advisingBank).honour(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditDiscrepantPresentation")
        .withArgs(lcId, discrepancies(["DocumentMissing"]));
    });

    it("art. 14a: a bank decides only after the chain has examined the documents", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId);
      await expect(f.lc.connect(f.advisingBank).honour(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNotExamined")
        .withArgs(lcId);
      await expect(f.lc.connect(f.advisingBank).refuse(lcId, [bankDiscrepancy("X")]))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditNotExamined")
        .withArgs(lcId);
      await examined(f, lcId);
      await expect(f.lc.connect(f.advisingBank).examine(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditAlreadyExamined")
        .withArgs(lcId);
    });

    it("art. 16b: the applicant may waive the discrepancies, and the presentation is then honoured", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await expect(f.lc.connect(f.importer).waiveDiscrepancies(lcId))
        .to.emit(f.lc, "DiscrepanciesWaived")
        .withArgs(lcId, 0n, f.importer.address);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
      expect((await f.lc.presentation(lcId, 0n)).outcome).to.equal(PresentationOutcome.Waived);
    });

    it("art. 16b: only the applicant may waive", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await expect(f.lc.connect(f.exporter).waiveDiscrepancies(lcId))
        .to.be.revertedWithCustomError(f.registry, "ConsortiumUnauthorizedAccount")
        .withArgs(f.exporter.address, ethers.id("IMPORTER"));
    });

    it("art. 16: the beneficiary may present corrected documents after a refusal", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      const second = await presented(f, lcId);
      expect(second).to.equal(1n);
      expect((await f.lc.presentation(lcId, 0n)).outcome).to.equal(PresentationOutcome.Superseded);
      await examined(f, lcId);
      expect(await findings(f, lcId, 1n)).to.equal(0n);
    });

    it("art. 16f: a refused presentation not waived lapses after expiry and the waiver period", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { invoice: undefined });
      await examined(f, lcId);
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await time.increaseTo(EXPIRY + 1);
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Expired);
      await expect(f.lc.connect(f.importer).waiveDiscrepancies(lcId))
        .to.be.revertedWithCustomError(f.lc, "LetterOfCreditUnexpectedStatus")
        .withArgs(lcId, LcStatus.Expired, statusBitmap(["Refused"]));
    });
  });

  describe("art. 30a: 'about' the amount", function () {
    it("art. 30a: under 'about', a drawing of +10 % complies", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { amount: usd(110_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
    });

    it("art. 30a: under 'about', a drawing of +10.01 % exceeds the tolerance", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { amount: usd(110_010) });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["AmountOverTolerance"])));
    });

    it("art. 30a: a credit stated without 'about' allows no more than its amount", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { aboutAmount: false });
      await presented(f, lcId, { amount: usd(100_000) + 1n });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["AmountOverTolerance"])));
    });

    it("art. 30a: under 'about' with partial drawings prohibited, 10 % less is still a full drawing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { amount: usd(90_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(0n);
    });

    it("art. 30c: without 'about', 5 % less is a full drawing, 5.01 % less a partial one", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { aboutAmount: false });
      await presented(f, lcId, { amount: usd(94_990) });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["PartialNotAllowed"])));
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await presented(f, lcId, { amount: usd(95_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId, 1n)).to.equal(0n);
    });
  });

  describe("art. 31: partial drawings", function () {
    it("art. 31a: where partial drawings are allowed, two drawings share the amount", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f, { partialDrawingsAllowed: true, aboutAmount: false });
      await drawAndSettle(f, lcId, usd(60_000));
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised);
      await presented(f, lcId, { amount: usd(40_001) });
      await examined(f, lcId);
      expect(await findings(f, lcId, 1n)).to.equal(BigInt(discrepancies(["AmountOverBalance"])));
      await f.lc.connect(f.advisingBank).refuse(lcId, []);
      await presented(f, lcId, { amount: usd(40_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId, 2n)).to.equal(0n);
    });

    it("art. 31a: a second drawing where partial drawings are prohibited is a discrepancy", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f); // "about": USD 110,000 at most, one drawing
      await drawAndSettle(f, lcId, usd(100_000));
      expect(await f.lc.status(lcId)).to.equal(LcStatus.Advised); // the 10 % tolerance is undrawn
      await presented(f, lcId, { amount: usd(10_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId, 1n)).to.equal(BigInt(discrepancies(["PartialNotAllowed"])));
    });

    it("art. 31a: a first drawing short of the amount where partial drawings are prohibited is a partial drawing", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const lcId = await advised(f);
      await presented(f, lcId, { amount: usd(50_000) });
      await examined(f, lcId);
      expect(await findings(f, lcId)).to.equal(BigInt(discrepancies(["PartialNotAllowed"])));
    });
  });
});

/** Issue the standard credit with fees (the escrow covering them). */
async function issuedWithFees(
  f: CreditFixture,
  advisingFee: bigint,
  confirmationFee: bigint,
  confirmingBank?: string,
): Promise<{ lcId: bigint }> {
  const lcId = await applyFor(
    f,
    standardTerms(f, {
      advisingFee,
      confirmationFee,
      ...(confirmingBank ? { confirmingBank } : {}),
    }),
  );
  await f.lc.connect(f.issuingBank).issue(lcId, await f.lc.requiredEscrow(lcId));
  return { lcId };
}

/** Present `amount`, examine, honour, pass title to the issuing bank and settle; the bill then goes back. */
async function drawAndSettle(f: CreditFixture, lcId: bigint, amount: bigint): Promise<void> {
  await presented(f, lcId, { amount });
  await f.lc.connect(f.advisingBank).examine(lcId);
  await f.lc.connect(f.advisingBank).honour(lcId);
  await f.bills.setHolder(1n, f.issuingBank.address, ethers.ZeroAddress);
  await f.lc.settle(lcId);
  await recordBill(f, {}); // a fresh bill state for the next drawing (held by the advising bank)
}

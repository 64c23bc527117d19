// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {ICertificateOfOriginRegistry} from "../interfaces/ICertificateOfOriginRegistry.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {IBankingCalendar} from "../interfaces/IBankingCalendar.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Discrepancy, Discrepancies, DiscrepanciesLibrary} from "../types/Discrepancies.sol";
import {LcFlags, LcState} from "../types/LcState.sol";
import {LcTransitions} from "./LcTransitions.sol";

/// @title LcExamination
/// @notice Examination of a presentation under a letter of credit "on the basis of the documents
/// alone" (UCP 600 art. 14a): everything the chain can establish about the documents, recorded as
/// `Discrepancy` values. Split from `LcTransitions` so each library stays under the EIP-170 size limit.
/// @dev Like `LcTransitions`, checks neither status nor caller: `LetterOfCredit` does.
library LcExamination {
    using LcTransitions for LcState;
    using LcExamination for LcState;

    /// @notice The contracts examination reads.
    struct ExaminationContext {
        IBillOfLadingTitle bills;
        ICertificateOfOriginRegistry certificates;
        IConsortiumRegistry consortium;
        IBankingCalendar calendar;
    }

    /// @notice What the chain read about a presentation's documents, once per examination.
    struct Evidence {
        Discrepancies documentFindings; // findings no amendable term affects
        bool billFound; //                 false: no such bill, nothing on it to date
        uint48 shippedOnBoardAt; //        0 if unknown
        uint32 shipmentDay; //             local day at the examining bank
        uint32 presentationDay; //         local day at the examining bank
        int16 offsetMinutes; //            the examining bank's UTC offset
        IBankingCalendar calendar; //      for the extensions of art. 29a
    }

    /// @notice Examine the current presentation: record every discrepancy the chain can establish.
    /// If it complies only with a pending amendment, that amendment is accepted by the presentation
    /// (art. 10c) and the presentation complies.
    /// Emits `PresentationExamined` (the caller is the examining bank) and, for an amendment
    /// accepted so, `AmendmentAccepted`: here rather than in the contract, to keep it under EIP-170.
    /// @return discrepancies What the chain found.
    function examine(
        LcState storage self,
        uint256 lcId,
        ExaminationContext memory ctx
    ) external returns (Discrepancies discrepancies) {
        (uint256 presentationId, ILetterOfCredit.PresentationRecord storage p) = self.currentPresentation();
        uint256 acceptedAmendmentId;
        (discrepancies, acceptedAmendmentId) = _findings(self, p, ctx);
        p.discrepancies = discrepancies;
        p.examinedAt = SafeCast.toUint48(block.timestamp);
        emit ILetterOfCredit.PresentationExamined(lcId, presentationId, msg.sender, discrepancies);
        if (acceptedAmendmentId != 0) emit ILetterOfCredit.AmendmentAccepted(lcId, acceptedAmendmentId, true);
    }

    /// @dev What examining `p` finds, accepting the pending amendment if `p` complies only with it.
    function _findings(
        LcState storage self,
        ILetterOfCredit.PresentationRecord storage p,
        ExaminationContext memory ctx
    ) private returns (Discrepancies discrepancies, uint256 acceptedAmendmentId) {
        Evidence memory ev = self.gatherEvidence(p, ctx);
        LcTransitions.Rules memory rules = self.currentRules();
        discrepancies = self.ruleFindings(p, rules, ev);
        uint256 pendingId = self.pendingAmendmentId();
        if (!discrepancies.isEmpty() && ev.documentFindings.isEmpty() && pendingId != 0) {
            ILetterOfCredit.AmendmentRecord storage record = self.amendments[pendingId];
            if (record.amendment.changes != LcTransitions.CANCELLATION) {
                LcTransitions.Rules memory amended = LcTransitions.applyChanges(rules, record.amendment);
                // Complying under the amended terms includes `drawn + drawing <= ceiling`, so an
                // amendment accepted here never puts the amount below what was drawn.
                if (self.ruleFindings(p, amended, ev).isEmpty()) {
                    self.applyRules(amended);
                    self.core.flags &= ~LcFlags.AMENDMENT_PENDING;
                    record.state = ILetterOfCredit.AmendmentState.Accepted;
                    record.answeredAt = SafeCast.toUint48(block.timestamp);
                    record.acceptedByPresentation = true;
                    discrepancies = DiscrepanciesLibrary.none();
                    acceptedAmendmentId = pendingId;
                }
            }
        }
    }

    /// @notice What the chain would find examining the current presentation now, without recording it.
    function preview(
        LcState storage self,
        ExaminationContext memory ctx
    ) external view returns (Discrepancies) {
        (, ILetterOfCredit.PresentationRecord storage p) = self.currentPresentation();
        return self.ruleFindings(p, self.currentRules(), self.gatherEvidence(p, ctx));
    }

    /// @notice Read what the chain knows about the documents of `p` and find the discrepancies that
    /// no amendable term affects.
    function gatherEvidence(
        LcState storage self,
        ILetterOfCredit.PresentationRecord storage p,
        ExaminationContext memory ctx
    ) internal view returns (Evidence memory ev) {
        (, int16 offsetMinutes) = ctx.calendar.bankingWeekOf(p.presentedTo);
        ev.offsetMinutes = offsetMinutes;
        ev.calendar = ctx.calendar;
        ev.presentationDay = _localDay(p.presentedAt, offsetMinutes);
        Discrepancies found = DiscrepanciesLibrary.none();
        uint8 missing = self.requiredDocuments & ~p.documentsPresented;
        if (missing != 0) found = found.add(Discrepancy.DocumentMissing);

        uint256 billId = p.billId;
        IBillOfLadingTitle.BillStatus billStatus = ctx.bills.billStatus(billId);
        if (billStatus != IBillOfLadingTitle.BillStatus.Active) found = found.add(Discrepancy.BillMissing);
        if (billStatus != IBillOfLadingTitle.BillStatus.None) {
            IBillOfLadingTitle.BillFacts memory bill = ctx.bills.billFacts(billId);
            if (!ctx.consortium.hasActiveRole(ConsortiumRoles.CARRIER, bill.carrier)) {
                found = found.add(Discrepancy.CarrierNotRegistered); // art. 20a i
            }
            address holder = ctx.bills.holderOf(billId);
            if (holder != p.presentedTo && holder != self.issuingBank)
                found = found.add(Discrepancy.TitleNotWithBank);
            if (bill.portOfLoading != self.portOfLoading || bill.portOfDischarge != self.portOfDischarge) {
                found = found.add(Discrepancy.PortsMismatch); // art. 20a iii
            }
            ev.billFound = true;
            ev.shippedOnBoardAt = bill.shippedOnBoardAt;
            if (bill.shippedOnBoardAt != 0) ev.shipmentDay = _localDay(bill.shippedOnBoardAt, offsetMinutes);
        }

        uint8 certificateBit = uint8(1 << uint8(ILetterOfCredit.Document.CertificateOfOrigin));
        if (p.documentsPresented & certificateBit != 0) {
            ICertificateOfOriginRegistry.Verdict verdict = ctx.certificates.verifyById(
                p.certificateId,
                p.certificateHash
            );
            if (verdict != ICertificateOfOriginRegistry.Verdict.Valid)
                found = found.add(Discrepancy.CertificateInvalid);
            if (verdict != ICertificateOfOriginRegistry.Verdict.Unknown) {
                ICertificateOfOriginRegistry.OriginFacts memory origin = ctx.certificates.originFacts(
                    p.certificateId
                );
                if (origin.countryOfOrigin != self.countryOfOrigin)
                    found = found.add(Discrepancy.OriginMismatch);
                if (origin.consignee != self.applicant) found = found.add(Discrepancy.ConsigneeMismatch);
            }
        }
        ev.documentFindings = found;
    }

    /// @notice All discrepancies of `p` under `rules`: the document findings in `ev` plus those of
    /// dates and amounts.
    function ruleFindings(
        LcState storage self,
        ILetterOfCredit.PresentationRecord storage p,
        LcTransitions.Rules memory rules,
        Evidence memory ev
    ) internal view returns (Discrepancies found) {
        found = ev.documentFindings;
        if (ev.billFound && (ev.shippedOnBoardAt == 0 || ev.shippedOnBoardAt > rules.latestShipmentAt)) {
            found = found.add(Discrepancy.ShippedLate); // art. 20a ii: no on-board date, or too late
        }
        // art. 14c: presented "not later than 21 calendar days after the date of shipment", counted
        // in the examining bank's local days; a last day on which that bank is closed runs to its
        // next banking day (art. 29a).
        if (ev.shippedOnBoardAt != 0) {
            uint256 lastDay = uint256(ev.shipmentDay) + rules.presentationDays;
            if (ev.presentationDay > lastDay && p.presentedAt > _lastDayForPresentationEnds(p, lastDay, ev)) {
                found = found.add(Discrepancy.LatePresentation);
            }
        }
        // art. 6d i, extended under art. 29a where the expiry falls on a day the bank is closed.
        if (
            p.presentedAt > rules.expiresAt &&
            p.presentedAt > self.expiryAt(ev.calendar, p.presentedTo, rules.expiresAt)
        ) {
            found = found.add(Discrepancy.PresentedAfterExpiry);
        }
        uint256 drawing = p.amount;
        uint256 ceiling = LcTransitions.maxAmount(rules.amount, rules.aboutAmount);
        uint256 drawn = self.drawn;
        if (drawing > ceiling) {
            found = found.add(Discrepancy.AmountOverTolerance); // art. 30a
        } else if (drawn + drawing > ceiling) {
            // Written as a sum: under a pending amendment's lower amount (art. 10c) the ceiling may
            // be below what was drawn, and such a presentation is over the balance, not a panic.
            found = found.add(Discrepancy.AmountOverBalance);
        }
        if (!rules.partialsAllowed) {
            // art. 31a; art. 30a allows 10 % less under "about", art. 30c 5 % less otherwise.
            uint256 floor =
                rules.aboutAmount ? rules.amount - rules.amount / 10 : rules.amount - rules.amount / 20;
            if (drawn != 0 || drawing < floor) found = found.add(Discrepancy.PartialNotAllowed);
        }
    }

    /// @dev The end of local day `lastDay` at the examining bank, or of its first banking day after
    /// `lastDay` where the bank is closed that day (art. 29a): the end of the first banking day
    /// following local day `lastDay - 1`.
    function _lastDayForPresentationEnds(
        ILetterOfCredit.PresentationRecord storage p,
        uint256 lastDay,
        Evidence memory ev
    ) private view returns (uint256) {
        int256 dayBeforeEnds = SafeCast.toInt256(lastDay) * 1 days - 1 - int256(ev.offsetMinutes) * 60;
        return ev.calendar.endOfBankingDaysAfter(p.presentedTo, SafeCast.toUint256(dayBeforeEnds), 1);
    }

    /// @dev The local day of `timestamp` at UTC offset `offsetMinutes` (as BankingCalendar counts).
    function _localDay(uint256 timestamp, int16 offsetMinutes) private pure returns (uint32) {
        return
            SafeCast.toUint32(
                SafeCast.toUint256(SafeCast.toInt256(timestamp) + int256(offsetMinutes) * 60) / 1 days
            );
    }
}

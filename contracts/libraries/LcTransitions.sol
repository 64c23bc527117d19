// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {IBankingCalendar} from "../interfaces/IBankingCalendar.sol";
import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {IConsortiumFxFeed} from "../interfaces/IConsortiumFxFeed.sol";
import {IDepositToken} from "../interfaces/IDepositToken.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {FxConversion} from "./FxConversion.sol";
import {Discrepancies} from "../types/Discrepancies.sol";
import {LcCore, LcFlags, LcState} from "../types/LcState.sol";

/// @title LcTransitions
/// @notice The rules of a documentary credit under UCP 600, as transitions on one credit's
/// `LcState`. `LetterOfCredit` checks status and caller, calls these, emits events and moves money.
/// @dev No function here checks the credit's status or who is calling: the contract does that
/// before it calls them (status, then actor, then arguments; the arguments are checked here).
library LcTransitions {
    using LcTransitions for LcState;

    /// @notice Presentation period when the credit states none: 21 calendar days after shipment (art. 14c).
    uint16 internal constant DEFAULT_PRESENTATION_DAYS = 21;
    /// @notice Banking days the examining bank has after the day of presentation (art. 14b).
    uint256 internal constant EXAMINATION_BANKING_DAYS = 5;
    /// @notice How long after a refusal the applicant may still waive once the credit has expired
    /// (Caravel rule: UCP 600 art. 16c iii sets no limit, but escrowed money must come back).
    uint256 internal constant WAIVER_PERIOD = 10 days;
    /// @notice Most discrepancies a bank may add to one refusal notice.
    uint256 internal constant MAX_BANK_DISCREPANCIES = 16;

    uint8 internal constant ALL_DOCUMENTS = 0x1f;
    /// @dev Bill of lading, certificate of origin and commercial invoice: always required.
    uint8 internal constant MANDATORY_DOCUMENTS = 0x07;
    uint8 internal constant ALL_CHANGES = 0x1f;
    uint8 internal constant CANCELLATION = uint8(1 << uint8(ILetterOfCredit.AmendmentChange.Cancellation));

    /// @notice The amendable terms the chain examines a presentation against.
    struct Rules {
        uint128 amount;
        uint48 expiresAt;
        uint48 latestShipmentAt;
        uint16 presentationDays;
        bool aboutAmount;
        bool partialsAllowed;
    }

    /// @notice The contracts and feed configuration settlement reads.
    struct SettlementContext {
        IBillOfLadingTitle bills;
        ICustomsStatus customs;
        ILetterOfCredit.FxFeedConfig fx;
    }

    // ------------------------------------------------------------------ status

    /// @notice The credit's status now: the stored phase, with the clock applied.
    /// - Presented past the examining bank's deadline counts as Honoured: the bank is precluded (art. 16f).
    /// - Applied past expiry is Expired. Issued or Advised past expiry, extended to the next banking
    ///   day of the banks it is available with where it falls on a day they are closed (art. 29a),
    ///   is Expired (art. 6d i; a pending amendment that extends the expiry keeps it open, since
    ///   presenting under it accepts it: art. 10c).
    /// - Refused past that expiry and past the waiver period is Expired.
    function status(
        LcState storage self,
        IBankingCalendar calendar
    ) internal view returns (ILetterOfCredit.Status) {
        LcCore memory core = self.core; // one SLOAD: the whole hot word
        ILetterOfCredit.Status phase = core.phase;
        if (phase == ILetterOfCredit.Status.Presented) {
            if (block.timestamp > self.presentations[core.presentationCount - 1].examineBy) {
                return ILetterOfCredit.Status.Honoured;
            }
        } else if (phase == ILetterOfCredit.Status.Applied) {
            if (block.timestamp > self.effectiveExpiry(core)) return ILetterOfCredit.Status.Expired;
        } else if (phase == ILetterOfCredit.Status.Issued || phase == ILetterOfCredit.Status.Advised) {
            if (block.timestamp > self.presentableUntil(core, calendar))
                return ILetterOfCredit.Status.Expired;
        } else if (phase == ILetterOfCredit.Status.Refused) {
            uint256 waiverEnds = self.presentations[core.presentationCount - 1].decidedAt + WAIVER_PERIOD;
            if (block.timestamp > waiverEnds && block.timestamp > self.presentableUntil(core, calendar))
                return ILetterOfCredit.Status.Expired;
        }
        return phase;
    }

    /// @notice The last moment documents may be presented under the credit at any bank it is
    /// available with (the issuing bank and the nominated bank, art. 6a): the expiry in force,
    /// extended at each bank closed on the expiry date to the end of its next banking day (art.
    /// 29a). Reads the calendar only once the expiry itself has passed.
    function presentableUntil(
        LcState storage self,
        LcCore memory core,
        IBankingCalendar calendar
    ) internal view returns (uint256 until) {
        until = self.effectiveExpiry(core);
        if (block.timestamp <= until) return until;
        uint256 atIssuing = self.expiryAt(calendar, self.issuingBank, until);
        uint256 atNominated = self.expiryAt(calendar, self.nominatedBank(), until);
        return atIssuing > atNominated ? atIssuing : atNominated;
    }

    /// @notice The expiry `expiry` as it holds for a presentation to `bank` (UCP 600 art. 29a): the
    /// expiry date is the date of `expiry` at the place for presentation (the nominated bank's local
    /// day, art. 6d ii); where `bank` is closed on that date (weekend or holiday on its calendar),
    /// the expiry runs to the end of `bank`'s first following banking day. Only the expiry and the
    /// last day for presentation are extended, never the latest shipment date (art. 29c).
    function expiryAt(
        LcState storage self,
        IBankingCalendar calendar,
        address bank,
        uint256 expiry
    ) internal view returns (uint256) {
        uint32 expiryDate = calendar.localDayOf(self.nominatedBank(), expiry);
        if (calendar.isBankingDay(bank, expiryDate)) return expiry;
        (, int16 offsetMinutes) = calendar.bankingWeekOf(bank);
        int256 dateStarts = int256(uint256(expiryDate)) * 1 days - int256(offsetMinutes) * 60;
        return calendar.endOfBankingDaysAfter(bank, SafeCast.toUint256(dateStarts), 1);
    }

    /// @notice The expiry that governs presentation now: the credit's, or a later one in the
    /// pending amendment (art. 10c).
    function effectiveExpiry(
        LcState storage self,
        LcCore memory core
    ) internal view returns (uint256 expiry) {
        expiry = core.expiresAt;
        if (core.flags & LcFlags.AMENDMENT_PENDING != 0) {
            ILetterOfCredit.Amendment storage a = self.amendments[self.amendmentCount].amendment;
            if (_changes(a.changes, ILetterOfCredit.AmendmentChange.Expiry) && a.expiresAt > expiry) {
                expiry = a.expiresAt;
            }
        }
    }

    /// @notice The id of the amendment awaiting the beneficiary's answer, or 0.
    function pendingAmendmentId(LcState storage self) internal view returns (uint256) {
        return self.core.flags & LcFlags.AMENDMENT_PENDING != 0 ? self.amendmentCount : 0;
    }

    /// @notice The latest presentation (call only when there is one).
    function currentPresentation(
        LcState storage self
    ) internal view returns (uint256 presentationId, ILetterOfCredit.PresentationRecord storage p) {
        presentationId = self.core.presentationCount - 1;
        p = self.presentations[presentationId];
    }

    /// @notice Whether the confirming bank has confirmed (art. 8).
    function isConfirmed(LcState storage self) internal view returns (bool) {
        return self.core.flags & LcFlags.CONFIRMED != 0;
    }

    /// @notice The bank the credit is available with besides the issuing bank (art. 6a): the
    /// confirming bank if there is one, else the advising bank (Caravel convention).
    function nominatedBank(LcState storage self) internal view returns (address) {
        address confirming = self.confirmingBank;
        return confirming != address(0) ? confirming : self.advisingBank;
    }

    // ------------------------------------------------------------------ application and issue

    /// @notice Store a new application on `terms`. Checks the terms themselves, not the parties' roles.
    // One check per term, in the order the terms are listed; splitting would only scatter them.
    // solhint-disable-next-line function-max-lines
    function initialize(
        LcState storage self,
        address applicant,
        ILetterOfCredit.Terms calldata t
    ) external returns (bytes32 termsHash) {
        if (t.beneficiary == address(0) || t.beneficiary == applicant) {
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("beneficiary");
        }
        if (address(t.settlementToken) == address(0))
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("settlementToken");
        if (t.currency == bytes3(0)) revert ILetterOfCredit.LetterOfCreditInvalidTerms("currency");
        checkCurrencies(t.currency, address(t.settlementToken), address(t.fxFeed));
        if (t.amount == 0 || t.amount > type(uint128).max / 11)
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("amount");
        if (t.expiresAt <= block.timestamp) revert ILetterOfCredit.LetterOfCreditInvalidTerms("expiresAt");
        if (t.latestShipmentAt > t.expiresAt)
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("latestShipmentAt");
        if (t.placeOfExpiry == bytes5(0)) revert ILetterOfCredit.LetterOfCreditInvalidTerms("placeOfExpiry");
        if (t.portOfLoading == bytes5(0) || t.portOfDischarge == bytes5(0)) {
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("ports");
        }
        if (t.countryOfOrigin == bytes2(0))
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("countryOfOrigin");
        if (
            t.requiredDocuments & MANDATORY_DOCUMENTS != MANDATORY_DOCUMENTS ||
            t.requiredDocuments & ~ALL_DOCUMENTS != 0
        ) {
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("requiredDocuments");
        }
        if (t.confirmingBank == address(0) && t.confirmationFee != 0) {
            revert ILetterOfCredit.LetterOfCreditInvalidTerms("confirmationFee");
        }
        uint8 flags =
            (t.aboutAmount ? LcFlags.ABOUT_AMOUNT : 0) |
                (t.partialDrawingsAllowed ? LcFlags.PARTIALS_ALLOWED : 0) |
                (t.customsClearanceRequired ? LcFlags.CUSTOMS_REQUIRED : 0);
        self.core = LcCore({
            beneficiary: t.beneficiary,
            expiresAt: t.expiresAt,
            presentationDays: t.presentationDays == 0 ? DEFAULT_PRESENTATION_DAYS : t.presentationDays,
            phase: ILetterOfCredit.Status.Applied,
            flags: flags,
            presentationCount: 0
        });
        self.issuingBank = t.issuingBank;
        self.latestShipmentAt = t.latestShipmentAt;
        self.currency = t.currency;
        self.requiredDocuments = t.requiredDocuments;
        self.applicant = applicant;
        self.portOfLoading = t.portOfLoading;
        self.portOfDischarge = t.portOfDischarge;
        self.countryOfOrigin = t.countryOfOrigin;
        self.advisingBank = t.advisingBank;
        self.appliedAt = SafeCast.toUint48(block.timestamp);
        self.confirmingBank = t.confirmingBank;
        self.placeOfExpiry = t.placeOfExpiry;
        self.incoterm = t.incoterm;
        self.settlementToken = t.settlementToken;
        self.fxFeed = t.fxFeed;
        self.amount = t.amount;
        self.advisingFee = t.advisingFee;
        self.confirmationFee = t.confirmationFee;
        self.goodsHash = t.goodsHash;
        if (t.deferredPaymentDays != 0) self.deferredDays = t.deferredPaymentDays; // sight: slot stays clean
        termsHash = keccak256(abi.encode(t));
    }

    /// @notice Refuse money that does not pay in the credit's currency. Without a feed, the
    /// settlement token's `currency()` must be the credit's: one unit pays one unit. With a feed,
    /// the feed must quote the token's currency per unit of the credit's (`baseCurrency()` the
    /// credit's, `quoteCurrency()` the token's). A token or feed that does not state its currency
    /// (a plain ERC-20, a third-party aggregator) is refused too: nothing proves what it pays in.
    /// @dev Token and feed are fixed at application (no amendment changes them) and both
    /// contracts' currencies are immutable, so this one check at application holds for the
    /// credit's life.
    function checkCurrencies(bytes3 creditCurrency, address token, address feed) internal view {
        bytes3 tokenCurrency = _statedCurrency(token, IDepositToken.currency.selector);
        bytes3 feedBase;
        bytes3 feedQuote;
        bool matches;
        if (feed == address(0)) {
            matches = tokenCurrency == creditCurrency;
        } else {
            feedBase = _statedCurrency(feed, IConsortiumFxFeed.baseCurrency.selector);
            feedQuote = _statedCurrency(feed, IConsortiumFxFeed.quoteCurrency.selector);
            matches = tokenCurrency != bytes3(0) && feedBase == creditCurrency && feedQuote == tokenCurrency;
        }
        if (!matches) {
            revert ILetterOfCredit.LetterOfCreditCurrencyMismatch(
                creditCurrency,
                token,
                tokenCurrency,
                feed,
                feedBase,
                feedQuote
            );
        }
    }

    /// @notice The terms as they stand now.
    function termsOf(LcState storage self) external view returns (ILetterOfCredit.Terms memory t) {
        LcCore memory core = self.core;
        t.beneficiary = core.beneficiary;
        t.issuingBank = self.issuingBank;
        t.advisingBank = self.advisingBank;
        t.confirmingBank = self.confirmingBank;
        t.settlementToken = self.settlementToken;
        t.fxFeed = self.fxFeed;
        t.currency = self.currency;
        t.amount = self.amount;
        t.aboutAmount = core.flags & LcFlags.ABOUT_AMOUNT != 0;
        t.partialDrawingsAllowed = core.flags & LcFlags.PARTIALS_ALLOWED != 0;
        t.customsClearanceRequired = core.flags & LcFlags.CUSTOMS_REQUIRED != 0;
        t.expiresAt = core.expiresAt;
        t.placeOfExpiry = self.placeOfExpiry;
        t.latestShipmentAt = self.latestShipmentAt;
        t.presentationDays = core.presentationDays;
        t.portOfLoading = self.portOfLoading;
        t.portOfDischarge = self.portOfDischarge;
        t.countryOfOrigin = self.countryOfOrigin;
        t.incoterm = self.incoterm;
        t.requiredDocuments = self.requiredDocuments;
        t.goodsHash = self.goodsHash;
        t.deferredPaymentDays = self.deferredDays;
        t.advisingFee = self.advisingFee;
        t.confirmationFee = self.confirmationFee;
    }

    // ------------------------------------------------------------------ money

    /// @notice The most the credit pays in all: the amount, +10 % if "about" (art. 30a).
    function maxAmount(uint128 amount, bool aboutAmount) internal pure returns (uint256) {
        return aboutAmount ? uint256(amount) + amount / 10 : amount;
    }

    /// @notice What may still be drawn, in the credit's currency.
    function undrawn(LcState storage self) internal view returns (uint256) {
        return maxAmount(self.amount, self.core.flags & LcFlags.ABOUT_AMOUNT != 0) - self.drawn;
    }

    /// @notice Settlement-token units the escrow holds for the credit.
    function held(LcState storage self) internal view returns (uint256) {
        return uint256(self.escrowed) - self.paid - self.refunded;
    }

    /// @notice Fees the escrow still owes: the advising fee until advice, the confirmation fee until
    /// confirmation.
    function unpaidFees(LcState storage self) internal view returns (uint256 fees) {
        ILetterOfCredit.Status phase = self.core.phase;
        if (phase == ILetterOfCredit.Status.Applied || phase == ILetterOfCredit.Status.Issued)
            fees = self.advisingFee;
        if (self.confirmingBank != address(0) && self.core.flags & LcFlags.CONFIRMED == 0) {
            fees += self.confirmationFee;
        }
    }

    /// @notice Record `received` token units arriving in escrow.
    function recordDeposit(LcState storage self, uint256 received) internal {
        self.escrowed += SafeCast.toUint128(received);
    }

    /// @notice Record a payment out of escrow (fee or drawing).
    function recordPayment(LcState storage self, uint256 tokenAmount) internal {
        self.paid += SafeCast.toUint128(tokenAmount);
    }

    /// @notice Close the credit in `phase` (Closed or Cancelled) and refund everything it holds.
    /// @return refund Token units to return to the issuing bank.
    function close(LcState storage self, ILetterOfCredit.Status phase) external returns (uint256 refund) {
        return _close(self, phase);
    }

    // ------------------------------------------------------------------ advice and confirmation

    /// @notice Advised (art. 9). Returns the advising fee now due.
    function advise(LcState storage self) external returns (uint256 fee) {
        self.core.phase = ILetterOfCredit.Status.Advised;
        fee = self.advisingFee;
        if (fee != 0) self.recordPayment(fee);
    }

    /// @notice Confirmed (art. 8). Returns the confirmation fee now due.
    function confirm(LcState storage self) external returns (uint256 fee) {
        self.core.flags |= LcFlags.CONFIRMED;
        fee = self.confirmationFee;
        if (fee != 0) self.recordPayment(fee);
    }

    // ------------------------------------------------------------------ amendments (art. 10)

    /// @notice Record amendment `a` as pending. Checks the amendment itself; the contract checks
    /// that the escrow covers it.
    function propose(
        LcState storage self,
        uint256 lcId,
        ILetterOfCredit.Amendment calldata a,
        ILetterOfCredit.FxFeedConfig memory fx
    ) external returns (uint256 amendmentId) {
        if (self.core.flags & LcFlags.AMENDMENT_PENDING != 0) {
            revert ILetterOfCredit.LetterOfCreditAmendmentAlreadyPending(lcId, self.amendmentCount);
        }
        uint8 changes = a.changes;
        if (changes == 0 || changes & ~ALL_CHANGES != 0)
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("changes");
        if (changes & CANCELLATION != 0 && changes != CANCELLATION) {
            // art. 10a: a cancellation is its own amendment; it does not also change terms.
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("cancellation");
        }
        Rules memory amended = applyChanges(self.currentRules(), a);
        if (amended.amount == 0 || amended.amount > type(uint128).max / 11) {
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("amount");
        }
        if (maxAmount(amended.amount, amended.aboutAmount) < self.drawn) {
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("amount");
        }
        if (amended.expiresAt <= block.timestamp)
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("expiresAt");
        if (amended.latestShipmentAt > amended.expiresAt) {
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("latestShipmentAt");
        }
        if (
            _changes(changes, ILetterOfCredit.AmendmentChange.PresentationPeriod) && a.presentationDays == 0
        ) {
            revert ILetterOfCredit.LetterOfCreditInvalidAmendment("presentationDays");
        }
        if (_changes(changes, ILetterOfCredit.AmendmentChange.Amount)) {
            // The issuing bank's undertaking grows only as far as the escrow covers it (`fund` first).
            uint256 undrawnIfAmended = maxAmount(amended.amount, amended.aboutAmount) - self.drawn;
            uint256 required =
                FxConversion.toSettlement(undrawnIfAmended, self.fxFeed, fx, Math.Rounding.Ceil) +
                    self.unpaidFees();
            uint256 available = self.held();
            if (available < required)
                revert ILetterOfCredit.LetterOfCreditEscrowShort(lcId, required, available);
        }
        amendmentId = ++self.amendmentCount;
        ILetterOfCredit.AmendmentRecord storage record = self.amendments[amendmentId];
        record.amendment = a;
        record.state = ILetterOfCredit.AmendmentState.Pending;
        record.proposedAt = SafeCast.toUint48(block.timestamp);
        self.core.flags |= LcFlags.AMENDMENT_PENDING;
        // Emitted here rather than in the contract, whose size the struct's encoding would cost.
        emit ILetterOfCredit.AmendmentProposed(lcId, amendmentId, a);
    }

    /// @notice The beneficiary's answer to amendment `amendmentId`. Accepting only some of its
    /// changes is rejecting it (art. 10e).
    /// @return accepted Whether the amendment is now in force.
    /// @return cancelled Whether it cancelled the credit (art. 10a).
    function answer(
        LcState storage self,
        uint256 lcId,
        uint256 amendmentId,
        bool accept,
        uint8 acceptedChanges
    ) external returns (bool accepted, bool cancelled) {
        if (amendmentId == 0 || amendmentId != self.pendingAmendmentId()) {
            revert ILetterOfCredit.LetterOfCreditAmendmentNotPending(lcId, amendmentId);
        }
        ILetterOfCredit.AmendmentRecord storage record = self.amendments[amendmentId];
        accepted = accept && acceptedChanges == record.amendment.changes;
        self.core.flags &= ~LcFlags.AMENDMENT_PENDING;
        record.answeredAt = SafeCast.toUint48(block.timestamp);
        if (!accepted) {
            record.state = ILetterOfCredit.AmendmentState.Rejected;
            return (false, false);
        }
        record.state = ILetterOfCredit.AmendmentState.Accepted;
        cancelled = record.amendment.changes == CANCELLATION;
        if (cancelled) return (true, true);
        Rules memory amended = applyChanges(self.currentRules(), record.amendment);
        // Drawings settled since the proposal count: an amount below what was drawn would leave
        // `drawn > amount`, and every later sum of the credit (undrawn balance, required escrow,
        // settlement) would underflow. The amendment stays pending; the beneficiary rejects it.
        uint256 amendedMaximum = maxAmount(amended.amount, amended.aboutAmount);
        if (amendedMaximum < self.drawn) {
            revert ILetterOfCredit.LetterOfCreditAmendmentBelowDrawn(
                lcId,
                amendmentId,
                amendedMaximum,
                self.drawn
            );
        }
        self.applyRules(amended);
    }

    /// @notice The amendable terms now in force.
    function currentRules(LcState storage self) internal view returns (Rules memory r) {
        LcCore memory core = self.core;
        r.amount = self.amount;
        r.expiresAt = core.expiresAt;
        r.latestShipmentAt = self.latestShipmentAt;
        r.presentationDays = core.presentationDays;
        r.aboutAmount = core.flags & LcFlags.ABOUT_AMOUNT != 0;
        r.partialsAllowed = core.flags & LcFlags.PARTIALS_ALLOWED != 0;
    }

    /// @notice Put `r` in force.
    function applyRules(LcState storage self, Rules memory r) internal {
        self.amount = r.amount;
        self.latestShipmentAt = r.latestShipmentAt;
        LcCore storage core = self.core;
        core.expiresAt = r.expiresAt;
        core.presentationDays = r.presentationDays;
    }

    // ------------------------------------------------------------------ decisions (art. 15, 16)

    /// @notice Honour the current presentation (art. 15).
    function honour(LcState storage self, uint256 lcId) external returns (uint256 presentationId) {
        ILetterOfCredit.PresentationRecord storage p;
        (presentationId, p) = self.currentPresentation();
        if (p.examinedAt == 0) revert ILetterOfCredit.LetterOfCreditNotExamined(lcId);
        if (!p.discrepancies.isEmpty())
            revert ILetterOfCredit.LetterOfCreditDiscrepantPresentation(lcId, p.discrepancies);
        self.core.phase = ILetterOfCredit.Status.Honoured;
        p.outcome = ILetterOfCredit.PresentationOutcome.Honoured;
        p.decidedAt = SafeCast.toUint48(block.timestamp);
    }

    /// @notice Refuse the current presentation with one notice: the chain's findings plus `bankDiscrepancies`
    /// (art. 16c-d). The caller (`msg.sender` of the contract) is the refusing bank.
    function refuse(
        LcState storage self,
        uint256 lcId,
        bytes32[] calldata bankDiscrepancies
    ) external returns (uint256 presentationId, Discrepancies discrepancies) {
        ILetterOfCredit.PresentationRecord storage p;
        (presentationId, p) = self.currentPresentation();
        // art. 16f: past the fifth banking day the bank is precluded (the presentation counts as honoured).
        if (block.timestamp > p.examineBy)
            revert ILetterOfCredit.LetterOfCreditRefusalPrecluded(lcId, p.examineBy);
        if (p.examinedAt == 0) revert ILetterOfCredit.LetterOfCreditNotExamined(lcId);
        if (bankDiscrepancies.length > MAX_BANK_DISCREPANCIES) {
            revert ILetterOfCredit.LetterOfCreditTooManyBankDiscrepancies(
                bankDiscrepancies.length,
                MAX_BANK_DISCREPANCIES
            );
        }
        discrepancies = p.discrepancies;
        if (discrepancies.isEmpty() && bankDiscrepancies.length == 0) {
            revert ILetterOfCredit.LetterOfCreditRefusalWithoutDiscrepancy(lcId);
        }
        self.core.phase = ILetterOfCredit.Status.Refused;
        p.outcome = ILetterOfCredit.PresentationOutcome.Refused;
        p.decidedAt = SafeCast.toUint48(block.timestamp);
        p.bankDiscrepancies = bankDiscrepancies;
        // Emitted here rather than in the contract, whose size the list's encoding would cost.
        emit ILetterOfCredit.PresentationRefused(
            lcId,
            presentationId,
            msg.sender,
            discrepancies,
            bankDiscrepancies
        );
    }

    /// @notice The applicant waives the discrepancies of the refused presentation (art. 16b).
    function waive(LcState storage self) external returns (uint256 presentationId) {
        ILetterOfCredit.PresentationRecord storage p;
        (presentationId, p) = self.currentPresentation();
        self.core.phase = ILetterOfCredit.Status.Honoured;
        p.outcome = ILetterOfCredit.PresentationOutcome.Waived;
    }

    /// @notice Waive settlement condition `condition` for the current drawing.
    function waiveCondition(
        LcState storage self,
        uint256 lcId,
        ILetterOfCredit.SettlementCondition condition
    ) external returns (uint256 presentationId) {
        ILetterOfCredit.PresentationRecord storage p;
        (presentationId, p) = self.currentPresentation();
        uint8 bit = uint8(1 << uint8(condition));
        bool pending =
            p.waivedConditions & bit == 0 &&
                (condition == ILetterOfCredit.SettlementCondition.TitleToIssuingBank ||
                    self.core.flags & LcFlags.CUSTOMS_REQUIRED != 0);
        if (!pending) revert ILetterOfCredit.LetterOfCreditConditionNotPending(lcId, condition);
        p.waivedConditions |= bit;
    }

    /// @notice Whether settlement of `p` still waits for `condition`.
    function awaits(
        LcState storage self,
        ILetterOfCredit.PresentationRecord storage p,
        ILetterOfCredit.SettlementCondition condition
    ) internal view returns (bool) {
        if (p.waivedConditions & uint8(1 << uint8(condition)) != 0) return false;
        return
            condition == ILetterOfCredit.SettlementCondition.TitleToIssuingBank ||
            self.core.flags & LcFlags.CUSTOMS_REQUIRED != 0;
    }

    // ------------------------------------------------------------------ settlement

    /// @notice What settling the current honoured drawing pays now, in the credit's currency and in
    /// token units, or the reason it cannot be settled yet: title not with the issuing bank, customs
    /// not cleared, a stale or out-of-bounds rate, or an escrow short of the payment.
    /// @dev Pays what was presented, never more than the undrawn balance (a bank precluded under
    /// art. 16f, or an applicant's waiver, does not enlarge the credit), at today's rate rounded down.
    /// While more may be drawn, the fees not yet earned stay reserved; the last drawing frees them.
    function settlementDue(
        LcState storage self,
        uint256 lcId,
        SettlementContext memory ctx
    ) external view returns (uint256 creditAmount, uint256 tokenAmount) {
        (, ILetterOfCredit.PresentationRecord storage p) = self.currentPresentation();
        uint256 billId = p.billId;
        if (self.awaits(p, ILetterOfCredit.SettlementCondition.TitleToIssuingBank)) {
            address holder = ctx.bills.holderOf(billId);
            if (holder != self.issuingBank) {
                revert ILetterOfCredit.LetterOfCreditTitleNotWithIssuingBank(lcId, billId, holder);
            }
        }
        if (self.awaits(p, ILetterOfCredit.SettlementCondition.CustomsClearance)) {
            // Cleared at destination: the clearance's location must be the bill's port of discharge
            // (an export clearance at origin, or any other office, does not count).
            IBillOfLadingTitle.BillFacts memory facts = ctx.bills.billFacts(billId);
            (bool cleared, , bytes5 clearedAt) = ctx.customs.clearance(facts.shipmentRef);
            if (!cleared) revert ILetterOfCredit.LetterOfCreditCustomsNotCleared(lcId, facts.shipmentRef);
            if (clearedAt != facts.portOfDischarge) {
                revert ILetterOfCredit.LetterOfCreditClearedAwayFromDischarge(
                    lcId,
                    facts.shipmentRef,
                    clearedAt,
                    facts.portOfDischarge
                );
            }
        }
        uint256 balance = self.undrawn();
        creditAmount = p.amount < balance ? p.amount : balance;
        tokenAmount = FxConversion.toSettlement(creditAmount, self.fxFeed, ctx.fx, Math.Rounding.Floor);
        uint256 reserve = balance == creditAmount ? 0 : self.unpaidFees();
        uint256 available = self.held();
        if (available < tokenAmount + reserve) {
            revert ILetterOfCredit.LetterOfCreditEscrowShort(lcId, tokenAmount + reserve, available);
        }
    }

    /// @notice `creditAmount` of the credit's currency in token units at today's rate, rounded down.
    function convert(
        LcState storage self,
        uint256 creditAmount,
        ILetterOfCredit.FxFeedConfig memory fx
    ) external view returns (uint256) {
        return FxConversion.toSettlement(creditAmount, self.fxFeed, fx, Math.Rounding.Floor);
    }

    /// @notice Token units the escrow must hold now: the undrawn maximum at today's rate, rounded up,
    /// plus the fees not yet paid.
    function requiredEscrow(
        LcState storage self,
        ILetterOfCredit.FxFeedConfig memory fx
    ) external view returns (uint256) {
        return
            FxConversion.toSettlement(self.undrawn(), self.fxFeed, fx, Math.Rounding.Ceil) +
            self.unpaidFees();
    }

    /// @notice Record the settlement of the current drawing: `creditAmount` drawn, `tokenAmount` paid.
    /// The credit closes when nothing is left to draw; otherwise it is operative again.
    /// @return presentationId The drawing settled.
    /// @return refund Token units to return to the issuing bank (everything left, when the credit closes).
    function recordSettlement(
        LcState storage self,
        uint256 creditAmount,
        uint256 tokenAmount
    ) external returns (uint256 presentationId, uint256 refund) {
        ILetterOfCredit.PresentationRecord storage p;
        (presentationId, p) = self.currentPresentation();
        p.outcome = ILetterOfCredit.PresentationOutcome.Settled;
        p.paid = SafeCast.toUint128(tokenAmount);
        if (p.decidedAt == 0) p.decidedAt = SafeCast.toUint48(block.timestamp); // deemed honoured (art. 16f)
        self.drawn += SafeCast.toUint128(creditAmount);
        self.recordPayment(tokenAmount);
        if (self.undrawn() == 0) {
            refund = _close(self, ILetterOfCredit.Status.Closed);
        } else {
            self.core.phase = ILetterOfCredit.Status.Advised;
        }
    }

    // ------------------------------------------------------------------ helpers

    /// @dev The ISO 4217 code `target` states through the `bytes3` view `selector`, or 0 when it
    /// states none (no code, no such function, a revert or a short answer). Read as a raw word, so
    /// a malformed answer is "none" rather than a decoding revert.
    function _statedCurrency(address target, bytes4 selector) private view returns (bytes3) {
        // A view of a contract the applicant named; its answer is only compared, never trusted.
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returned) = target.staticcall(abi.encodeWithSelector(selector));
        if (!ok || returned.length < 32) return bytes3(0);
        return bytes3(abi.decode(returned, (bytes32)));
    }

    function _close(LcState storage self, ILetterOfCredit.Status phase) private returns (uint256 refund) {
        refund = self.held();
        self.core.phase = phase;
        self.refunded += SafeCast.toUint128(refund);
    }

    /// @dev `rules` with the changes of `a` applied, in a new struct (`rules` is left as it was).
    function applyChanges(
        Rules memory rules,
        ILetterOfCredit.Amendment memory a
    ) internal pure returns (Rules memory amended) {
        amended = Rules({
            amount: rules.amount,
            expiresAt: rules.expiresAt,
            latestShipmentAt: rules.latestShipmentAt,
            presentationDays: rules.presentationDays,
            aboutAmount: rules.aboutAmount,
            partialsAllowed: rules.partialsAllowed
        });
        uint8 changes = a.changes;
        if (_changes(changes, ILetterOfCredit.AmendmentChange.Amount)) amended.amount = a.amount;
        if (_changes(changes, ILetterOfCredit.AmendmentChange.Expiry)) amended.expiresAt = a.expiresAt;
        if (_changes(changes, ILetterOfCredit.AmendmentChange.LatestShipment)) {
            amended.latestShipmentAt = a.latestShipmentAt;
        }
        if (_changes(changes, ILetterOfCredit.AmendmentChange.PresentationPeriod)) {
            amended.presentationDays = a.presentationDays;
        }
    }

    function _changes(uint8 changes, ILetterOfCredit.AmendmentChange change) private pure returns (bool) {
        return changes & (1 << uint8(change)) != 0;
    }
}

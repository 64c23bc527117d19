// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IBankingCalendar} from "../interfaces/IBankingCalendar.sol";
import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";
import {ICertificateOfOriginRegistry} from "../interfaces/ICertificateOfOriginRegistry.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {LcExamination} from "../libraries/LcExamination.sol";
import {LcPresentation} from "../libraries/LcPresentation.sol";
import {LcSettlement} from "../libraries/LcSettlement.sol";
import {LcTransitions} from "../libraries/LcTransitions.sol";
import {Discrepancies} from "../types/Discrepancies.sol";
import {LcState} from "../types/LcState.sol";

/// @title LetterOfCredit
/// @notice Documentary letters of credit under UCP 600 for the Caravel consortium, with the credit
/// held in escrow and paid automatically.
///
/// The applicant (an IMPORTER) applies; the issuing BANK issues and deposits the credit in escrow
/// in the credit's settlement token; the advising bank advises it (art. 9) and a confirming bank may
/// confirm it (art. 8). The issuing bank may propose amendments, which bind the beneficiary only
/// once it accepts them (art. 10). The beneficiary (an EXPORTER) presents its documents to the
/// issuing or the nominated bank (art. 6a); that bank has the chain examine them, then honours or
/// refuses with one notice listing every discrepancy (art. 14, 16), within five banking days on its
/// own calendar, or it is precluded (art. 16f). The applicant may waive discrepancies (art. 16b).
/// An honoured drawing is paid to the beneficiary from escrow by anyone (or the upkeep) once title
/// under the bill of lading has passed to the issuing bank and, where the credit asks, customs at
/// destination has cleared the goods. What is never drawn goes back to the issuing bank at expiry.
///
/// @dev Facts are stored, status is derived (`status`), as OpenZeppelin's Governor does. Each
/// transition checks, in this order: the caller's consortium role (its one modifier), the credit's
/// status against an allowed-status bitmap, that the caller is the party of this step, then its
/// arguments (in `LcTransitions`). Every status change is written before any token moves, and
/// every function that moves tokens is `nonReentrant`.
contract LetterOfCredit is ILetterOfCredit, ConsortiumGated, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using LcTransitions for LcState;
    using LcExamination for LcState;

    IBillOfLadingTitle private immutable _bills;
    ICertificateOfOriginRegistry private immutable _certificates;
    ICustomsStatus private immutable _customs;
    IBankingCalendar private immutable _calendar;

    uint256 private _creditCount;
    mapping(uint256 lcId => LcState) private _credits;
    mapping(AggregatorV3Interface feed => FxFeedConfig) private _fxFeeds;
    /// @dev Credits issued and not yet closed or cancelled: the upkeep's queue. Removal swaps with
    /// the last entry, so every operation on it is O(1).
    uint256[] private _openCredits;
    mapping(uint256 lcId => uint256 indexPlusOne) private _openIndex;
    Finance private _finance;

    constructor(
        IConsortiumRegistry registry_,
        IBillOfLadingTitle bills_,
        ICertificateOfOriginRegistry certificates_,
        ICustomsStatus customs_,
        IBankingCalendar calendar_
    ) ConsortiumGated(registry_) {
        if (address(bills_) == address(0)) revert LetterOfCreditInvalidTerms("bills");
        if (address(certificates_) == address(0)) revert LetterOfCreditInvalidTerms("certificates");
        if (address(customs_) == address(0)) revert LetterOfCreditInvalidTerms("customs");
        if (address(calendar_) == address(0)) revert LetterOfCreditInvalidTerms("calendar");
        _bills = bills_;
        _certificates = certificates_;
        _customs = customs_;
        _calendar = calendar_;
    }

    // ================================================================== application and issue

    /// @inheritdoc ILetterOfCredit
    /// @dev The parties must hold their roles now: beneficiary EXPORTER, banks BANK. A feed must be
    /// approved by the consortium (`configureFxFeed`).
    function applyForCredit(
        Terms calldata terms_
    ) external onlyMemberWithRole(ConsortiumRoles.IMPORTER) returns (uint256 lcId) {
        _requireRole(ConsortiumRoles.EXPORTER, terms_.beneficiary);
        _requireRole(ConsortiumRoles.BANK, terms_.issuingBank);
        _requireRole(ConsortiumRoles.BANK, terms_.advisingBank);
        if (terms_.confirmingBank != address(0)) _requireRole(ConsortiumRoles.BANK, terms_.confirmingBank);
        if (address(terms_.fxFeed) != address(0) && !_fxFeeds[terms_.fxFeed].approved) {
            revert LetterOfCreditFxFeedNotApproved(address(terms_.fxFeed));
        }
        lcId = ++_creditCount;
        bytes32 termsHash = _credits[lcId].initialize(msg.sender, terms_);
        emit CreditApplied(lcId, msg.sender, terms_.issuingBank, terms_.beneficiary, termsHash);
    }

    /// @inheritdoc ILetterOfCredit
    function declineApplication(
        uint256 lcId,
        bytes32 reason
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        LcState storage lc = _credit(lcId, _bit(Status.Applied));
        _requireParty(lcId, lc.issuingBank);
        lc.core.phase = Status.Declined;
        emit ApplicationDeclined(lcId, msg.sender, reason);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev UCP 600 art. 7b: the issuing bank is irrevocably bound to honour as of issuance; here that
    /// undertaking is backed by the escrow, which must cover the undrawn maximum (amount +10 % if
    /// "about", converted at today's rate) and the fees.
    function issue(
        uint256 lcId,
        uint256 deposit
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) nonReentrant {
        LcState storage lc = _credit(lcId, _bit(Status.Applied));
        _requireParty(lcId, lc.issuingBank);
        lc.core.phase = Status.Issued;
        lc.issuedAt = SafeCast.toUint48(block.timestamp);
        _addOpen(lcId);
        _deposit(lcId, lc, deposit);
        uint256 required = lc.requiredEscrow(_fxFeeds[lc.fxFeed]);
        if (lc.held() < required) revert LetterOfCreditEscrowShort(lcId, required, lc.held());
        emit CreditIssued(lcId, msg.sender, lc.escrowed);
    }

    /// @inheritdoc ILetterOfCredit
    function fund(
        uint256 lcId,
        uint256 deposit
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) nonReentrant {
        LcState storage lc = _credit(
            lcId,
            _bit(Status.Issued) |
                _bit(Status.Advised) |
                _bit(Status.Presented) |
                _bit(Status.Refused) |
                _bit(Status.Honoured)
        );
        _requireParty(lcId, lc.issuingBank);
        _deposit(lcId, lc, deposit);
    }

    // ================================================================== advice and confirmation

    /// @inheritdoc ILetterOfCredit
    /// @dev UCP 600 art. 9. Pays the advising fee from escrow, once.
    function advise(uint256 lcId) external onlyMemberWithRole(ConsortiumRoles.BANK) nonReentrant {
        LcState storage lc = _credit(lcId, _bit(Status.Issued));
        address bank = lc.advisingBank;
        _requireParty(lcId, bank);
        uint256 fee = lc.advise();
        emit CreditAdvised(lcId, bank);
        _payFee(lcId, lc, bank, fee);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev UCP 600 art. 8. Pays the confirmation fee from escrow, once.
    function confirm(uint256 lcId) external onlyMemberWithRole(ConsortiumRoles.BANK) nonReentrant {
        LcState storage lc = _credit(lcId, _bit(Status.Issued) | _bit(Status.Advised));
        address bank = lc.confirmingBank;
        _requireParty(lcId, bank);
        if (lc.isConfirmed()) revert LetterOfCreditAlreadyConfirmed(lcId);
        uint256 fee = lc.confirm();
        emit CreditConfirmed(lcId, bank);
        _payFee(lcId, lc, bank, fee);
    }

    // ================================================================== amendments (art. 10)

    /// @inheritdoc ILetterOfCredit
    /// @dev One amendment may be pending at a time. An amendment raising the amount must already be
    /// covered by the escrow (`fund` first). `deemedAcceptedAfter` is recorded and never acted on
    /// (art. 10f); a cancellation (art. 10a) takes effect only when the beneficiary accepts it.
    function proposeAmendment(
        uint256 lcId,
        Amendment calldata amendment_
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (uint256 amendmentId) {
        LcState storage lc = _credit(lcId, _bit(Status.Issued) | _bit(Status.Advised));
        _requireParty(lcId, lc.issuingBank);
        amendmentId = lc.propose(lcId, amendment_, _fxFeeds[lc.fxFeed]); // emits AmendmentProposed
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev `acceptedChanges` must name every change of the amendment: accepting part of it is
    /// rejecting it (art. 10e). Until accepted, the old terms stand (art. 10c). Accepting a
    /// cancellation cancels the credit and returns the escrow to the issuing bank (art. 10a).
    function acceptAmendment(
        uint256 lcId,
        uint256 amendmentId,
        uint8 acceptedChanges
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) nonReentrant {
        LcState storage lc = _credit(lcId, _bit(Status.Issued) | _bit(Status.Advised) | _bit(Status.Refused));
        _requireParty(lcId, lc.core.beneficiary);
        (bool accepted, bool cancelled) = lc.answer(lcId, amendmentId, true, acceptedChanges);
        if (!accepted) {
            emit AmendmentRejected(lcId, amendmentId, true);
            return;
        }
        emit AmendmentAccepted(lcId, amendmentId, false);
        if (cancelled) {
            uint256 refund = lc.close(Status.Cancelled);
            _removeOpen(lcId);
            emit CreditCancelled(lcId);
            emit CreditClosed(lcId, refund);
            _pay(lc, lc.issuingBank, refund);
        }
    }

    /// @inheritdoc ILetterOfCredit
    function rejectAmendment(
        uint256 lcId,
        uint256 amendmentId
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        LcState storage lc = _credit(lcId, _bit(Status.Issued) | _bit(Status.Advised) | _bit(Status.Refused));
        _requireParty(lcId, lc.core.beneficiary);
        lc.answer(lcId, amendmentId, false, 0);
        emit AmendmentRejected(lcId, amendmentId, false);
    }

    // ================================================================== presentation and examination

    /// @inheritdoc ILetterOfCredit
    /// @dev To the issuing or the nominated bank (art. 6a), on or before expiry (art. 6e), the
    /// expiry of a pending amendment included (art. 10c), extended where the bank is closed on the
    /// expiry date (art. 29a). The examining bank's deadline, the end of
    /// the fifth banking day following the day of presentation on its calendar (art. 14b), is fixed
    /// now. A refused presentation may be replaced by a new one.
    function present(
        uint256 lcId,
        Documents calldata documents
    ) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) returns (uint256 presentationId) {
        LcState storage lc = _credit(lcId, _bit(Status.Advised) | _bit(Status.Refused));
        _requireParty(lcId, lc.core.beneficiary);
        uint256 expiry = lc.effectiveExpiry(lc.core);
        // art. 29a: an expiry on a date the bank presented to is closed runs to its next banking day.
        if (block.timestamp > expiry) expiry = lc.expiryAt(_calendar, documents.presentedTo, expiry);
        presentationId = LcPresentation.present(lc, lcId, documents, _calendar, expiry, _finance.documents);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev UCP 600 art. 14a: on the basis of the documents alone. Records every discrepancy the chain
    /// can establish (see `Discrepancy`). A presentation that complies only with a pending amendment
    /// accepts it (art. 10c).
    function examine(
        uint256 lcId
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) returns (Discrepancies discrepancies) {
        LcState storage lc = _credit(lcId, _bit(Status.Presented));
        (, PresentationRecord storage p) = lc.currentPresentation();
        _requireParty(lcId, p.presentedTo);
        if (p.examinedAt != 0) revert LetterOfCreditAlreadyExamined(lcId);
        discrepancies = lc.examine(lcId, _examinationContext()); // emits PresentationExamined
    }

    /// @inheritdoc ILetterOfCredit
    function releaseDocuments(
        uint256 lcId,
        bytes32[] calldata invoiceFingerprints,
        bytes32[] calldata billFingerprints
    ) external {
        LcState storage lc = _existing(lcId);
        LcPresentation.releaseDocuments(
            lc,
            lcId,
            lc.status(_calendar),
            invoiceFingerprints,
            billFingerprints,
            _finance.documents
        );
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev Only a presentation in which the chain found nothing; a bank that would pay despite
    /// discrepancies refuses and lets the applicant waive (art. 16b).
    function honour(uint256 lcId) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        LcState storage lc = _credit(lcId, _bit(Status.Presented));
        (, PresentationRecord storage p) = lc.currentPresentation();
        _requireParty(lcId, p.presentedTo);
        uint256 presentationId = lc.honour(lcId);
        emit PresentationHonoured(lcId, presentationId, msg.sender);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev One notice per presentation, stating every discrepancy: the chain's findings and
    /// `bankDiscrepancies` (art. 16c-d). After the fifth banking day the bank is precluded (art. 16f).
    function refuse(
        uint256 lcId,
        bytes32[] calldata bankDiscrepancies
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        LcState storage lc = _credits[lcId];
        // A stored Presented is Presented or, past the deadline, deemed Honoured: the library
        // refuses the latter as precluded (art. 16f) rather than as a wrong status.
        if (lc.core.phase != Status.Presented) _credit(lcId, _bit(Status.Presented));
        (, PresentationRecord storage p) = lc.currentPresentation();
        _requireParty(lcId, p.presentedTo);
        lc.refuse(lcId, bankDiscrepancies); // emits PresentationRefused
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev UCP 600 art. 16b.
    function waiveDiscrepancies(uint256 lcId) external onlyMemberWithRole(ConsortiumRoles.IMPORTER) {
        LcState storage lc = _credit(lcId, _bit(Status.Refused));
        _requireParty(lcId, lc.applicant);
        uint256 presentationId = lc.waive();
        emit DiscrepanciesWaived(lcId, presentationId, msg.sender);
    }

    /// @inheritdoc ILetterOfCredit
    function waiveSettlementCondition(uint256 lcId, SettlementCondition condition) external onlyActiveMember {
        LcState storage lc = _credit(lcId, _bit(Status.Honoured));
        bool title = condition == SettlementCondition.TitleToIssuingBank;
        _requireRole(title ? ConsortiumRoles.BANK : ConsortiumRoles.IMPORTER, msg.sender);
        _requireParty(lcId, title ? lc.issuingBank : lc.applicant);
        uint256 presentationId = lc.waiveCondition(lcId, condition);
        emit SettlementConditionWaived(lcId, presentationId, condition, msg.sender);
    }

    // ================================================================== money out

    /// @inheritdoc ILetterOfCredit
    /// @dev Pays at today's rate (rounded down), never more than the undrawn balance. The credit
    /// closes, and returns the rest of the escrow to the issuing bank, when nothing is left to draw.
    function settle(uint256 lcId) external nonReentrant {
        LcState storage lc = _credits[lcId];
        (uint256 creditAmount, uint256 tokenAmount) = _settlementDue(lcId);
        (uint256 presentationId, uint256 refund) = lc.recordSettlement(creditAmount, tokenAmount);
        bool closed = lc.core.phase == Status.Closed;
        if (closed) _removeOpen(lcId);
        LcSettlement.pay(
            lc,
            lcId,
            LcSettlement.Payment(presentationId, creditAmount, tokenAmount, refund, closed),
            _finance,
            _bills
        );
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev While the credit can still pay: from issue until it closes.
    function assignProceeds(uint256 lcId) external onlyMemberWithRole(ConsortiumRoles.EXPORTER) {
        LcState storage lc = _credit(
            lcId,
            _bit(Status.Issued) |
                _bit(Status.Advised) |
                _bit(Status.Presented) |
                _bit(Status.Refused) |
                _bit(Status.Honoured)
        );
        _requireParty(lcId, lc.core.beneficiary);
        LcSettlement.assign(lc, lcId, _finance);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev Anyone may call once the credit has expired (art. 6d i) with nothing in flight.
    function release(uint256 lcId) external nonReentrant {
        LcState storage lc = _credit(lcId, _bit(Status.Expired));
        uint256 refund = lc.close(Status.Closed);
        _removeOpen(lcId);
        emit CreditClosed(lcId, refund);
        _pay(lc, lc.issuingBank, refund);
    }

    // ================================================================== governance

    /// @inheritdoc ILetterOfCredit
    /// @dev Executed by the consortium registry after its administrators approved it. `minAnswer` must
    /// be positive: a rate of zero or below is never a rate.
    function configureFxFeed(
        AggregatorV3Interface feed,
        bool approved,
        uint32 heartbeat,
        int256 minAnswer,
        int256 maxAnswer
    ) external onlyGovernance {
        LcSettlement.configureFxFeed(_fxFeeds[feed], feed, approved, heartbeat, minAnswer, maxAnswer);
    }

    /// @inheritdoc ILetterOfCredit
    /// @dev Executed by the consortium registry after its administrators approved it. A new
    /// assignee applies to assignments made from then on; earlier ones keep theirs.
    function configureFinance(Finance calldata finance_) external onlyGovernance {
        LcSettlement.configureFinance(_finance, finance_);
    }

    // ================================================================== views

    /// @inheritdoc ILetterOfCredit
    function finance() external view returns (Finance memory) {
        return _finance;
    }

    /// @inheritdoc ILetterOfCredit
    function proceedsOf(
        uint256 lcId,
        uint256 presentationId
    ) external view returns (address assignee, uint256 deferredVoucherId) {
        LcState storage lc = _existing(lcId);
        return (lc.proceedsAssignee, lc.deferredVouchers[presentationId]);
    }

    /// @inheritdoc ILetterOfCredit
    function status(uint256 lcId) external view returns (Status) {
        return _credits[lcId].status(_calendar);
    }

    /// @inheritdoc ILetterOfCredit
    function terms(uint256 lcId) external view returns (Terms memory) {
        return _existing(lcId).termsOf();
    }

    /// @inheritdoc ILetterOfCredit
    function parties(uint256 lcId) external view returns (Parties memory) {
        LcState storage lc = _existing(lcId);
        return
            Parties({
                applicant: lc.applicant,
                beneficiary: lc.core.beneficiary,
                issuingBank: lc.issuingBank,
                advisingBank: lc.advisingBank,
                confirmingBank: lc.confirmingBank,
                appliedAt: lc.appliedAt,
                issuedAt: lc.issuedAt,
                confirmed: lc.isConfirmed()
            });
    }

    /// @inheritdoc ILetterOfCredit
    function escrowOf(uint256 lcId) external view returns (Escrow memory) {
        LcState storage lc = _existing(lcId);
        return
            Escrow({
                escrowed: lc.escrowed,
                paid: lc.paid,
                refunded: lc.refunded,
                held: SafeCast.toUint128(lc.held()),
                drawn: lc.drawn
            });
    }

    /// @inheritdoc ILetterOfCredit
    function presentation(
        uint256 lcId,
        uint256 presentationId
    ) external view returns (PresentationRecord memory) {
        return _existing(lcId).presentations[presentationId];
    }

    /// @inheritdoc ILetterOfCredit
    function presentationCount(uint256 lcId) external view returns (uint256) {
        return _credits[lcId].core.presentationCount;
    }

    /// @inheritdoc ILetterOfCredit
    function amendment(uint256 lcId, uint256 amendmentId) external view returns (AmendmentRecord memory) {
        return _existing(lcId).amendments[amendmentId];
    }

    /// @inheritdoc ILetterOfCredit
    function amendmentCount(uint256 lcId) external view returns (uint256) {
        return _credits[lcId].amendmentCount;
    }

    /// @inheritdoc ILetterOfCredit
    function previewExamination(uint256 lcId) external view returns (Discrepancies) {
        LcState storage lc = _credit(
            lcId,
            _bit(Status.Presented) | _bit(Status.Refused) | _bit(Status.Honoured)
        );
        return lc.preview(_examinationContext());
    }

    /// @inheritdoc ILetterOfCredit
    function previewSettlement(
        uint256 lcId
    ) external view returns (uint256 creditAmount, uint256 tokenAmount) {
        return _settlementDue(lcId);
    }

    /// @inheritdoc ILetterOfCredit
    function requiredEscrow(uint256 lcId) external view returns (uint256) {
        LcState storage lc = _existing(lcId);
        return lc.requiredEscrow(_fxFeeds[lc.fxFeed]);
    }

    /// @inheritdoc ILetterOfCredit
    function toSettlementAmount(uint256 lcId, uint256 creditAmount) external view returns (uint256) {
        LcState storage lc = _existing(lcId);
        return lc.convert(creditAmount, _fxFeeds[lc.fxFeed]);
    }

    /// @inheritdoc ILetterOfCredit
    function creditCount() external view returns (uint256) {
        return _creditCount;
    }

    /// @inheritdoc ILetterOfCredit
    function openCreditCount() external view returns (uint256) {
        return _openCredits.length;
    }

    /// @inheritdoc ILetterOfCredit
    function openCreditAt(uint256 index) external view returns (uint256) {
        return _openCredits[index];
    }

    /// @inheritdoc ILetterOfCredit
    function fxFeedConfig(AggregatorV3Interface feed) external view returns (FxFeedConfig memory) {
        return _fxFeeds[feed];
    }

    /// @notice The bill-of-lading, certificate-of-origin, customs-status and calendar contracts read.
    function dependencies()
        external
        view
        returns (
            IBillOfLadingTitle bills,
            ICertificateOfOriginRegistry certificates,
            ICustomsStatus customs,
            IBankingCalendar calendar
        )
    {
        return (_bills, _certificates, _customs, _calendar);
    }

    // ================================================================== internals

    /// @dev The credit, if its status is one of `allowed` (bit `i` = `Status(i)`).
    function _credit(uint256 lcId, bytes32 allowed) private view returns (LcState storage lc) {
        lc = _credits[lcId];
        Status current = lc.status(_calendar);
        if (_bit(current) & allowed == 0) revert LetterOfCreditUnexpectedStatus(lcId, current, allowed);
    }

    /// @dev The credit, if it exists.
    function _existing(uint256 lcId) private view returns (LcState storage lc) {
        lc = _credits[lcId];
        if (lc.core.phase == Status.None)
            revert LetterOfCreditUnexpectedStatus(lcId, Status.None, ~_bit(Status.None));
    }

    function _bit(Status s) private pure returns (bytes32) {
        return bytes32(uint256(1) << uint8(s));
    }

    function _requireParty(uint256 lcId, address expected) private view {
        if (msg.sender != expected) revert LetterOfCreditWrongParty(lcId, msg.sender, expected);
    }

    function _examinationContext() private view returns (LcExamination.ExaminationContext memory) {
        return
            LcExamination.ExaminationContext({
                bills: _bills,
                certificates: _certificates,
                consortium: consortiumRegistry(),
                calendar: _calendar
            });
    }

    /// @dev Pull `amount` from the caller into the escrow of credit `lcId`, counting what actually
    /// arrived (a fee-on-transfer token delivers less than it was asked to).
    function _deposit(uint256 lcId, LcState storage lc, uint256 amount) private {
        IERC20 token = lc.settlementToken;
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = token.balanceOf(address(this)) - before;
        lc.recordDeposit(received);
        emit EscrowFunded(lcId, msg.sender, received);
    }

    function _payFee(uint256 lcId, LcState storage lc, address to, uint256 fee) private {
        if (fee == 0) return;
        emit FeePaid(lcId, to, fee);
        _pay(lc, to, fee);
    }

    function _pay(LcState storage lc, address to, uint256 amount) private {
        if (amount != 0) lc.settlementToken.safeTransfer(to, amount);
    }

    /// @dev What settling credit `lcId` pays now, or the reason it cannot be settled yet.
    function _settlementDue(uint256 lcId) private view returns (uint256 creditAmount, uint256 tokenAmount) {
        LcState storage lc = _credit(lcId, _bit(Status.Honoured));
        return
            lc.settlementDue(
                lcId,
                LcTransitions.SettlementContext({bills: _bills, customs: _customs, fx: _fxFeeds[lc.fxFeed]})
            );
    }

    function _addOpen(uint256 lcId) private {
        _openCredits.push(lcId);
        _openIndex[lcId] = _openCredits.length;
    }

    function _removeOpen(uint256 lcId) private {
        uint256 indexPlusOne = _openIndex[lcId];
        if (indexPlusOne == 0) return; // never issued: an application that expired
        uint256 last = _openCredits[_openCredits.length - 1];
        _openCredits[indexPlusOne - 1] = last;
        _openIndex[last] = indexPlusOne;
        _openCredits.pop();
        delete _openIndex[lcId];
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IBankingCalendar} from "../interfaces/IBankingCalendar.sol";
import {IDocumentFinancing} from "../interfaces/IDocumentFinancing.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {LcCore, LcState} from "../types/LcState.sol";
import {LcTransitions} from "./LcTransitions.sol";

/// @title LcPresentation
/// @notice A presentation under a letter of credit (UCP 600 art. 14) and the documents it claims in
/// the consortium's one-document-one-facility guard (`IDocumentFinancing`): the commercial invoice
/// and the bill of lading back this credit (the facility is the credit: its id) from presentation
/// until the presentation can no longer be drawn on. Split from `LcTransitions` so each library,
/// and `LetterOfCredit`, stays under the EIP-170 size limit.
/// @dev Checks neither status nor caller: `LetterOfCredit` does.
///
/// Why the facility is the credit, not the presentation: a refused presentation is usually
/// corrected and presented again with the same invoice and bill, which must not count as a second
/// facility. Why the documents are released only once the credit ended with nothing drawn, and not
/// at refusal: a refused presentation may still be honoured by the applicant's waiver (art. 16b)
/// and paid, or presented again; and once anything was paid under the credit, a document claimed
/// under it might back that payment (keeping a claim too long only stops a second financing, while
/// releasing one too early would allow it). Nothing is stored here: whoever releases (the
/// beneficiary, who wants its documents back) names the fingerprints, from its own records or the
/// `DocumentsPresented` event, and the guard refuses any this credit does not hold.
library LcPresentation {
    using LcTransitions for LcState;

    /// @notice Record a presentation of `d` made now and claim its documents in `guard` (if set).
    /// It must go to the issuing or the nominated bank (art. 6a), draw something, and come on or
    /// before `expiry`: the expiry in force, a pending amendment's included (art. 6e, 10c), as it
    /// holds at the bank presented to (`expiryAt`, art. 29a). The examining bank's deadline is fixed
    /// now on its `calendar`: the end of the fifth banking day following the day of presentation
    /// (art. 14b). A refused presentation it replaces is marked superseded.
    function present(
        LcState storage self,
        uint256 lcId,
        ILetterOfCredit.Documents calldata d,
        IBankingCalendar calendar,
        uint256 expiry,
        IDocumentFinancing guard
    ) external returns (uint256 presentationId) {
        address bank = d.presentedTo;
        if (bank != self.issuingBank && bank != self.nominatedBank()) {
            revert ILetterOfCredit.LetterOfCreditNotPresentable(lcId, bank);
        }
        if (d.amount == 0) revert ILetterOfCredit.LetterOfCreditZeroDrawing(lcId);
        LcCore storage core = self.core;
        if (block.timestamp > expiry) {
            revert ILetterOfCredit.LetterOfCreditPresentationAfterExpiry(lcId, expiry, block.timestamp);
        }
        uint48 examineBy = calendar.endOfBankingDaysAfter(
            bank,
            block.timestamp,
            LcTransitions.EXAMINATION_BANKING_DAYS
        );
        if (core.phase == ILetterOfCredit.Status.Refused) {
            self.presentations[core.presentationCount - 1].outcome = ILetterOfCredit
                .PresentationOutcome
                .Superseded;
        }
        presentationId = core.presentationCount;
        core.presentationCount += 1; // checked: a 65 536th presentation reverts
        core.phase = ILetterOfCredit.Status.Presented;
        ILetterOfCredit.PresentationRecord storage p = self.presentations[presentationId];
        p.amount = d.amount;
        p.presentedAt = SafeCast.toUint48(block.timestamp);
        p.examineBy = examineBy;
        p.presentedTo = bank;
        p.documentsPresented = _documentsPresented(d);
        p.billId = d.billId;
        p.certificateId = d.certificateId;
        p.certificateHash = d.certificateHash;
        p.otherDocumentsHash = keccak256(abi.encode(d.invoiceHash, d.insuranceHash, d.packingListHash));
        emit ILetterOfCredit.DocumentsPresented(lcId, presentationId, bank, d, examineBy);
        if (address(guard) != address(0)) _claim(lcId, presentationId, d, guard);
    }

    /// @notice Release `invoiceFingerprints` and `billFingerprints` that credit `lcId` (now
    /// `status`) claimed in `guard`: only once it ended (Expired, Cancelled, Closed) with nothing
    /// drawn, so no document it claimed backs a payment. The guard refuses a fingerprint this
    /// credit does not hold.
    function releaseDocuments(
        LcState storage self,
        uint256 lcId,
        ILetterOfCredit.Status status,
        bytes32[] calldata invoiceFingerprints,
        bytes32[] calldata billFingerprints,
        IDocumentFinancing guard
    ) external {
        bool ended =
            status == ILetterOfCredit.Status.Expired ||
                status == ILetterOfCredit.Status.Cancelled ||
                status == ILetterOfCredit.Status.Closed;
        uint256 drawn = self.drawn;
        if (!ended || drawn != 0) revert ILetterOfCredit.LetterOfCreditDocumentsInUse(lcId, status, drawn);
        if (invoiceFingerprints.length != 0) {
            guard.release(IDocumentFinancing.DocumentKind.Invoice, invoiceFingerprints, lcId);
        }
        if (billFingerprints.length != 0) {
            guard.release(IDocumentFinancing.DocumentKind.BillOfLading, billFingerprints, lcId);
        }
    }

    /// @dev Claim the invoice and the bill of presentation `presentationId` for credit `lcId`,
    /// passing over fingerprints this credit holds already (documents presented again after a
    /// refusal); the guard refuses (and so the presentation) a document backing any other facility.
    function _claim(
        uint256 lcId,
        uint256 presentationId,
        ILetterOfCredit.Documents calldata d,
        IDocumentFinancing guard
    ) private {
        if (d.invoiceFingerprints.length == 0 || d.billFingerprints.length == 0) {
            revert ILetterOfCredit.LetterOfCreditDocumentsNotFingerprinted(lcId, presentationId);
        }
        _claimNew(guard, IDocumentFinancing.DocumentKind.Invoice, d.invoiceFingerprints, lcId);
        _claimNew(guard, IDocumentFinancing.DocumentKind.BillOfLading, d.billFingerprints, lcId);
    }

    /// @dev Claim those of `fingerprints` that credit `lcId` does not hold yet (the list is a
    /// document's few fingerprints: bounded by the calldata the beneficiary pays for).
    function _claimNew(
        IDocumentFinancing guard,
        IDocumentFinancing.DocumentKind kind,
        bytes32[] calldata fingerprints,
        uint256 lcId
    ) private {
        bytes32[] memory fresh = new bytes32[](fingerprints.length);
        uint256 count;
        for (uint256 i = 0; i < fingerprints.length; ++i) {
            IDocumentFinancing.Facility memory held = guard.facilityOf(kind, fingerprints[i]);
            if (held.product == address(this) && held.facilityId == lcId) continue;
            fresh[count++] = fingerprints[i];
        }
        if (count == 0) return;
        // Shorten the list in place to the fingerprints not yet held.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(fresh, count)
        }
        guard.claim(kind, fresh, lcId);
    }

    function _documentsPresented(
        ILetterOfCredit.Documents calldata d
    ) private pure returns (uint8 presented) {
        presented = uint8(1 << uint8(ILetterOfCredit.Document.BillOfLading)); // always: by reference
        if (d.certificateId != bytes32(0))
            presented |= uint8(1 << uint8(ILetterOfCredit.Document.CertificateOfOrigin));
        if (d.invoiceHash != bytes32(0))
            presented |= uint8(1 << uint8(ILetterOfCredit.Document.CommercialInvoice));
        if (d.insuranceHash != bytes32(0)) {
            presented |= uint8(1 << uint8(ILetterOfCredit.Document.InsuranceCertificate));
        }
        if (d.packingListHash != bytes32(0))
            presented |= uint8(1 << uint8(ILetterOfCredit.Document.PackingList));
    }
}

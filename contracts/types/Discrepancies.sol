// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice A discrepancy the chain can establish by itself when it examines a presentation
/// under a letter of credit (UCP 600 art. 14a: examination "on the basis of the documents
/// alone"). Each value is a bit position in a `Discrepancies` set.
/// Discrepancies only a person can judge (the goods description on the invoice, the wording of
/// a clause) are added by the examining bank as short codes or hashes of free text, and kept
/// beside this set.
enum Discrepancy {
    BillMissing, //              0: no bill of lading with that id is in force (not Active)
    CarrierNotRegistered, //     1: the bill's carrier is not an active CARRIER of the consortium (art. 20a i)
    ShippedLate, //              2: no on-board date, or shipped after the latest shipment date (art. 20a ii)
    TitleNotWithBank, //         3: the bill is neither endorsed nor pledged to the examining or issuing bank
    LatePresentation, //         4: presented more than the presentation period after shipment (art. 14c)
    PresentedAfterExpiry, //     5: presented after the credit's expiry date (art. 6d i, 6e)
    AmountOverTolerance, //      6: drawing above the credit amount, +10 % if "about" (art. 30a)
    AmountOverBalance, //        7: drawing above what is left undrawn under the credit
    PartialNotAllowed, //        8: a partial drawing where partial drawings are prohibited (art. 31a)
    CertificateInvalid, //       9: the certificate of origin is unknown, revoked, expired or not the one issued
    OriginMismatch, //          10: the certificate's country of origin is not the one the credit requires
    ConsigneeMismatch, //       11: the certificate's consignee is not the applicant
    PortsMismatch, //           12: port of loading or discharge differs from the credit (art. 20a iii)
    DocumentMissing //          13: a document the credit requires was not presented (art. 14a)
}

/// @notice A set of `Discrepancy` values, one bit per value (bit `i` = `Discrepancy(i)`).
type Discrepancies is uint32;

using DiscrepanciesLibrary for Discrepancies global;

/// @notice Set operations on `Discrepancies`.
library DiscrepanciesLibrary {
    /// @notice The empty set: a complying presentation as far as the chain can tell.
    function none() internal pure returns (Discrepancies) {
        return Discrepancies.wrap(0);
    }

    /// @notice `self` with `d` added.
    function add(Discrepancies self, Discrepancy d) internal pure returns (Discrepancies) {
        return Discrepancies.wrap(Discrepancies.unwrap(self) | uint32(1 << uint8(d)));
    }

    /// @notice Whether `self` contains `d`.
    function has(Discrepancies self, Discrepancy d) internal pure returns (bool) {
        return Discrepancies.unwrap(self) & uint32(1 << uint8(d)) != 0;
    }

    /// @notice Whether `self` is the empty set.
    function isEmpty(Discrepancies self) internal pure returns (bool) {
        return Discrepancies.unwrap(self) == 0;
    }

    /// @notice The raw bitmask, as events and views report it.
    function bits(Discrepancies self) internal pure returns (uint32) {
        return Discrepancies.unwrap(self);
    }
}

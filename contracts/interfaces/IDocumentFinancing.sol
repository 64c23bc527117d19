// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IDocumentFinancing
/// @notice One document finances one facility, across every product. A product contract that
/// governance named (the payment commitments, pre-shipment advances, letters of credit, the voucher
/// contract, the invoice registry's financing) claims the fingerprints of the documents a facility
/// rests on; a fingerprint already claimed by any facility of any product is refused, naming the
/// product and facility that hold it.
/// @dev Fingerprints are computed off-chain (`lib/trade/documentFingerprint.ts`): keyed HMACs over
/// a document's normalized fields, an exact one and a fuzzy (identity) one per document, so that a
/// copy altered in a volatile field is still caught. Which documents each product claims:
/// - an invoice financing, a voucher payable: the invoices;
/// - a payment commitment: the commercial invoice and the bill of lading (the order is matched,
///   not claimed, so an advance on the order and the commitment that repays it can coexist);
/// - a pre-shipment advance: the purchase order (or nothing when it rests on a credit);
/// - a letter-of-credit presentation: the commercial invoice and the bill of lading.
interface IDocumentFinancing {
    /// @notice The kind of document a fingerprint is of.
    enum DocumentKind {
        Invoice,
        PurchaseOrder,
        BillOfLading
    }

    /// @notice Where a claimed fingerprint is held: a product contract and a facility id in it.
    struct Facility {
        address product;
        uint256 facilityId;
    }

    /// @notice `fingerprint` (a `kind` document) already backs `facilityId` of `product`.
    error DocumentAlreadyBacksFacility(
        DocumentKind kind,
        bytes32 fingerprint,
        address product,
        uint256 facilityId
    );
    /// @notice `caller` is not a product contract governance named.
    error DocumentFinancingNotProduct(address caller);
    /// @notice `fingerprint` is zero or repeats another in the same claim.
    error DocumentFinancingInvalidFingerprint(DocumentKind kind, bytes32 fingerprint);
    /// @notice `fingerprint` is not held by `facilityId` of the caller.
    error DocumentFinancingNotHeld(
        DocumentKind kind,
        bytes32 fingerprint,
        address product,
        uint256 facilityId
    );

    /// @notice `fingerprint` (a `kind` document) now backs `facilityId` of `product`.
    event DocumentClaimed(
        DocumentKind indexed kind,
        bytes32 indexed fingerprint,
        address indexed product,
        uint256 facilityId
    );
    /// @notice `product` released `fingerprint` from `facilityId` (the facility ended unused).
    event DocumentReleased(
        DocumentKind indexed kind,
        bytes32 indexed fingerprint,
        address indexed product,
        uint256 facilityId
    );
    /// @notice Governance named (or removed) `product` as a contract that may claim documents.
    event ProductSet(address indexed product, bool allowed);

    /// @notice Claim every fingerprint (exact and fuzzy alike) of one `kind` document for the
    /// caller's facility `facilityId` (a named product only). All or nothing.
    function claim(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external;

    /// @notice Release fingerprints the caller's facility `facilityId` holds, when that facility
    /// ended without being drawn on (declined, cancelled, refused). A financed document is never
    /// released.
    function release(DocumentKind kind, bytes32[] calldata fingerprints, uint256 facilityId) external;

    /// @notice The facility `fingerprint` backs; `product` is zero when it backs none.
    function facilityOf(DocumentKind kind, bytes32 fingerprint) external view returns (Facility memory);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IPurchaseOrder
/// @notice Purchase orders of open-account trade: the importer issues an order to an exporter, the
/// exporter accepts or declines it, and an amendment takes effect only once both agree. What the
/// other open-account products (payment commitments, pre-shipment advances) read of an order.
interface IPurchaseOrder {
    /// @notice Where an order is: Issued -> Accepted, or Issued -> Declined, or Issued/Accepted ->
    /// Cancelled (by both). Accepted is what a commitment or an advance can be built on.
    enum OrderStatus {
        None,
        Issued,
        Accepted,
        Declined,
        Cancelled
    }

    /// @notice The commercial terms of an order, as the importer issues them.
    /// @dev `amount` is in `currency`, written with the settlement token's decimals (as a credit's).
    struct OrderTerms {
        address exporter; //           an EXPORTER member, the seller
        bytes32 orderNumber; //        the importer's order number (unique per importer)
        bytes3 currency; //            ISO 4217
        uint128 amount; //             the order's total
        bytes32 goodsHash; //          keccak256 of the description of the goods
        bytes3 incoterm; //            Incoterms 2020 rule, e.g. "FOB"
        bytes5 portOfLoading; //       UN/LOCODE
        bytes5 portOfDischarge; //     UN/LOCODE
        uint48 latestShipmentAt; //    last second of the latest date of shipment
        uint16 paymentTermDays; //     payment due this many days after the bill of lading's date
    }

    /// @notice An order as the chain holds it.
    struct Order {
        OrderTerms terms;
        address importer; //           an IMPORTER member, the buyer (its issuer)
        OrderStatus status;
        uint48 issuedAt;
        uint48 acceptedAt;
        uint32 amendments; //          how many amendments took effect
    }

    /// @notice The order `orderId` as it stands (reverts for an unknown id).
    function order(uint256 orderId) external view returns (Order memory);

    /// @notice The order's status (None for an unknown id).
    function orderStatus(uint256 orderId) external view returns (OrderStatus);

    // ------------------------------------------------------------------------------------------
    // Added by the purchase-order contract (contracts/documents/PurchaseOrder.sol): what is above
    // is what the other products read; what follows is how an order is made and changed.
    // ------------------------------------------------------------------------------------------

    /// @notice The keyed fingerprints of an order (`lib/trade/documentFingerprint.ts`), which the
    /// document-financing guard (`IDocumentFinancing`, kind PurchaseOrder) is asked about.
    /// @param exact Over importer, exporter, order number, amount, currency, goods and dates.
    /// @param fuzzy Over importer, exporter and order number only: an altered copy shares it.
    struct OrderFingerprints {
        bytes32 exact;
        bytes32 fuzzy;
    }

    /// @notice An amendment one party proposed and the other has not yet agreed to.
    /// @dev `termsHash` is `keccak256(abi.encode(terms, exactFingerprint))`: the other party accepts
    /// naming it, so a proposal withdrawn and proposed again differently is never accepted unseen.
    struct Amendment {
        OrderTerms terms;
        bytes32 exactFingerprint; //   the order's exact fingerprint under the amended terms
        bytes32 termsHash;
        address proposer; //           the importer or the exporter; zero when none is pending
        uint48 proposedAt;
    }

    // ---- errors ----
    /// @notice `field` of the order's terms (or its fingerprints) is zero, malformed or out of range.
    error PurchaseOrderInvalidField(string field);
    /// @notice `importer` has order `orderId` under `orderNumber` already (numbers are unique per importer).
    error PurchaseOrderNumberTaken(address importer, bytes32 orderNumber, uint256 orderId);
    /// @notice `fingerprint` is an order fingerprint of order `orderId` already.
    error PurchaseOrderFingerprintTaken(bytes32 fingerprint, uint256 orderId);
    /// @notice No order has this id.
    error PurchaseOrderUnknown(uint256 orderId);
    /// @notice The order is `current`; the step needs one of the statuses in the bitmap `allowed`
    /// (bit `1 << uint8(status)`).
    error PurchaseOrderUnexpectedStatus(uint256 orderId, OrderStatus current, bytes32 allowed);
    /// @notice Only the order's exporter, `exporter`, may do this, not `caller`.
    error PurchaseOrderNotExporter(uint256 orderId, address caller, address exporter);
    /// @notice Only a party to the order (its importer or its exporter) may do this, not `caller`.
    error PurchaseOrderNotParty(uint256 orderId, address caller);
    /// @notice The latest shipment date, `latestShipmentAt`, has passed: the order can no longer be accepted.
    error PurchaseOrderShipmentDatePassed(uint256 orderId, uint256 latestShipmentAt);
    /// @notice An amendment proposed by `proposer` is pending already: one at a time.
    error PurchaseOrderAmendmentPending(uint256 orderId, address proposer);
    /// @notice No amendment of the order is pending.
    error PurchaseOrderNoAmendment(uint256 orderId);
    /// @notice `caller` proposed the pending amendment and cannot be the one who agrees to it.
    error PurchaseOrderOwnAmendment(uint256 orderId, address caller);
    /// @notice Only the amendment's proposer, `proposer`, may withdraw it, not `caller`.
    error PurchaseOrderNotProposer(uint256 orderId, address caller, address proposer);
    /// @notice The pending amendment is `actual`, not the `expected` one the caller agreed to.
    error PurchaseOrderAmendmentMismatch(uint256 orderId, bytes32 expected, bytes32 actual);
    /// @notice An amendment cannot change `field` (the exporter, the order number): it would be another order.
    error PurchaseOrderFieldNotAmendable(uint256 orderId, string field);
    /// @notice The amendment changes nothing: its terms and fingerprint are the order's own.
    error PurchaseOrderAmendmentChangesNothing(uint256 orderId);
    /// @notice `party` agreed to cancel the order already.
    error PurchaseOrderCancellationConsented(uint256 orderId, address party);
    /// @notice `party` has not agreed to cancel the order.
    error PurchaseOrderNoCancellationConsent(uint256 orderId, address party);

    // ---- events ----
    /// @notice `importer` issued order `orderId` to `exporter` under `orderNumber`.
    event OrderIssued(
        uint256 indexed orderId,
        address indexed importer,
        address indexed exporter,
        bytes32 orderNumber,
        bytes32 exactFingerprint,
        bytes32 fuzzyFingerprint
    );
    /// @notice The exporter accepted order `orderId`.
    event OrderAccepted(uint256 indexed orderId, address indexed exporter);
    /// @notice The exporter declined order `orderId`.
    event OrderDeclined(uint256 indexed orderId, address indexed exporter);
    /// @notice `proposer` proposed an amendment of order `orderId` (`termsHash`, see `Amendment`).
    event AmendmentProposed(
        uint256 indexed orderId,
        address indexed proposer,
        bytes32 termsHash,
        bytes32 exactFingerprint
    );
    /// @notice The pending amendment of order `orderId`, proposed by `proposer`, is gone: its
    /// proposer withdrew it, or it lapsed as the order was declined or cancelled.
    event AmendmentWithdrawn(uint256 indexed orderId, address indexed proposer, bytes32 termsHash);
    /// @notice `acceptedBy` agreed to the amendment `termsHash`: the order's terms are now the
    /// amended ones, and `amendments` have taken effect in all.
    event AmendmentAccepted(
        uint256 indexed orderId,
        address indexed acceptedBy,
        bytes32 termsHash,
        uint32 amendments
    );
    /// @notice `party` agreed to cancel order `orderId` (the order is cancelled once both have).
    event CancellationConsented(uint256 indexed orderId, address indexed party);
    /// @notice `party` withdrew its agreement to cancel order `orderId`.
    event CancellationWithdrawn(uint256 indexed orderId, address indexed party);
    /// @notice Both parties agreed: order `orderId` is cancelled.
    event OrderCancelled(uint256 indexed orderId);

    // ---- functions ----
    /// @notice Issue an order to `terms.exporter` (an active IMPORTER only; the caller is its importer).
    /// Every field is checked (see `PurchaseOrderInvalidField`); the order number must be new for
    /// the caller and the fingerprints new to this contract.
    /// @return orderId The new order's id (1, 2, ...).
    function issue(
        OrderTerms calldata terms,
        OrderFingerprints calldata fingerprints
    ) external returns (uint256 orderId);

    /// @notice Accept an Issued order (its exporter only), before its latest shipment date.
    function accept(uint256 orderId) external;

    /// @notice Decline an Issued order (its exporter only). A pending amendment lapses.
    function decline(uint256 orderId) external;

    /// @notice Propose new terms for an Issued or Accepted order (either party); in force once the
    /// other party accepts them. One pending amendment at a time; exporter and order number stay.
    /// @param exactFingerprint The order's exact fingerprint under the new terms (the fuzzy one stays).
    function proposeAmendment(uint256 orderId, OrderTerms calldata terms, bytes32 exactFingerprint) external;

    /// @notice Agree to the pending amendment `termsHash` (the party that did not propose it). The
    /// order keeps its status: an Accepted order stays Accepted under the amended terms.
    function acceptAmendment(uint256 orderId, bytes32 termsHash) external;

    /// @notice Withdraw the pending amendment (its proposer only).
    function withdrawAmendment(uint256 orderId) external;

    /// @notice Agree to cancel an Issued or Accepted order (either party); the order is Cancelled
    /// when the second party agrees.
    function cancel(uint256 orderId) external;

    /// @notice Withdraw the caller's agreement to cancel, before the other party agreed.
    function withdrawCancellation(uint256 orderId) external;

    /// @notice The pending amendment of `orderId` (`proposer` zero when none).
    function pendingAmendment(uint256 orderId) external view returns (Amendment memory);

    /// @notice The order's fingerprints as they stand (the exact one follows amendments).
    function orderFingerprints(uint256 orderId) external view returns (OrderFingerprints memory);

    /// @notice Whether `party` agreed to cancel `orderId`.
    function cancellationConsent(uint256 orderId, address party) external view returns (bool);

    /// @notice The order `importer` issued under `orderNumber`; 0 if none.
    function orderIdOf(address importer, bytes32 orderNumber) external view returns (uint256);

    /// @notice The order `fingerprint` (exact, present or past, or fuzzy) belongs to; 0 if none.
    function orderOfFingerprint(bytes32 fingerprint) external view returns (uint256);

    /// @notice How many orders were issued (ids run 1..orderCount).
    function orderCount() external view returns (uint256);
}

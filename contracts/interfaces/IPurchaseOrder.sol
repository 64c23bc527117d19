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
}

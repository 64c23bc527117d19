// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IBillOfLadingTitle
/// @notice The read side of the electronic bill of lading that a letter of credit examines.
/// @dev `BillOfLading` implements this (and much more: the title operations). Kept small on
/// purpose so the credit depends on facts, not on the bill's internals.
interface IBillOfLadingTitle {
    /// @notice Where a bill is in its life. Only `Active` bills can move.
    enum BillStatus {
        None, //              never issued
        Active, //            in circulation: endorse, transfer, pledge, surrender
        SurrenderPending, //  handed to the carrier for delivery, awaiting accept/reject
        Accomplished, //      delivery made: never moves again
        Replaced, //          surrendered for amendment, superseded by a linked bill
        Void, //              switched to paper or voided by the carrier
        ExportPending, //     the holder asked to export it over PINT: locked until the gateway answers
        Exported //           another platform received it: never moves again here (unless it returns)
    }

    /// @notice The routing facts of a bill; the full B/L document stays off-chain, hashed.
    struct BillFacts {
        address carrier;
        bytes32 shipmentRef; // keccak256(abi.encodePacked(carrier, blNumber)): the key customs events use
        address shipper;
        address consignee; // address(0) = "to order"
        bytes5 portOfLoading; // UN/LOCODE
        bytes5 portOfDischarge; // UN/LOCODE
        uint48 shippedOnBoardAt; // unix seconds
        bytes32 documentHash; // keccak256 of the full off-chain B/L document
    }

    /// @notice The routing facts of bill `billId` (reverts for an unknown bill).
    function billFacts(uint256 billId) external view returns (BillFacts memory);

    /// @notice The status of bill `billId` (None for an unknown bill).
    function billStatus(uint256 billId) external view returns (BillStatus);

    /// @notice The party in exclusive control of bill `billId` now (the ERC-721 owner).
    function holderOf(uint256 billId) external view returns (address);

    /// @notice If bill `billId` is pledged, the pledgor who gets it back on release; else address(0).
    /// While pledged, `holderOf` is the pledgee bank.
    function pledgorOf(uint256 billId) external view returns (address);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title CustomsShipmentRef
/// @notice The key under which the customs oracle keeps a shipment's status, and under which a
/// bill of lading finds it: `keccak256(abi.encodePacked(carrier, blNumber))`, the carrier's
/// member address (20 bytes) followed by the bytes of its B/L number.
/// @dev B/L numbers are unique only per carrier (DCSA `transportDocumentReference`), so the
/// carrier is part of the key: two carriers' bills with the same number are two shipments. The
/// carrier is named by its consortium address, the one that issued the bill (`msg.sender` of
/// `BillOfLading.issue`), which no other member can claim; a carrier code stated at issue could
/// name another carrier. The oracle daemons map the carrier codes their sources use (the SMDG
/// liner code / SCAC of DCSA's `eventRouting.originatingParty`) to these addresses in their
/// configuration (`oracle/events/customsEvent.ts` derives the same key, and a test holds the two
/// together). The address has a fixed length, so the packed encoding is unambiguous.
library CustomsShipmentRef {
    /// @notice The shipment reference of bill `blNumber` issued by `carrier`.
    function derive(address carrier, string memory blNumber) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(carrier, blNumber));
    }
}

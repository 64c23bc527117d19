// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CustomsEventType} from "../types/CustomsTypes.sol";

/// @title ICustomsStatus
/// @notice What settlement asks the customs oracle: has shipment X reached status Y, and when.
/// @dev Statuses are named by the event type that brings a shipment into them
/// (`CustomsEventType.Cleared` = customs at the destination has cleared the goods).
interface ICustomsStatus {
    /// @notice The shipment's current status and when the event that set it occurred.
    /// Returns (None, 0) for a shipment the oracle has never heard of.
    function customsStatus(bytes32 shipmentRef) external view returns (CustomsEventType status, uint48 since);

    /// @notice Whether customs cleared the shipment, when, and where: `location` is the UN/LOCODE
    /// of the clearance event (the customs office that cleared the goods). Settlement compares it
    /// with the bill's port of discharge, so a clearance anywhere else (at origin, say) does not
    /// count as clearance at destination. (false, 0, 0) for a shipment not cleared.
    function clearance(bytes32 shipmentRef) external view returns (bool cleared, uint48 at, bytes5 location);

    /// @notice Whether the shipment has ever reached `status`, and when it first did.
    function hasReached(
        bytes32 shipmentRef,
        CustomsEventType status
    ) external view returns (bool reached, uint48 at);
}

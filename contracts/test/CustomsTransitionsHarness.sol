// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CustomsShipmentState, ShipmentState} from "../libraries/CustomsShipmentState.sol";
import {CustomsTransitions} from "../libraries/CustomsTransitions.sol";
import {CustomsEventType} from "../types/CustomsTypes.sol";

/// @title CustomsTransitionsHarness
/// @notice Test double: exposes the customs status machine and the packed shipment state so
/// they can be tested table by table without a consortium, a committee or signatures.
contract CustomsTransitionsHarness {
    /// @notice `CustomsTransitions.applyEvent` on a raw state word.
    function applyEvent(
        uint256 state,
        CustomsEventType eventType,
        uint48 occurredAt
    ) external pure returns (uint256 next, CustomsTransitions.Outcome outcome) {
        ShipmentState result;
        (result, outcome) = CustomsTransitions.applyEvent(ShipmentState.wrap(state), eventType, occurredAt);
        next = ShipmentState.unwrap(result);
    }

    /// @notice `CustomsTransitions.isAllowed`.
    function isAllowed(
        CustomsEventType from,
        bool destinationSide,
        CustomsEventType to
    ) external pure returns (bool) {
        return CustomsTransitions.isAllowed(from, destinationSide, to);
    }

    /// @notice `ShipmentState.enter` on a raw state word (no transition check).
    function enter(uint256 state, CustomsEventType s, uint48 occurredAt) external pure returns (uint256) {
        return ShipmentState.unwrap(ShipmentState.wrap(state).enter(s, occurredAt));
    }

    /// @notice The fields of a raw state word.
    function decode(
        uint256 state
    ) external pure returns (CustomsEventType status, uint48 since, bool destinationSide) {
        ShipmentState s = ShipmentState.wrap(state);
        return (s.status(), s.since(), s.onDestinationSide());
    }

    /// @notice `hasReached` and `reachedAt` of a raw state word.
    function reached(uint256 state, CustomsEventType s) external pure returns (bool, uint48) {
        ShipmentState st = ShipmentState.wrap(state);
        return (st.hasReached(s), st.reachedAt(s));
    }

    /// @notice The time limit events must stay below.
    function timeLimit() external pure returns (uint256) {
        return CustomsShipmentState.TIME_LIMIT;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CustomsEventType} from "../types/CustomsTypes.sol";

/// @notice Everything the customs oracle keeps about one shipment, packed in one storage slot.
/// @dev Layout, least significant bits first:
///   bits   0..7    status          uint8   the current status (a `CustomsEventType`)
///   bits   8..55   since           uint48  occurredAt of the event that set the current status
///   bits  56..247  firstDay[1..12] 12 × uint16, one per status t at bit 56 + 16·(t − 1):
///                                  1 + the UTC day number (occurredAt / 86,400) on which the
///                                  shipment first entered t; 0 = never entered
///   bits 248..255  unused (zero)
/// One slot means one cold SLOAD and one SSTORE per event. The price is that the history keeps
/// days, not seconds: the current status's time is exact (`since`), the first time of every
/// other status is its UTC day (documentary credits reckon in days: UCP 600 art. 3, 14).
/// `Cleared` is terminal, so its exact time is always `since`.
type ShipmentState is uint256;

using CustomsShipmentState for ShipmentState global;

/// @title CustomsShipmentState
/// @notice Getters and the one setter of the packed `ShipmentState`.
library CustomsShipmentState {
    uint256 internal constant SECONDS_PER_DAY = 86_400;
    /// @notice Events must have occurred before this time (2149-06-06), so that their day number
    /// plus one fits 16 bits.
    uint256 internal constant TIME_LIMIT = 65_534 * SECONDS_PER_DAY;

    uint256 private constant STATUS_MASK = 0xFF;
    uint256 private constant SINCE_SHIFT = 8;
    uint256 private constant SINCE_MASK = 0xFFFFFFFFFFFF;
    uint256 private constant DAYS_SHIFT = 56;
    uint256 private constant DAY_MASK = 0xFFFF;

    /// @dev The first-day fields of the statuses that put a shipment on the destination side
    /// of its journey: GoodsExited (7), Loaded (9), Departed (10), Arrived (11), Discharged (12),
    /// i.e. 0xFFFF << (56 + 16·(t − 1)) for each. Written as a literal: an expression with enum
    /// conversions would be evaluated at run time, on every event (CustomsTransitions.t.sol
    /// checks the literal against the types).
    uint256 private constant DEPARTURE_DAYS_MASK =
        0x00FFFFFFFFFFFFFFFF0000FFFF00000000000000000000000000000000000000;

    /// @notice The current status (`None` for a shipment never heard of).
    function status(ShipmentState self) internal pure returns (CustomsEventType) {
        return CustomsEventType(uint8(ShipmentState.unwrap(self) & STATUS_MASK));
    }

    /// @notice When the event that set the current status occurred (0 for `None`).
    function since(ShipmentState self) internal pure returns (uint48) {
        return uint48((ShipmentState.unwrap(self) >> SINCE_SHIFT) & SINCE_MASK);
    }

    /// @notice Whether the shipment has ever been in `s`.
    function hasReached(ShipmentState self, CustomsEventType s) internal pure returns (bool) {
        return s != CustomsEventType.None && _firstDay(self, s) != 0;
    }

    /// @notice When the shipment first entered `s`: exact for `Cleared` (terminal, so `since`),
    /// the start of the UTC day for every other status; 0 if it never did.
    function reachedAt(ShipmentState self, CustomsEventType s) internal pure returns (uint48) {
        if (!hasReached(self, s)) return 0;
        if (s == CustomsEventType.Cleared) return since(self);
        return uint48((_firstDay(self, s) - 1) * SECONDS_PER_DAY);
    }

    /// @notice Whether the goods have left the origin: exit confirmed or any transport event
    /// reached. Customs events then concern the destination.
    function onDestinationSide(ShipmentState self) internal pure returns (bool) {
        return ShipmentState.unwrap(self) & DEPARTURE_DAYS_MASK != 0;
    }

    /// @notice The state after entering `s` at `occurredAt`: status and since replaced, and
    /// `s`'s first day recorded if it is the first time.
    /// @dev Requires `s != None` and `occurredAt < TIME_LIMIT` (the oracle checks both).
    function enter(
        ShipmentState self,
        CustomsEventType s,
        uint48 occurredAt
    ) internal pure returns (ShipmentState) {
        unchecked {
            uint256 word = ShipmentState.unwrap(self);
            word =
                (word & ~(STATUS_MASK | (SINCE_MASK << SINCE_SHIFT))) |
                uint256(s) |
                (uint256(occurredAt) << SINCE_SHIFT);
            uint256 dayShift = DAYS_SHIFT + 16 * (uint256(s) - 1);
            if ((word >> dayShift) & DAY_MASK == 0) {
                word |= (uint256(occurredAt) / SECONDS_PER_DAY + 1) << dayShift;
            }
            return ShipmentState.wrap(word);
        }
    }

    function _firstDay(ShipmentState self, CustomsEventType s) private pure returns (uint256) {
        return (ShipmentState.unwrap(self) >> (DAYS_SHIFT + 16 * (uint256(s) - 1))) & DAY_MASK;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ShipmentState} from "../../contracts/libraries/CustomsShipmentState.sol";
import {CustomsTransitions} from "../../contracts/libraries/CustomsTransitions.sol";
import {CustomsEventType} from "../../contracts/types/CustomsTypes.sol";

/// @notice Fuzz: whatever events arrive, in whatever order, a shipment's status never goes
/// back a stage, Cleared is terminal, `since` never decreases, what was reached stays reached
/// on the same day, and an event that is not applied changes nothing.
contract CustomsTransitionsTest {
    uint256 private constant STEPS = 40;
    uint256 private constant DAY = 86_400;

    error PropertyViolated(string property, uint256 step);

    function testFuzz_statusNeverRegresses(uint256 seed) public pure {
        ShipmentState state;
        uint256 clock = 1_700_000_000;
        for (uint256 step = 0; step < STEPS; ++step) {
            seed = uint256(keccak256(abi.encode(seed, step)));
            CustomsEventType eventType = CustomsEventType(1 + (seed % 12));
            // Mostly forward in time, sometimes late (up to two days back), sometimes the same second.
            uint256 move = (seed >> 8) % 5;
            uint256 delta = (seed >> 16) % (2 * DAY);
            if (move == 0) clock = clock > delta ? clock - delta : 1;
            else if (move != 1) clock += delta;
            uint48 occurredAt = uint48(clock);

            (ShipmentState next, CustomsTransitions.Outcome outcome) = CustomsTransitions.applyEvent(
                state,
                eventType,
                occurredAt
            );
            _checkStep(state, next, outcome, eventType, occurredAt, step);
            state = next;
        }
    }

    /// @notice A duplicate of the event that set the status is always recognised as one.
    function testFuzz_duplicateOfCurrentStatusIsIgnored(uint8 first, uint8 second, uint32 gap) public pure {
        CustomsEventType a = CustomsEventType(1 + (first % 12));
        CustomsEventType b = CustomsEventType(1 + (second % 12));
        uint48 t0 = 1_700_000_000;
        (ShipmentState s1, ) = CustomsTransitions.applyEvent(ShipmentState.wrap(0), a, t0);
        (ShipmentState s2, CustomsTransitions.Outcome o2) = CustomsTransitions.applyEvent(s1, b, t0 + gap);
        if (o2 != CustomsTransitions.Outcome.Applied) return;
        (ShipmentState s3, CustomsTransitions.Outcome o3) = CustomsTransitions.applyEvent(s2, b, t0 + gap);
        if (o3 != CustomsTransitions.Outcome.Duplicate) revert PropertyViolated("duplicate recognised", 0);
        if (ShipmentState.unwrap(s3) != ShipmentState.unwrap(s2))
            revert PropertyViolated("duplicate changes nothing", 0);
    }

    /// @notice Exactly the exit and transport statuses put a shipment on the destination side.
    function test_destinationSideStatuses() public pure {
        for (uint256 t = 1; t <= 12; ++t) {
            CustomsEventType s = CustomsEventType(t);
            bool departs =
                s == CustomsEventType.GoodsExited ||
                    s == CustomsEventType.Loaded ||
                    s == CustomsEventType.Departed ||
                    s == CustomsEventType.Arrived ||
                    s == CustomsEventType.Discharged;
            ShipmentState entered = ShipmentState.wrap(0).enter(s, 1_700_000_000);
            if (entered.onDestinationSide() != departs) revert PropertyViolated("destination side", t);
        }
    }

    function _checkStep(
        ShipmentState state,
        ShipmentState next,
        CustomsTransitions.Outcome outcome,
        CustomsEventType eventType,
        uint48 occurredAt,
        uint256 step
    ) private pure {
        if (outcome != CustomsTransitions.Outcome.Applied) {
            if (ShipmentState.unwrap(next) != ShipmentState.unwrap(state)) {
                revert PropertyViolated("an event not applied changes nothing", step);
            }
            return;
        }
        if (state.status() == CustomsEventType.Cleared) revert PropertyViolated("Cleared is terminal", step);
        if (next.status() != eventType || next.since() != occurredAt) {
            revert PropertyViolated("an applied event sets status and since", step);
        }
        if (ShipmentState.unwrap(next) != ShipmentState.unwrap(state.enter(eventType, occurredAt))) {
            revert PropertyViolated("an applied event is exactly entering its status", step);
        }
        if (!CustomsTransitions.isAllowed(state.status(), state.onDestinationSide(), eventType)) {
            revert PropertyViolated("only allowed transitions apply", step);
        }
        if (next.since() < state.since()) revert PropertyViolated("since never decreases", step);
        uint256 before = CustomsTransitions.stage(state.status(), state.onDestinationSide());
        uint256 afterwards = CustomsTransitions.stage(next.status(), next.onDestinationSide());
        if (afterwards < before) revert PropertyViolated("the stage never goes back", step);
        if (state.onDestinationSide() && !next.onDestinationSide()) {
            revert PropertyViolated("goods never return to origin", step);
        }
        for (uint256 t = 1; t <= 12; ++t) {
            CustomsEventType s = CustomsEventType(t);
            if (state.hasReached(s)) {
                if (!next.hasReached(s)) revert PropertyViolated("reached stays reached", step);
                if (s != CustomsEventType.Cleared && next.reachedAt(s) != state.reachedAt(s)) {
                    revert PropertyViolated("the first day never changes", step);
                }
            }
        }
        if (!next.hasReached(eventType)) revert PropertyViolated("the new status is reached", step);
        if (
            !state.hasReached(eventType) &&
            next.reachedAt(eventType) != (uint256(occurredAt) / DAY) * DAY &&
            eventType != CustomsEventType.Cleared
        ) {
            revert PropertyViolated("the first day is the event's day", step);
        }
    }
}

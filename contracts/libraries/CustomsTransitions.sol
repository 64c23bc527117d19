// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CustomsEventType} from "../types/CustomsTypes.sol";
import {ShipmentState} from "./CustomsShipmentState.sol";

/// @title CustomsTransitions
/// @notice The per-shipment customs status machine: which event may follow which status.
///
/// Customs events (WCO Data Model response codes) and carrier transport events (DCSA Track &
/// Trace 3) mix in one machine. A shipment passes through stages that never go back:
///
///   0 none → 1 origin customs → 2 goods exited → 3 transport → 4 destination customs → 5 cleared
///
/// The customs statuses (accepted, rejected, under control, documents required, detained,
/// released) occur on both sides; which side is known from the history: once goods exited or
/// any transport event was entered, customs events concern the destination.
///
/// Allowed transitions (from → to):
/// - none → any event (the oracle may first hear of a shipment at any point of its journey).
/// - accepted → under control, documents required, detained, rejected, released, cleared
///   ("green lane"); at origin also → loaded, departed, arrived, discharged.
/// - under control / documents required / detained → one another, rejected, released. A held
///   shipment moves on only by release: "cleared can follow held only via released".
/// - rejected → accepted (an amended declaration is lodged again).
/// - released at origin → goods exited, loaded, departed, arrived, discharged, cleared;
///   released at destination → cleared.
/// - goods exited → any transport event, any destination customs event.
/// - loaded → departed, arrived, discharged; departed → arrived, discharged;
///   arrived → departed (next port call), discharged; discharged → loaded (transshipment);
///   every transport status → any destination customs event.
/// - cleared → nothing (terminal).
/// Anything else is refused: the status stays. Within the transport stage, `arrived → departed`
/// and `discharged → loaded` start the next port call or leg; no transition ever returns to an
/// earlier stage, so a status regression is impossible.
///
/// How an event is judged (in this order):
/// 1. `Duplicate`: same type as the current status and the same `occurredAt` as `since` — the
///    exact event that set the status, delivered again. Nothing changes.
/// 2. `OutOfOrder`: occurred before `since`. Nothing changes (a late message never moves a
///    shipment back); the oracle records it with an event.
/// 3. `Refused`: not an allowed transition from the current status. Nothing changes.
/// 4. `Applied`: the status becomes the event's type, `since` its time.
/// Idempotency comes from the state itself, not from a stored id per event: replaying any
/// event leaves the state as it was (1, 2 or 3 applies, since `since` only grows).
library CustomsTransitions {
    /// @notice What applying one event did.
    enum Outcome {
        Applied,
        Duplicate,
        OutOfOrder,
        Refused
    }

    // One bit per event type.
    uint256 private constant ACCEPTED = 1 << uint256(CustomsEventType.DeclarationAccepted);
    uint256 private constant REJECTED = 1 << uint256(CustomsEventType.DeclarationRejected);
    uint256 private constant UNDER_CONTROL = 1 << uint256(CustomsEventType.UnderControl);
    uint256 private constant DOCUMENTS_REQUIRED = 1 << uint256(CustomsEventType.DocumentsRequired);
    uint256 private constant RELEASED = 1 << uint256(CustomsEventType.Released);
    uint256 private constant CLEARED = 1 << uint256(CustomsEventType.Cleared);
    uint256 private constant GOODS_EXITED = 1 << uint256(CustomsEventType.GoodsExited);
    uint256 private constant DETAINED = 1 << uint256(CustomsEventType.Detained);
    uint256 private constant LOADED = 1 << uint256(CustomsEventType.Loaded);
    uint256 private constant DEPARTED = 1 << uint256(CustomsEventType.Departed);
    uint256 private constant ARRIVED = 1 << uint256(CustomsEventType.Arrived);
    uint256 private constant DISCHARGED = 1 << uint256(CustomsEventType.Discharged);

    uint256 private constant TRANSPORT = LOADED | DEPARTED | ARRIVED | DISCHARGED;
    /// @dev The statuses of customs processing, at either side.
    uint256 private constant CUSTOMS =
        ACCEPTED | REJECTED | UNDER_CONTROL | DOCUMENTS_REQUIRED | DETAINED | RELEASED;
    /// @dev Where a held (or just accepted) declaration may go within its stage.
    uint256 private constant HOLD_EXITS = UNDER_CONTROL | DOCUMENTS_REQUIRED | DETAINED | REJECTED | RELEASED;
    uint256 private constant ANY = CUSTOMS | CLEARED | GOODS_EXITED | TRANSPORT;

    // Rows of the tables: allowed targets of each status, 16 bits per status.
    uint256 private constant ROWS_SHARED =
        (ANY << (16 * uint256(CustomsEventType.None))) |
            ((REJECTED | DOCUMENTS_REQUIRED | DETAINED | RELEASED) <<
                (16 * uint256(CustomsEventType.UnderControl))) |
            ((REJECTED | UNDER_CONTROL | DETAINED | RELEASED) <<
                (16 * uint256(CustomsEventType.DocumentsRequired))) |
            ((REJECTED | UNDER_CONTROL | DOCUMENTS_REQUIRED | RELEASED) <<
                (16 * uint256(CustomsEventType.Detained))) |
            (ACCEPTED << (16 * uint256(CustomsEventType.DeclarationRejected))) |
            ((TRANSPORT | CUSTOMS) << (16 * uint256(CustomsEventType.GoodsExited))) |
            ((DEPARTED | ARRIVED | DISCHARGED | CUSTOMS) << (16 * uint256(CustomsEventType.Loaded))) |
            ((ARRIVED | DISCHARGED | CUSTOMS) << (16 * uint256(CustomsEventType.Departed))) |
            ((DEPARTED | DISCHARGED | CUSTOMS) << (16 * uint256(CustomsEventType.Arrived))) |
            ((LOADED | CUSTOMS) << (16 * uint256(CustomsEventType.Discharged)));

    /// @dev Allowed targets while the goods are still at origin.
    uint256 private constant ORIGIN_TABLE =
        ROWS_SHARED |
            ((HOLD_EXITS | CLEARED | TRANSPORT) << (16 * uint256(CustomsEventType.DeclarationAccepted))) |
            ((GOODS_EXITED | TRANSPORT | CLEARED) << (16 * uint256(CustomsEventType.Released)));

    /// @dev Allowed targets once the goods have left the origin.
    uint256 private constant DESTINATION_TABLE =
        ROWS_SHARED |
            ((HOLD_EXITS | CLEARED) << (16 * uint256(CustomsEventType.DeclarationAccepted))) |
            (CLEARED << (16 * uint256(CustomsEventType.Released)));

    /// @notice Whether a shipment in `from` (on the destination side or not) may move to `to`.
    function isAllowed(
        CustomsEventType from,
        bool destinationSide,
        CustomsEventType to
    ) internal pure returns (bool) {
        uint256 table = destinationSide ? DESTINATION_TABLE : ORIGIN_TABLE;
        return (table >> (16 * uint256(from) + uint256(to))) & 1 == 1;
    }

    /// @notice Judge one event against a shipment's state; see the contract notes for the rules.
    /// @return next The new state (equal to `state` unless `outcome` is `Applied`).
    /// @return outcome What the event did.
    function applyEvent(
        ShipmentState state,
        CustomsEventType eventType,
        uint48 occurredAt
    ) internal pure returns (ShipmentState next, Outcome outcome) {
        // The oracle runs this once per event: plain word arithmetic, no checked maths (every
        // value is a masked field or a type below 16).
        unchecked {
            uint256 word = ShipmentState.unwrap(state);
            uint256 current = word & 0xFF;
            uint256 since = (word >> 8) & 0xFFFFFFFFFFFF;
            uint256 t = uint256(eventType);
            if (t == current && occurredAt == since) return (state, Outcome.Duplicate);
            if (occurredAt < since) return (state, Outcome.OutOfOrder);
            uint256 table = state.onDestinationSide() ? DESTINATION_TABLE : ORIGIN_TABLE;
            if ((table >> (current * 16 + t)) & 1 == 0) return (state, Outcome.Refused);
            return (state.enter(eventType, occurredAt), Outcome.Applied);
        }
    }

    /// @notice The stage of a status (0 none … 5 cleared), for the no-regression property.
    function stage(CustomsEventType s, bool destinationSide) internal pure returns (uint256) {
        if (s == CustomsEventType.None) return 0;
        if (s == CustomsEventType.Cleared) return 5;
        if (s == CustomsEventType.GoodsExited) return 2;
        if ((TRANSPORT >> uint256(s)) & 1 == 1) return 3;
        return destinationSide ? 4 : 1;
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CustomsEvent} from "../types/CustomsTypes.sol";
import {ICustomsStatus} from "./ICustomsStatus.sol";

/// @title ICustomsOracle
/// @notice The contract the oracle daemons push signed batches of customs events to.
/// @dev The report is EIP-712 typed data, domain `{name: "CaravelCustomsOracle", version: "1",
/// chainId, verifyingContract}`, types:
///   CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,bytes32 sourceDocHash,bytes32 sourceMessageId)
///   CustomsReport(uint32 epoch,uint64 sequence,CustomsEvent[] events)
/// `signatures` is the concatenation of 64-byte EIP-2098 compact signatures (r ‖ yParity·2^255 | s)
/// by distinct members of the current committee over that digest, in any order.
/// `sequence` must be exactly `lastSequence() + 1`: reports land in order, once.
interface ICustomsOracle is ICustomsStatus {
    /// @notice Verify `signatures` over the report and apply its events.
    function submitReport(
        uint32 epoch,
        uint64 sequence,
        CustomsEvent[] calldata events,
        bytes calldata signatures
    ) external;

    /// @notice The current committee epoch (bumped by every committee change).
    function epoch() external view returns (uint32);

    /// @notice The sequence number of the last applied report (0 before the first).
    function lastSequence() external view returns (uint64);

    /// @notice The EIP-712 digest the committee signs for a report.
    function reportDigest(
        uint32 epoch,
        uint64 sequence,
        CustomsEvent[] calldata events
    ) external view returns (bytes32);
}

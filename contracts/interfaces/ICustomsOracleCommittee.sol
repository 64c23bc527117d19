// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {CustomsEventType} from "../types/CustomsTypes.sol";
import {ICustomsOracle} from "./ICustomsOracle.sol";

/// @title ICustomsOracleCommittee
/// @notice The customs oracle beyond the agreed daemon-facing `ICustomsOracle`: its committee
/// (changed only by consortium governance), its errors and its events.
interface ICustomsOracleCommittee is ICustomsOracle {
    // ------------------------------------------------------------------ report refusals

    /// @notice No committee has been set yet, so no report can be accepted.
    error CustomsOracleNoCommittee();
    /// @notice The report names committee epoch `epoch`; the current one is `currentEpoch`.
    error CustomsOracleWrongEpoch(uint32 epoch, uint32 currentEpoch);
    /// @notice Report `sequence` was applied already (the last applied is `lastSequence`).
    error CustomsOracleReportReplayed(uint64 sequence, uint64 lastSequence);
    /// @notice Report `sequence` skips ahead; the next report must be `expected`.
    error CustomsOracleSequenceGap(uint64 sequence, uint64 expected);
    /// @notice `submitter` is not a member of the current committee.
    error CustomsOracleSubmitterNotInCommittee(address submitter);
    /// @notice Committee member `submitter` no longer holds the ORACLE role (or is suspended).
    error CustomsOracleSubmitterInactive(address submitter);
    /// @notice A report carries `count` events; it must carry 1 to `max`.
    error CustomsOracleEventCountOutOfRange(uint256 count, uint256 max);
    /// @notice Event `index` has a zero shipment reference, type `None` (or no type at all), or
    /// time 0 (raw calldata values, so that even an undecodable type can be reported).
    error CustomsOracleMalformedEvent(
        uint256 index,
        bytes32 shipmentRef,
        uint256 eventType,
        uint256 occurredAt
    );
    /// @notice Event `index` occurred after `latestAllowed` (the block time plus the allowed drift).
    error CustomsOracleEventInFuture(uint256 index, uint256 occurredAt, uint256 latestAllowed);
    /// @notice `signatures` is `length` bytes: not a whole number of 64-byte compact signatures,
    /// or more signatures than a committee can have.
    error CustomsOracleMalformedSignatures(uint256 length);
    /// @notice Signature `index` is malformed (or high-s) and recovers no signer.
    error CustomsOracleMalformedSignature(uint256 index);
    /// @notice Signature `index` recovers to `signer`, who is not in the current committee
    /// (or signed something other than this report).
    error CustomsOracleSignerNotInCommittee(uint256 index, address signer);
    /// @notice Signature `index` is a second signature by committee member `signer`.
    error CustomsOracleDuplicateSigner(uint256 index, address signer);
    /// @notice Committee member `signer` signed, but no longer holds the ORACLE role (or is suspended).
    error CustomsOracleSignerInactive(address signer);
    /// @notice Only `valid` distinct committee members signed; `required` must.
    error CustomsOracleQuorumNotMet(uint256 valid, uint256 required);

    // --------------------------------------------------------------- committee refusals

    /// @notice A committee must have 1 to `max` members; this one has `size`.
    error CustomsOracleInvalidCommitteeSize(uint256 size, uint256 max);
    /// @notice The threshold must be a majority of the committee (size / 2 < threshold <= size).
    error CustomsOracleInvalidThreshold(uint256 threshold, uint256 size);
    /// @notice Member `index` is the zero address or listed twice.
    error CustomsOracleInvalidMember(uint256 index, address member);
    /// @notice `member` does not hold the ORACLE role (or is suspended).
    error CustomsOracleMemberNotOracle(address member);

    // ----------------------------------------------------------------------------- events

    /// @notice Governance replaced the committee; reports must now name `epoch`.
    event CustomsCommitteeChanged(uint32 indexed epoch, address[] members, uint8 threshold);
    /// @notice Report `sequence` of committee `epoch` was verified and its events applied.
    /// `signers` is a bitmap over the committee's member list.
    event CustomsReportAccepted(
        uint32 indexed epoch,
        uint64 indexed sequence,
        bytes32 digest,
        uint256 signers,
        uint256 eventCount
    );
    /// @notice Shipment `shipmentRef` entered `status`; the event occurred at `occurredAt`.
    /// (The previous status is the one the last such event named; the source message is in
    /// the report's calldata, and `CustomsReportAccepted` names the report.)
    event CustomsStatusChanged(
        bytes32 indexed shipmentRef,
        CustomsEventType indexed status,
        uint48 occurredAt
    );
    /// @notice The event that set the shipment's current status arrived again; nothing changed.
    event CustomsEventDuplicate(bytes32 indexed shipmentRef, CustomsEventType eventType, uint48 occurredAt);
    /// @notice An event older than the shipment's current status (`since`) arrived; it is
    /// recorded here and the status did not move back.
    event CustomsEventOutOfOrder(
        bytes32 indexed shipmentRef,
        CustomsEventType eventType,
        uint48 occurredAt,
        CustomsEventType status,
        uint48 since
    );
    /// @notice `eventType` may not follow the shipment's current `status`; the status stayed.
    event CustomsTransitionRefused(
        bytes32 indexed shipmentRef,
        CustomsEventType eventType,
        uint48 occurredAt,
        CustomsEventType status
    );

    // -------------------------------------------------------------------------- functions

    /// @notice Replace the committee and start a new epoch. Consortium governance only (the
    /// registry executing an approved proposal).
    /// @param members The ORACLE members, 1 to `MAX_COMMITTEE_SIZE`, distinct, any order.
    /// @param threshold How many must sign a report: a majority of `members`.
    function setCommittee(address[] calldata members, uint8 threshold) external;

    /// @notice The current committee, its threshold and epoch (empty and 0 before the first).
    function committee()
        external
        view
        returns (address[] memory members, uint8 threshold, uint32 currentEpoch);

    /// @notice The signature batch verifier every report's signatures go through.
    function signatureVerifier() external view returns (address);
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {AcceleratorAddress} from "../accelerator/AcceleratorAddress.sol";
import {SignatureBatchCalls} from "../accelerator/SignatureBatchCalls.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ICustomsOracle} from "../interfaces/ICustomsOracle.sol";
import {ICustomsOracleCommittee} from "../interfaces/ICustomsOracleCommittee.sol";
import {ICustomsStatus} from "../interfaces/ICustomsStatus.sol";
import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";
import {CodeStore} from "../libraries/CodeStore.sol";
import {CustomsShipmentState, ShipmentState} from "../libraries/CustomsShipmentState.sol";
import {CustomsTransitions} from "../libraries/CustomsTransitions.sol";
import {WordBits} from "../libraries/WordBits.sol";
import {CustomsEvent, CustomsEventType} from "../types/CustomsTypes.sol";

/// @title CustomsOracle
/// @notice Where customs and transport events about shipments reach the chain: an M-of-N
/// committee of ORACLE members signs EIP-712 reports (batches of events with a sequence
/// number); any active committee member submits them; each shipment's status follows the
/// state machine of `CustomsTransitions`; settlement reads it through `ICustomsStatus`
/// (a letter of credit auto-settles once the goods are `Cleared` at destination).
///
/// Report rules, checked in this order (a refused report changes nothing):
/// 1. a committee exists and the report names its epoch (`CustomsOracleWrongEpoch`);
/// 2. `sequence == lastSequence + 1` (`CustomsOracleReportReplayed`, `CustomsOracleSequenceGap`):
///    reports land in order, once;
/// 3. the submitter is in the committee and still an active ORACLE member;
/// 4. 1..MAX_EVENTS_PER_REPORT events, each well formed and not from the future;
/// 5. the signatures, verified by ONE call to the signature batch verifier: every one valid,
///    by a distinct committee member, at least `threshold` of them, and every signer still an
///    active ORACLE member (a member suspended or stripped of the role since the committee was
///    set cannot sign).
///
/// @dev Storage on the hot path:
///   _committee: members (data contract address, 20) | epoch uint32 (4) | lastSequence uint64 (8)
///   shipments: one slot per shipment (`ShipmentState`, see `CustomsShipmentState`).
/// The committee list is the code of a data contract (`CodeStore`: `threshold ‖ members`),
/// written once per committee change by governance. A report reads `_committee` (one cold SLOAD),
/// copies the list with one EXTCODECOPY, and hands it to the verifier, which matches every
/// recovered signer against it in memory: no storage read per signer. The signatures argument
/// of `submitReport` stays exactly as `ICustomsOracle` documents it.
///
/// The verifier is the accelerator at its fixed address (`AcceleratorAddress`) unless the
/// deployer passes another address: pass 0 on local networks (the shim is installed there by
/// `hardhat_setCode`) and on chains with the shim in genesis or a native precompile; pass the
/// address of a normal `SignatureBatchVerifier` deployment anywhere else.
contract CustomsOracle is ICustomsOracleCommittee, EIP712, ConsortiumGated {
    /// @notice Most members a committee may have.
    uint256 public constant MAX_COMMITTEE_SIZE = 32;
    /// @notice Most events one report may carry.
    uint256 public constant MAX_EVENTS_PER_REPORT = 512;
    /// @notice How far after the block's time an event may say it occurred (clock drift between
    /// the sources, the daemons and the chain).
    uint256 public constant MAX_CLOCK_DRIFT = 15 minutes;

    bytes32 private constant EVENT_TYPEHASH = keccak256(
        "CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,"
        "bytes32 sourceDocHash,bytes32 sourceMessageId)"
    );
    bytes32 private constant REPORT_TYPEHASH = keccak256(
        "CustomsReport(uint32 epoch,uint64 sequence,CustomsEvent[] events)"
        "CustomsEvent(bytes32 shipmentRef,uint8 eventType,bytes5 location,uint48 occurredAt,"
        "bytes32 sourceDocHash,bytes32 sourceMessageId)"
    );
    uint256 private constant SIGNATURE_SIZE = 64;
    uint256 private constant ADDRESS_SIZE = 20;

    /// @dev One slot, read once per report.
    struct CommitteeSlot {
        address members; // CodeStore data contract: threshold (1 byte) ‖ members (20 bytes each)
        uint32 epoch;
        uint64 lastSequence;
    }

    ISignatureBatchVerifier private immutable _verifier;
    CommitteeSlot private _committee;
    mapping(bytes32 shipmentRef => ShipmentState) private _shipments;
    /// @dev Where each cleared shipment was cleared (the `location` of its `Cleared` event). Its own
    /// slot, written once per shipment: the shipment's slot has no 40 bits to spare (see
    /// `CustomsShipmentState`), and only settlement reads it.
    mapping(bytes32 shipmentRef => bytes5 location) private _clearedAt;

    /// @param registry_ The consortium registry: ORACLE roles, and the governance executor.
    /// @param verifier_ The signature batch verifier; 0 = the accelerator's fixed address.
    /// @param members The first committee (may be empty: then governance sets the first one).
    /// @param threshold The first committee's threshold (ignored when `members` is empty).
    constructor(
        IConsortiumRegistry registry_,
        address verifier_,
        address[] memory members,
        uint8 threshold
    ) EIP712("CaravelCustomsOracle", "1") ConsortiumGated(registry_) {
        _verifier = ISignatureBatchVerifier(
            verifier_ == address(0) ? AcceleratorAddress.SIGNATURE_BATCH_VERIFIER : verifier_
        );
        if (members.length != 0) _setCommittee(members, threshold);
    }

    // ---------------------------------------------------------------------- reports

    /// @inheritdoc ICustomsOracle
    function submitReport(
        uint32 epoch_,
        uint64 sequence,
        CustomsEvent[] calldata events,
        bytes calldata signatures
    ) external {
        CommitteeSlot memory c = _committee;
        if (c.members == address(0)) revert CustomsOracleNoCommittee();
        if (epoch_ != c.epoch) revert CustomsOracleWrongEpoch(epoch_, c.epoch);
        if (sequence <= c.lastSequence) revert CustomsOracleReportReplayed(sequence, c.lastSequence);
        if (sequence != c.lastSequence + 1) revert CustomsOracleSequenceGap(sequence, c.lastSequence + 1);

        (bytes memory members, uint256 threshold) = _loadCommittee(c.members);
        if (!_contains(members, msg.sender)) revert CustomsOracleSubmitterNotInCommittee(msg.sender);
        if (!_isActiveOracle(msg.sender)) revert CustomsOracleSubmitterInactive(msg.sender);

        uint256 count = events.length;
        if (count == 0 || count > MAX_EVENTS_PER_REPORT) {
            revert CustomsOracleEventCountOutOfRange(count, MAX_EVENTS_PER_REPORT);
        }
        bytes32 digest = _reportDigest(epoch_, sequence, events, true);
        uint256 signers = _verifySignatures(digest, members, threshold, signatures);

        _committee.lastSequence = sequence;
        _applyEvents(events);
        emit CustomsReportAccepted(epoch_, sequence, digest, signers, count);
    }

    /// @inheritdoc ICustomsOracle
    function reportDigest(
        uint32 epoch_,
        uint64 sequence,
        CustomsEvent[] calldata events
    ) external view returns (bytes32) {
        return _reportDigest(epoch_, sequence, events, false);
    }

    /// @inheritdoc ICustomsOracle
    function epoch() external view returns (uint32) {
        return _committee.epoch;
    }

    /// @inheritdoc ICustomsOracle
    function lastSequence() external view returns (uint64) {
        return _committee.lastSequence;
    }

    // ---------------------------------------------------------------------- status

    /// @inheritdoc ICustomsStatus
    function customsStatus(
        bytes32 shipmentRef
    ) external view returns (CustomsEventType status, uint48 since) {
        ShipmentState state = _shipments[shipmentRef];
        return (state.status(), state.since());
    }

    /// @inheritdoc ICustomsStatus
    function clearance(bytes32 shipmentRef) external view returns (bool cleared, uint48 at, bytes5 location) {
        ShipmentState state = _shipments[shipmentRef];
        if (state.status() != CustomsEventType.Cleared) return (false, 0, bytes5(0));
        return (true, state.since(), _clearedAt[shipmentRef]);
    }

    /// @inheritdoc ICustomsStatus
    /// @dev `at` is exact for `Cleared` and the start of the UTC day for other statuses (the
    /// one-slot state keeps a day per status; see `CustomsShipmentState`).
    function hasReached(
        bytes32 shipmentRef,
        CustomsEventType status
    ) external view returns (bool reached, uint48 at) {
        ShipmentState state = _shipments[shipmentRef];
        return (state.hasReached(status), state.reachedAt(status));
    }

    // ------------------------------------------------------------------- committee

    /// @inheritdoc ICustomsOracleCommittee
    function setCommittee(address[] calldata members, uint8 threshold) external onlyGovernance {
        _setCommittee(members, threshold);
    }

    /// @inheritdoc ICustomsOracleCommittee
    function committee()
        external
        view
        returns (address[] memory members, uint8 threshold, uint32 currentEpoch)
    {
        CommitteeSlot memory c = _committee;
        if (c.members == address(0)) return (members, 0, c.epoch);
        (bytes memory packed, uint256 t) = _loadCommittee(c.members);
        members = new address[](packed.length / ADDRESS_SIZE);
        for (uint256 i = 0; i < members.length; ++i) {
            members[i] = _memberAt(packed, i);
        }
        return (members, uint8(t), c.epoch);
    }

    /// @inheritdoc ICustomsOracleCommittee
    function signatureVerifier() external view returns (address) {
        return address(_verifier);
    }

    // -------------------------------------------------------------------- internal

    /// @dev Apply every event to its shipment, in report order. The events' fields were checked
    /// by `_reportDigest` (non-zero reference, a real type, a time in range), so they are read
    /// straight from calldata here.
    function _applyEvents(CustomsEvent[] calldata events) private {
        uint256 end;
        uint256 src;
        assembly ("memory-safe") {
            src := events.offset
            end := add(src, mul(events.length, 0xc0))
        }
        for (; src < end; src += 0xc0) {
            bytes32 ref;
            uint256 eventType;
            uint256 occurredAt;
            assembly ("memory-safe") {
                ref := calldataload(src)
                eventType := calldataload(add(src, 0x20))
                occurredAt := calldataload(add(src, 0x60))
            }
            ShipmentState state = _shipments[ref];
            (ShipmentState next, CustomsTransitions.Outcome outcome) = CustomsTransitions.applyEvent(
                state,
                CustomsEventType(eventType),
                uint48(occurredAt)
            );
            if (outcome == CustomsTransitions.Outcome.Applied) {
                _shipments[ref] = next;
                if (eventType == uint256(CustomsEventType.Cleared)) _recordClearance(ref, src);
                emit CustomsStatusChanged(ref, CustomsEventType(eventType), uint48(occurredAt));
            } else if (outcome == CustomsTransitions.Outcome.Duplicate) {
                emit CustomsEventDuplicate(ref, CustomsEventType(eventType), uint48(occurredAt));
            } else if (outcome == CustomsTransitions.Outcome.OutOfOrder) {
                emit CustomsEventOutOfOrder(
                    ref,
                    CustomsEventType(eventType),
                    uint48(occurredAt),
                    state.status(),
                    state.since()
                );
            } else {
                emit CustomsTransitionRefused(
                    ref,
                    CustomsEventType(eventType),
                    uint48(occurredAt),
                    state.status()
                );
            }
        }
    }

    /// @dev Keeps where shipment `ref` was cleared: the location of the event at calldata `src`.
    function _recordClearance(bytes32 ref, uint256 src) private {
        bytes5 location;
        assembly ("memory-safe") {
            // The location word's first five bytes (a bytes5 is left-aligned).
            location := and(calldataload(add(src, 0x40)), shl(216, 0xffffffffff))
        }
        _clearedAt[ref] = location;
    }

    /// @dev The EIP-712 digest of a report. Each event is hashed straight from calldata: the
    /// six words of a `CustomsEvent` are its EIP-712 encoding (uint8, bytes5 and uint48 are
    /// padded exactly as `encodeData` pads them), so `typehash ‖ words` is hashed as it stands.
    /// Dirty calldata cannot pass: it would hash differently from what the committee signed.
    /// With `check`, also refuse malformed or future events (raw values, first bad one).
    function _reportDigest(
        uint32 epoch_,
        uint64 sequence,
        CustomsEvent[] calldata events,
        bool check
    ) private view returns (bytes32) {
        bytes32 eventTypehash = EVENT_TYPEHASH;
        uint256 latestAllowed = block.timestamp + MAX_CLOCK_DRIFT;
        if (latestAllowed >= CustomsShipmentState.TIME_LIMIT)
            latestAllowed = CustomsShipmentState.TIME_LIMIT - 1;
        uint256 maxType = uint256(type(CustomsEventType).max);
        uint256 bad = type(uint256).max;
        bytes32 eventsHash;
        assembly ("memory-safe") {
            let n := events.length
            let buffer := mload(0x40) // typehash | 6 event words (scratch, not allocated)
            let hashes := add(buffer, 0xe0) // the event hashes, one word each (scratch)
            mstore(buffer, eventTypehash)
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let src := add(events.offset, mul(i, 0xc0))
                calldatacopy(add(buffer, 0x20), src, 0xc0)
                mstore(add(hashes, shl(5, i)), keccak256(buffer, 0xe0))
                if and(check, eq(bad, not(0))) {
                    let eventType := calldataload(add(src, 0x20))
                    let occurredAt := calldataload(add(src, 0x60))
                    if or(
                        or(iszero(calldataload(src)), or(iszero(eventType), gt(eventType, maxType))),
                        or(iszero(occurredAt), gt(occurredAt, latestAllowed))
                    ) {
                        bad := i
                    }
                }
            }
            eventsHash := keccak256(hashes, shl(5, n))
        }
        if (bad != type(uint256).max) _revertBadEvent(events, bad, latestAllowed, maxType);
        return _hashTypedDataV4(keccak256(abi.encode(REPORT_TYPEHASH, epoch_, sequence, eventsHash)));
    }

    /// @dev Reverts with the reason event `index` was refused, from its raw calldata words.
    function _revertBadEvent(
        CustomsEvent[] calldata events,
        uint256 index,
        uint256 latestAllowed,
        uint256 maxType
    ) private pure {
        bytes32 ref;
        uint256 eventType;
        uint256 occurredAt;
        assembly ("memory-safe") {
            let src := add(events.offset, mul(index, 0xc0))
            ref := calldataload(src)
            eventType := calldataload(add(src, 0x20))
            occurredAt := calldataload(add(src, 0x60))
        }
        if (ref == bytes32(0) || eventType == 0 || eventType > maxType || occurredAt == 0) {
            revert CustomsOracleMalformedEvent(index, ref, eventType, occurredAt);
        }
        revert CustomsOracleEventInFuture(index, occurredAt, latestAllowed);
    }

    /// @dev One call to the verifier; then the refusals with their numbers.
    /// @return signed Bitmap over the committee's members of those who signed.
    function _verifySignatures(
        bytes32 digest,
        bytes memory members,
        uint256 threshold,
        bytes calldata signatures
    ) private view returns (uint256 signed) {
        uint256 length = signatures.length;
        if (length % SIGNATURE_SIZE != 0 || length > MAX_COMMITTEE_SIZE * SIGNATURE_SIZE) {
            revert CustomsOracleMalformedSignatures(length);
        }
        uint256 invalidEntries;
        uint256 duplicateEntries;
        // One call to the verifier, its calldata built in place (SignatureBatchCalls).
        (signed, invalidEntries, duplicateEntries) = SignatureBatchCalls.verifySecp256k1Quorum(
            address(_verifier),
            digest,
            members,
            signatures
        );
        if (invalidEntries != 0) {
            uint256 index = WordBits.lowestBit(invalidEntries);
            address recovered = _recover(digest, signatures, index);
            if (recovered == address(0)) revert CustomsOracleMalformedSignature(index);
            revert CustomsOracleSignerNotInCommittee(index, recovered);
        }
        if (duplicateEntries != 0) {
            uint256 index = WordBits.lowestBit(duplicateEntries);
            revert CustomsOracleDuplicateSigner(index, _recover(digest, signatures, index));
        }
        uint256 valid = WordBits.popcount(signed);
        if (valid < threshold) revert CustomsOracleQuorumNotMet(valid, threshold);
        for (uint256 bits = signed; bits != 0; bits &= bits - 1) {
            address signer = _memberAt(members, WordBits.lowestBit(bits));
            if (!_isActiveOracle(signer)) revert CustomsOracleSignerInactive(signer);
        }
    }

    /// @dev Replace the committee; the caller checked who may.
    function _setCommittee(address[] memory members, uint8 threshold) private {
        uint256 size = members.length;
        if (size == 0 || size > MAX_COMMITTEE_SIZE)
            revert CustomsOracleInvalidCommitteeSize(size, MAX_COMMITTEE_SIZE);
        if (threshold <= size / 2 || threshold > size) revert CustomsOracleInvalidThreshold(threshold, size);
        bytes memory packed = abi.encodePacked(threshold);
        for (uint256 i = 0; i < size; ++i) {
            address member = members[i];
            if (member == address(0)) revert CustomsOracleInvalidMember(i, member);
            for (uint256 j = 0; j < i; ++j) {
                if (members[j] == member) revert CustomsOracleInvalidMember(i, member);
            }
            if (!_isActiveOracle(member)) revert CustomsOracleMemberNotOracle(member);
            packed = abi.encodePacked(packed, member);
        }
        // The CREATE runs only CodeStore's fixed creation code: it cannot call back.
        address pointer = CodeStore.write(packed);
        uint32 newEpoch = _committee.epoch + 1;
        _committee.members = pointer;
        _committee.epoch = newEpoch;
        emit CustomsCommitteeChanged(newEpoch, members, threshold);
    }

    /// @dev The packed member list and threshold kept at `pointer`.
    function _loadCommittee(address pointer) private view returns (bytes memory members, uint256 threshold) {
        uint256 size = CodeStore.dataLength(pointer);
        members = CodeStore.read(pointer, 1, size - 1);
        threshold = uint8(CodeStore.read(pointer, 0, 1)[0]);
    }

    function _isActiveOracle(address account) private view returns (bool) {
        return consortiumRegistry().hasActiveRole(ConsortiumRoles.ORACLE, account);
    }

    function _contains(bytes memory members, address account) private pure returns (bool) {
        uint256 n = members.length / ADDRESS_SIZE;
        for (uint256 i = 0; i < n; ++i) {
            if (_memberAt(members, i) == account) return true;
        }
        return false;
    }

    function _memberAt(bytes memory members, uint256 i) private pure returns (address member) {
        assembly ("memory-safe") {
            member := shr(96, mload(add(add(members, 0x20), mul(i, 20))))
        }
    }

    /// @dev The signer of compact signature `index`, or 0 if it is malformed or high-s.
    function _recover(
        bytes32 digest,
        bytes calldata signatures,
        uint256 index
    ) private pure returns (address) {
        uint256 at = index * SIGNATURE_SIZE;
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(
            digest,
            bytes32(signatures[at:at + 32]),
            bytes32(signatures[at + 32:at + 64])
        );
        return err == ECDSA.RecoverError.NoError ? recovered : address(0);
    }
}

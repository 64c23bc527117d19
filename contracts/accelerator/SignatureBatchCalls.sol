// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";

/// @title SignatureBatchCalls
/// @notice Lean calls to the signature batch verifier for contracts on a hot path: the call's
/// calldata is built in place (one MCOPY of the signer list, one CALLDATACOPY of the
/// signatures) instead of through `abi.encodeCall`, which saves the intermediate copies and
/// checks of the generic encoder. The encoding is the standard ABI encoding of the call.
library SignatureBatchCalls {
    /// @notice Nothing answered at `verifier` (no code there and no precompile).
    error SignatureBatchCallsNoVerifier(address verifier);

    /// @notice `ISignatureBatchVerifier.verifySecp256k1Quorum(digest, signers, signatures)`.
    /// Reverts with the verifier's own error if it reverts.
    function verifySecp256k1Quorum(
        address verifier,
        bytes32 digest,
        bytes memory signers,
        bytes calldata signatures
    ) internal view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        uint256 listLength = signers.length;
        uint256 listAt = _startQuorumCall(digest, listLength);
        assembly ("memory-safe") {
            mcopy(listAt, add(signers, 0x20), listLength)
        }
        bool answered;
        (answered, signed, invalidEntries, duplicateEntries) = _finishQuorumCall(
            verifier,
            listAt,
            listLength,
            signatures
        );
        if (!answered) revert SignatureBatchCallsNoVerifier(verifier);
    }

    /// @notice The same call, with the signer list copied straight from bytes
    /// [codeOffset, codeOffset + listLength) of the code at `listPointer` (a `CodeStore` data
    /// contract) into the call data: no intermediate copy in memory.
    function verifySecp256k1QuorumFromCode(
        address verifier,
        bytes32 digest,
        address listPointer,
        uint256 codeOffset,
        uint256 listLength,
        bytes calldata signatures
    ) internal view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        uint256 listAt = _startQuorumCall(digest, listLength);
        assembly ("memory-safe") {
            extcodecopy(listPointer, listAt, codeOffset, listLength)
        }
        bool answered;
        (answered, signed, invalidEntries, duplicateEntries) = _finishQuorumCall(
            verifier,
            listAt,
            listLength,
            signatures
        );
        if (!answered) revert SignatureBatchCallsNoVerifier(verifier);
    }

    /// @dev Writes selector | digest | 0x60 | offset of signatures | list length past the free
    /// memory pointer; returns where the list's bytes go.
    function _startQuorumCall(bytes32 digest, uint256 listLength) private pure returns (uint256 listAt) {
        bytes4 selector = ISignatureBatchVerifier.verifySecp256k1Quorum.selector;
        assembly ("memory-safe") {
            let buf := mload(0x40)
            mstore(buf, selector)
            mstore(add(buf, 0x04), digest)
            mstore(add(buf, 0x24), 0x60)
            mstore(add(buf, 0x44), add(0x80, and(add(listLength, 31), not(31))))
            mstore(add(buf, 0x64), listLength)
            listAt := add(buf, 0x84)
            mstore(add(listAt, listLength), 0) // the list's zero padding (written before the list)
        }
    }

    /// @dev Appends the signatures (length, data, padding) after the list, makes the call and
    /// decodes its three words; `answered` is false if no three words came back.
    function _finishQuorumCall(
        address verifier,
        uint256 listAt,
        uint256 listLength,
        bytes calldata signatures
    ) private view returns (bool answered, uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        assembly ("memory-safe") {
            let buf := sub(listAt, 0x84)
            let sigAt := add(listAt, and(add(listLength, 31), not(31)))
            mstore(sigAt, signatures.length)
            calldatacopy(add(sigAt, 0x20), signatures.offset, signatures.length)
            mstore(add(add(sigAt, 0x20), signatures.length), 0) // zero padding
            let size := sub(add(add(sigAt, 0x20), and(add(signatures.length, 31), not(31))), buf)
            if iszero(staticcall(gas(), verifier, buf, size, buf, 0x60)) {
                returndatacopy(buf, 0, returndatasize())
                revert(buf, returndatasize())
            }
            answered := eq(returndatasize(), 0x60)
            signed := mload(buf)
            invalidEntries := mload(add(buf, 0x20))
            duplicateEntries := mload(add(buf, 0x40))
        }
    }
}

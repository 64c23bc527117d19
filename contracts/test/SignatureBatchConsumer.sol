// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AcceleratorAddress} from "../accelerator/AcceleratorAddress.sol";
import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";
import {SignatureBatchCalls} from "../accelerator/SignatureBatchCalls.sol";
import {CodeStore} from "../libraries/CodeStore.sol";
import {WordBits} from "../libraries/WordBits.sol";

/// @title SignatureBatchConsumer
/// @notice Test double: a thin contract that verifies batches through the accelerator at its
/// fixed address, the way the customs oracle does. Benchmarks send real transactions to it so
/// the measured gas includes the call to the fixed address, calldata and the 21,000 base.
/// @dev The quorum signer list (20-byte addresses) and key list (64-byte P-256 keys) are kept
/// as code (`CodeStore`) behind a pointer in storage, as a governable signer set would be: the
/// membership check then costs one cold SLOAD of the pointer and one EXTCODECOPY, not a storage
/// read per signer.
contract SignatureBatchConsumer {
    ISignatureBatchVerifier private constant VERIFIER = ISignatureBatchVerifier(
        AcceleratorAddress.SIGNATURE_BATCH_VERIFIER
    );

    /// @notice Some quorum signatures were invalid (bitmap) or repeated a signer (bitmap).
    error SignatureBatchConsumerRefused(uint256 invalidEntries, uint256 duplicateEntries);

    /// @dev A data contract and how many bytes of data it holds, in one slot.
    struct ListPointer {
        address at;
        uint96 length;
    }

    ListPointer private _secp256k1Signers;
    ListPointer private _p256Keys;
    ListPointer private _blsKeys;

    /// @param secp256k1Signers Packed 20-byte signer addresses for the secp256k1 quorum.
    /// @param p256Keys Packed 64-byte P-256 keys for the P-256 quorum.
    /// @param blsKeys Packed 128-byte BLS12-381 G1 keys (EIP-2537 encoding) for the aggregate.
    constructor(bytes memory secp256k1Signers, bytes memory p256Keys, bytes memory blsKeys) {
        _secp256k1Signers = ListPointer(CodeStore.write(secp256k1Signers), uint96(secp256k1Signers.length));
        _p256Keys = ListPointer(CodeStore.write(p256Keys), uint96(p256Keys.length));
        _blsKeys = ListPointer(CodeStore.write(blsKeys), uint96(blsKeys.length));
    }

    /// @notice The address this consumer calls: `AcceleratorAddress.SIGNATURE_BATCH_VERIFIER`.
    function verifier() external pure returns (address) {
        return address(VERIFIER);
    }

    /// @notice Generic shape, secp256k1: reverts unless every entry is valid.
    function checkSecp256k1(bytes calldata entries) external view returns (uint256) {
        return VERIFIER.requireSecp256k1(entries);
    }

    /// @notice Generic shape, P-256: reverts unless every entry is valid.
    function checkP256(bytes calldata entries) external view returns (uint256) {
        return VERIFIER.requireP256(entries);
    }

    /// @notice Quorum shape, secp256k1, against the stored signer list: reverts unless every
    /// signature is valid, by a distinct listed signer, and `threshold` signed (the check the
    /// customs oracle makes, through the same lean call).
    function checkSecp256k1Quorum(
        bytes32 digest,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        ListPointer memory list = _secp256k1Signers;
        uint256 invalidEntries;
        uint256 duplicateEntries;
        // The data starts at code byte 1 (after CodeStore's leading STOP).
        (signed, invalidEntries, duplicateEntries) = SignatureBatchCalls.verifySecp256k1QuorumFromCode(
            address(VERIFIER),
            digest,
            list.at,
            1,
            list.length,
            signatures
        );
        if (invalidEntries != 0) revert SignatureBatchConsumerRefused(invalidEntries, duplicateEntries);
        if (duplicateEntries != 0) revert SignatureBatchConsumerRefused(invalidEntries, duplicateEntries);
        uint256 count = WordBits.popcount(signed);
        if (count < threshold)
            revert ISignatureBatchVerifier.SignatureBatchVerifierQuorumNotMet(count, threshold);
    }

    /// @notice Quorum shape, P-256, against the stored key list.
    function checkP256Quorum(
        bytes32 digest,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        ListPointer memory list = _p256Keys;
        bytes memory keys = CodeStore.read(list.at, 0, list.length);
        return VERIFIER.requireP256Quorum(digest, keys, signatures, threshold);
    }

    /// @notice BLS12-381 aggregate over one digest by the stored keys selected by `signers`;
    /// reverts unless valid.
    function checkBls12381(
        bytes32 digest,
        uint256 signers,
        bytes calldata signature
    ) external view returns (bool) {
        ListPointer memory list = _blsKeys;
        bytes memory keys = CodeStore.read(list.at, 0, list.length);
        if (!VERIFIER.verifyBls12381Aggregate(digest, keys, signers, signature)) {
            revert SignatureBatchConsumerRefused(signers, 0);
        }
        return true;
    }
}

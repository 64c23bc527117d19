// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AcceleratorAddress} from "../accelerator/AcceleratorAddress.sol";
import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";
import {CodeStore} from "../libraries/CodeStore.sol";

/// @title SignatureBatchConsumer
/// @notice Test double: a thin contract that verifies batches through the accelerator at its
/// fixed address, the way the customs oracle does. Benchmarks send real transactions to it so
/// the measured gas includes the call to the fixed address, calldata and the 21,000 base.
/// @dev The quorum signer list (20-byte addresses) and key list (64-byte P-256 keys) are kept
/// as code (`CodeStore`): the membership check then costs one cold SLOAD of the pointers and
/// one EXTCODECOPY, not a storage read per signer.
contract SignatureBatchConsumer {
    ISignatureBatchVerifier private constant VERIFIER = ISignatureBatchVerifier(
        AcceleratorAddress.SIGNATURE_BATCH_VERIFIER
    );

    address private immutable _secp256k1Signers;
    address private immutable _p256Keys;

    /// @param secp256k1Signers Packed 20-byte signer addresses for the secp256k1 quorum.
    /// @param p256Keys Packed 64-byte P-256 keys for the P-256 quorum.
    constructor(bytes memory secp256k1Signers, bytes memory p256Keys) {
        _secp256k1Signers = CodeStore.write(secp256k1Signers);
        _p256Keys = CodeStore.write(p256Keys);
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

    /// @notice Quorum shape, secp256k1, against the stored signer list.
    function checkSecp256k1Quorum(
        bytes32 digest,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        bytes memory signers = CodeStore.read(_secp256k1Signers, 0, CodeStore.dataLength(_secp256k1Signers));
        return VERIFIER.requireSecp256k1Quorum(digest, signers, signatures, threshold);
    }

    /// @notice Quorum shape, P-256, against the stored key list.
    function checkP256Quorum(
        bytes32 digest,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        bytes memory keys = CodeStore.read(_p256Keys, 0, CodeStore.dataLength(_p256Keys));
        return VERIFIER.requireP256Quorum(digest, keys, signatures, threshold);
    }
}

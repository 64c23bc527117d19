// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";

/// @title SignatureBatchVerifier
/// @notice The Solidity shim of the precompile-style signature accelerator: batch verification
/// of secp256k1 (through `ecrecover`, 0x01) and P-256 (through EIP-7951, 0x100) signatures, in
/// the generic and the quorum shape that `ISignatureBatchVerifier` documents with their packed
/// calldata layouts.
/// @dev Stateless on purpose: no storage, no immutables, nothing set by a constructor. The local
/// networks copy its runtime code to `AcceleratorAddress.SIGNATURE_BATCH_VERIFIER` with
/// `hardhat_setCode`, and a consortium chain may put it there in its genesis; either way it
/// must behave the same as the deployed original.
///
/// The loops are inline assembly because the whole point is gas: each entry is read straight
/// from calldata (no ABI decoding, no per-entry memory copies), the precompile input is built in
/// scratch memory past the free memory pointer (never allocated, never kept), and results are
/// single bits. A precompile call that fails outright (out of gas) reverts the whole batch, so a
/// caller that starves the verifier of gas cannot make a valid signature look invalid.
contract SignatureBatchVerifier is ISignatureBatchVerifier {
    /// @dev Most signers, keys or signatures in one quorum call: one 256-bit bitmap word.
    uint256 private constant MAX_QUORUM = 256;

    uint256 private constant SECP256K1_ENTRY_SIZE = 116; // digest 32 | signer 20 | r 32 | vs 32
    uint256 private constant P256_ENTRY_SIZE = 160; // digest 32 | r 32 | s 32 | qx 32 | qy 32
    uint256 private constant ADDRESS_SIZE = 20;
    uint256 private constant COMPACT_SIGNATURE_SIZE = 64; // r 32 | vs 32 (EIP-2098)
    uint256 private constant P256_KEY_SIZE = 64; // qx 32 | qy 32
    uint256 private constant P256_QUORUM_SIGNATURE_SIZE = 65; // key index 1 | r 32 | s 32

    /// @dev n/2 for secp256k1: EIP-2 accepts only s <= n/2 (the low-s form).
    uint256 private constant SECP256K1_HALF_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev Masks the yParity bit (bit 255) off an EIP-2098 `vs` word, leaving s.
    uint256 private constant S_MASK = 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF;

    // -------------------------------------------------------------------- generic shape

    /// @inheritdoc ISignatureBatchVerifier
    function verifySecp256k1(bytes calldata entries) external view returns (uint256[] memory valid) {
        uint256 n = _entryCount(entries.length, SECP256K1_ENTRY_SIZE);
        valid = new uint256[]((n + 255) >> 8);
        _verifySecp256k1(entries, n, valid);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function requireSecp256k1(bytes calldata entries) external view returns (uint256 count) {
        count = _entryCount(entries.length, SECP256K1_ENTRY_SIZE);
        uint256[] memory valid = new uint256[]((count + 255) >> 8);
        _verifySecp256k1(entries, count, valid);
        _requireAllSet(valid, count);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function verifyP256(bytes calldata entries) external view returns (uint256[] memory valid) {
        uint256 n = _entryCount(entries.length, P256_ENTRY_SIZE);
        valid = new uint256[]((n + 255) >> 8);
        _verifyP256(entries, n, valid);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function requireP256(bytes calldata entries) external view returns (uint256 count) {
        count = _entryCount(entries.length, P256_ENTRY_SIZE);
        uint256[] memory valid = new uint256[]((count + 255) >> 8);
        _verifyP256(entries, count, valid);
        _requireAllSet(valid, count);
    }

    // --------------------------------------------------------------------- quorum shape

    /// @inheritdoc ISignatureBatchVerifier
    function verifySecp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures
    ) external view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        return _secp256k1Quorum(digest, signers, signatures);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function requireSecp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        uint256 invalid;
        uint256 duplicates;
        (signed, invalid, duplicates) = _secp256k1Quorum(digest, signers, signatures);
        _requireQuorum(signed, invalid, duplicates, threshold);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function verifyP256Quorum(
        bytes32 digest,
        bytes calldata keys,
        bytes calldata signatures
    ) external view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        return _p256Quorum(digest, keys, signatures);
    }

    /// @inheritdoc ISignatureBatchVerifier
    function requireP256Quorum(
        bytes32 digest,
        bytes calldata keys,
        bytes calldata signatures,
        uint256 threshold
    ) external view returns (uint256 signed) {
        uint256 invalid;
        uint256 duplicates;
        (signed, invalid, duplicates) = _p256Quorum(digest, keys, signatures);
        _requireQuorum(signed, invalid, duplicates, threshold);
    }

    // ------------------------------------------------------------------------- loops

    /// @dev Sets bit i of `valid` for every valid 116-byte entry i.
    function _verifySecp256k1(bytes calldata entries, uint256 n, uint256[] memory valid) private view {
        assembly ("memory-safe") {
            let input := mload(0x40) // ecrecover input: digest | v | r | s (scratch, not allocated)
            let bits := add(valid, 0x20)
            let p := entries.offset
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
                p := add(p, SECP256K1_ENTRY_SIZE)
            } {
                let vs := calldataload(add(p, 84))
                let s := and(vs, S_MASK)
                // EIP-2: refuse a high s before paying for the recovery. r = 0, r >= n and s = 0
                // are refused by the precompile itself (it returns no data).
                if iszero(gt(s, SECP256K1_HALF_ORDER)) {
                    mstore(input, calldataload(p))
                    mstore(add(input, 0x20), add(27, shr(255, vs)))
                    mstore(add(input, 0x40), calldataload(add(p, 52)))
                    mstore(add(input, 0x60), s)
                    if iszero(staticcall(gas(), 0x01, input, 0x80, 0x00, 0x20)) {
                        revert(0x00, 0x00)
                    }
                    // On failure ecrecover returns nothing and leaves 0x00 untouched (it may hold an
                    // earlier entry's signer), so the return size is part of the check.
                    if and(eq(returndatasize(), 0x20), eq(mload(0x00), shr(96, calldataload(add(p, 32))))) {
                        let word := add(bits, shl(5, shr(8, i)))
                        mstore(word, or(mload(word), shl(and(i, 0xff), 1)))
                    }
                }
            }
        }
    }

    /// @dev Sets bit i of `valid` for every valid 160-byte entry i.
    function _verifyP256(bytes calldata entries, uint256 n, uint256[] memory valid) private view {
        assembly ("memory-safe") {
            let input := mload(0x40)
            let bits := add(valid, 0x20)
            let p := entries.offset
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
                p := add(p, P256_ENTRY_SIZE)
            } {
                // The entry is the EIP-7951 input as it stands. The precompile checks r, s in
                // [1, n-1] and the key on the curve; it returns 32 bytes of 1 on success, else nothing.
                calldatacopy(input, p, P256_ENTRY_SIZE)
                if iszero(staticcall(gas(), 0x100, input, P256_ENTRY_SIZE, 0x00, 0x20)) {
                    revert(0x00, 0x00)
                }
                if and(eq(returndatasize(), 0x20), eq(mload(0x00), 1)) {
                    let word := add(bits, shl(5, shr(8, i)))
                    mstore(word, or(mload(word), shl(and(i, 0xff), 1)))
                }
            }
        }
    }

    /// @dev The secp256k1 quorum loop. Each signature is recovered, then its address is looked up
    /// in `signers` starting just after the previous match and wrapping around: signatures in
    /// list order cost one comparison each, any other order at most one pass over the list. The
    /// `signed` bitmap doubles as the duplicate check.
    function _secp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures
    ) private view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        uint256 n = _quorumCount(signers.length, ADDRESS_SIZE);
        uint256 m = _quorumCount(signatures.length, COMPACT_SIGNATURE_SIZE);
        uint256 signersAt;
        uint256 signaturesAt;
        assembly ("memory-safe") {
            signersAt := signers.offset
            signaturesAt := signatures.offset
            mstore(mload(0x40), digest) // ecrecover input: digest | v | r | s (scratch, not allocated)
        }
        return _secp256k1QuorumLoop(signersAt, n, signaturesAt, m);
    }

    /// @dev The loop of `_secp256k1Quorum`, on raw calldata offsets (fewer stack slots). The
    /// digest is already at the free memory pointer.
    function _secp256k1QuorumLoop(
        uint256 signersAt,
        uint256 n,
        uint256 signaturesAt,
        uint256 m
    ) private view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        assembly ("memory-safe") {
            // The address recovered from the compact signature at `at`, or 0 if it is malformed
            // or high-s. The digest is at the free memory pointer already.
            function recoverAt(at) -> recovered {
                let vs := calldataload(add(at, 0x20))
                let s := and(vs, S_MASK)
                if iszero(gt(s, SECP256K1_HALF_ORDER)) {
                    let buffer := mload(0x40)
                    mstore(add(buffer, 0x20), add(27, shr(255, vs)))
                    mstore(add(buffer, 0x40), calldataload(at))
                    mstore(add(buffer, 0x60), s)
                    if iszero(staticcall(gas(), 0x01, buffer, 0x80, 0x00, 0x20)) {
                        revert(0x00, 0x00)
                    }
                    // On failure ecrecover returns nothing and leaves 0x00 as it was.
                    if eq(returndatasize(), 0x20) {
                        recovered := mload(0x00)
                    }
                }
            }
            // The position of `who` in the packed list of `count` addresses at `list`, searching
            // from `start` and wrapping around; `count` if it is not there.
            function positionOf(list, count, start, who) -> position {
                position := count
                let q := start
                if iszero(lt(q, count)) {
                    q := 0
                }
                for {
                    let t := 0
                } lt(t, count) {
                    t := add(t, 1)
                } {
                    if eq(shr(96, calldataload(add(list, mul(q, ADDRESS_SIZE)))), who) {
                        position := q
                        break
                    }
                    q := add(q, 1)
                    if eq(q, count) {
                        q := 0
                    }
                }
            }

            let cursor := 0
            for {
                let k := 0
            } lt(k, m) {
                k := add(k, 1)
            } {
                let j := n // n stands for "not in the list"
                let recovered := recoverAt(add(signaturesAt, shl(6, k)))
                if recovered {
                    j := positionOf(signersAt, n, cursor, recovered)
                }
                switch lt(j, n)
                case 0 {
                    invalidEntries := or(invalidEntries, shl(k, 1))
                }
                default {
                    switch and(signed, shl(j, 1))
                    case 0 {
                        signed := or(signed, shl(j, 1))
                        cursor := add(j, 1) // positionOf wraps it to 0 past the end
                    }
                    default {
                        duplicateEntries := or(duplicateEntries, shl(k, 1))
                    }
                }
            }
        }
    }

    /// @dev The P-256 quorum loop: each signature names its key by index (P-256 has no recovery).
    function _p256Quorum(
        bytes32 digest,
        bytes calldata keys,
        bytes calldata signatures
    ) private view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        uint256 n = _quorumCount(keys.length, P256_KEY_SIZE);
        uint256 m = _quorumCount(signatures.length, P256_QUORUM_SIGNATURE_SIZE);
        assembly ("memory-safe") {
            let input := mload(0x40) // digest | r | s | qx | qy
            mstore(input, digest)
            let p := signatures.offset
            for {
                let k := 0
            } lt(k, m) {
                k := add(k, 1)
                p := add(p, P256_QUORUM_SIGNATURE_SIZE)
            } {
                let j := byte(0, calldataload(p))
                let ok := 0
                if lt(j, n) {
                    calldatacopy(add(input, 0x20), add(p, 1), 0x40)
                    calldatacopy(add(input, 0x60), add(keys.offset, shl(6, j)), P256_KEY_SIZE)
                    if iszero(staticcall(gas(), 0x100, input, P256_ENTRY_SIZE, 0x00, 0x20)) {
                        revert(0x00, 0x00)
                    }
                    ok := and(eq(returndatasize(), 0x20), eq(mload(0x00), 1))
                }
                switch ok
                case 0 {
                    invalidEntries := or(invalidEntries, shl(k, 1))
                }
                default {
                    let bit := shl(j, 1)
                    switch and(signed, bit)
                    case 0 {
                        signed := or(signed, bit)
                    }
                    default {
                        duplicateEntries := or(duplicateEntries, shl(k, 1))
                    }
                }
            }
        }
    }

    // ----------------------------------------------------------------------- helpers

    function _entryCount(uint256 length, uint256 entrySize) private pure returns (uint256) {
        if (length % entrySize != 0) revert SignatureBatchVerifierMalformedBatch(length, entrySize);
        return length / entrySize;
    }

    function _quorumCount(uint256 length, uint256 entrySize) private pure returns (uint256 count) {
        count = _entryCount(length, entrySize);
        if (count > MAX_QUORUM) revert SignatureBatchVerifierBatchTooLarge(count, MAX_QUORUM);
    }

    /// @dev Reverts at the first entry of `n` whose bit is clear.
    function _requireAllSet(uint256[] memory valid, uint256 n) private pure {
        for (uint256 w = 0; w < valid.length; ++w) {
            uint256 inWord = n - (w << 8);
            uint256 expected = inWord >= 256 ? type(uint256).max : (uint256(1) << inWord) - 1;
            uint256 missing = expected & ~valid[w];
            if (missing != 0) revert SignatureBatchVerifierInvalidEntry((w << 8) + _lowestBit(missing));
        }
    }

    /// @dev Invalid entries first (lowest index), then duplicates, then the count.
    function _requireQuorum(
        uint256 signed,
        uint256 invalid,
        uint256 duplicates,
        uint256 threshold
    ) private pure {
        if (invalid != 0) revert SignatureBatchVerifierInvalidEntry(_lowestBit(invalid));
        if (duplicates != 0) revert SignatureBatchVerifierDuplicateSigner(_lowestBit(duplicates));
        uint256 count = _popcount(signed);
        if (count < threshold) revert SignatureBatchVerifierQuorumNotMet(count, threshold);
    }

    function _lowestBit(uint256 x) private pure returns (uint256) {
        return Math.log2(x & (~x + 1));
    }

    function _popcount(uint256 x) private pure returns (uint256 count) {
        // Kernighan: one round per set bit; at most 256 rounds, usually a handful.
        while (x != 0) {
            x &= x - 1;
            ++count;
        }
    }
}

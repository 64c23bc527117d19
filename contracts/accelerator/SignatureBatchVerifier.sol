// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";
import {WordBits} from "../libraries/WordBits.sol";
import {Bls12381} from "./Bls12381.sol";

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
/// single bits.
///
/// Starving the verifier of gas cannot make a valid signature look invalid. The P-256 loops
/// revert when the precompile call fails. The secp256k1 loops skip that check on their hot path
/// (as Solady's ECDSA does): ecrecover fails only for lack of gas, which means fewer than 3,000
/// gas were forwarded, and then (EIP-150, 63/64 rule) this frame keeps at most 47 gas, too little
/// to finish the loop iteration and encode a result (a refused quorum signature takes the cold
/// path, which alone costs more), so the whole call runs out of gas instead of answering.
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
    uint256 private constant SECP256K1_HALF_ORDER_PLUS_ONE =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A1;
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

    /// @inheritdoc ISignatureBatchVerifier
    function verifyBls12381Aggregate(
        bytes32 digest,
        bytes calldata keys,
        uint256 signers,
        bytes calldata signature
    ) external view returns (bool valid) {
        _quorumCount(keys.length, Bls12381.G1_POINT_SIZE);
        return Bls12381.verifyAggregate(digest, keys, signers, signature);
    }

    // ------------------------------------------------------------------------- loops

    /// @dev Sets bit i of `valid` for every valid 116-byte entry i. Bits gather in one word on
    /// the stack (an inner loop per 256 entries) and go to memory once per word.
    function _verifySecp256k1(bytes calldata entries, uint256 n, uint256[] memory valid) private view {
        assembly ("memory-safe") {
            let input := mload(0x40) // ecrecover input: digest | v | r | s (scratch, not allocated)
            let end := add(entries.offset, mul(n, SECP256K1_ENTRY_SIZE))
            let p := entries.offset
            for {
                let word := add(valid, 0x20)
            } lt(p, end) {
                word := add(word, 0x20)
            } {
                let wordEnd := add(p, mul(256, SECP256K1_ENTRY_SIZE))
                if gt(wordEnd, end) {
                    wordEnd := end
                }
                let bits := 0
                for {
                    let bit := 1
                } lt(p, wordEnd) {
                    p := add(p, SECP256K1_ENTRY_SIZE)
                    bit := shl(1, bit)
                } {
                    let vs := calldataload(add(p, 84))
                    let s := and(vs, S_MASK)
                    mstore(input, calldataload(p))
                    mstore(add(input, 0x20), add(27, shr(255, vs)))
                    mstore(add(input, 0x40), calldataload(add(p, 52)))
                    mstore(add(input, 0x60), s)
                    // The success flag is not checked (as in Solady's ECDSA): see the contract notes.
                    pop(staticcall(gas(), 0x01, input, 0x80, 0x00, 0x20))
                    // Valid: ecrecover returned data (on a refused signature it returns none and
                    // leaves 0x00 as it was), the signer matches, and s is low (EIP-2; the
                    // precompile itself accepts a high s and refuses r = 0, r >= n, s = 0).
                    if mul(
                        and(
                            eq(mload(0x00), shr(96, calldataload(add(p, 32)))),
                            lt(s, SECP256K1_HALF_ORDER_PLUS_ONE)
                        ),
                        returndatasize()
                    ) {
                        bits := or(bits, bit)
                    }
                }
                mstore(word, bits)
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

    /// @dev The secp256k1 quorum loop. Each signature is recovered, then its address is compared
    /// with the list entry just after the furthest match so far: one comparison when signatures
    /// come in list order, as committees sign them. On a miss the whole list is scanned, so any
    /// order is accepted. The `signed` bitmap doubles as the duplicate check.
    ///
    /// Memory (scratch past the free memory pointer, never allocated):
    ///   +0x00 ecrecover input digest | v | r | s      +0x80 invalid bitmap   +0xa0 duplicate bitmap
    ///   +0xc0 the signer list, copied from calldata, followed by a zero word: reading one entry
    ///         past the end gives address 0, which no recovery returns, so the hot path needs no
    ///         bounds check.
    function _secp256k1Quorum(
        bytes32 digest,
        bytes calldata signers,
        bytes calldata signatures
    ) private view returns (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) {
        _quorumCount(signers.length, ADDRESS_SIZE);
        _quorumCount(signatures.length, COMPACT_SIGNATURE_SIZE);
        uint256 scratch;
        uint256 listStart;
        uint256 listEnd;
        uint256 sigStart;
        uint256 sigEnd;
        assembly ("memory-safe") {
            scratch := mload(0x40)
            mstore(scratch, digest)
            mstore(add(scratch, 0x80), 0)
            mstore(add(scratch, 0xa0), 0)
            listStart := add(scratch, 0xc0)
            listEnd := add(listStart, signers.length)
            calldatacopy(listStart, signers.offset, signers.length)
            mstore(listEnd, 0)
            sigStart := signatures.offset
            sigEnd := add(sigStart, signatures.length)
        }
        signed = _secp256k1QuorumLoop(listStart, listEnd, sigStart, sigEnd);
        assembly ("memory-safe") {
            invalidEntries := mload(add(scratch, 0x80))
            duplicateEntries := mload(add(scratch, 0xa0))
        }
    }

    /// @dev The loop of `_secp256k1Quorum`: the list at memory [listStart, listEnd), the
    /// signatures at calldata [sigStart, sigEnd). Invariant: every signer counted so far sits
    /// below `next`, so a hit at `next` (the hot path) is never a duplicate. Hot hits are not
    /// written to `signed` one by one: they extend a run [runStart, next) that is added to
    /// `signed` as one mask when the run ends (a cold-path event, or the end).
    // One assembly loop kept whole: splitting it would cost gas on the hot path it exists for.
    // solhint-disable-next-line function-max-lines
    function _secp256k1QuorumLoop(
        uint256 listStart,
        uint256 listEnd,
        uint256 sigStart,
        uint256 sigEnd
    ) private view returns (uint256 signed) {
        assembly ("memory-safe") {
            // The bits of list entries [from, to) (memory pointers into the list).
            function runMask(base, from, to) -> mask {
                let first := div(sub(from, base), ADDRESS_SIZE)
                // 1 << 256 is 0 in the EVM, so a run of all 256 entries gives all ones.
                mask := shl(first, sub(shl(div(sub(to, from), ADDRESS_SIZE), 1), 1))
            }

            let buffer := mload(0x40) // the digest is at buffer already
            let next := listStart // the list entry after the furthest match so far
            let runStart := listStart
            for {
                let p := sigStart
            } lt(p, sigEnd) {
                p := add(p, COMPACT_SIGNATURE_SIZE)
            } {
                let vs := calldataload(add(p, 0x20))
                let s := and(vs, S_MASK)
                mstore(add(buffer, 0x20), add(27, shr(255, vs)))
                mstore(add(buffer, 0x40), calldataload(p))
                mstore(add(buffer, 0x60), s)
                // The success flag is not checked (see the contract notes). On a refused
                // signature the precompile returns no data and leaves 0x00 as it was (the hot
                // check below requires returned data).
                pop(staticcall(gas(), 0x01, buffer, 0x80, 0x00, 0x20))
                let recovered := mload(0x00)
                // EIP-2: only a low s (s <= n/2) is accepted; the precompile itself accepts a high s,
                // and refuses r = 0, r >= n and s = 0 (returning no data).
                if iszero(
                    mul(
                        and(eq(shr(96, mload(next)), recovered), lt(s, SECP256K1_HALF_ORDER_PLUS_ONE)),
                        returndatasize()
                    )
                ) {
                    // Cold path: close the run, then scan the whole list. A refused or high-s
                    // signature has no signer: all ones, never a 160-bit address.
                    if or(iszero(returndatasize()), gt(s, SECP256K1_HALF_ORDER)) {
                        recovered := not(0)
                    }
                    signed := or(signed, runMask(listStart, runStart, next))
                    let entryBit := shl(shr(6, sub(p, sigStart)), 1)
                    let at := listEnd
                    for {
                        let q := listStart
                    } lt(q, listEnd) {
                        q := add(q, ADDRESS_SIZE)
                    } {
                        if eq(shr(96, mload(q)), recovered) {
                            at := q
                            break
                        }
                    }
                    switch lt(at, listEnd)
                    case 0 {
                        let slot := add(buffer, 0x80) // invalid entries
                        mstore(slot, or(mload(slot), entryBit))
                    }
                    default {
                        let bit := shl(div(sub(at, listStart), ADDRESS_SIZE), 1)
                        switch and(signed, bit)
                        case 0 {
                            signed := or(signed, bit)
                            // Keep the invariant: move `next` forward past `at`, never back.
                            if iszero(lt(at, next)) {
                                next := add(at, ADDRESS_SIZE)
                            }
                        }
                        default {
                            let slot := add(buffer, 0xa0) // duplicate entries
                            mstore(slot, or(mload(slot), entryBit))
                        }
                    }
                    runStart := next
                    continue
                }
                // Hot path: the next listed signer, never counted before (invariant).
                next := add(next, ADDRESS_SIZE)
            }
            signed := or(signed, runMask(listStart, runStart, next))
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
            if (missing != 0)
                revert SignatureBatchVerifierInvalidEntry((w << 8) + WordBits.lowestBit(missing));
        }
    }

    /// @dev Invalid entries first (lowest index), then duplicates, then the count.
    function _requireQuorum(
        uint256 signed,
        uint256 invalid,
        uint256 duplicates,
        uint256 threshold
    ) private pure {
        if (invalid != 0) revert SignatureBatchVerifierInvalidEntry(WordBits.lowestBit(invalid));
        if (duplicates != 0) revert SignatureBatchVerifierDuplicateSigner(WordBits.lowestBit(duplicates));
        uint256 count = WordBits.popcount(signed);
        if (count < threshold) revert SignatureBatchVerifierQuorumNotMet(count, threshold);
    }
}

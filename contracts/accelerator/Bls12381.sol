// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ISignatureBatchVerifier} from "../interfaces/ISignatureBatchVerifier.sol";

/// @title Bls12381
/// @notice BLS12-381 aggregate verification over one message through the EIP-2537 precompiles:
/// keys in G1, signatures in G2 (the "minimal-pubkey-size" variant Ethereum's consensus layer
/// uses), message hashed to G2 as RFC 9380 `BLS12381G2_XMD:SHA-256_SSWU_RO_` with the
/// proof-of-possession ciphersuite tag of draft-irtf-cfrg-bls-signature
/// (`BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_`).
///
/// Verifying n signers of one message costs one hash to G2 (two SHA-256 rounds ×9, four MODEXP,
/// two MAP_FP2_TO_G2, one G2ADD), n − 1 G1ADD (375 gas each) and one 2-pair pairing check: the
/// expensive part does not grow with n.
///
/// Same-message aggregation is only sound if every key came with a proof of possession when it
/// was registered (rogue-key attack); this library does not and cannot check that.
///
/// Points use the EIP-2537 encoding: an Fp element is 64 bytes (16 zero bytes ‖ 48 big-endian),
/// a G1 point x ‖ y (128 bytes), a G2 point x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (256 bytes); all zeros is
/// the point at infinity.
library Bls12381 {
    uint256 internal constant G1_POINT_SIZE = 128;
    uint256 internal constant G2_POINT_SIZE = 256;

    address private constant MODEXP = address(0x05);
    address private constant G1ADD = address(0x0b);
    address private constant G2ADD = address(0x0d);
    address private constant PAIRING_CHECK = address(0x0f);
    address private constant MAP_FP2_TO_G2 = address(0x11);

    /// @dev Gas forwarded to the BLS precompiles: twice their EIP-2537 (Prague) price, so an
    /// invalid input (which makes a precompile fail and burn what it was given) costs a bounded
    /// amount, not 63/64 of the caller's gas.
    uint256 private constant G1ADD_GAS = 750;
    uint256 private constant G2ADD_GAS = 1_200;
    uint256 private constant MAP_FP2_TO_G2_GAS = 47_600;
    uint256 private constant PAIRING_2_GAS = 205_800; // 2 × (32,600 × 2 + 37,700)

    /// @dev The ciphersuite tag, and DST_prime = DST ‖ I2OSP(len(DST), 1) of RFC 9380 §5.3.1.
    bytes private constant DST_PRIME = "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_\x2b";
    /// @dev The base field modulus p, 48 bytes.
    bytes private constant P =
        hex"1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";
    /// @dev −G1 generator (x, p − y), EIP-2537 encoding.
    bytes private constant NEG_G1_GENERATOR =
        hex"0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0f"
        hex"c3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"
        hex"00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f2"
        hex"67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca";

    /// @notice Whether `signature` (a G2 point) is the aggregate signature over `message` of the
    /// keys of `keys` (packed G1 points) whose bits are set in `signers`.
    /// @dev Reverts with `SignatureBatchVerifierInvalidEntry(j)` for a bit j past the list, and
    /// with `SignatureBatchVerifierPrecompileMissing` on a chain without EIP-2537. An invalid key
    /// or a signature off the curve or outside the subgroup makes the answer false.
    function verifyAggregate(
        bytes32 message,
        bytes calldata keys,
        uint256 signers,
        bytes calldata signature
    ) internal view returns (bool) {
        if (signers == 0 || signature.length != G2_POINT_SIZE) return false;
        bytes memory hashed = hashToG2(message); // first: it reverts on a chain without EIP-2537
        (bool ok, bytes memory aggregateKey) = _aggregateKeys(keys, signers);
        if (!ok) return false;
        bytes memory input = bytes.concat(aggregateKey, hashed, NEG_G1_GENERATOR, signature);
        bytes memory output;
        (ok, output) = PAIRING_CHECK.staticcall{gas: PAIRING_2_GAS}(input);
        if (!ok) return false; // a point off the curve or outside its subgroup
        if (output.length != 32)
            revert ISignatureBatchVerifier.SignatureBatchVerifierPrecompileMissing(PAIRING_CHECK);
        return uint256(bytes32(output)) == 1;
    }

    /// @notice RFC 9380 hash_to_curve for G2 (suite BLS12381G2_XMD:SHA-256_SSWU_RO_, the POP tag):
    /// expand_message_xmd to 256 bytes, four field elements mod p, two map_to_curve + cofactor
    /// clearing (MAP_FP2_TO_G2 does both), one addition (clearing is a homomorphism, so clearing
    /// each half and adding equals clearing the sum).
    function hashToG2(bytes32 message) internal view returns (bytes memory) {
        bytes memory uniform = _expandMessageXmd(message);
        bytes memory u0 = bytes.concat(_reduce(uniform, 0), _reduce(uniform, 64));
        bytes memory u1 = bytes.concat(_reduce(uniform, 128), _reduce(uniform, 192));
        bytes memory q0 = _call(MAP_FP2_TO_G2, MAP_FP2_TO_G2_GAS, u0, G2_POINT_SIZE);
        bytes memory q1 = _call(MAP_FP2_TO_G2, MAP_FP2_TO_G2_GAS, u1, G2_POINT_SIZE);
        return _call(G2ADD, G2ADD_GAS, bytes.concat(q0, q1), G2_POINT_SIZE);
    }

    /// @dev expand_message_xmd(msg, DST, 256) with SHA-256 (RFC 9380 §5.3.1): ell = 8 blocks.
    function _expandMessageXmd(bytes32 message) private pure returns (bytes memory uniform) {
        // msg_prime = Z_pad (64 zero bytes) ‖ msg ‖ I2OSP(256, 2) ‖ I2OSP(0, 1) ‖ DST_prime
        bytes32 b0 = sha256(
            abi.encodePacked(bytes32(0), bytes32(0), message, uint16(256), uint8(0), DST_PRIME)
        );
        bytes32 previous = sha256(abi.encodePacked(b0, uint8(1), DST_PRIME));
        uniform = abi.encodePacked(previous);
        for (uint8 i = 2; i <= 8; ++i) {
            previous = sha256(abi.encodePacked(b0 ^ previous, i, DST_PRIME));
            uniform = bytes.concat(uniform, previous);
        }
    }

    /// @dev OS2IP(uniform[at : at + 64]) mod p, as a 64-byte EIP-2537 field element (MODEXP with
    /// exponent 1).
    function _reduce(bytes memory uniform, uint256 at) private view returns (bytes memory) {
        bytes memory chunk = new bytes(64);
        assembly ("memory-safe") {
            mcopy(add(chunk, 0x20), add(add(uniform, 0x20), at), 64)
        }
        bytes memory input = abi.encodePacked(uint256(64), uint256(1), uint256(48), chunk, uint8(1), P);
        (bool ok, bytes memory reduced) = MODEXP.staticcall(input);
        if (!ok || reduced.length != 48)
            revert ISignatureBatchVerifier.SignatureBatchVerifierPrecompileMissing(MODEXP);
        return bytes.concat(bytes16(0), reduced);
    }

    /// @dev Σ keys[j] over the set bits j of `signers`, with G1ADD in place in one 256-byte
    /// buffer (sum ‖ next key). `ok` is false if a key is not a point on the curve.
    function _aggregateKeys(
        bytes calldata keys,
        uint256 signers
    ) private view returns (bool ok, bytes memory sum) {
        uint256 n = keys.length / G1_POINT_SIZE;
        if (keys.length % G1_POINT_SIZE != 0) {
            revert ISignatureBatchVerifier.SignatureBatchVerifierMalformedBatch(keys.length, G1_POINT_SIZE);
        }
        if (n < 256 && signers >> n != 0) {
            uint256 j = n;
            while ((signers >> j) & 1 == 0) ++j;
            revert ISignatureBatchVerifier.SignatureBatchVerifierInvalidEntry(j);
        }
        sum = new bytes(2 * G1_POINT_SIZE); // sum starts at infinity (all zeros)
        ok = true;
        assembly ("memory-safe") {
            let buffer := add(sum, 0x20)
            for {
                let j := 0
            } and(ok, lt(j, n)) {
                j := add(j, 1)
            } {
                if and(shr(j, signers), 1) {
                    calldatacopy(
                        add(buffer, G1_POINT_SIZE),
                        add(keys.offset, mul(j, G1_POINT_SIZE)),
                        G1_POINT_SIZE
                    )
                    ok := staticcall(G1ADD_GAS, 0x0b, buffer, 0x100, buffer, G1_POINT_SIZE) // G1ADD
                    if and(ok, iszero(eq(returndatasize(), G1_POINT_SIZE))) {
                        ok := 0
                    }
                }
            }
            mstore(sum, G1_POINT_SIZE) // keep only the sum
        }
    }

    /// @dev A precompile call that must answer `outputSize` bytes on valid input.
    function _call(
        address precompile,
        uint256 gasLimit,
        bytes memory input,
        uint256 outputSize
    ) private view returns (bytes memory output) {
        bool ok;
        (ok, output) = precompile.staticcall{gas: gasLimit}(input);
        if (!ok || output.length != outputSize) {
            revert ISignatureBatchVerifier.SignatureBatchVerifierPrecompileMissing(precompile);
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SignatureBatchVerifier} from "../../contracts/accelerator/SignatureBatchVerifier.sol";

/// @dev The cheatcodes this test uses (forge-std is not installable here).
// solhint-disable-next-line interface-starts-with-i
interface Vm {
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function addr(uint256 privateKey) external pure returns (address);
}

/// @notice Fuzz the quorum bitmap maths of the signature batch verifier: for any subset of a
/// signer list, signing in any order, with or without repeats and strangers, the signer bitmap
/// is exactly the subset, repeats are flagged as duplicates, strangers as invalid.
contract QuorumBitmapTest {
    Vm private constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    uint256 private constant SIGNERS = 12;

    error PropertyViolated(string property, uint256 expected, uint256 actual);

    SignatureBatchVerifier private immutable _verifier = new SignatureBatchVerifier();

    function testFuzz_signerBitmapIsTheSigningSubset(
        uint16 subset,
        uint256 orderSeed,
        bytes32 digest
    ) public view {
        uint256 mask = uint256(subset) & ((1 << SIGNERS) - 1);
        bytes memory signers = _signerList();
        // The members of the subset, in an order shuffled by orderSeed, then one repeat and one stranger.
        uint256[] memory order = _shuffledMembers(mask, orderSeed);
        bytes memory signatures;
        for (uint256 k = 0; k < order.length; ++k) {
            signatures = bytes.concat(signatures, _compact(_key(order[k]), digest));
        }
        uint256 repeats = 0;
        uint256 strangers = 0;
        if (order.length != 0 && orderSeed & 1 == 1) {
            signatures = bytes.concat(signatures, _compact(_key(order[0]), digest));
            repeats = 1 << order.length;
        }
        if (orderSeed & 2 == 2) {
            uint256 at = signatures.length / 64;
            signatures = bytes.concat(signatures, _compact(0xBAD5EED, digest));
            strangers = 1 << at;
        }

        (uint256 signed, uint256 invalidEntries, uint256 duplicateEntries) = _verifier.verifySecp256k1Quorum(
            digest,
            signers,
            signatures
        );
        if (signed != mask) revert PropertyViolated("signer bitmap = subset", mask, signed);
        if (duplicateEntries != repeats)
            revert PropertyViolated("repeats flagged", repeats, duplicateEntries);
        if (invalidEntries != strangers)
            revert PropertyViolated("strangers flagged", strangers, invalidEntries);
    }

    function _signerList() private pure returns (bytes memory list) {
        for (uint256 i = 0; i < SIGNERS; ++i) {
            list = bytes.concat(list, bytes20(VM.addr(_key(i))));
        }
    }

    function _key(uint256 i) private pure returns (uint256) {
        return
            (uint256(keccak256(abi.encode("quorum-fuzz", i))) %
                0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140) + 1;
    }

    function _compact(uint256 key, bytes32 digest) private pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = VM.sign(key, digest);
        return abi.encodePacked(r, bytes32(uint256(s) | (uint256(v - 27) << 255)));
    }

    function _shuffledMembers(uint256 mask, uint256 seed) private pure returns (uint256[] memory order) {
        uint256 count = 0;
        for (uint256 i = 0; i < SIGNERS; ++i) if ((mask >> i) & 1 == 1) ++count;
        order = new uint256[](count);
        uint256 n = 0;
        for (uint256 i = 0; i < SIGNERS; ++i) if ((mask >> i) & 1 == 1) order[n++] = i;
        for (uint256 i = count; i > 1; --i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            uint256 j = seed % i;
            (order[i - 1], order[j]) = (order[j], order[i - 1]);
        }
    }
}

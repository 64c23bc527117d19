// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {WordBits} from "../../contracts/libraries/WordBits.sol";

/// @notice Fuzz the constant-gas bit counting against the obvious bit-by-bit loop.
contract WordBitsTest {
    error Mismatch(string what, uint256 x, uint256 expected, uint256 actual);

    function testFuzz_popcountCountsEveryBit(uint256 x) public pure {
        _checkPopcount(x);
        _checkPopcount(~x);
        _checkPopcount(x >> (x % 256));
    }

    function testFuzz_lowestBitIsTheFirstSetBit(uint256 x) public pure {
        _checkLowest(x);
        _checkLowest(x << (x % 256));
    }

    function test_extremes() public pure {
        _checkPopcount(0);
        _checkPopcount(type(uint256).max);
        _checkPopcount(1 << 255);
        _checkLowest(0);
        _checkLowest(1);
        _checkLowest(1 << 255);
        _checkLowest(type(uint256).max);
    }

    function _checkPopcount(uint256 x) private pure {
        uint256 expected = 0;
        for (uint256 i = 0; i < 256; ++i) if ((x >> i) & 1 == 1) ++expected;
        uint256 actual = WordBits.popcount(x);
        if (actual != expected) revert Mismatch("popcount", x, expected, actual);
    }

    function _checkLowest(uint256 x) private pure {
        uint256 expected = 256;
        for (uint256 i = 0; i < 256; ++i) {
            if ((x >> i) & 1 == 1) {
                expected = i;
                break;
            }
        }
        uint256 actual = WordBits.lowestBit(x);
        if (actual != expected) revert Mismatch("lowestBit", x, expected, actual);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title WordBits
/// @notice Bit counting on one 256-bit word (signer and entry bitmaps), in constant gas.
library WordBits {
    /// @notice How many bits of `x` are set (0 to 256).
    /// @dev SWAR: count in 2-, 4-, 8-bit lanes, then fold the byte counts together, masking at
    /// every fold so no lane ever carries into the next (the total, up to 256, needs 9 bits).
    function popcount(uint256 x) internal pure returns (uint256) {
        unchecked {
            x = x - ((x >> 1) & 0x5555555555555555555555555555555555555555555555555555555555555555);
            x =
                (x & 0x3333333333333333333333333333333333333333333333333333333333333333) +
                ((x >> 2) & 0x3333333333333333333333333333333333333333333333333333333333333333);
            x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F0F;
            x = (x + (x >> 8)) & 0x00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF;
            x = (x + (x >> 16)) & 0x0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF0000FFFF;
            x = (x + (x >> 32)) & 0x00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF00000000FFFFFFFF;
            x = (x + (x >> 64)) & 0x0000000000000000FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF;
            return (x + (x >> 128)) & 0x1FF;
        }
    }

    /// @notice The position of the lowest set bit of `x` (0 to 255); 256 if `x` is 0.
    function lowestBit(uint256 x) internal pure returns (uint256) {
        if (x == 0) return 256;
        unchecked {
            // Isolate the lowest set bit, then count the ones below it.
            return popcount((x & (~x + 1)) - 1);
        }
    }
}

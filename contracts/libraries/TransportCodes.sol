// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TransportCodes
/// @notice Syntax checks of the identifiers a bill of lading carries: UN/LOCODE port codes, IMO
/// ship numbers and printable reference strings (B/L and voyage numbers).
library TransportCodes {
    /// @dev 0x01 in every byte, 0x80 in every byte, and a valid byte ('A') in every byte.
    uint256 private constant ONES = type(uint256).max / 0xff;
    uint256 private constant HIGHS = ONES * 0x80;
    uint256 private constant FILLER = ONES * 0x41;

    /// @notice Whether `code` is a UN/LOCODE: two upper-case letters (the ISO 3166-1 country) and
    /// three upper-case letters or digits 2-9 (the location; UNECE Rec. 16 leaves out 0 and 1 so
    /// they cannot be read as O and I), e.g. "GBFXT", "CNSHA".
    function isUnLocode(bytes5 code) internal pure returns (bool) {
        for (uint256 i = 0; i < 5; ++i) {
            bytes1 c = code[i];
            bool letter = c >= "A" && c <= "Z";
            if (i < 2 ? !letter : !(letter || (c >= "2" && c <= "9"))) return false;
        }
        return true;
    }

    /// @notice Whether `number` is an IMO ship identification number: seven digits whose last is
    /// the check digit, the sum of the first six weighted 7, 6, 5, 4, 3, 2, modulo 10 (e.g. 9074729).
    function isImoNumber(uint32 number) internal pure returns (bool) {
        if (number < 1_000_000 || number > 9_999_999) return false;
        uint256 checkDigit = number % 10;
        uint256 rest = number / 10;
        uint256 sum = 0;
        for (uint256 weight = 2; weight <= 7; ++weight) {
            sum += (rest % 10) * weight;
            rest /= 10;
        }
        return sum % 10 == checkDigit;
    }

    /// @notice Whether `text` has 1 to `maxLength` bytes, each printable ASCII other than space
    /// (0x21..0x7E): the shape of a B/L or voyage number.
    /// @dev Checks 32 bytes at a time (SWAR: a borrow or carry into a byte's top bit flags it),
    /// which costs a few dozen gas per word instead of per byte. The bytes of the last word past
    /// the end of `text` are replaced by a valid filler before the check.
    function isReference(string calldata text, uint256 maxLength) internal pure returns (bool) {
        uint256 length = bytes(text).length;
        if (length == 0 || length > maxLength) return false;
        uint256 offset;
        assembly ("memory-safe") {
            offset := text.offset
        }
        for (uint256 i = 0; i < length; i += 32) {
            uint256 word;
            assembly ("memory-safe") {
                word := calldataload(add(offset, i))
            }
            if (length - i < 32) {
                uint256 kept = ~(type(uint256).max >> ((length - i) * 8)); // the leading bytes
                word = (word & kept) | (FILLER & ~kept);
            }
            if (_anyByteBelow(word, 0x21) || _anyByteAbove(word, 0x7e)) return false;
        }
        return true;
    }

    /// @dev Whether some byte of `word` is below `n` (n <= 0x80; "hasless", Bit Twiddling Hacks):
    /// subtracting n from a byte below n borrows into its top bit, which `~word` shows was clear.
    function _anyByteBelow(uint256 word, uint256 n) private pure returns (bool) {
        unchecked {
            return ((word - ONES * n) & ~word & HIGHS) != 0;
        }
    }

    /// @dev Whether some byte of `word` is above `n` (n <= 0x7f; "hasmore"): adding 0x7f - n to a
    /// byte above n carries into its top bit; bytes with the top bit set are caught by `| word`.
    function _anyByteAbove(uint256 word, uint256 n) private pure returns (bool) {
        unchecked {
            return (((word + ONES * (0x7f - n)) | word) & HIGHS) != 0;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title TransportCodes
/// @notice Syntax checks of the identifiers a bill of lading carries: UN/LOCODE port codes, IMO
/// ship numbers and printable reference strings (B/L and voyage numbers).
library TransportCodes {
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
    function isReference(string calldata text, uint256 maxLength) internal pure returns (bool) {
        bytes calldata b = bytes(text);
        if (b.length == 0 || b.length > maxLength) return false;
        for (uint256 i = 0; i < b.length; ++i) {
            if (b[i] < 0x21 || b[i] > 0x7e) return false;
        }
        return true;
    }
}

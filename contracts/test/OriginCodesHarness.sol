// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {OriginCodes} from "../libraries/OriginCodes.sol";

/// @title OriginCodesHarness
/// @notice Test-only: exposes the OriginCodes checks so TypeScript tests can compare them with
/// the reference lists in lib/iso/.
contract OriginCodesHarness {
    /// @notice Every two-letter code A..Z x A..Z that `OriginCodes.isCountryCode` accepts, in order.
    function acceptedCountryCodes() external pure returns (bytes2[] memory accepted) {
        accepted = new bytes2[](26 * 26);
        uint256 count = 0;
        for (uint8 a = 0x41; a <= 0x5A; ++a) {
            for (uint8 b = 0x41; b <= 0x5A; ++b) {
                bytes2 code = bytes2((uint16(a) << 8) | b);
                if (OriginCodes.isCountryCode(code)) accepted[count++] = code;
            }
        }
        assembly ("memory-safe") {
            mstore(accepted, count)
        }
    }

    /// @notice `OriginCodes.isCountryCode`.
    function isCountryCode(bytes2 code) external pure returns (bool) {
        return OriginCodes.isCountryCode(code);
    }
}

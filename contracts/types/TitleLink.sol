// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLading} from "../interfaces/IBillOfLading.sol";

/// @notice What a bill's next step needs to know about its last one, packed in one storage word:
/// who held the bill before the last step, and what kind of step that was. The rest of the
/// title chain is not stored: it is folded into the bill's title-chain head and logged.
///
/// slot: previousHolder address (20) | lastKind uint8 (1) | unused (bits 168..254) | marker (bit 255)
///
///   bits   0..159  previousHolder  the holder before the last step that changed holder (0 after issue)
///   bits 160..167  lastKind        IBillOfLading.TitleEventKind of the last step
///   bit  255       marker          always set, so the word is never zero: written at issue, every
///                                  later step rewrites a non-zero slot (5,000 gas, not 22,100)
type TitleLink is uint256;

using TitleLinkLibrary for TitleLink global;

/// @notice Packing and unpacking of `TitleLink` words.
library TitleLinkLibrary {
    uint256 private constant KIND_OFFSET = 160;
    uint256 private constant MARKER = 1 << 255;

    function pack(
        address previousHolder_,
        IBillOfLading.TitleEventKind lastKind_
    ) internal pure returns (TitleLink) {
        return
            TitleLink.wrap(MARKER | uint256(uint160(previousHolder_)) | (uint256(lastKind_) << KIND_OFFSET));
    }

    function previousHolder(TitleLink self) internal pure returns (address) {
        return address(uint160(TitleLink.unwrap(self)));
    }

    function lastKind(TitleLink self) internal pure returns (IBillOfLading.TitleEventKind) {
        return IBillOfLading.TitleEventKind(uint8(TitleLink.unwrap(self) >> KIND_OFFSET));
    }
}

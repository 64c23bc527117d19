// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLading} from "../interfaces/IBillOfLading.sol";

/// @notice One title-chain entry of a bill of lading, packed in one word: the word each step
/// folds into the bill's title-chain head (`keccak256(abi.encodePacked(head, entry))`). Entries
/// are not stored; `lib/trade/titleChain.ts` packs the logged steps the same way to verify them.
///
/// slot: party address (20) | timestamp uint48 (6) | kind uint8 (1) | unused (5)
///
///   bits   0..159  party      the holder once the step took effect
///   bits 160..207  timestamp  block time of the step
///   bits 208..215  kind       IBillOfLading.TitleEventKind
type PackedTitleEntry is uint256;

using PackedTitleEntryLibrary for PackedTitleEntry global;

/// @notice Packing and unpacking of `PackedTitleEntry` words.
library PackedTitleEntryLibrary {
    uint256 private constant TIMESTAMP_OFFSET = 160;
    uint256 private constant KIND_OFFSET = 208;

    function pack(
        address party_,
        uint48 timestamp_,
        IBillOfLading.TitleEventKind kind_
    ) internal pure returns (PackedTitleEntry) {
        return
            PackedTitleEntry.wrap(
                uint256(uint160(party_)) |
                    (uint256(timestamp_) << TIMESTAMP_OFFSET) |
                    (uint256(kind_) << KIND_OFFSET)
            );
    }

    function party(PackedTitleEntry self) internal pure returns (address) {
        return address(uint160(PackedTitleEntry.unwrap(self)));
    }

    function timestamp(PackedTitleEntry self) internal pure returns (uint48) {
        return uint48(PackedTitleEntry.unwrap(self) >> TIMESTAMP_OFFSET);
    }

    function kind(PackedTitleEntry self) internal pure returns (IBillOfLading.TitleEventKind) {
        return IBillOfLading.TitleEventKind(uint8(PackedTitleEntry.unwrap(self) >> KIND_OFFSET));
    }

    function unpack(PackedTitleEntry self) internal pure returns (IBillOfLading.TitleEntry memory) {
        return IBillOfLading.TitleEntry({party: party(self), timestamp: timestamp(self), kind: kind(self)});
    }
}

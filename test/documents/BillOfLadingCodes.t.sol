// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IBillOfLading} from "../../contracts/interfaces/IBillOfLading.sol";
import {IBillOfLadingTitle} from "../../contracts/interfaces/IBillOfLadingTitle.sol";
import {TransportCodes} from "../../contracts/libraries/TransportCodes.sol";
import {BillState, BillStateLibrary} from "../../contracts/types/BillState.sol";
import {PackedTitleEntry, PackedTitleEntryLibrary} from "../../contracts/types/PackedTitleEntry.sol";
import {TitleLink, TitleLinkLibrary} from "../../contracts/types/TitleLink.sol";
import {PropertyViolated} from "./BillOfLadingHandler.t.sol";

/// @notice Fuzzed checks of the codes a bill carries (UN/LOCODE, IMO number) against their
/// definitions, and of the packed words it is stored in (every field reads back as written).
contract BillOfLadingCodesAndPackingTest {
    function testFuzz_unLocodeIsTwoLettersAndThreeLettersOrDigits2to9(bytes5 code) public pure {
        bool expected = true;
        for (uint256 i = 0; i < 5; ++i) {
            uint8 c = uint8(code[i]);
            bool upper = c >= 65 && c <= 90;
            bool digit2to9 = c >= 50 && c <= 57;
            if (!(upper || (i >= 2 && digit2to9))) expected = false;
        }
        if (TransportCodes.isUnLocode(code) != expected) revert PropertyViolated("UN/LOCODE", uint40(code));
    }

    /// @notice The word-at-a-time check agrees with the byte-by-byte definition, on any bytes.
    function testFuzz_referenceCheckMatchesDefinition(bytes calldata text) public view {
        _checkReference(text);
    }

    /// @notice ... and on printable strings of any length with one byte made anything, so that
    /// both outcomes and every position in the last word are exercised.
    function testFuzz_referenceCheckFindsAnyBadByte(
        bytes32 seed,
        uint8 length,
        uint8 position,
        bytes1 replacement
    ) public view {
        uint256 n = (uint256(length) % 80) + 1;
        bytes memory text = new bytes(n);
        for (uint256 i = 0; i < n; ++i) {
            text[i] = bytes1(uint8(0x21 + ((uint8(seed[i % 32]) + i) % 94))); // printable, no space
        }
        text[uint256(position) % n] = replacement;
        _checkReference(text);
    }

    /// @dev Calls the library on calldata (it reads `string calldata`).
    function isReferenceOf(string calldata text, uint256 maxLength) external pure returns (bool) {
        return TransportCodes.isReference(text, maxLength);
    }

    function _checkReference(bytes memory text) private view {
        uint256 maxLength = 64;
        bool expected = text.length >= 1 && text.length <= maxLength;
        for (uint256 i = 0; i < text.length && expected; ++i) {
            if (uint8(text[i]) < 0x21 || uint8(text[i]) > 0x7e) expected = false;
        }
        if (this.isReferenceOf(string(text), maxLength) != expected) {
            revert PropertyViolated("reference check", text.length);
        }
    }

    function testFuzz_imoNumberHasAValidCheckDigit(uint32 number) public pure {
        bool expected = false;
        if (number >= 1_000_000 && number <= 9_999_999) {
            uint256 sum = 0;
            for (uint256 i = 0; i < 6; ++i) {
                uint256 digit = (number / 10 ** (6 - i)) % 10; // most significant first
                sum += digit * (7 - i);
            }
            expected = sum % 10 == number % 10;
        }
        if (TransportCodes.isImoNumber(number) != expected) revert PropertyViolated("IMO number", number);
    }

    function testFuzz_billStateFieldsRoundTrip(
        address holder,
        uint8 statusSeed,
        uint8 flags,
        uint32 chainLength,
        uint48 shippedOnBoardAt,
        address otherHolder,
        uint32 otherLength
    ) public pure {
        IBillOfLadingTitle.BillStatus status = IBillOfLadingTitle.BillStatus(statusSeed % 6);
        BillState state = BillStateLibrary.create(status, flags, chainLength, shippedOnBoardAt).withHolder(
            holder
        );
        _checkState(state, holder, status, flags, chainLength, shippedOnBoardAt);
        state = state.withHolder(otherHolder).withChainLength(otherLength);
        _checkState(state, otherHolder, status, flags, otherLength, shippedOnBoardAt);
        IBillOfLadingTitle.BillStatus otherStatus = IBillOfLadingTitle.BillStatus((statusSeed / 6) % 6);
        state = state.withStatus(otherStatus).withFlags(~flags);
        _checkState(state, otherHolder, otherStatus, ~flags, otherLength, shippedOnBoardAt);
    }

    function testFuzz_titleEntryFieldsRoundTrip(address party, uint48 timestamp, uint8 kindSeed) public pure {
        IBillOfLading.TitleEventKind kind = IBillOfLading.TitleEventKind(kindSeed % 15);
        PackedTitleEntry entry = PackedTitleEntryLibrary.pack(party, timestamp, kind);
        IBillOfLading.TitleEntry memory unpacked = entry.unpack();
        if (unpacked.party != party || unpacked.timestamp != timestamp || unpacked.kind != kind) {
            revert PropertyViolated("title entry round trip", 0);
        }
    }

    function testFuzz_titleLinkFieldsRoundTripAndNeverZero(
        address previousHolder,
        uint8 kindSeed
    ) public pure {
        IBillOfLading.TitleEventKind kind = IBillOfLading.TitleEventKind(kindSeed % 15);
        TitleLink link = TitleLinkLibrary.pack(previousHolder, kind);
        if (link.previousHolder() != previousHolder || link.lastKind() != kind) {
            revert PropertyViolated("title link round trip", 0);
        }
        if (TitleLink.unwrap(link) == 0) revert PropertyViolated("a written link reads zero", 0);
    }

    function _checkState(
        BillState state,
        address holder,
        IBillOfLadingTitle.BillStatus status,
        uint8 flags,
        uint32 chainLength,
        uint48 shippedOnBoardAt
    ) private pure {
        if (
            state.holder() != holder ||
            state.status() != status ||
            state.flags() != flags ||
            state.chainLength() != chainLength ||
            state.shippedOnBoardAt() != shippedOnBoardAt
        ) revert PropertyViolated("bill state round trip", 0);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";

/// @notice The hot state of one bill of lading, packed in one storage word so that a title
/// operation reads and writes a single slot for everything it decides on.
///
/// slot: holder address (20) | status uint8 (1) | flags uint8 (1) | chainLength uint32 (4) | shippedOnBoardAt uint48 (6)
///
///   bits   0..159  holder            the party in exclusive control (the ERC-721 owner); 0 = no such bill
///   bits 160..167  status            IBillOfLadingTitle.BillStatus
///   bits 168..175  flags             STRAIGHT | BEARER | PLEDGED | FOR_AMENDMENT | REFUSAL_RESTORES_BEARER
///   bits 176..207  chainLength       number of title-chain entries (entry 0 is the issue)
///   bits 208..255  shippedOnBoardAt  cold, but it fills the word and is rewritten unchanged
type BillState is uint256;

using BillStateLibrary for BillState global;

/// @notice Getters and setters of the fields of a `BillState` word.
library BillStateLibrary {
    /// @dev The consignee is named: the bill is non-negotiable.
    uint8 internal constant STRAIGHT = 1;
    /// @dev Endorsed in blank: the bill passes by transfer of possession.
    uint8 internal constant BEARER = 2;
    /// @dev Pledged: the holder is the pledgee bank; the pledgor is the previous chain entry's party.
    uint8 internal constant PLEDGED = 4;
    /// @dev While SurrenderPending: surrendered for amendment rather than for delivery.
    uint8 internal constant FOR_AMENDMENT = 8;
    /// @dev Set by an endorsement of a bearer bill, so that a refusal restores the bearer form.
    uint8 internal constant REFUSAL_RESTORES_BEARER = 16;

    uint256 private constant ADDRESS_MASK = (1 << 160) - 1;
    uint256 private constant STATUS_OFFSET = 160;
    uint256 private constant FLAGS_OFFSET = 168;
    uint256 private constant CHAIN_LENGTH_OFFSET = 176;
    uint256 private constant SHIPPED_ON_BOARD_OFFSET = 208;
    uint256 private constant UINT8_MASK = 0xff;
    uint256 private constant UINT32_MASK = 0xffffffff;

    /// @notice A fresh state: the given fields, no holder yet.
    function create(
        IBillOfLadingTitle.BillStatus status_,
        uint8 flags_,
        uint32 chainLength_,
        uint48 shippedOnBoardAt_
    ) internal pure returns (BillState) {
        return
            BillState.wrap(
                (uint256(status_) << STATUS_OFFSET) |
                    (uint256(flags_) << FLAGS_OFFSET) |
                    (uint256(chainLength_) << CHAIN_LENGTH_OFFSET) |
                    (uint256(shippedOnBoardAt_) << SHIPPED_ON_BOARD_OFFSET)
            );
    }

    function holder(BillState self) internal pure returns (address) {
        return address(uint160(BillState.unwrap(self)));
    }

    function status(BillState self) internal pure returns (IBillOfLadingTitle.BillStatus) {
        return IBillOfLadingTitle.BillStatus(uint8(BillState.unwrap(self) >> STATUS_OFFSET));
    }

    function flags(BillState self) internal pure returns (uint8) {
        return uint8(BillState.unwrap(self) >> FLAGS_OFFSET);
    }

    function hasFlag(BillState self, uint8 flag) internal pure returns (bool) {
        return flags(self) & flag != 0;
    }

    function chainLength(BillState self) internal pure returns (uint32) {
        return uint32(BillState.unwrap(self) >> CHAIN_LENGTH_OFFSET);
    }

    function shippedOnBoardAt(BillState self) internal pure returns (uint48) {
        return uint48(BillState.unwrap(self) >> SHIPPED_ON_BOARD_OFFSET);
    }

    function withHolder(BillState self, address holder_) internal pure returns (BillState) {
        return BillState.wrap((BillState.unwrap(self) & ~ADDRESS_MASK) | uint256(uint160(holder_)));
    }

    function withStatus(
        BillState self,
        IBillOfLadingTitle.BillStatus status_
    ) internal pure returns (BillState) {
        return
            BillState.wrap(
                (BillState.unwrap(self) & ~(UINT8_MASK << STATUS_OFFSET)) |
                    (uint256(status_) << STATUS_OFFSET)
            );
    }

    function withFlags(BillState self, uint8 flags_) internal pure returns (BillState) {
        return
            BillState.wrap(
                (BillState.unwrap(self) & ~(UINT8_MASK << FLAGS_OFFSET)) | (uint256(flags_) << FLAGS_OFFSET)
            );
    }

    function withChainLength(BillState self, uint32 chainLength_) internal pure returns (BillState) {
        return
            BillState.wrap(
                (BillState.unwrap(self) & ~(UINT32_MASK << CHAIN_LENGTH_OFFSET)) |
                    (uint256(chainLength_) << CHAIN_LENGTH_OFFSET)
            );
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

/// @title IERC3525
/// @notice The semi-fungible token standard (https://eips.ethereum.org/EIPS/eip-3525): ERC-721
/// tokens that each carry a value in a slot; value moves between tokens of the same slot.
/// @dev The selectors, and so the interface id 0xd5358140, are the standard's. The standard marks
/// `approve` and both value `transferFrom`s `payable`; here they are not, because a Caravel voucher
/// never takes ether (mutability is not part of a selector, so tooling sees the same interface).
interface IERC3525 is IERC721 {
    /// @notice `_value` moved from token `_fromTokenId` to token `_toTokenId` (0 for a mint or a burn).
    event TransferValue(uint256 indexed _fromTokenId, uint256 indexed _toTokenId, uint256 _value);
    /// @notice `_operator` may move up to `_value` of token `_tokenId`.
    event ApprovalValue(uint256 indexed _tokenId, address indexed _operator, uint256 _value);
    /// @notice Token `_tokenId` moved from slot `_oldSlot` to `_newSlot` (from 0 when minted).
    event SlotChanged(uint256 indexed _tokenId, uint256 indexed _oldSlot, uint256 indexed _newSlot);

    /// @notice Decimals of every token's value.
    function valueDecimals() external view returns (uint8);

    /// @notice The value of token `_tokenId`.
    function balanceOf(uint256 _tokenId) external view returns (uint256);

    /// @notice The slot of token `_tokenId`.
    function slotOf(uint256 _tokenId) external view returns (uint256);

    /// @notice Let `_operator` move up to `_value` of token `_tokenId`.
    function approve(uint256 _tokenId, address _operator, uint256 _value) external;

    /// @notice How much of token `_tokenId`'s value `_operator` may move.
    function allowance(uint256 _tokenId, address _operator) external view returns (uint256);

    /// @notice Move `_value` from token `_fromTokenId` to token `_toTokenId` of the same slot.
    function transferFrom(uint256 _fromTokenId, uint256 _toTokenId, uint256 _value) external;

    /// @notice Move `_value` from token `_fromTokenId` to a new token of the same slot owned by `_to`.
    /// @return The new token's id.
    function transferFrom(uint256 _fromTokenId, address _to, uint256 _value) external returns (uint256);
}

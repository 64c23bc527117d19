// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IProceedsAssignee
/// @notice Assignment of proceeds (UCP 600 art. 39): a contract that is owed out of what a trade
/// pays its exporter, and is paid first. The pre-shipment advance contract implements it; the
/// payers (a letter of credit's settlement, a payment commitment's payment at maturity) consult it
/// before they pay the beneficiary.
/// @dev A payer identifies the proceeds by itself (`msg.sender` / `payer`) and its own id for the
/// facility that pays: a credit's id for a letter of credit; the order's id for a payment
/// commitment (one commitment per order). The payer's order of operations when it pays in money:
/// `owed = outstanding(address(this), id)`; `paid = min(owed, proceeds)`; transfer `paid` to the
/// assignee; `onProceeds(id, token, paid)`; transfer the rest to the beneficiary. The assignee
/// never pulls tokens, and only governance names an assignee a payer will pay.
///
/// When the payer pays in a voucher (a payment commitment issues an ERC-3525 voucher with the bank
/// as obligor, or a deferred-payment credit does on honour), the assignee's share is carved out of
/// it: `share = min(value, outstandingAt(address(this), id, maturity))` is split off to the assignee
/// as holder, then `onVoucher(id, vouchers, voucherId, share)`; the rest stays the beneficiary's.
/// The assignee redeems its voucher at maturity and returns any surplus to the beneficiary.
interface IProceedsAssignee {
    /// @notice What the assignee is owed, in `token` units of the payer's settlement token, out of
    /// the proceeds `payer` pays under its facility `sourceId` (0 when nothing is assigned).
    function outstanding(address payer, uint256 sourceId) external view returns (uint256);

    /// @notice The payer (`msg.sender`) has transferred `amount` of `token` to this contract as
    /// proceeds of its facility `sourceId`. Never more than `outstanding` returned.
    function onProceeds(uint256 sourceId, IERC20 token, uint256 amount) external;

    /// @notice What the assignee will be owed at time `at` out of `payer`'s facility `sourceId` if
    /// nothing is repaid before then (interest accrued to `at`); 0 when nothing is assigned.
    function outstandingAt(address payer, uint256 sourceId, uint48 at) external view returns (uint256);

    /// @notice The payer (`msg.sender`) has made this contract the holder of voucher `voucherId` of
    /// `vouchers`, worth `value`, as its share of the proceeds of the payer's facility `sourceId`.
    function onVoucher(uint256 sourceId, address vouchers, uint256 voucherId, uint256 value) external;
}

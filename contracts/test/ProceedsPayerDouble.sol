// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";

/// @title ProceedsPayerDouble
/// @notice Test double of a payer of assigned proceeds (a credit's settlement, a payment
/// commitment): it pays exactly as `IProceedsAssignee` prescribes, in money or in a voucher, so
/// the assignee's side can be tested before the real payers exist.
contract ProceedsPayerDouble {
    using SafeERC20 for IERC20;

    /// @notice Paid `toAssignee` to the assignee and `toBeneficiary` to the beneficiary.
    event ProceedsPaid(uint256 indexed sourceId, uint256 toAssignee, uint256 toBeneficiary);

    /// @notice Pull `proceeds` of `token` from the caller and pay them out for facility `sourceId`:
    /// the assignee first, what it is owed at most; the rest to `beneficiary`.
    function pay(
        IProceedsAssignee assignee,
        uint256 sourceId,
        IERC20 token,
        uint256 proceeds,
        address beneficiary
    ) external returns (uint256 toAssignee) {
        token.safeTransferFrom(msg.sender, address(this), proceeds);
        uint256 owed = assignee.outstanding(address(this), sourceId);
        toAssignee = owed < proceeds ? owed : proceeds;
        if (toAssignee != 0) {
            token.safeTransfer(address(assignee), toAssignee);
            assignee.onProceeds(sourceId, token, toAssignee);
        }
        token.safeTransfer(beneficiary, proceeds - toAssignee);
        emit ProceedsPaid(sourceId, toAssignee, proceeds - toAssignee);
    }

    /// @notice Announce proceeds of `amount` without transferring them (a faulty payer).
    function announceOnly(
        IProceedsAssignee assignee,
        uint256 sourceId,
        IERC20 token,
        uint256 amount
    ) external {
        assignee.onProceeds(sourceId, token, amount);
    }

    /// @notice Carve the assignee's share out of voucher `voucherId` (held by this contract),
    /// maturing at `maturity`, and pass the rest to `beneficiary`.
    function payInVoucher(
        IProceedsAssignee assignee,
        uint256 sourceId,
        IPayableVoucher vouchers,
        uint256 voucherId,
        uint48 maturity,
        address beneficiary
    ) external returns (uint256 share, uint256 assigneeVoucherId) {
        uint256 value = vouchers.voucher(voucherId).value;
        uint256 owed = assignee.outstandingAt(address(this), sourceId, maturity);
        share = owed < value ? owed : value;
        if (share != 0) {
            assigneeVoucherId = vouchers.transferFrom(voucherId, address(assignee), share);
            assignee.onVoucher(sourceId, address(vouchers), assigneeVoucherId, share);
        }
        if (share < value) vouchers.transferVoucher(voucherId, beneficiary);
    }
}

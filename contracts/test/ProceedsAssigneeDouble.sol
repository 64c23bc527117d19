// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";

/// @title ProceedsAssigneeDouble
/// @notice Test double of an assignee of proceeds (the pre-shipment advance): tests set what it is
/// owed; it records what payers hand it and can redeem the vouchers it was given.
contract ProceedsAssigneeDouble is IProceedsAssignee {
    /// @notice A payer handed over more than it was told is owed.
    error ProceedsAssigneeDoubleOverpaid(uint256 sourceId, uint256 amount, uint256 owed);
    /// @notice The payer reported voucher `voucherId`, which this contract does not hold.
    error ProceedsAssigneeDoubleNotHolder(uint256 voucherId);

    mapping(address payer => mapping(uint256 sourceId => uint256)) private _owed;
    mapping(address payer => mapping(uint256 sourceId => uint256)) public received;
    mapping(address payer => mapping(uint256 sourceId => uint256)) public voucherOf;

    event VoucherReceived(address indexed payer, uint256 indexed sourceId, uint256 voucherId, uint256 value);

    /// @notice What `payer` owes this assignee out of `sourceId` (whenever asked).
    function setOwed(address payer, uint256 sourceId, uint256 amount) external {
        _owed[payer][sourceId] = amount;
    }

    /// @notice Redeem voucher `voucherId` of `vouchers` held by this contract.
    function redeem(IPayableVoucher vouchers, uint256 voucherId) external returns (uint256) {
        return vouchers.redeem(voucherId);
    }

    /// @inheritdoc IProceedsAssignee
    function outstanding(address payer, uint256 sourceId) external view returns (uint256) {
        return _owed[payer][sourceId] - received[payer][sourceId];
    }

    /// @inheritdoc IProceedsAssignee
    function outstandingAt(address payer, uint256 sourceId, uint48) external view returns (uint256) {
        return _owed[payer][sourceId] - received[payer][sourceId];
    }

    /// @inheritdoc IProceedsAssignee
    function onProceeds(uint256 sourceId, IERC20, uint256 amount) external {
        _receive(sourceId, amount);
    }

    /// @inheritdoc IProceedsAssignee
    function onVoucher(uint256 sourceId, address vouchers, uint256 voucherId, uint256 value) external {
        _receive(sourceId, value);
        voucherOf[msg.sender][sourceId] = voucherId;
        if (IPayableVoucher(vouchers).ownerOf(voucherId) != address(this)) {
            revert ProceedsAssigneeDoubleNotHolder(voucherId);
        }
        emit VoucherReceived(msg.sender, sourceId, voucherId, value);
    }

    function _receive(uint256 sourceId, uint256 amount) private {
        uint256 owed = _owed[msg.sender][sourceId] - received[msg.sender][sourceId];
        if (amount > owed) revert ProceedsAssigneeDoubleOverpaid(sourceId, amount, owed);
        received[msg.sender][sourceId] += amount;
    }
}

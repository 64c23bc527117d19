// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPayableVoucher} from "../interfaces/IPayableVoucher.sol";
import {IProceedsAssignee} from "../interfaces/IProceedsAssignee.sol";

/// @title ProceedsAssigneeDouble
/// @notice A test double of `IProceedsAssignee` (until the pre-shipment advance lands): the test
/// sets what it is owed now and at a future date per payer and facility; it checks that what a
/// payer says it paid arrived (token balance, voucher holder and value) and never exceeds what it
/// was owed, and records it.
contract ProceedsAssigneeDouble is IProceedsAssignee {
    struct Debt {
        uint256 owed; //       what `outstanding` answers
        uint256 owedLater; //  what `outstandingAt` answers for any date
    }

    error DoubleOverpaid(uint256 sourceId, uint256 amount, uint256 owed);
    error DoubleNotReceived(uint256 sourceId, uint256 amount);

    mapping(address payer => mapping(uint256 sourceId => Debt)) public debts;
    mapping(address payer => mapping(uint256 sourceId => uint256)) public receivedMoney;
    mapping(address payer => mapping(uint256 sourceId => uint256)) public receivedVoucherId;
    mapping(address payer => mapping(uint256 sourceId => uint256)) public receivedVoucherValue;
    mapping(address token => uint256) private _accounted;

    function setDebt(address payer, uint256 sourceId, uint256 owed, uint256 owedLater) external {
        debts[payer][sourceId] = Debt(owed, owedLater);
    }

    function outstanding(address payer, uint256 sourceId) external view returns (uint256) {
        return debts[payer][sourceId].owed;
    }

    function outstandingAt(address payer, uint256 sourceId, uint48) external view returns (uint256) {
        return debts[payer][sourceId].owedLater;
    }

    function onProceeds(uint256 sourceId, IERC20 token, uint256 amount) external {
        Debt storage d = debts[msg.sender][sourceId];
        if (amount > d.owed) revert DoubleOverpaid(sourceId, amount, d.owed);
        uint256 accounted = _accounted[address(token)] + amount;
        if (token.balanceOf(address(this)) < accounted) revert DoubleNotReceived(sourceId, amount);
        _accounted[address(token)] = accounted;
        d.owed -= amount;
        receivedMoney[msg.sender][sourceId] += amount;
    }

    function onVoucher(uint256 sourceId, address vouchers, uint256 voucherId, uint256 value) external {
        Debt storage d = debts[msg.sender][sourceId];
        if (value > d.owedLater) revert DoubleOverpaid(sourceId, value, d.owedLater);
        IPayableVoucher.Voucher memory v = IPayableVoucher(vouchers).voucher(voucherId);
        if (v.holder != address(this) || v.value != value) revert DoubleNotReceived(sourceId, value);
        d.owedLater -= value;
        receivedVoucherId[msg.sender][sourceId] = voucherId;
        receivedVoucherValue[msg.sender][sourceId] = value;
    }

    /// @notice Redeem a voucher this double holds (as the advance would at maturity).
    function redeem(IPayableVoucher vouchers, uint256 voucherId) external returns (uint256) {
        return vouchers.redeem(voucherId);
    }
}

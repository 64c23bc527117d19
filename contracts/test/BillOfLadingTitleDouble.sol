// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IBillOfLadingTitle} from "../interfaces/IBillOfLadingTitle.sol";

/// @title BillOfLadingTitleDouble
/// @notice Test double of the bill of lading's read side: tests write the facts a credit examines.
/// Used only until the real `BillOfLading` is on main, and for unit tests that need a bill in a state
/// the real one reaches only through a long story.
contract BillOfLadingTitleDouble is IBillOfLadingTitle {
    /// @notice Reverts like the real registry for an unknown bill.
    error BillOfLadingTitleDoubleUnknownBill(uint256 billId);

    struct Bill {
        BillFacts facts;
        BillStatus status;
        address holder;
        address pledgor;
    }

    mapping(uint256 billId => Bill) private _bills;

    /// @notice Write bill `billId`.
    function setBill(uint256 billId, BillFacts calldata facts, BillStatus status, address holder) external {
        Bill storage b = _bills[billId];
        b.facts = facts;
        b.status = status;
        b.holder = holder;
    }

    /// @notice Move bill `billId` to `holder` (pledgor recorded when it is a pledge).
    function setHolder(uint256 billId, address holder, address pledgor) external {
        _bills[billId].holder = holder;
        _bills[billId].pledgor = pledgor;
    }

    /// @notice Set the status of bill `billId`.
    function setStatus(uint256 billId, BillStatus status) external {
        _bills[billId].status = status;
    }

    /// @inheritdoc IBillOfLadingTitle
    function billFacts(uint256 billId) external view returns (BillFacts memory) {
        if (_bills[billId].status == BillStatus.None) revert BillOfLadingTitleDoubleUnknownBill(billId);
        return _bills[billId].facts;
    }

    /// @inheritdoc IBillOfLadingTitle
    function billStatus(uint256 billId) external view returns (BillStatus) {
        return _bills[billId].status;
    }

    /// @inheritdoc IBillOfLadingTitle
    function holderOf(uint256 billId) external view returns (address) {
        if (_bills[billId].status == BillStatus.None) revert BillOfLadingTitleDoubleUnknownBill(billId);
        return _bills[billId].holder;
    }

    /// @inheritdoc IBillOfLadingTitle
    function pledgorOf(uint256 billId) external view returns (address) {
        return _bills[billId].pledgor;
    }
}

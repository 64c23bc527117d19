// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {ILetterOfCreditAutomation} from "../interfaces/ILetterOfCreditAutomation.sol";

/// @title LetterOfCreditAutomation
/// @notice Chainlink Automation for `LetterOfCredit`: `checkUpkeep` finds credits that can be
/// released (expired, UCP 600 art. 6d i) or settled (honoured, conditions met) in a bounded slice
/// of the open-credit queue; `performUpkeep` acts on at most `MAX_ACTIONS` of them. It holds no
/// state and no role: every action goes through `LetterOfCredit.release` / `settle`, which anyone
/// may call and which check everything again.
/// @dev Kept apart from `LetterOfCredit` to keep that contract under the EIP-170 size limit and to
/// let the sweep be replaced without touching any credit.
contract LetterOfCreditAutomation is ILetterOfCreditAutomation {
    /// @notice Most open credits one `checkUpkeep` looks at.
    uint256 public constant MAX_SCAN = 200;
    /// @notice Most credits one `performUpkeep` releases or settles.
    uint256 public constant MAX_ACTIONS = 10;

    ILetterOfCredit private immutable _letterOfCredit;

    constructor(ILetterOfCredit letterOfCredit_) {
        _letterOfCredit = letterOfCredit_;
    }

    /// @inheritdoc ILetterOfCreditAutomation
    function letterOfCredit() external view returns (ILetterOfCredit) {
        return _letterOfCredit;
    }

    /// @notice Which open credits in a slice of the queue can be released or settled now.
    /// @param checkData Empty (the first `MAX_SCAN` open credits), or `abi.encode(uint256 start,
    /// uint256 count)`: the slice to look at, `count` capped at `MAX_SCAN`. Register one upkeep per
    /// slice when the queue outgrows one.
    /// @return upkeepNeeded Whether at least one credit in the slice can be acted on.
    /// @return performData `abi.encode(uint256[] lcIds)`, at most `MAX_ACTIONS` of them.
    function checkUpkeep(
        bytes calldata checkData
    ) external view override returns (bool upkeepNeeded, bytes memory performData) {
        uint256 start = 0;
        uint256 count = MAX_SCAN;
        if (checkData.length != 0) (start, count) = abi.decode(checkData, (uint256, uint256));
        if (count > MAX_SCAN) count = MAX_SCAN;
        uint256 end = _letterOfCredit.openCreditCount();
        if (start > end) start = end;
        if (end - start > count) end = start + count;
        uint256[] memory due = new uint256[](MAX_ACTIONS);
        uint256 found = 0;
        for (uint256 i = start; i < end && found < MAX_ACTIONS; ++i) {
            uint256 lcId = _letterOfCredit.openCreditAt(i);
            if (_actionable(lcId)) due[found++] = lcId;
        }
        assembly ("memory-safe") {
            mstore(due, found) // shrink the array to the ids found
        }
        return (found != 0, abi.encode(due));
    }

    /// @notice Release or settle each credit in `performData` that can be now. Anyone may call.
    /// @dev Never trusts `performData`: each credit's status is read again, and `release` / `settle`
    /// re-check every rule. A credit whose action reverts (say, the token froze its beneficiary) is
    /// reported and skipped, so it cannot block the rest of the batch.
    function performUpkeep(bytes calldata performData) external override {
        uint256[] memory lcIds = abi.decode(performData, (uint256[]));
        if (lcIds.length > MAX_ACTIONS)
            revert LetterOfCreditAutomationBatchTooLarge(lcIds.length, MAX_ACTIONS);
        for (uint256 i = 0; i < lcIds.length; ++i) {
            uint256 lcId = lcIds[i];
            ILetterOfCredit.Status current = _letterOfCredit.status(lcId);
            if (current == ILetterOfCredit.Status.Expired) {
                try _letterOfCredit.release(lcId) {} catch (bytes memory reason) {
                    emit UpkeepActionFailed(lcId, reason);
                }
            } else if (current == ILetterOfCredit.Status.Honoured) {
                try _letterOfCredit.settle(lcId) {} catch (bytes memory reason) {
                    emit UpkeepActionFailed(lcId, reason);
                }
            }
        }
    }

    /// @dev Whether credit `lcId` can be released or settled now.
    function _actionable(uint256 lcId) private view returns (bool) {
        ILetterOfCredit.Status current = _letterOfCredit.status(lcId);
        if (current == ILetterOfCredit.Status.Expired) return true;
        if (current != ILetterOfCredit.Status.Honoured) return false;
        try _letterOfCredit.previewSettlement(lcId) returns (uint256, uint256) {
            return true;
        } catch {
            return false;
        }
    }
}

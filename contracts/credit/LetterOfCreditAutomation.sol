// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";
import {ILetterOfCreditAutomation} from "../interfaces/ILetterOfCreditAutomation.sol";

/// @title LetterOfCreditAutomation
/// @notice Chainlink Automation for `LetterOfCredit`: `checkUpkeep` finds credits that can be
/// released (expired, UCP 600 art. 6d i) or settled (honoured, conditions met) in a bounded slice
/// of the open-credit queue; `performUpkeep` acts on at most `MAX_ACTIONS` of them. It holds no
/// role: every action goes through `LetterOfCredit.release` / `settle`, which anyone may call and
/// which check everything again. Its only state is when to look again at a credit whose action
/// failed.
/// @dev Kept apart from `LetterOfCredit` to keep that contract under the EIP-170 size limit and to
/// let the sweep be replaced without touching any credit.
///
/// Progress past failing credits: a credit can look actionable and still fail every time it is
/// acted on (its settlement preview passes, the token refuses the transfer to a suspended
/// beneficiary). Picked first by every check, `MAX_ACTIONS` of them would fill every upkeep and the
/// credits behind them would never be swept. So a failed action postpones the credit in the sweep
/// by `RETRY_DELAY`: the next checks pass over it, and every upkeep either settles or releases
/// something or postpones up to `MAX_ACTIONS` failing credits, so the healthy ones are reached
/// after at most (failing credits / `MAX_ACTIONS`) upkeeps. Chosen over simulating the transfer in
/// `checkUpkeep` (a state-changing check, a settlement executed per candidate) and over rotating the
/// scan start (a growing cursor over a queue that reorders on every removal).
contract LetterOfCreditAutomation is ILetterOfCreditAutomation {
    /// @notice Most open credits one `checkUpkeep` looks at.
    uint256 public constant MAX_SCAN = 200;
    /// @notice Most credits one `performUpkeep` releases or settles.
    uint256 public constant MAX_ACTIONS = 10;
    /// @notice How long the sweep passes over a credit whose action failed.
    uint256 public constant RETRY_DELAY = 6 hours;
    /// @notice Gas `performUpkeep` must have left before each action: several times what a settlement
    /// takes (about 150k with conversion and customs), so a failure is the credit's and never the
    /// caller's choice of gas limit (which would let anyone postpone a healthy credit).
    uint256 public constant ACTION_GAS = 400_000;

    ILetterOfCredit private immutable _letterOfCredit;
    mapping(uint256 lcId => uint256) private _retryAt;

    constructor(ILetterOfCredit letterOfCredit_) {
        _letterOfCredit = letterOfCredit_;
    }

    /// @inheritdoc ILetterOfCreditAutomation
    function letterOfCredit() external view returns (ILetterOfCredit) {
        return _letterOfCredit;
    }

    /// @inheritdoc ILetterOfCreditAutomation
    function retryAt(uint256 lcId) external view returns (uint256) {
        return _retryAt[lcId];
    }

    /// @notice Which open credits in a slice of the queue can be released or settled now, leaving
    /// out those whose last action failed less than `RETRY_DELAY` ago.
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
    /// reported, skipped so it cannot block the rest of the batch, and left out of the sweep for
    /// `RETRY_DELAY` so it cannot block the next upkeeps either. Each action needs `ACTION_GAS` left.
    function performUpkeep(bytes calldata performData) external override {
        uint256[] memory lcIds = abi.decode(performData, (uint256[]));
        if (lcIds.length > MAX_ACTIONS)
            revert LetterOfCreditAutomationBatchTooLarge(lcIds.length, MAX_ACTIONS);
        for (uint256 i = 0; i < lcIds.length; ++i) {
            uint256 lcId = lcIds[i];
            ILetterOfCredit.Status current = _letterOfCredit.status(lcId);
            bool release = current == ILetterOfCredit.Status.Expired;
            if (!release && current != ILetterOfCredit.Status.Honoured) continue;
            if (gasleft() < ACTION_GAS) revert LetterOfCreditAutomationGasShort(gasleft(), ACTION_GAS);
            if (release) {
                try _letterOfCredit.release(lcId) {} catch (bytes memory reason) {
                    _postpone(lcId, reason);
                }
            } else {
                try _letterOfCredit.settle(lcId) {} catch (bytes memory reason) {
                    _postpone(lcId, reason);
                }
            }
        }
    }

    /// @dev Leave credit `lcId`, whose action failed with `reason`, out of the sweep for `RETRY_DELAY`.
    function _postpone(uint256 lcId, bytes memory reason) private {
        uint256 next = block.timestamp + RETRY_DELAY;
        _retryAt[lcId] = next;
        emit UpkeepActionFailed(lcId, reason, next);
    }

    /// @dev Whether credit `lcId` can be released or settled now, and its last failure is old enough.
    function _actionable(uint256 lcId) private view returns (bool) {
        if (block.timestamp < _retryAt[lcId]) return false;
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

// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {ILetterOfCredit} from "./ILetterOfCredit.sol";

/// @title ILetterOfCreditAutomation
/// @notice The Chainlink Automation-compatible sweep of letters of credit: releases the balance of
/// expired credits and settles honoured drawings whose conditions hold. Anyone may call it. A credit
/// whose action failed is left out of the sweep until its retry time, so credits that always fail
/// cannot fill every upkeep.
interface ILetterOfCreditAutomation is AutomationCompatibleInterface {
    /// @notice `performData` names `size` credits; one upkeep acts on at most `max`.
    error LetterOfCreditAutomationBatchTooLarge(uint256 size, uint256 max);
    /// @notice `performUpkeep` had `gasLeft` before acting on a credit, where each action needs
    /// `needed` (so an action cannot be made to fail, and be postponed, by starving it of gas).
    error LetterOfCreditAutomationGasShort(uint256 gasLeft, uint256 needed);

    /// @notice Releasing or settling credit `lcId` reverted with `reason`; the others went ahead.
    /// The sweep leaves the credit out until `retryAt` (anyone may still act on it directly).
    event UpkeepActionFailed(uint256 indexed lcId, bytes reason, uint256 retryAt);

    /// @notice The letter-of-credit contract this upkeep sweeps.
    function letterOfCredit() external view returns (ILetterOfCredit);

    /// @notice When the sweep next looks at credit `lcId` after a failed action (0: never failed).
    function retryAt(uint256 lcId) external view returns (uint256);
}

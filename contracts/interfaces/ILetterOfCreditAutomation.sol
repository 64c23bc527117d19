// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AutomationCompatibleInterface} from "@chainlink/contracts/src/v0.8/automation/interfaces/AutomationCompatibleInterface.sol";
import {ILetterOfCredit} from "./ILetterOfCredit.sol";

/// @title ILetterOfCreditAutomation
/// @notice The Chainlink Automation-compatible sweep of letters of credit: releases the balance of
/// expired credits and settles honoured drawings whose conditions hold. Anyone may call it.
interface ILetterOfCreditAutomation is AutomationCompatibleInterface {
    /// @notice `performData` names `size` credits; one upkeep acts on at most `max`.
    error LetterOfCreditAutomationBatchTooLarge(uint256 size, uint256 max);

    /// @notice Releasing or settling credit `lcId` reverted with `reason`; the others went ahead.
    event UpkeepActionFailed(uint256 indexed lcId, bytes reason);

    /// @notice The letter-of-credit contract this upkeep sweeps.
    function letterOfCredit() external view returns (ILetterOfCredit);
}

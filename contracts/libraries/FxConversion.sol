// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";
import {ILetterOfCredit} from "../interfaces/ILetterOfCredit.sol";

/// @title FxConversion
/// @notice Converts an amount in a credit's currency into settlement-token units through a
/// Chainlink `AggregatorV3Interface` feed that quotes token units per unit of the credit's currency,
/// refusing a rate that is stale or outside the bounds the consortium configured for the feed.
/// @dev Both amounts carry the settlement token's decimals; the feed's `decimals()` scale only the rate.
library FxConversion {
    /// @notice `amount` of the credit's currency in settlement-token units at `feed`'s latest rate.
    /// With no feed (address(0)) the currencies are the same and `amount` is returned unchanged.
    /// @param rounding Floor for payments out, Ceil for what the escrow must cover.
    function toSettlement(
        uint256 amount,
        AggregatorV3Interface feed,
        ILetterOfCredit.FxFeedConfig memory config,
        Math.Rounding rounding
    ) internal view returns (uint256) {
        if (address(feed) == address(0)) return amount;
        uint256 rate = checkedRate(feed, config);
        return Math.mulDiv(amount, rate, 10 ** config.decimals, rounding);
    }

    /// @notice `feed`'s latest answer, if the feed is approved, fresh and within its bounds.
    function checkedRate(
        AggregatorV3Interface feed,
        ILetterOfCredit.FxFeedConfig memory config
    ) internal view returns (uint256) {
        if (!config.approved) revert ILetterOfCredit.LetterOfCreditFxFeedNotApproved(address(feed));
        (, int256 answer, , uint256 updatedAt, ) = feed.latestRoundData();
        // A round from the future is as unusable as a stale one.
        if (updatedAt == 0 || updatedAt > block.timestamp || block.timestamp - updatedAt > config.heartbeat) {
            revert ILetterOfCredit.LetterOfCreditFxRateStale(address(feed), updatedAt, config.heartbeat);
        }
        if (answer < config.minAnswer || answer > config.maxAnswer) {
            revert ILetterOfCredit.LetterOfCreditFxRateOutOfBounds(
                address(feed),
                answer,
                config.minAnswer,
                config.maxAnswer
            );
        }
        // minAnswer > 0 is enforced when the feed is configured, so `answer` is positive here.
        return uint256(answer);
    }
}

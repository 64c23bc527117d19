// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title IConsortiumFxFeed
/// @notice An exchange-rate feed the consortium operates itself, readable as a Chainlink
/// `AggregatorV3Interface`: members holding the publisher role publish rates, each a new round.
/// The answer is quote-currency units per base-currency unit, scaled by `decimals()`.
interface IConsortiumFxFeed is AggregatorV3Interface {
    /// @notice No round `roundId` (0: nothing published yet).
    error ConsortiumFxFeedNoData(uint80 roundId);
    /// @notice `answer` is outside the feed's sanity bounds [`minAnswer`, `maxAnswer`].
    error ConsortiumFxFeedAnswerOutOfBounds(int256 answer, int256 minAnswer, int256 maxAnswer);
    /// @notice An observation no newer than the latest round's (`latestObservedAt`).
    error ConsortiumFxFeedObservationNotNewer(uint256 observedAt, uint256 latestObservedAt);
    /// @notice An observation dated after the current block.
    error ConsortiumFxFeedObservationInFuture(uint256 observedAt, uint256 blockTimestamp);
    /// @notice A constructor argument is unusable; `field` names it.
    error ConsortiumFxFeedInvalidConfig(string field);

    /// @notice `publisher` published round `roundId`: `answer` as observed at `observedAt`.
    event RatePublished(uint80 indexed roundId, int256 answer, uint256 observedAt, address indexed publisher);

    /// @notice Publish a rate observed at `observedAt` (unix seconds, newer than the latest round,
    /// not in the future). Only members holding `publisherRole()`.
    function publish(int256 answer, uint48 observedAt) external returns (uint80 roundId);

    /// @notice The consortium role whose members may publish.
    function publisherRole() external view returns (bytes32);

    /// @notice ISO 4217 code of the base currency (the "USD" of "USD / CNY").
    function baseCurrency() external view returns (bytes3);

    /// @notice ISO 4217 code of the quote currency (the "CNY" of "USD / CNY").
    function quoteCurrency() external view returns (bytes3);

    /// @notice Smallest answer `publish` accepts.
    function minAnswer() external view returns (int256);

    /// @notice Largest answer `publish` accepts.
    function maxAnswer() external view returns (int256);
}

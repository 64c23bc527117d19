// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "@chainlink/contracts/src/v0.8/shared/interfaces/AggregatorV3Interface.sol";

/// @title IConsortiumFxFeed
/// @notice An exchange-rate feed the consortium operates itself, readable as a Chainlink
/// `AggregatorV3Interface`. A bounded set of publishers, chosen by governance among the members
/// holding the publisher role, each submit their own observation; a round's answer is the median
/// of the fresh observations once at least `minPublishers` are fresh, so no single publisher sets
/// the rate. The answer is quote-currency units per base-currency unit, scaled by `decimals()`.
interface IConsortiumFxFeed is AggregatorV3Interface {
    /// @notice How the feed aggregates, set by governance with the publishers.
    /// @param minPublishers Fresh observations a round needs (>= 3, <= the number of publishers).
    /// @param maxDeviationBps Largest distance of an observation from the current answer, in basis
    /// points of the current answer (1..10,000).
    /// @param maxObservationAge Seconds an observation stays fresh, counted in the median (> 0).
    struct Aggregation {
        uint8 minPublishers;
        uint16 maxDeviationBps;
        uint32 maxObservationAge;
    }

    /// @notice No round `roundId` (0: nothing published yet).
    error ConsortiumFxFeedNoData(uint80 roundId);
    /// @notice `answer` is outside the feed's sanity bounds [`minAnswer`, `maxAnswer`].
    error ConsortiumFxFeedAnswerOutOfBounds(int256 answer, int256 minAnswer, int256 maxAnswer);
    /// @notice An observation not newer than `latestObservedAt`: the publisher's own previous
    /// observation, or (older only) the observation time of the latest round.
    error ConsortiumFxFeedObservationNotNewer(uint256 observedAt, uint256 latestObservedAt);
    /// @notice An observation dated after the current block.
    error ConsortiumFxFeedObservationInFuture(uint256 observedAt, uint256 blockTimestamp);
    /// @notice An observation already stale when submitted: older than `oldestAccepted`.
    error ConsortiumFxFeedObservationStale(uint256 observedAt, uint256 oldestAccepted);
    /// @notice `answer` deviates from the current answer `currentAnswer` by `deviationBps` basis
    /// points, more than the `maxDeviationBps` allowed.
    error ConsortiumFxFeedDeviationTooLarge(
        int256 answer,
        int256 currentAnswer,
        uint256 deviationBps,
        uint256 maxDeviationBps
    );
    /// @notice `account` holds the publisher role but is not one of the feed's publishers.
    error ConsortiumFxFeedNotPublisher(address account);
    /// @notice A constructor or governance argument is unusable; `field` names it.
    error ConsortiumFxFeedInvalidConfig(string field);

    /// @notice `publisher` submitted its observation `answer`, observed at `observedAt`.
    event ObservationSubmitted(address indexed publisher, int256 answer, uint256 observedAt);
    /// @notice Round `roundId` was formed when `publisher` submitted: `answer` is the median of the
    /// fresh observations, `observedAt` the oldest of them.
    event RatePublished(uint80 indexed roundId, int256 answer, uint256 observedAt, address indexed publisher);
    /// @notice Governance set the publishers and the aggregation; every observation was cleared.
    event PublishersSet(address[] publishers, Aggregation aggregation);

    /// @notice Submit this publisher's observation of the rate at `observedAt` (unix seconds: not in
    /// the future, not stale, newer than its own previous one and not older than the latest round's),
    /// within `maxDeviationBps` of the current answer. Only the feed's publishers, while they hold
    /// `publisherRole()`. Forms a new round when `minPublishers` observations are fresh.
    /// @return roundId The round formed, or 0 if the observation waits for others.
    function publish(int256 answer, uint48 observedAt) external returns (uint80 roundId);

    /// @notice Governance sets the publishers (at most `MAX_PUBLISHERS`, each holding the publisher
    /// role) and the aggregation, and clears every observation: a new set starts afresh.
    function setPublishers(address[] calldata publishers_, Aggregation calldata aggregation_) external;

    /// @notice The feed's publishers.
    function publishers() external view returns (address[] memory);

    /// @notice The aggregation rules now.
    function aggregation() external view returns (Aggregation memory);

    /// @notice The latest observation of `publisher` (zeros if none, or if it is no publisher).
    function observationOf(address publisher) external view returns (int256 answer, uint256 observedAt);

    /// @notice The consortium role a publisher must hold.
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

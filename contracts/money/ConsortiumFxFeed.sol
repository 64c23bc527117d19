// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumFxFeed} from "../interfaces/IConsortiumFxFeed.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/// @title ConsortiumFxFeed
/// @notice An exchange rate (quote-currency units per base-currency unit, e.g. CNY per USD) that the
/// consortium publishes itself and that any Chainlink consumer can read through
/// `AggregatorV3Interface`: each publication is a round, `updatedAt` is when the rate was observed.
/// Publishers are the members holding `publisherRole()` (the ORACLE members in the demo).
/// @dev The sanity bounds here refuse a fat-fingered publication; consumers apply their own
/// staleness and bounds on top (as `LetterOfCredit` does). `answeredInRound` is the round id itself:
/// every round is answered in the round it was published in.
contract ConsortiumFxFeed is IConsortiumFxFeed, ConsortiumGated {
    /// @notice Version of this feed's logic, as AggregatorV3Interface reports it.
    // AggregatorV3Interface names it `version()`, so the constant keeps that name.
    // solhint-disable-next-line const-name-snakecase
    uint256 public constant override version = 1;

    struct Round {
        int256 answer;
        uint48 observedAt;
    }

    bytes32 private immutable _publisherRole;
    bytes3 private immutable _baseCurrency;
    bytes3 private immutable _quoteCurrency;
    uint8 private immutable _decimals;
    int256 private immutable _minAnswer;
    int256 private immutable _maxAnswer;

    uint80 private _latestRoundId;
    mapping(uint80 roundId => Round) private _rounds;

    constructor(
        IConsortiumRegistry registry_,
        bytes32 publisherRole_,
        bytes3 baseCurrency_,
        bytes3 quoteCurrency_,
        uint8 decimals_,
        int256 minAnswer_,
        int256 maxAnswer_
    ) ConsortiumGated(registry_) {
        if (!ConsortiumRoles.isMemberRole(publisherRole_))
            revert ConsortiumFxFeedInvalidConfig("publisherRole");
        if (baseCurrency_ == bytes3(0) || quoteCurrency_ == bytes3(0) || baseCurrency_ == quoteCurrency_) {
            revert ConsortiumFxFeedInvalidConfig("currencies");
        }
        if (decimals_ > 18) revert ConsortiumFxFeedInvalidConfig("decimals");
        if (minAnswer_ <= 0 || maxAnswer_ < minAnswer_) revert ConsortiumFxFeedInvalidConfig("bounds");
        _publisherRole = publisherRole_;
        _baseCurrency = baseCurrency_;
        _quoteCurrency = quoteCurrency_;
        _decimals = decimals_;
        _minAnswer = minAnswer_;
        _maxAnswer = maxAnswer_;
    }

    /// @inheritdoc IConsortiumFxFeed
    function publish(int256 answer, uint48 observedAt) external returns (uint80 roundId) {
        _requireRole(_publisherRole, msg.sender);
        if (answer < _minAnswer || answer > _maxAnswer) {
            revert ConsortiumFxFeedAnswerOutOfBounds(answer, _minAnswer, _maxAnswer);
        }
        if (observedAt > block.timestamp)
            revert ConsortiumFxFeedObservationInFuture(observedAt, block.timestamp);
        uint48 latestObservedAt = _rounds[_latestRoundId].observedAt;
        if (observedAt <= latestObservedAt)
            revert ConsortiumFxFeedObservationNotNewer(observedAt, latestObservedAt);
        roundId = ++_latestRoundId;
        _rounds[roundId] = Round({answer: answer, observedAt: observedAt});
        emit RatePublished(roundId, answer, observedAt, msg.sender);
    }

    /// @notice Round `roundId`: `startedAt` and `updatedAt` are both the observation time.
    function getRoundData(
        uint80 roundId
    )
        external
        view
        returns (uint80 id, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _round(roundId);
    }

    /// @notice The latest round (reverts with `ConsortiumFxFeedNoData(0)` before the first).
    function latestRoundData()
        external
        view
        returns (uint80 id, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _round(_latestRoundId);
    }

    /// @notice Decimals of the answer.
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @notice "BASE / QUOTE", e.g. "USD / CNY".
    function description() external view returns (string memory) {
        return string(abi.encodePacked(_baseCurrency, " / ", _quoteCurrency));
    }

    /// @inheritdoc IConsortiumFxFeed
    function publisherRole() external view returns (bytes32) {
        return _publisherRole;
    }

    /// @inheritdoc IConsortiumFxFeed
    function baseCurrency() external view returns (bytes3) {
        return _baseCurrency;
    }

    /// @inheritdoc IConsortiumFxFeed
    function quoteCurrency() external view returns (bytes3) {
        return _quoteCurrency;
    }

    /// @inheritdoc IConsortiumFxFeed
    function minAnswer() external view returns (int256) {
        return _minAnswer;
    }

    /// @inheritdoc IConsortiumFxFeed
    function maxAnswer() external view returns (int256) {
        return _maxAnswer;
    }

    function _round(
        uint80 roundId
    )
        private
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory r = _rounds[roundId];
        if (roundId == 0 || r.observedAt == 0) revert ConsortiumFxFeedNoData(roundId);
        return (roundId, r.answer, r.observedAt, r.observedAt, roundId);
    }
}

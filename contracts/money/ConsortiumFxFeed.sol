// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IConsortiumFxFeed} from "../interfaces/IConsortiumFxFeed.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/// @title ConsortiumFxFeed
/// @notice An exchange rate (quote-currency units per base-currency unit, e.g. CNY per USD) that the
/// consortium publishes itself and that any Chainlink consumer can read through
/// `AggregatorV3Interface`.
///
/// No single member sets the rate. Governance names up to `MAX_PUBLISHERS` publishers among the
/// members holding `publisherRole()` (the ORACLE members) and the aggregation rules. Each publisher
/// submits its own observation; when at least `minPublishers` observations are fresh (observed
/// within `maxObservationAge`), their median becomes a new round. With at least three of them, one
/// publisher can move the median no further than the range of the others' answers. An observation
/// further than `maxDeviationBps` from the current answer is refused, naming both values: a round
/// moves by at most that much, however many publishers collude (a real move larger than that is
/// published in steps, or governance widens the limit). A round's `updatedAt` (and `startedAt`) is
/// the OLDEST observation in its median: the answer is only as fresh as its stalest input, so a
/// consumer's staleness check stays conservative.
///
/// @dev Bounded work: the publisher set is at most 16, so forming a round reads at most 16 slots and
/// sorts at most 16 values in memory. Observations are stored per publisher slot, one storage slot
/// each. A suspended publisher cannot submit (role check), and its last observation counts until it
/// goes stale; governance replacing the publisher set clears all observations at once. The sanity
/// bounds refuse a fat-fingered publication; consumers apply their own staleness and bounds on top
/// (as `LetterOfCredit` does). `answeredInRound` is the round id itself.
contract ConsortiumFxFeed is IConsortiumFxFeed, ConsortiumGated {
    /// @notice Version of this feed's logic, as AggregatorV3Interface reports it (2: the median).
    // AggregatorV3Interface names it `version()`, so the constant keeps that name.
    // solhint-disable-next-line const-name-snakecase
    uint256 public constant override version = 2;
    /// @notice The most publishers a feed has.
    uint256 public constant MAX_PUBLISHERS = 16;
    /// @notice The fewest fresh observations a round may take: below three, one publisher could
    /// move the median (of two, halfway to its own answer).
    uint256 public constant MIN_QUORUM = 3;

    uint256 private constant BPS = 10_000;

    /// @dev One storage slot: int192 is ample for any answer within `maxAnswer` (checked at deployment).
    struct Entry {
        int192 answer;
        uint48 observedAt;
    }

    bytes32 private immutable _publisherRole;
    bytes3 private immutable _baseCurrency;
    bytes3 private immutable _quoteCurrency;
    uint8 private immutable _decimals;
    int256 private immutable _minAnswer;
    int256 private immutable _maxAnswer;

    uint80 private _latestRoundId;
    Aggregation private _aggregation;
    address[] private _publishers;
    /// @dev publisher => its slot in `_observations` plus one (0: not a publisher).
    mapping(address publisher => uint256 slotPlusOne) private _slotOf;
    Entry[MAX_PUBLISHERS] private _observations;
    mapping(uint80 roundId => Entry) private _rounds;

    /// @dev The feed starts without publishers; governance sets them (`setPublishers`).
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
        if (minAnswer_ <= 0 || maxAnswer_ < minAnswer_ || maxAnswer_ > type(int192).max) {
            revert ConsortiumFxFeedInvalidConfig("bounds");
        }
        _publisherRole = publisherRole_;
        _baseCurrency = baseCurrency_;
        _quoteCurrency = quoteCurrency_;
        _decimals = decimals_;
        _minAnswer = minAnswer_;
        _maxAnswer = maxAnswer_;
    }

    // ------------------------------------------------------------ publishing

    /// @inheritdoc IConsortiumFxFeed
    function publish(int256 answer, uint48 observedAt) external returns (uint80 roundId) {
        _requireRole(_publisherRole, msg.sender);
        uint256 slotPlusOne = _slotOf[msg.sender];
        if (slotPlusOne == 0) revert ConsortiumFxFeedNotPublisher(msg.sender);
        if (answer < _minAnswer || answer > _maxAnswer) {
            revert ConsortiumFxFeedAnswerOutOfBounds(answer, _minAnswer, _maxAnswer);
        }
        if (observedAt > block.timestamp)
            revert ConsortiumFxFeedObservationInFuture(observedAt, block.timestamp);
        Aggregation memory rules = _aggregation;
        if (block.timestamp - observedAt > rules.maxObservationAge) {
            revert ConsortiumFxFeedObservationStale(observedAt, block.timestamp - rules.maxObservationAge);
        }
        Entry storage own = _observations[slotPlusOne - 1];
        if (observedAt <= own.observedAt)
            revert ConsortiumFxFeedObservationNotNewer(observedAt, own.observedAt);
        Entry memory latest = _rounds[_latestRoundId];
        if (observedAt < latest.observedAt) {
            revert ConsortiumFxFeedObservationNotNewer(observedAt, latest.observedAt);
        }
        if (latest.observedAt != 0) _requireWithinDeviation(answer, latest.answer, rules.maxDeviationBps);

        own.answer = int192(answer); // within [minAnswer, maxAnswer], which fits int192
        own.observedAt = observedAt;
        emit ObservationSubmitted(msg.sender, answer, observedAt);

        (int256 median, uint48 oldest, uint256 count) = _freshMedian(rules.maxObservationAge);
        if (count < rules.minPublishers) return 0;
        roundId = ++_latestRoundId;
        _rounds[roundId] = Entry({answer: int192(median), observedAt: oldest});
        emit RatePublished(roundId, median, oldest, msg.sender);
    }

    /// @inheritdoc IConsortiumFxFeed
    /// @dev Executed by the consortium registry after its administrators approved it.
    function setPublishers(
        address[] calldata publishers_,
        Aggregation calldata aggregation_
    ) external onlyGovernance {
        uint256 count = publishers_.length;
        if (count > MAX_PUBLISHERS) revert ConsortiumFxFeedInvalidConfig("publishers");
        if (aggregation_.minPublishers < MIN_QUORUM || aggregation_.minPublishers > count) {
            revert ConsortiumFxFeedInvalidConfig("minPublishers");
        }
        if (aggregation_.maxDeviationBps == 0 || aggregation_.maxDeviationBps > BPS) {
            revert ConsortiumFxFeedInvalidConfig("maxDeviationBps");
        }
        if (aggregation_.maxObservationAge == 0) revert ConsortiumFxFeedInvalidConfig("maxObservationAge");

        address[] storage current = _publishers;
        for (uint256 i = 0; i < current.length; ++i) {
            delete _slotOf[current[i]];
            delete _observations[i];
        }
        delete _publishers;
        for (uint256 i = 0; i < count; ++i) {
            address publisher = publishers_[i];
            _requireRole(_publisherRole, publisher);
            if (_slotOf[publisher] != 0) revert ConsortiumFxFeedInvalidConfig("publishers"); // listed twice
            _slotOf[publisher] = i + 1;
            _publishers.push(publisher);
        }
        _aggregation = aggregation_;
        emit PublishersSet(publishers_, aggregation_);
    }

    // ------------------------------------------------------------------ views

    /// @notice Round `roundId`: `startedAt` and `updatedAt` are both the oldest observation in its median.
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
    function publishers() external view returns (address[] memory) {
        return _publishers;
    }

    /// @inheritdoc IConsortiumFxFeed
    function aggregation() external view returns (Aggregation memory) {
        return _aggregation;
    }

    /// @inheritdoc IConsortiumFxFeed
    function observationOf(address publisher) external view returns (int256 answer, uint256 observedAt) {
        uint256 slotPlusOne = _slotOf[publisher];
        if (slotPlusOne == 0) return (0, 0);
        Entry memory e = _observations[slotPlusOne - 1];
        return (e.answer, e.observedAt);
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

    // --------------------------------------------------------------- internal

    /// @dev Refuses `answer` further than `maxDeviationBps` from `current` (> 0: within the bounds).
    function _requireWithinDeviation(int256 answer, int256 current, uint256 maxDeviationBps) private pure {
        uint256 distance = answer > current ? uint256(answer - current) : uint256(current - answer);
        // Both are at most type(int192).max, so distance * BPS cannot overflow.
        uint256 deviationBps = (distance * BPS) / uint256(current);
        if (distance * BPS > uint256(current) * maxDeviationBps) {
            revert ConsortiumFxFeedDeviationTooLarge(answer, current, deviationBps, maxDeviationBps);
        }
    }

    /// @dev The median of the observations no older than `maxAge`, the oldest of them, and how many.
    /// At most MAX_PUBLISHERS values: an insertion sort in memory.
    function _freshMedian(uint256 maxAge) private view returns (int256 median, uint48 oldest, uint256 count) {
        uint256 publisherCount = _publishers.length;
        int256[] memory fresh = new int256[](publisherCount);
        oldest = type(uint48).max;
        for (uint256 i = 0; i < publisherCount; ++i) {
            Entry memory e = _observations[i];
            if (e.observedAt == 0 || block.timestamp - e.observedAt > maxAge) continue;
            if (e.observedAt < oldest) oldest = e.observedAt;
            int256 value = e.answer;
            uint256 j = count++;
            while (j > 0 && fresh[j - 1] > value) {
                fresh[j] = fresh[j - 1];
                --j;
            }
            fresh[j] = value;
        }
        if (count == 0) return (0, 0, 0);
        uint256 mid = count / 2;
        // Even count: the mean of the two middle values (rounded towards the lower one).
        median = count % 2 == 1 ? fresh[mid] : fresh[mid - 1] + (fresh[mid] - fresh[mid - 1]) / 2;
    }

    function _round(
        uint80 roundId
    )
        private
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Entry memory r = _rounds[roundId];
        if (roundId == 0 || r.observedAt == 0) revert ConsortiumFxFeedNoData(roundId);
        return (roundId, r.answer, r.observedAt, r.observedAt, roundId);
    }
}

// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ConsortiumGated} from "../consortium/ConsortiumGated.sol";
import {ConsortiumRoles} from "../consortium/ConsortiumRoles.sol";
import {IBankingCalendar} from "../interfaces/IBankingCalendar.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";

/// @title BankingCalendar
/// @notice Every consortium bank keeps its own banking calendar here: which weekdays it is
/// closed, its local time zone, and its holidays. Letters of credit count the examining bank's
/// five banking days (UCP 600 art. 14b) on it.
/// @dev A letter of credit reads the calendar once, when documents are presented, and stores the
/// resulting deadline: a holiday declared after a presentation cannot stretch that examination.
///
/// Counting is bounded: at most `MAX_BANKING_DAYS` banking days are counted, over at most
/// `MAX_SCAN_DAYS` calendar days. A bank closed for longer than that gets a deadline at the end of
/// the scanned window rather than a longer one (Caravel rule; UCP 600 art. 36 covers real
/// interruptions of business, which no calendar entry should stand in for).
contract BankingCalendar is IBankingCalendar, ConsortiumGated {
    /// @notice Most holidays set or cleared in one call.
    uint256 public constant MAX_HOLIDAYS_PER_CALL = 64;
    /// @notice Most banking days `endOfBankingDaysAfter` counts.
    uint256 public constant MAX_BANKING_DAYS = 10;
    /// @notice Most calendar days `endOfBankingDaysAfter` looks at.
    uint256 public constant MAX_SCAN_DAYS = 60;
    /// @notice Saturday and Sunday: the weekend of a bank that has not configured one.
    uint8 public constant DEFAULT_WEEKEND = 0x60;

    int16 private constant _MIN_UTC_OFFSET = -12 * 60;
    int16 private constant _MAX_UTC_OFFSET = 14 * 60;
    uint8 private constant _ALL_WEEKDAYS = 0x7f;

    struct BankingWeek {
        bool configured;
        uint8 weekendDays;
        int16 utcOffsetMinutes;
    }

    mapping(address bank => BankingWeek) private _weeks;
    mapping(address bank => mapping(uint32 localDay => bool)) private _holidays;

    constructor(IConsortiumRegistry registry_) ConsortiumGated(registry_) {}

    // ------------------------------------------------------------------ bank actions

    /// @inheritdoc IBankingCalendar
    function setBankingWeek(
        uint8 weekendDays,
        int16 utcOffsetMinutes
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        if (weekendDays & _ALL_WEEKDAYS != weekendDays || weekendDays == _ALL_WEEKDAYS) {
            revert BankingCalendarInvalidWeekend(weekendDays);
        }
        if (
            utcOffsetMinutes < _MIN_UTC_OFFSET ||
            utcOffsetMinutes > _MAX_UTC_OFFSET ||
            utcOffsetMinutes % 15 != 0
        ) {
            revert BankingCalendarInvalidUtcOffset(utcOffsetMinutes);
        }
        _weeks[msg.sender] = BankingWeek({
            configured: true,
            weekendDays: weekendDays,
            utcOffsetMinutes: utcOffsetMinutes
        });
        emit BankingWeekConfigured(msg.sender, weekendDays, utcOffsetMinutes);
    }

    /// @inheritdoc IBankingCalendar
    function setHolidays(
        uint32[] calldata localDays,
        bool closed
    ) external onlyMemberWithRole(ConsortiumRoles.BANK) {
        if (localDays.length > MAX_HOLIDAYS_PER_CALL) {
            revert BankingCalendarTooManyDays(localDays.length, MAX_HOLIDAYS_PER_CALL);
        }
        mapping(uint32 => bool) storage holidays = _holidays[msg.sender];
        for (uint256 i = 0; i < localDays.length; ++i) {
            holidays[localDays[i]] = closed;
        }
        emit BankHolidaysSet(msg.sender, localDays, closed);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IBankingCalendar
    function bankingWeekOf(address bank) public view returns (uint8 weekendDays, int16 utcOffsetMinutes) {
        BankingWeek memory week = _weeks[bank];
        if (!week.configured) return (DEFAULT_WEEKEND, 0);
        return (week.weekendDays, week.utcOffsetMinutes);
    }

    /// @inheritdoc IBankingCalendar
    function isHoliday(address bank, uint32 localDay) external view returns (bool) {
        return _holidays[bank][localDay];
    }

    /// @inheritdoc IBankingCalendar
    function localDayOf(address bank, uint256 timestamp) external view returns (uint32) {
        (, int16 offset) = bankingWeekOf(bank);
        return _localDay(timestamp, offset);
    }

    /// @inheritdoc IBankingCalendar
    function isBankingDay(address bank, uint32 localDay) external view returns (bool) {
        (uint8 weekendDays, ) = bankingWeekOf(bank);
        return _isBankingDay(_holidays[bank], weekendDays, localDay);
    }

    /// @inheritdoc IBankingCalendar
    function endOfBankingDaysAfter(
        address bank,
        uint256 timestamp,
        uint256 n
    ) external view returns (uint48) {
        if (n > MAX_BANKING_DAYS) revert BankingCalendarTooManyBankingDays(n, MAX_BANKING_DAYS);
        (uint8 weekendDays, int16 offset) = bankingWeekOf(bank);
        mapping(uint32 => bool) storage holidays = _holidays[bank];
        uint32 day = _localDay(timestamp, offset);
        uint256 counted = 0;
        for (uint256 scanned = 0; scanned < MAX_SCAN_DAYS && counted < n; ++scanned) {
            ++day;
            if (_isBankingDay(holidays, weekendDays, day)) ++counted;
        }
        // The last second of local day `day`, in UTC.
        int256 end = (int256(uint256(day)) + 1) * 1 days - 1 - int256(offset) * 60;
        return SafeCast.toUint48(SafeCast.toUint256(end));
    }

    // ------------------------------------------------------------------ internals

    function _localDay(uint256 timestamp, int16 offsetMinutes) private pure returns (uint32) {
        return
            SafeCast.toUint32(
                SafeCast.toUint256(SafeCast.toInt256(timestamp) + int256(offsetMinutes) * 60) / 1 days
            );
    }

    /// @dev Local day 0 (1970-01-01) was a Thursday: ISO weekday index (Monday = 0) is (day + 3) % 7.
    function _isBankingDay(
        mapping(uint32 => bool) storage holidays,
        uint8 weekendDays,
        uint32 localDay
    ) private view returns (bool) {
        uint256 weekday = (uint256(localDay) + 3) % 7;
        if (weekendDays & (1 << weekday) != 0) return false;
        return !holidays[localDay];
    }
}

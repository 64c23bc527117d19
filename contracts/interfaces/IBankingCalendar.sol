// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title IBankingCalendar
/// @notice Each bank's banking days: its weekend, its local time zone and its holidays. A letter
/// of credit counts the examining bank's "five banking days following the day of presentation"
/// (UCP 600 art. 14b) on this calendar.
/// @dev A local day is a whole number of days since 1970-01-01 in the bank's local time
/// (`(timestamp + utcOffsetMinutes * 60) / 1 days`). Weekdays are bits of `weekendDays`, ISO order:
/// bit 0 = Monday ... bit 5 = Saturday, bit 6 = Sunday. A bank that never configured its week
/// has a Saturday-Sunday weekend in UTC.
interface IBankingCalendar {
    /// @notice `weekendDays` would leave no working day, or uses bits above Sunday.
    error BankingCalendarInvalidWeekend(uint8 weekendDays);
    /// @notice The UTC offset is outside -12:00 .. +14:00 or not a multiple of 15 minutes.
    error BankingCalendarInvalidUtcOffset(int16 utcOffsetMinutes);
    /// @notice Too many holidays in one call.
    error BankingCalendarTooManyDays(uint256 count, uint256 max);
    /// @notice More banking days asked for than the calendar counts.
    error BankingCalendarTooManyBankingDays(uint256 requested, uint256 max);

    /// @notice `bank` set its weekend and time zone.
    event BankingWeekConfigured(address indexed bank, uint8 weekendDays, int16 utcOffsetMinutes);
    /// @notice `bank` declared `localDays` closed (holidays) or open again.
    event BankHolidaysSet(address indexed bank, uint32[] localDays, bool closed);

    /// @notice Set the caller's (a BANK member's) weekend and UTC offset.
    function setBankingWeek(uint8 weekendDays, int16 utcOffsetMinutes) external;

    /// @notice Declare the caller's (a BANK member's) `localDays` closed, or open again.
    function setHolidays(uint32[] calldata localDays, bool closed) external;

    /// @notice `bank`'s weekend days and UTC offset in minutes.
    function bankingWeekOf(address bank) external view returns (uint8 weekendDays, int16 utcOffsetMinutes);

    /// @notice Whether `bank` declared `localDay` a holiday.
    function isHoliday(address bank, uint32 localDay) external view returns (bool);

    /// @notice The local day at `bank` of `timestamp`.
    function localDayOf(address bank, uint256 timestamp) external view returns (uint32);

    /// @notice Whether `localDay` is a banking day at `bank`: not a weekend day, not a holiday.
    function isBankingDay(address bank, uint32 localDay) external view returns (bool);

    /// @notice The last second of the `n`-th banking day at `bank` following the local day of
    /// `timestamp` (the day of `timestamp` itself does not count: art. 14b "following the day of
    /// presentation").
    function endOfBankingDaysAfter(address bank, uint256 timestamp, uint256 n) external view returns (uint48);
}

/**
 * Each bank's banking days (UCP 600 art. 14b counts five of them): weekend, time zone, holidays.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { dayNumber, endOfLocalDay, startOfLocalDay } from "../../lib/trade/letterOfCredit.ts";
import type { BankingCalendar } from "../../types/ethers-contracts/index.js";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();

async function fixture() {
  const consortium = await deployConsortium(ethers);
  const calendar = (await ethers.deployContract("BankingCalendar", [
    await consortium.registry.getAddress(),
  ])) as unknown as BankingCalendar;
  return {
    ...consortium,
    calendar,
    bank: consortium.members["issuingBank"]!,
    other: consortium.members["advisingBank"]!,
  };
}

const SAT_SUN = 0x60;
const FRI_SAT = 0x30;

describe("BankingCalendar", function () {
  it("gives a bank that configured nothing a Saturday-Sunday week in UTC", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    expect(await calendar.bankingWeekOf(bank.address)).to.deep.equal([BigInt(SAT_SUN), 0n]);
    expect(await calendar.isBankingDay(bank.address, dayNumber("2030-04-06"))).to.equal(false); // Saturday
    expect(await calendar.isBankingDay(bank.address, dayNumber("2030-04-08"))).to.equal(true); // Monday
  });

  it("lets a BANK set its own weekend and UTC offset", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    await expect(calendar.connect(bank).setBankingWeek(FRI_SAT, 240))
      .to.emit(calendar, "BankingWeekConfigured")
      .withArgs(bank.address, FRI_SAT, 240);
    expect(await calendar.isBankingDay(bank.address, dayNumber("2030-04-05"))).to.equal(false); // Friday
    expect(await calendar.isBankingDay(bank.address, dayNumber("2030-04-07"))).to.equal(true); // Sunday
    // 21:00 UTC on 4 April is already 5 April at +04:00.
    const late = startOfLocalDay("2030-04-04", 0) + 21 * 3600;
    expect(await calendar.localDayOf(bank.address, late)).to.equal(dayNumber("2030-04-05"));
  });

  it("refuses a week with no working day, or bits beyond Sunday", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    for (const weekend of [0x7f, 0x80]) {
      await expect(calendar.connect(bank).setBankingWeek(weekend, 0))
        .to.be.revertedWithCustomError(calendar, "BankingCalendarInvalidWeekend")
        .withArgs(weekend);
    }
  });

  it("refuses a UTC offset outside -12:00..+14:00 or off the quarter hour", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    for (const offset of [-13 * 60, 15 * 60, 7]) {
      await expect(calendar.connect(bank).setBankingWeek(SAT_SUN, offset))
        .to.be.revertedWithCustomError(calendar, "BankingCalendarInvalidUtcOffset")
        .withArgs(offset);
    }
    await calendar.connect(bank).setBankingWeek(SAT_SUN, 5 * 60 + 45); // Kathmandu
  });

  it("refuses calendar changes from anyone but a BANK", async function () {
    const { calendar, members } = await networkHelpers.loadFixture(fixture);
    const exporter = members["exporter"]!;
    await expect(calendar.connect(exporter).setBankingWeek(SAT_SUN, 0))
      .to.be.revertedWithCustomError(calendar, "ConsortiumUnauthorizedAccount")
      .withArgs(exporter.address, ethers.id("BANK"));
    await expect(calendar.connect(exporter).setHolidays([1], true))
      .to.be.revertedWithCustomError(calendar, "ConsortiumUnauthorizedAccount")
      .withArgs(exporter.address, ethers.id("BANK"));
  });

  it("keeps each bank's holidays its own, and lets a bank open a day again", async function () {
    const { calendar, bank, other } = await networkHelpers.loadFixture(fixture);
    const easterMonday = dayNumber("2030-04-22");
    await expect(calendar.connect(bank).setHolidays([easterMonday], true))
      .to.emit(calendar, "BankHolidaysSet")
      .withArgs(bank.address, [easterMonday], true);
    expect(await calendar.isHoliday(bank.address, easterMonday)).to.equal(true);
    expect(await calendar.isBankingDay(bank.address, easterMonday)).to.equal(false);
    expect(await calendar.isBankingDay(other.address, easterMonday)).to.equal(true);
    await calendar.connect(bank).setHolidays([easterMonday], false);
    expect(await calendar.isBankingDay(bank.address, easterMonday)).to.equal(true);
  });

  it("takes at most 64 holidays per call", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    const days = Array.from({ length: 65 }, (_, i) => 22_000 + i);
    await expect(calendar.connect(bank).setHolidays(days, true))
      .to.be.revertedWithCustomError(calendar, "BankingCalendarTooManyDays")
      .withArgs(65, 64);
  });

  it("art. 14b: counts banking days from the day after, skipping weekends and holidays", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    await calendar.connect(bank).setHolidays([dayNumber("2030-04-08")], true);
    const thursday = startOfLocalDay("2030-04-04", 0) + 10 * 3600;
    expect(await calendar.endOfBankingDaysAfter(bank.address, thursday, 1)).to.equal(
      endOfLocalDay("2030-04-05", 0),
    );
    expect(await calendar.endOfBankingDaysAfter(bank.address, thursday, 2)).to.equal(
      endOfLocalDay("2030-04-09", 0),
    );
    expect(await calendar.endOfBankingDaysAfter(bank.address, thursday, 5)).to.equal(
      endOfLocalDay("2030-04-12", 0),
    );
  });

  it("art. 14b: under a Friday-Saturday week, Sunday is a banking day", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    await calendar.connect(bank).setBankingWeek(FRI_SAT, 4 * 60);
    const thursday = startOfLocalDay("2030-04-04", 4 * 60) + 10 * 3600;
    // Sun 7 (1), Mon 8 (2), Tue 9 (3), Wed 10 (4), Thu 11 (5).
    expect(await calendar.endOfBankingDaysAfter(bank.address, thursday, 5)).to.equal(
      endOfLocalDay("2030-04-11", 4 * 60),
    );
  });

  it("stops counting after 60 calendar days: a bank closed longer gets the end of that window", async function () {
    const { calendar, bank } = await networkHelpers.loadFixture(fixture);
    const start = dayNumber("2030-04-04");
    for (let chunk = 0; chunk < 2; chunk++) {
      const days = Array.from({ length: 64 }, (_, i) => start + 1 + chunk * 64 + i);
      await calendar.connect(bank).setHolidays(days, true);
    }
    const at = startOfLocalDay("2030-04-04", 0) + 3600;
    expect(await calendar.endOfBankingDaysAfter(bank.address, at, 5)).to.equal(
      (start + 60 + 1) * 86_400 - 1,
    );
    await expect(calendar.endOfBankingDaysAfter(bank.address, at, 11))
      .to.be.revertedWithCustomError(calendar, "BankingCalendarTooManyBankingDays")
      .withArgs(11, 10);
  });
});

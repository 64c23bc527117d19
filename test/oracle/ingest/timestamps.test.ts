import { expect } from "chai";
import fc from "fast-check";
import { IngestRejection } from "../../../oracle/ingest/rejection.ts";
import {
  checkEventTime,
  parseRfc3339,
  parseWcoDateTime,
} from "../../../oracle/ingest/timestamps.ts";
import { rfc3339, wcoDateTime } from "../../../oracle/simulator/messages.ts";

// 2000-01-01 .. 2100-01-01, whole seconds.
const seconds = fc.integer({ min: 946_684_800, max: 4_102_444_800 });

describe("Timestamps at the edge", function () {
  it("reads RFC 3339 in UTC as the same instant Date.parse does", function () {
    fc.assert(
      fc.property(seconds, (s) => {
        expect(parseRfc3339("t", rfc3339(s))).to.equal(s);
        expect(parseRfc3339("t", rfc3339(s)) * 1000).to.equal(Date.parse(rfc3339(s)));
      }),
      { numRuns: 256 },
    );
  });

  it("applies RFC 3339 zone offsets and drops fractions of a second", function () {
    expect(parseRfc3339("t", "2026-03-01T14:00:00+02:00")).to.equal(
      Date.UTC(2026, 2, 1, 12) / 1000,
    );
    expect(parseRfc3339("t", "2026-03-01T06:30:00-05:30")).to.equal(
      Date.UTC(2026, 2, 1, 12) / 1000,
    );
    expect(parseRfc3339("t", "2026-03-01T12:00:00.999Z")).to.equal(Date.UTC(2026, 2, 1, 12) / 1000);
  });

  it("reads WCO formatCode 304 back to the instant it was written from", function () {
    fc.assert(
      fc.property(seconds, (s) => {
        expect(parseWcoDateTime("t", wcoDateTime(s), "304")).to.equal(s);
      }),
      { numRuns: 256 },
    );
  });

  it("reads formatCode 304 with an offset, 102 dates and HMRC's Java-form dates", function () {
    expect(parseWcoDateTime("t", "20260301140000+0200", "304")).to.equal(
      Date.UTC(2026, 2, 1, 12) / 1000,
    );
    expect(parseWcoDateTime("t", "20260301", "102")).to.equal(Date.UTC(2026, 2, 1) / 1000);
    expect(parseWcoDateTime("t", "Wed Nov 13 00:00:00 UTC 2019", undefined)).to.equal(
      Date.UTC(2019, 10, 13) / 1000,
    );
  });

  for (const [text, code] of [
    ["20260229120000Z", "304"], // 2026 is not a leap year
    ["20260301126000Z", "304"],
    ["2026030112000Z", "304"],
    ["20261301", "102"],
    ["Wed Nov 13 00:00:00 CET 2019", undefined],
    ["20260301120000Z", "305"],
  ] as const) {
    it(`refuses "${text}" with formatCode ${String(code)}`, function () {
      expect(() => parseWcoDateTime("f", text, code)).to.throw(IngestRejection);
    });
  }

  it("refuses times before 2000 and beyond the skew, and accepts the skew's edge", function () {
    const now = 1_780_000_000;
    expect(checkEventTime("f", now + 300, now, 300)).to.equal(now + 300);
    expect(() => checkEventTime("f", now + 301, now, 300))
      .to.throw(IngestRejection)
      .with.property("code", "future_timestamp");
    expect(() => checkEventTime("f", 946_684_799, now, 300))
      .to.throw(IngestRejection)
      .with.property("code", "invalid_timestamp");
  });
});

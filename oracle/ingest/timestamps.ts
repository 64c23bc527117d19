/** Strict parsers for the date-time forms the feeds use, to unix seconds. */
import { IngestRejection } from "./rejection.ts";

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
/** WCO / UN/EDIFACT 2379 format code 304: CCYYMMDDHHMMSS followed by Z or a ±hhmm offset. */
const WCO_304 = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{4})$/;
/** WCO / UN/EDIFACT 2379 format code 102: CCYYMMDD (taken as 00:00 UTC). */
const WCO_102 = /^(\d{4})(\d{2})(\d{2})$/;
/**
 * Java's `Date.toString()` in UTC, e.g. "Wed Nov 13 00:00:00 UTC 2019": one published HMRC sample
 * (Example_DMS_notifications/16_DMSEOG.xml) carries it with no formatCode. Only UTC/GMT accepted.
 */
const JAVA_DATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{2}) (\d{2}):(\d{2}):(\d{2}) (UTC|GMT) (\d{4})$/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Earliest plausible event time: 2000-01-01T00:00:00Z. */
export const EARLIEST_EVENT_SECONDS = 946_684_800;

function utcSeconds(
  field: string,
  text: string,
  parts: [number, number, number, number, number, number],
  offsetMinutes: number,
): number {
  const [year, month, day, hour, minute, second] = parts;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    throw new IngestRejection(
      "invalid_timestamp",
      field,
      `"${text}" is not a valid calendar date-time`,
    );
  }
  return Math.floor(ms / 1000) - offsetMinutes * 60;
}

function offsetOf(sign: string, hours: number, minutes: number): number {
  return (sign === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** RFC 3339 date-time (as DCSA and the canonical format use) to unix seconds (fraction dropped). */
export function parseRfc3339(field: string, text: string): number {
  const m = RFC3339.exec(text);
  if (m === null) {
    throw new IngestRejection(
      "invalid_timestamp",
      field,
      `"${text.slice(0, 40)}" is not an RFC 3339 date-time (e.g. 2025-01-23T01:23:45Z)`,
    );
  }
  const zone = m[8]!;
  const offset =
    zone === "Z" || zone === "z"
      ? 0
      : offsetOf(zone[0]!, Number(zone.slice(1, 3)), Number(zone.slice(4, 6)));
  return utcSeconds(
    field,
    text,
    [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])],
    offset,
  );
}

/** A WCO `DateTimeString` with its `formatCode` (304, 102, or absent: Java UTC form) to seconds. */
export function parseWcoDateTime(
  field: string,
  text: string,
  formatCode: string | undefined,
): number {
  if (formatCode === "304") {
    const m = WCO_304.exec(text);
    if (m === null) {
      throw new IngestRejection(
        "invalid_timestamp",
        field,
        `"${text.slice(0, 40)}" does not match formatCode 304 (yyyyMMddHHmmssZ)`,
      );
    }
    const zone = m[7]!;
    const offset =
      zone === "Z" ? 0 : offsetOf(zone[0]!, Number(zone.slice(1, 3)), Number(zone.slice(3, 5)));
    return utcSeconds(
      field,
      text,
      [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])],
      offset,
    );
  }
  if (formatCode === "102") {
    const m = WCO_102.exec(text);
    if (m === null) {
      throw new IngestRejection(
        "invalid_timestamp",
        field,
        `"${text.slice(0, 40)}" does not match formatCode 102 (yyyyMMdd)`,
      );
    }
    return utcSeconds(field, text, [Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0], 0);
  }
  if (formatCode === undefined) {
    const m = JAVA_DATE.exec(text);
    if (m === null) {
      throw new IngestRejection(
        "invalid_timestamp",
        field,
        `"${text.slice(0, 40)}" has no formatCode and is not of the form "Wed Nov 13 00:00:00 UTC 2019"`,
      );
    }
    const month = MONTHS.indexOf(m[2]!) + 1;
    return utcSeconds(
      field,
      text,
      [Number(m[8]), month, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])],
      0,
    );
  }
  throw new IngestRejection(
    "invalid_timestamp",
    `${field}/@formatCode`,
    `formatCode "${formatCode.slice(0, 10)}" is not supported (304 or 102)`,
  );
}

/**
 * Refuses times before 2000 or later than `nowSeconds + maxFutureSkewSeconds`: an event cannot be
 * reported before it happened (clock skew between feed and node allowed).
 */
export function checkEventTime(
  field: string,
  seconds: number,
  nowSeconds: number,
  maxFutureSkewSeconds: number,
): number {
  if (seconds < EARLIEST_EVENT_SECONDS) {
    throw new IngestRejection(
      "invalid_timestamp",
      field,
      `${new Date(seconds * 1000).toISOString()} is before 2000-01-01, not a plausible event time`,
    );
  }
  if (seconds > nowSeconds + maxFutureSkewSeconds) {
    throw new IngestRejection(
      "future_timestamp",
      field,
      `${new Date(seconds * 1000).toISOString()} is more than ${maxFutureSkewSeconds} s in the future`,
    );
  }
  return seconds;
}

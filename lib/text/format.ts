/** How values are written for people: times, counts. */

/** Unix seconds as "2026-11-24 06:20:15 UTC". */
export function formatTime(unixSeconds: bigint | number): string {
  const iso = new Date(Number(unixSeconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** 1234567n → "1,234,567". */
export function formatCount(value: bigint | number): string {
  return value.toLocaleString("en-US");
}

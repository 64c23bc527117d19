/**
 * Supply-chain finance vouchers off chain: the enums of contracts/interfaces/IPayableVoucher.sol
 * in order, and the discount price the contract computes (actual/360, a started day counts), so
 * tasks and the demo can show a price before a bank accepts.
 */

/** IPayableVoucher.PayableStatus, in enum order. */
export const PAYABLE_STATUSES = [
  "None",
  "Confirmed",
  "Due",
  "Overdue",
  "Funded",
  "Settled",
] as const;

/** IPayableVoucher.OfferStatus, in enum order. */
export const OFFER_STATUSES = ["None", "Open", "Accepted", "Withdrawn"] as const;

/** The name of a PayableStatus or OfferStatus value. */
export function statusName(names: readonly string[], value: bigint | number): string {
  return names[Number(value)] ?? `status ${value}`;
}

const DAY = 86_400n;

/**
 * What a bank pays at `at` (unix seconds) for `value` maturing at `maturity` at `rateBps` a year:
 * value - floor(value x rate x days / (360 x 10,000)), days to maturity rounded up.
 */
export function discountPrice(
  value: bigint,
  rateBps: bigint,
  maturity: bigint,
  at: bigint,
): { price: bigint; days: bigint } {
  const days = at >= maturity ? 0n : (maturity - at + DAY - 1n) / DAY;
  return { price: value - (value * rateBps * days) / 3_600_000n, days };
}

/** Words and numbers as the pages show them. */

export function formatTime(unixSeconds: string | number): string {
  const n = Number(unixSeconds);
  if (!Number.isFinite(n) || n === 0) return "—";
  return new Date(n * 1000).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** An amount in a token's smallest unit as "CNY 7,000,000.00". */
export function formatAmount(value: string, decimals: number, currency: string): string {
  const n = BigInt(value);
  const unit = 10n ** BigInt(decimals);
  const whole = (n / unit).toLocaleString("en-US");
  const fraction = decimals === 0 ? "" : `.${(n % unit).toString().padStart(decimals, "0")}`;
  return `${currency} ${whole}${fraction}`;
}

/** An amount as a task option takes it: "10000000.00". */
export function amountOption(value: string, decimals: number): string {
  const n = BigInt(value);
  const unit = 10n ** BigInt(decimals);
  return decimals === 0
    ? n.toString()
    : `${n / unit}.${(n % unit).toString().padStart(decimals, "0")}`;
}

export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 8)}…${hex.slice(-4)}`;
}

/** A bytes32 holding short text (a bank's discrepancy code), as that text. */
export function bytes32Text(hex: string): string {
  const bytes = hex.slice(2).match(/../g) ?? [];
  const chars = bytes.map((b) => parseInt(b, 16)).filter((c) => c !== 0);
  return chars.every((c) => c >= 32 && c < 127) ? String.fromCharCode(...chars) : hex;
}

export type PartyNamer = (address: string) => string;

export function namer(members: readonly { account: string; name: string }[]): PartyNamer {
  const names = new Map(members.map((m) => [m.account.toLowerCase(), m.name]));
  return (address) => names.get(address.toLowerCase()) ?? shortHex(address);
}

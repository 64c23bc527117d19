/**
 * Pre-shipment advances (contracts/finance/PreShipmentAdvance.sol): the enums it speaks in, and
 * the tranche schedule as operators write it ("ExportDeclarationAccepted:30,Loaded:40,Departed:30",
 * shares in percent) parsed and checked at the edge. test/finance/PreShipmentAdvance.test.ts checks
 * the enums against the compiler.
 */

/** `IPreShipmentAdvance.SourceKind`: what an advance rests on. */
export const AdvanceSourceKind = {
  PurchaseOrder: 0,
  LetterOfCredit: 1,
} as const;
export type AdvanceSourceKindName = keyof typeof AdvanceSourceKind;

/** `IPreShipmentAdvance.Milestone`: the shipment milestone a tranche waits for. */
export const AdvanceMilestone = {
  ExportDeclarationAccepted: 0,
  Loaded: 1,
  Departed: 2,
} as const;
export type AdvanceMilestoneName = keyof typeof AdvanceMilestone;

/** `IPreShipmentAdvance.AdvanceStatus`. */
export const AdvanceStatus = {
  None: 0,
  Offered: 1,
  Accepted: 2,
  Funded: 3,
  Repaid: 4,
  Overdue: 5,
  Withdrawn: 6,
} as const;
export type AdvanceStatusName = keyof typeof AdvanceStatus;

/** The name of value `value` of one of the enums above ("value 9" when out of range). */
export function advanceEnumName(
  table: Readonly<Record<string, number>>,
  value: bigint | number,
): string {
  const entry = Object.entries(table).find(([, v]) => v === Number(value));
  return entry ? entry[0] : `value ${value}`;
}

/** One tranche as the contract takes it. */
export interface TrancheSpec {
  milestone: number;
  shareBps: number;
}

/** The short names operators may use for milestones, beside the enum names. */
const MILESTONE_ALIASES: Readonly<Record<string, AdvanceMilestoneName>> = {
  declaration: "ExportDeclarationAccepted",
  exportdeclarationaccepted: "ExportDeclarationAccepted",
  loaded: "Loaded",
  load: "Loaded",
  departed: "Departed",
  depa: "Departed",
};

/**
 * Parses a tranche schedule: comma-separated `milestone:percent` pairs, milestones strictly in
 * order, percents (up to two decimals) adding up to 100. Throws naming the part that is wrong.
 */
export function parseTranches(text: string): TrancheSpec[] {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0 || parts.length > 3) {
    throw new Error(`tranches: give 1 to 3 "milestone:percent" pairs, got ${parts.length}`);
  }
  const tranches = parts.map((part) => {
    const match = /^([A-Za-z]+):(\d{1,3}(?:\.\d{1,2})?)$/.exec(part);
    if (!match) throw new Error(`tranches: "${part}" is not "milestone:percent"`);
    const name = MILESTONE_ALIASES[match[1]!.toLowerCase()];
    if (!name) {
      throw new Error(
        `tranches: "${match[1]}" is not a milestone (ExportDeclarationAccepted, Loaded, Departed)`,
      );
    }
    const shareBps = Math.round(Number(match[2]) * 100);
    if (shareBps <= 0) throw new Error(`tranches: "${part}" has no share`);
    return { milestone: AdvanceMilestone[name], shareBps };
  });
  for (let i = 1; i < tranches.length; i += 1) {
    if (tranches[i]!.milestone <= tranches[i - 1]!.milestone) {
      throw new Error("tranches: milestones must be in shipment order, each at most once");
    }
  }
  const sum = tranches.reduce((s, t) => s + t.shareBps, 0);
  if (sum !== 10_000) throw new Error(`tranches: the shares add up to ${sum / 100} %, not 100 %`);
  return tranches;
}

/** Simple interest, actual/360, for `days` whole days on `principal` at `rateBps` a year. */
export function advanceInterest(principal: bigint, rateBps: number, days: number): bigint {
  return (principal * BigInt(rateBps) * BigInt(days)) / 3_600_000n;
}

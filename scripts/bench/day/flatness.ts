/**
 * Is a customs event's gas flat over the trading day? The judgement the day uses for the oracle's
 * reports, apart from the day so that it can be tested.
 *
 * A report's gas is a fixed cost (signatures, committee, digest) plus one cost per event, and the
 * cost of an event depends on its class, not only on the count (see `CustomsOracle._applyEvents`):
 * - an applied event whose shipment slot is still zero writes fresh storage (22,100 gas), one that
 *   updates a shipment already on chain pays 5,000, one whose shipment an earlier event of the same
 *   report wrote finds the slot warm and changed (200), one whose shipment the earlier events of
 *   the report only read (they changed nothing) finds it warm but unchanged (3,000);
 * - a `Cleared` event also writes the clearance location (another fresh slot);
 * - a duplicate, out-of-order or refused event writes nothing and logs a different event;
 * - the calldata of each kind of event has its own zero bytes (a transport event has no
 *   declaration hash, ...).
 * Nothing in the contract grows with history: a report reads one committee slot and a sequence
 * counter, and touches one mapping slot per event (plus one per clearance); no loop runs over
 * stored state. But the feed's order decides which classes come early in the day and which late
 * (the first reports carry shipments' first declarations at ~27,000 gas an event, the last ones
 * clearances and updates), so one gas-per-event figure moves with the mix alone. The day
 * therefore compares like with like: it fits `gas = fixed + Σ perClass[c] × count[c]` by least
 * squares over the first and the last tenth of reports together, one fixed cost for both and each
 * class's gas apart per tenth, and prices the last tenth's events (of the classes both tenths hold)
 * once at the last tenth's per-class gas and once at the first tenth's. Gas that grows with
 * history makes the first price exceed the second: by more than the tolerance is "not flat".
 * Classes with fewer than MIN_EVENTS_PER_TENTH events in either tenth are priced at their gas
 * over the whole day (fitted over every report) and left out of the comparison.
 *
 * The fit is only as good as the classes: a class that mixes two costs in proportions that move
 * through the day biases the fit, and the bias spreads to the classes that share reports with it.
 * Until the classifier told a write to a slot the report had only read (3,000 gas) from one to a
 * slot it had written (200), both were "again in the report"; the read-only ones follow late
 * (out-of-order) messages, which come early in the day, so the whole day's fit priced an
 * out-of-order event about 1,700 gas above what it costs (9,400 against 7,690 traced), and the
 * joint fit of the two tenths took that price as given: a first tenth of small reports (the day
 * at low load) could put the difference on its few updates of shipments on chain, which is how
 * the class came out at 11,700 against 10,260 in the last tenth (docs/BENCHMARKS.md).
 */

/** One event of a report as its per-event log tells it, in report order. */
export type ReportEvent = {
  readonly outcome: "applied" | "duplicate" | "out of order" | "refused";
  readonly shipmentRef: string;
  /** The event's `CustomsEventType` (for an applied event, the status it set). */
  readonly eventType: number;
};

/** A report's gas and how many events of each class it carried. */
export type ClassifiedReport = {
  readonly gas: number;
  readonly counts: ReadonlyMap<string, number>;
};

/** `CustomsEventType.Cleared`: its event also writes where the goods were cleared. */
const CLEARED = 6;

/**
 * Classifies the events of the day's reports, report after report in chain order: the class of an
 * event names its outcome (a clearance apart from other status changes) and what it found in the
 * shipment's storage slot, which is what its `SLOAD` and `SSTORE` cost (EIP-2929, EIP-2200):
 * - "first for its shipment": the slot is still zero and cold (2,100 + 20,000 gas);
 * - "shipment on chain": a value from an earlier report, cold (2,100 + 2,900);
 * - "again in the report": an earlier event of the same report wrote it (100 + 100);
 * - "read earlier in the report": an applied event whose shipment the earlier events of the same
 *   report only read (a duplicate, out-of-order or refused event): the slot is warm but not yet
 *   changed, so the write costs 2,900 (100 + 2,900). Counted with the written ones, it made
 *   "again in the report" a mix of 200- and 3,000-gas writes whose share follows the feed's
 *   noise (late messages come early in the day), and the fit spread the difference over the
 *   classes that share reports with it.
 * An event that writes nothing (duplicate, out of order, refused) pays only for its read, cold or
 * warm, so for it "again in the report" is any earlier event of the report on its shipment.
 * @param appliedBefore Shipments that had an applied event on chain before the first report given.
 */
export function createEventClassifier(appliedBefore: Iterable<string> = []) {
  const onChain = new Set(appliedBefore);
  return {
    /** The class counts of one report; remembers its shipments for the reports after it. */
    classify(events: readonly ReportEvent[]): Map<string, number> {
      const counts = new Map<string, number>();
      const read = new Set<string>();
      const written = new Set<string>();
      for (const event of events) {
        const ref = event.shipmentRef;
        const isApplied = event.outcome === "applied";
        // An event on a shipment with no status is always applied (CustomsTransitions: none →
        // any), so a shipment not on chain is never read before it is written: its first applied
        // event finds the slot zero.
        const slot = written.has(ref)
          ? "again in the report"
          : !onChain.has(ref)
            ? isApplied
              ? "first for its shipment"
              : "shipment on chain" // cannot occur (see above); a cold read like any other
            : !read.has(ref)
              ? "shipment on chain"
              : isApplied
                ? "read earlier in the report"
                : "again in the report";
        // The status an applied event sets changes its gas only when it is a clearance (one more
        // slot written); a measured day shows every other status within a few hundred gas of the
        // others of its slot class (calldata zero bytes), so they share a class.
        const kind = !isApplied
          ? event.outcome
          : event.eventType === CLEARED
            ? "clearance"
            : "status change";
        const name = `${kind}, ${slot}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
        read.add(ref);
        if (isApplied) written.add(ref);
      }
      for (const ref of written) onChain.add(ref);
      return counts;
    },
  };
}

/** Solves `a x = b` (square) by Gaussian elimination with partial pivoting; undefined if singular. */
function solve(a: number[][], b: number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  const scale = Math.max(1, ...m.flatMap((row) => row.slice(0, n).map(Math.abs)));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    }
    if (Math.abs(m[pivot]![col]!) <= scale * 1e-10) return undefined;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      if (f === 0) continue;
      for (let k = col; k <= n; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/**
 * Least squares `gas = fixed + Σ perClass[c] × count[c]` over `reports`. With `fixed` given, only
 * the per-class gas is fitted (to `gas - fixed`). Undefined when the classes cannot be told apart
 * (a class always occurs with another in the same proportion, or there are too few reports).
 */
export function fitByClass(
  reports: readonly ClassifiedReport[],
  fixed?: number,
): { fixed: number; perClass: Map<string, number> } | undefined {
  const classes = [...new Set(reports.flatMap((r) => [...r.counts.keys()]))].sort();
  const withIntercept = fixed === undefined;
  const row = (r: ClassifiedReport) => [
    ...(withIntercept ? [1] : []),
    ...classes.map((c) => r.counts.get(c) ?? 0),
  ];
  const k = classes.length + (withIntercept ? 1 : 0);
  if (k === 0 || reports.length < k) return undefined;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (const r of reports) {
    const x = row(r);
    const y = r.gas - (fixed ?? 0);
    for (let i = 0; i < k; i++) {
      xty[i]! += x[i]! * y;
      for (let j = 0; j < k; j++) xtx[i]![j]! += x[i]! * x[j]!;
    }
  }
  const beta = solve(xtx, xty);
  if (beta === undefined) return undefined;
  const offset = withIntercept ? 1 : 0;
  return {
    fixed: withIntercept ? beta[0]! : fixed,
    perClass: new Map(classes.map((c, i) => [c, beta[i + offset]!])),
  };
}

/** Fewest events of a class each tenth must hold for its gas to be compared between them. */
export const MIN_EVENTS_PER_TENTH = 10;

/** The first and last tenth of the day's reports compared class by class, net of the fixed cost. */
export type ClassFlatness = {
  /** Every report of the day fitted at once: the fixed cost and each class's gas. */
  day: { fixed: number; perClass: Map<string, number> };
  /** The fixed cost the two tenths share in their joint fit. */
  fixed: number;
  /**
   * Per class: its gas in the first and the last tenth (undefined when too rare in either to
   * compare) and how many of its events each holds.
   */
  classes: Map<string, { first?: number; last?: number; firstEvents: number; lastEvents: number }>;
  /**
   * The last tenth's events of the classes both tenths hold, priced at the last tenth's per-class
   * gas over the same events priced at the first tenth's, minus 1.
   */
  change: number;
  flat: boolean;
};

/**
 * Judges the day's reports (in chain order) by class: the first and last tenth are fitted together
 * (one fixed cost, each class's gas apart per tenth) and flat means the last tenth's events cost,
 * at the last tenth's per-class gas, within `tolerance` of what they cost at the first tenth's.
 * Undefined when the day or the two tenths cannot be fitted.
 */
export function judgeByClass(
  reports: readonly ClassifiedReport[],
  tolerance: number,
): ClassFlatness | undefined {
  const day = fitByClass(reports);
  if (day === undefined) return undefined;
  const tenth = Math.max(1, Math.ceil(reports.length / 10));
  const first = reports.slice(0, tenth);
  const last = reports.slice(-tenth);
  const eventsOf = (part: readonly ClassifiedReport[], c: string) =>
    part.reduce((sum, r) => sum + (r.counts.get(c) ?? 0), 0);
  // A class rarer than MIN_EVENTS_PER_TENTH in either tenth is priced at its gas over the whole
  // day: too few events to fit it per tenth (a class in one report only cannot be told from its
  // neighbours).
  const split = new Set(
    [...day.perClass.keys()].filter(
      (c) =>
        eventsOf(first, c) >= MIN_EVENTS_PER_TENTH && eventsOf(last, c) >= MIN_EVENTS_PER_TENTH,
    ),
  );
  const tagged = (part: readonly ClassifiedReport[], tag: string) =>
    part.map((r) => {
      let gas = r.gas;
      const counts = new Map<string, number>();
      for (const [c, n] of r.counts) {
        if (split.has(c)) counts.set(`${tag}${c}`, n);
        else gas -= day.perClass.get(c)! * n;
      }
      return { gas, counts };
    });
  const joint = fitByClass([...tagged(first, "first:"), ...tagged(last, "last:")]);
  if (joint === undefined) return undefined;
  const classes: ClassFlatness["classes"] = new Map();
  let atLast = 0;
  let atFirst = 0;
  for (const c of day.perClass.keys()) {
    const gasFirst = joint.perClass.get(`first:${c}`);
    const gasLast = joint.perClass.get(`last:${c}`);
    const lastEvents = eventsOf(last, c);
    classes.set(c, { first: gasFirst, last: gasLast, firstEvents: eventsOf(first, c), lastEvents });
    if (gasFirst !== undefined && gasLast !== undefined) {
      atLast += gasLast * lastEvents;
      atFirst += gasFirst * lastEvents;
    }
  }
  const change = atLast / atFirst - 1;
  return { day, fixed: joint.fixed, classes, change, flat: Math.abs(change) <= tolerance };
}

/** An operation's transactions in chain order: the items each carried and the gas it used. */
export type OperationGas = { readonly items: number; readonly gas: bigint };

/** An operation's gas per item in the first and the last tenth of its transactions, judged. */
export type TenthsVerdict = {
  /** Gas per item over the first tenth of the transactions (at least one transaction). */
  readonly first: number;
  /** Gas per item over the last tenth. */
  readonly last: number;
  /** `last / first`. */
  readonly ratio: number;
  /** The ratio within `1 ± tolerance`. */
  readonly flat: boolean;
  /** Transactions in each tenth. */
  readonly perTenth: number;
};

/**
 * Flat or not, for an operation whose transactions carry a fixed number of items: gas per item in
 * the last tenth of its transactions (`ceil(n / 10)`, at least one) over the first tenth's.
 * Undefined when the operation has no transaction.
 */
export function judgeTenths(
  transactions: readonly OperationGas[],
  tolerance: number,
): TenthsVerdict | undefined {
  if (transactions.length === 0) return undefined;
  const perTenth = Math.max(1, Math.ceil(transactions.length / 10));
  const perItem = (part: readonly OperationGas[]) =>
    Number(part.reduce((sum, t) => sum + t.gas, 0n)) / part.reduce((sum, t) => sum + t.items, 0);
  const first = perItem(transactions.slice(0, perTenth));
  const last = perItem(transactions.slice(-perTenth));
  const ratio = last / first;
  return { first, last, ratio, flat: Math.abs(ratio - 1) <= tolerance, perTenth };
}

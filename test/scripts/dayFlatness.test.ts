import { expect } from "chai";

import {
  type ClassifiedReport,
  createEventClassifier,
  fitByClass,
  judgeByClass,
  judgeTenths,
  type OperationGas,
  type ReportEvent,
} from "../../scripts/bench/day/flatness.ts";

const CLEARED = 6;
const LOADED = 9;
const ARRIVED = 11;

const applied = (shipmentRef: string, eventType: number): ReportEvent => ({
  outcome: "applied",
  shipmentRef,
  eventType,
});

/** A report of `fresh` first events and `updates` updates, its gas by the given per-class costs. */
function report(
  fresh: number,
  updates: number,
  cost: { fixed: number; fresh: number; update: number },
): ClassifiedReport {
  const counts = new Map<string, number>();
  if (fresh > 0) counts.set("fresh", fresh);
  if (updates > 0) counts.set("update", updates);
  return { gas: cost.fixed + cost.fresh * fresh + cost.update * updates, counts };
}

/**
 * A day of 100 reports whose mix moves from mostly first events to mostly updates, as the feed's
 * order makes it; `updateGasAt(i)` is what an update costs in report i.
 */
function dayOfShiftingMix(updateGasAt: (i: number) => number): ClassifiedReport[] {
  return Array.from({ length: 100 }, (_, i) => {
    const size = 20 + ((i * 7) % 30);
    const fresh = Math.round((size * (100 - i)) / 110);
    return report(fresh, size - fresh, { fixed: 120_000, fresh: 24_000, update: updateGasAt(i) });
  });
}

/**
 * A report's gas as the oracle's storage prices it (EIP-2929 and EIP-2200): a fixed 73,000, and per
 * event 2,400 (calldata, digest) plus its read of the shipment's slot (2,100 cold, 100 warm), and
 * for an applied event 2,900 plus its write (20,000 to a zero slot, 2,900 to a value from an
 * earlier report, 100 to a slot this report wrote) plus 22,100 for a clearance's location; 3,100
 * for an event that writes nothing. `stored`: the shipments with a value on chain, updated.
 */
function oracleReportGas(events: readonly ReportEvent[], stored: Set<string>): number {
  let gas = 73_000;
  const warm = new Set<string>();
  const written = new Set<string>();
  for (const { outcome, shipmentRef: ref, eventType } of events) {
    gas += 2_400 + (warm.has(ref) ? 100 : 2_100);
    if (outcome === "applied") {
      gas += 2_900 + (written.has(ref) ? 100 : stored.has(ref) ? 2_900 : 20_000);
      if (eventType === CLEARED) gas += 22_100;
      written.add(ref);
    } else {
      gas += 3_100;
    }
    warm.add(ref);
  }
  for (const ref of written) stored.add(ref);
  return gas;
}

/**
 * `actual` within `tolerance` of `expected`. (chai's closeTo is replaced by hardhat-ethers' bigint
 * matcher once a test file loads it, which refuses fractions, so the suite compares numbers itself.)
 */
function expectNear(actual: number | undefined, expected: number, tolerance: number): void {
  expect(actual, `expected a number near ${expected}`).to.be.a("number");
  expect(
    Math.abs(actual! - expected),
    `${actual} is not within ${tolerance} of ${expected}`,
  ).to.be.at.most(tolerance);
}

describe("the day's flatness judgement for customs events (flatness.ts)", function () {
  describe("createEventClassifier", function () {
    it("names a shipment's first applied event apart from later ones, from events again in the report and from clearances", function () {
      const classifier = createEventClassifier();
      const first = classifier.classify([
        applied("0xa", LOADED),
        applied("0xa", ARRIVED),
        applied("0xb", LOADED),
      ]);
      expect(Object.fromEntries(first)).to.deep.equal({
        "status change, first for its shipment": 2,
        "status change, again in the report": 1,
      });
      const second = classifier.classify([
        applied("0xa", CLEARED),
        { outcome: "duplicate", shipmentRef: "0xb", eventType: LOADED },
      ]);
      expect(Object.fromEntries(second)).to.deep.equal({
        "clearance, shipment on chain": 1,
        "duplicate, shipment on chain": 1,
      });
    });

    it("names an update whose shipment the report only read before (a late message first) apart from one whose shipment the report already wrote", function () {
      const classifier = createEventClassifier(["0xa", "0xb"]);
      const counts = classifier.classify([
        { outcome: "out of order", shipmentRef: "0xa", eventType: LOADED },
        applied("0xa", ARRIVED), // warm but unchanged: its write costs 2,900
        applied("0xa", CLEARED), // the slot written just before: 100
        applied("0xb", LOADED),
        applied("0xb", ARRIVED), // written just before: 100
        { outcome: "duplicate", shipmentRef: "0xb", eventType: ARRIVED }, // a warm read
      ]);
      expect(Object.fromEntries(counts)).to.deep.equal({
        "out of order, shipment on chain": 1,
        "status change, read earlier in the report": 1,
        "clearance, again in the report": 1,
        "status change, shipment on chain": 1,
        "status change, again in the report": 1,
        "duplicate, again in the report": 1,
      });
    });

    it("counts a shipment applied before the day as on chain at its first event of the day", function () {
      const classifier = createEventClassifier(["0xa"]);
      expect(Object.fromEntries(classifier.classify([applied("0xa", ARRIVED)]))).to.deep.equal({
        "status change, shipment on chain": 1,
      });
    });

    it("does not count a shipment whose only events were refused as on chain", function () {
      const classifier = createEventClassifier();
      classifier.classify([{ outcome: "refused", shipmentRef: "0xa", eventType: ARRIVED }]);
      expect(Object.fromEntries(classifier.classify([applied("0xa", LOADED)]))).to.deep.equal({
        "status change, first for its shipment": 1,
      });
    });
  });

  describe("fitByClass", function () {
    it("recovers the fixed cost and each class's gas from reports of varying mix", function () {
      const fit = fitByClass(dayOfShiftingMix(() => 6_000))!;
      expectNear(fit.fixed, 120_000, 1e-3);
      expectNear(fit.perClass.get("fresh"), 24_000, 1e-6);
      expectNear(fit.perClass.get("update"), 6_000, 1e-6);
    });

    it("refuses to fit classes that always occur in the same proportion", function () {
      const cost = { fixed: 100_000, fresh: 20_000, update: 5_000 };
      const reports = [report(1, 2, cost), report(2, 4, cost), report(3, 6, cost)];
      expect(fitByClass(reports)).to.equal(undefined);
    });
  });

  describe("judgeByClass", function () {
    it("judges flat a day whose per-class gas is constant while its mix of classes moves", function () {
      const reports = dayOfShiftingMix(() => 6_000);
      // The judgement it replaces (one gas per event, net of the fitted fixed cost) moves by the
      // mix alone: from mostly 24,000-gas first events to mostly 6,000-gas updates.
      const perEvent = (part: ClassifiedReport[]) =>
        part.reduce((sum, r) => sum + r.gas - 120_000, 0) /
        part.reduce((sum, r) => sum + [...r.counts.values()].reduce((a, b) => a + b, 0), 0);
      expect(perEvent(reports.slice(-10)) / perEvent(reports.slice(0, 10)) - 1).to.be.below(-0.3);

      const judged = judgeByClass(reports, 0.02)!;
      expect(judged.flat).to.equal(true);
      expectNear(judged.change, 0, 1e-9);
      expectNear(judged.fixed, 120_000, 1e-3);
      expectNear(judged.classes.get("update")!.first, 6_000, 1e-6);
      expectNear(judged.classes.get("update")!.last, 6_000, 1e-6);
      expectNear(judged.classes.get("fresh")!.last, 24_000, 1e-6);
    });

    it("judges not flat a day whose updates cost 10 % more by its end, and shows it in their class", function () {
      const judged = judgeByClass(
        dayOfShiftingMix((i) => 6_000 * (1 + (0.1 * i) / 99)),
        0.02,
      )!;
      expect(judged.flat).to.equal(false);
      expect(judged.change).to.be.above(0.02);
      const { first, last } = judged.classes.get("update")!;
      expect(last! / first! - 1).to.be.above(0.05);
    });

    it("keeps one gas for both tenths of a class too rare to compare, and still judges the rest", function () {
      const reports = dayOfShiftingMix(() => 6_000);
      // Two rare classes together in one report of each tenth: neither tenth can tell them apart
      // (the whole day can: they also occur apart in its middle).
      for (const [i, extra] of [
        [40, ["refused"]],
        [60, ["out of order"]],
      ] as const) {
        const r = reports[i]!;
        const gas = extra[0] === "refused" ? 8_000 : 5_000;
        reports[i] = { gas: r.gas + gas, counts: new Map([...r.counts, [extra[0], 1]]) };
      }
      for (const i of [3, 97]) {
        const r = reports[i]!;
        reports[i] = {
          gas: r.gas + 8_000 + 5_000,
          counts: new Map([...r.counts, ["refused", 1], ["out of order", 1]]),
        };
      }
      const judged = judgeByClass(reports, 0.02)!;
      expect(judged.flat).to.equal(true);
      expect(judged.classes.get("refused")).to.deep.include({ first: undefined, last: undefined });
      expectNear(judged.classes.get("update")!.last, 6_000, 1e-6);
    });

    it("judges flat a day whose late messages come early, most of them before an update of their shipment in the same report", function () {
      // Reports priced by what each event's SLOAD and SSTORE find, as the oracle's storage does
      // (the module comment of flatness.ts): the per-class gas is the same all day, but the first
      // 30 reports carry late (out-of-order) messages, two in three followed in the report by an
      // update of the same shipment, which finds the slot warm and unchanged (a 2,900-gas write,
      // not 100). Classed with the updates of slots the report had written, they made the day
      // "not flat" (the old classifier judged this day at -2.3 %).
      const reports: ReportEvent[][] = [];
      let shipments = 0;
      const ref = (n: number) => `0x${n.toString(16)}`;
      for (let i = 0; i < 100; i++) {
        const before = shipments; // shipments on chain when the report starts
        const size = 20 + ((i * 7) % 30);
        const fresh = i === 0 ? size : Math.round((size * (100 - i)) / 110);
        const events: ReportEvent[] = [];
        for (let k = 0; k < fresh; k++) events.push(applied(ref(shipments++), LOADED));
        for (let k = fresh; k < size; k++)
          events.push(applied(ref((i * 37 + k * 13) % before), ARRIVED));
        // A few shipments get a second event in the same report: the slot is written, 100 gas.
        for (let k = 0; k < 8 + (i % 5); k++) events.push(applied(events[k]!.shipmentRef, ARRIVED));
        if (i > 0 && i < 30) {
          for (let k = 0; k < 6 + (i % 4); k++) {
            const late = ref((i * 11 + k * 5 + 1) % before);
            events.push({ outcome: "out of order", shipmentRef: late, eventType: LOADED });
            if (k % 3 !== 2) events.push(applied(late, ARRIVED)); // some late messages alone
          }
        }
        reports.push(events);
      }
      const stored = new Set<string>();
      const classifier = createEventClassifier();
      const classified = reports.map((events) => ({
        gas: oracleReportGas(events, stored),
        counts: classifier.classify(events),
      }));
      const judged = judgeByClass(classified, 0.02)!;
      expect(judged.flat).to.equal(true);
      expectNear(judged.change, 0, 1e-6);
      expectNear(judged.classes.get("status change, again in the report")!.first, 5_500, 1e-3);
      expectNear(judged.classes.get("status change, again in the report")!.last, 5_500, 1e-3);
    });

    it("judges not flat a day whose last reports each cost 3 % more than their mix explains", function () {
      const reports = dayOfShiftingMix(() => 6_000).map((r, i) =>
        i >= 90 ? { ...r, gas: 120_000 + (r.gas - 120_000) * 1.03 } : r,
      );
      const judged = judgeByClass(reports, 0.02)!;
      expectNear(judged.change, 0.03, 1e-9);
      expect(judged.flat).to.equal(false);
    });
  });

  describe("judgeTenths (an operation of a fixed size)", function () {
    /** `n` transactions of `items` items each; transaction i used `gasAt(i)` gas. */
    const day = (n: number, items: number, gasAt: (i: number) => number): OperationGas[] =>
      Array.from({ length: n }, (_, i) => ({ items, gas: BigInt(gasAt(i)) }));

    it("compares gas per item over the first and the last tenth of the transactions, nothing in between", function () {
      // 100 transactions of 2 items: the first ten at 300,000 gas, the middle dearer, the last ten 304,500.
      const verdict = judgeTenths(
        day(100, 2, (i) => (i < 10 ? 300_000 : i >= 90 ? 304_500 : 900_000)),
        0.02,
      )!;
      expect(verdict).to.deep.equal({
        first: 150_000,
        last: 152_250,
        ratio: 1.015,
        flat: true,
        perTenth: 10,
      });
    });

    it("judges not flat an operation whose last tenth is 2.1 % cheaper, and one whose last tenth is 2.1 % dearer", function () {
      const cheaper = judgeTenths(
        day(50, 1, (i) => (i >= 45 ? 97_900 : 100_000)),
        0.02,
      )!;
      expect(cheaper.perTenth).to.equal(5);
      expect(cheaper.flat).to.equal(false);
      expectNear(cheaper.ratio, 0.979, 1e-12);
      const dearer = judgeTenths(
        day(50, 1, (i) => (i >= 45 ? 102_100 : 100_000)),
        0.02,
      )!;
      expect(dearer.flat).to.equal(false);
    });

    it("takes one transaction as the tenth of fewer than ten, rounds a tenth up, and has no verdict without transactions", function () {
      const few = judgeTenths(
        day(3, 1, (i) => 100_000 + i * 500),
        0.02,
      )!;
      expect(few).to.deep.include({ first: 100_000, last: 101_000, perTenth: 1, flat: true });
      expect(
        judgeTenths(
          day(11, 1, () => 1),
          0.02,
        )!.perTenth,
      ).to.equal(2);
      expect(judgeTenths([], 0.02)).to.equal(undefined);
    });
  });
});

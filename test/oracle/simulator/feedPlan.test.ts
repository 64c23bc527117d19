import { expect } from "chai";
import {
  createFeedSimulator,
  lastEventTime,
  planFeed,
  type FeedSimulatorOptions,
} from "../../../oracle/simulator/feedSimulator.ts";
import { createRandom, restoreRandom } from "../../../oracle/simulator/random.ts";

/** The day's feed options (scripts/bench/day/day.ts) at a small scale, plus named shipments. */
const DAY_LIKE: FeedSimulatorOptions = {
  shipments: 120,
  seed: "caravel-day",
  noise: { duplicateRate: 0.02, outOfOrderRate: 0.02, malformedRate: 0.005 },
  startTime: 1_780_000_000,
  spreadSeconds: 14 * 86_400,
};
const NOISY: FeedSimulatorOptions = {
  shipments: 80,
  seed: 7,
  noise: { duplicateRate: 0.2, outOfOrderRate: 0.3, malformedRate: 0.1 },
  namedShipments: [
    {
      carrier: { code: "CRVL", address: "0x00000000000000000000000000000000000000Aa" },
      bl: "CRVL0001",
      origin: "CNSHA",
      destination: "NLRTM",
      startsAt: 1_767_300_000,
    },
  ],
};

describe("Feed simulator planned slice by slice", function () {
  for (const [name, options] of [
    ["the day's noise", DAY_LIKE],
    ["heavy noise and a named shipment", NOISY],
  ] as const) {
    it(`builds, slice by slice, the whole feed's messages in order (${name})`, function () {
      const whole = createFeedSimulator(options);
      const plan = planFeed(options);
      expect(plan.summary).to.deep.equal(whole.summary);
      expect(plan.carriers).to.deep.equal(whole.carriers);
      expect(plan.lastDeliverAt).to.equal(lastEventTime(whole));
      const slices = 7;
      const sliced = [];
      for (let s = 0; s < slices; s++) {
        const from = Math.floor((s * plan.summary.messages) / slices);
        const to = Math.floor(((s + 1) * plan.summary.messages) / slices);
        sliced.push(...plan.messages(from, to));
      }
      expect(sliced).to.have.length(whole.messages.length);
      expect(sliced).to.deep.equal(whole.messages);
    });
  }

  it("builds any range alone, without the slices before it", function () {
    const whole = createFeedSimulator(NOISY);
    const plan = planFeed(NOISY);
    expect(plan.messages(500, 530)).to.deep.equal(whole.messages.slice(500, 530));
    expect(plan.messages(3, 3)).to.deep.equal([]);
  });

  it("refuses a range outside the feed, naming it and the feed's size", function () {
    const plan = planFeed({ shipments: 2, seed: 1 });
    const size = plan.summary.messages;
    expect(() => plan.messages(0, size + 1)).to.throw(
      RangeError,
      `[0, ${size + 1}) is not a range of the feed's ${size} messages`,
    );
    expect(() => plan.messages(5, 4)).to.throw(RangeError);
    expect(() => plan.messages(-1, 2)).to.throw(RangeError);
  });
});

describe("Simulator random generator state", function () {
  it("continues from a saved state with the same draws as the generator it was taken from", function () {
    const rng = createRandom("state");
    rng.hex(13);
    const saved = rng.state();
    const after = [rng.next(), rng.int(1, 1000), rng.hex(40), rng.alnum(9)];
    const again = restoreRandom(saved);
    expect([again.next(), again.int(1, 1000), again.hex(40), again.alnum(9)]).to.deep.equal(after);
  });
});

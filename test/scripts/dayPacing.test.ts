import { expect } from "chai";

import { type PacedPart, runPaced } from "../../scripts/bench/day/pacing.ts";

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A part whose slices finish when the test says: `starts` lists the slices begun, in order;
 * `finish(s)` (or `fail(s)`) ends slice `s`.
 */
function controlledPart(name: string, inFlight: number, log: string[]) {
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  const starts: number[] = [];
  const part: PacedPart = {
    name,
    inFlight,
    run: (slice) =>
      new Promise<void>((resolve, reject) => {
        starts.push(slice);
        log.push(`${name} starts ${slice}`);
        pending.set(slice, { resolve, reject });
      }),
  };
  return {
    part,
    starts,
    running: () => [...pending.keys()].sort((a, b) => a - b),
    async finish(slice: number) {
      const p = pending.get(slice);
      if (p === undefined) throw new Error(`${name}: slice ${slice} is not running`);
      pending.delete(slice);
      p.resolve();
      await settle();
    },
    async fail(slice: number, message: string) {
      pending.get(slice)!.reject(new Error(message));
      pending.delete(slice);
      await settle();
    },
  };
}

describe("the trading day's pacing (scripts/bench/day/pacing.ts)", () => {
  it("lets a part run one slice ahead of the slowest, and not two", async () => {
    const log: string[] = [];
    const fast = controlledPart("shipments", 2, log);
    const slow = controlledPart("credits", 2, log);
    const done = runPaced([fast.part, slow.part], { slices: 4, lead: 1 });
    await settle();
    // Both start slices 0 and 1: slice 1 is one ahead of the slowest's unfinished slice 0.
    expect(fast.running()).to.deep.equal([0, 1]);
    expect(slow.running()).to.deep.equal([0, 1]);
    await fast.finish(0);
    await fast.finish(1);
    // Slice 2 would be two ahead of the credits' slice 0: held.
    expect(fast.running()).to.deep.equal([]);
    await slow.finish(0);
    // The slowest finished slice 0: slice 2 is now one ahead of its slice 1.
    expect(fast.running()).to.deep.equal([2]);
    expect(slow.running()).to.deep.equal([1, 2]);
    await fast.finish(2);
    expect(fast.running()).to.deep.equal([]);
    await slow.finish(1);
    expect(fast.running()).to.deep.equal([3]);
    await fast.finish(3);
    await slow.finish(2);
    await slow.finish(3);
    const pace = await done;
    expect([...pace.keys()]).to.deep.equal(["shipments", "credits"]);
    expect(fast.starts).to.deep.equal([0, 1, 2, 3]);
    expect(slow.starts).to.deep.equal([0, 1, 2, 3]);
  });

  it("waits for a part's own oldest slice too: a later slice finishing first lets no slice two ahead start", async () => {
    const log: string[] = [];
    const part = controlledPart("vouchers", 2, log);
    const done = runPaced([part.part], { slices: 4, lead: 1 });
    await settle();
    await part.finish(1);
    // Slice 0 still runs: slice 2 would be two ahead of it.
    expect(part.running()).to.deep.equal([0]);
    await part.finish(0);
    expect(part.running()).to.deep.equal([2, 3]);
    await part.finish(2);
    await part.finish(3);
    await done;
  });

  it("runs a part allowed one slice in flight one slice after another", async () => {
    const log: string[] = [];
    const feed = controlledPart("customs feed", 1, log);
    const other = controlledPart("invoices", 2, log);
    const done = runPaced([other.part, feed.part], { slices: 3, lead: 1 });
    await settle();
    expect(feed.running()).to.deep.equal([0]);
    await feed.finish(0);
    expect(feed.running()).to.deep.equal([1]);
    // One ahead of the invoices' slice 0, and no further.
    await feed.finish(1);
    expect(feed.running()).to.deep.equal([]);
    await other.finish(0);
    expect(feed.running()).to.deep.equal([2]);
    await other.finish(1);
    await other.finish(2);
    await feed.finish(2);
    await done;
  });

  it("with lead 0 runs the slices in lockstep, as the day ran before", async () => {
    const log: string[] = [];
    const a = controlledPart("a", 2, log);
    const b = controlledPart("b", 2, log);
    const done = runPaced([a.part, b.part], { slices: 2, lead: 0 });
    await settle();
    expect(a.running()).to.deep.equal([0]);
    await a.finish(0);
    expect(a.running()).to.deep.equal([]);
    await b.finish(0);
    await a.finish(1);
    await b.finish(1);
    await done;
    expect(log).to.deep.equal(["a starts 0", "b starts 0", "a starts 1", "b starts 1"]);
  });

  it("announces each slice once, in order, when every part has finished it", async () => {
    const log: string[] = [];
    const a = controlledPart("a", 2, log);
    const b = controlledPart("b", 2, log);
    const announced: number[] = [];
    const done = runPaced([a.part, b.part], {
      slices: 3,
      lead: 1,
      onSliceDone: (s) => announced.push(s),
    });
    await settle();
    await a.finish(0);
    await a.finish(1);
    await b.finish(1);
    expect(announced).to.deep.equal([]);
    await b.finish(0);
    expect(announced).to.deep.equal([0, 1]);
    await a.finish(2);
    await b.finish(2);
    await done;
    expect(announced).to.deep.equal([0, 1, 2]);
  });

  it("rejects with the first failure and starts no slice after it", async () => {
    const log: string[] = [];
    const a = controlledPart("a", 1, log);
    const b = controlledPart("b", 1, log);
    const done = runPaced([a.part, b.part], { slices: 3, lead: 1 });
    const outcome = done.then(
      () => undefined,
      (error: Error) => error.message,
    );
    await settle();
    await a.fail(0, "credit 3: applyForCredit emitted no CreditApplied");
    await b.finish(0);
    expect(await outcome).to.equal("credit 3: applyForCredit emitted no CreditApplied");
    expect(b.starts).to.deep.equal([0]);
  });

  it("counts a part's busy time once while its slices overlap, and its time held at the bound", async () => {
    let clock = 0;
    const log: string[] = [];
    const fast = controlledPart("fast", 2, log);
    const slow = controlledPart("slow", 1, log);
    const done = runPaced([fast.part, slow.part], { slices: 2, lead: 1, now: () => clock });
    await settle();
    // 0–3 s: fast runs slices 0 and 1 at once; the slow part runs slice 0.
    clock = 2_000;
    await fast.finish(0);
    clock = 3_000;
    await fast.finish(1);
    // 3–10 s: fast has finished; slow runs slice 0, then slice 1.
    clock = 6_000;
    await slow.finish(0);
    clock = 10_000;
    await slow.finish(1);
    const pace = await done;
    expect(pace.get("fast")).to.deep.equal({ busySeconds: 3, heldSeconds: 0 });
    // The slow part, one slice in flight, was never held: its own slice 0 kept it.
    expect(pace.get("slow")).to.deep.equal({ busySeconds: 10, heldSeconds: 0 });
  });

  it("counts the time a part waits at the skew bound", async () => {
    let clock = 0;
    const log: string[] = [];
    const fast = controlledPart("fast", 1, log);
    const slow = controlledPart("slow", 1, log);
    const done = runPaced([fast.part, slow.part], { slices: 3, lead: 1, now: () => clock });
    await settle();
    clock = 1_000;
    await fast.finish(0);
    clock = 2_000;
    await fast.finish(1);
    // Held from 2 s until the slow part finishes slice 0 at 5 s.
    clock = 5_000;
    await slow.finish(0);
    clock = 6_000;
    await fast.finish(2);
    clock = 7_000;
    await slow.finish(1);
    clock = 8_000;
    await slow.finish(2);
    const pace = await done;
    expect(pace.get("fast")).to.deep.equal({ busySeconds: 3, heldSeconds: 3 });
    expect(pace.get("slow")).to.deep.equal({ busySeconds: 8, heldSeconds: 0 });
  });

  it("refuses a lead, slice count or in-flight limit that is not a whole number in range", () => {
    const part = controlledPart("a", 1, []).part;
    expect(() => runPaced([part], { slices: 0, lead: 0 })).to.throw("slices: 0");
    expect(() => runPaced([part], { slices: 2, lead: -1 })).to.throw("lead: -1");
    expect(() => runPaced([{ ...part, inFlight: 0 }], { slices: 2, lead: 1 })).to.throw(
      "a: inFlight 0",
    );
  });
});

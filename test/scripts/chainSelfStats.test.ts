import { expect } from "chai";

import { chainSelfStats } from "../../scripts/bench/day/chainSelfStats.ts";

describe("chainSelfStats (where the day's chain process spends CPU and memory)", function () {
  it("counts the CPU seconds of this process's threads by name, the main thread's growing with work", function () {
    if (process.platform !== "linux") this.skip();
    const before = chainSelfStats().threads;
    const mainThread = Object.keys(before).find((name) => name.startsWith("node"));
    expect(mainThread, `threads: ${Object.keys(before).join(", ")}`).to.not.equal(undefined);
    // Busy the main thread for 300 ms of CPU: its count grows by about that much.
    const start = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(start).user < 300_000) spin += Math.sqrt(spin + 1);
    expect(spin).to.be.greaterThan(0);
    const after = chainSelfStats().threads;
    expect(after[mainThread!]! - before[mainThread!]!).to.be.greaterThanOrEqual(0.2);
  });

  it("splits the resident memory into V8's heap and the native rest", function () {
    const stats = chainSelfStats();
    expect(stats.heapUsedMb).to.be.greaterThan(0);
    expect(stats.nativeMb).to.be.greaterThan(0);
    expect(stats.heapUsedMb + stats.nativeMb).to.be.lessThanOrEqual(stats.rssMb);
  });
});

import { expect } from "chai";
import {
  dayMemoryNeed,
  diskShortfall,
  memoryOnHand,
  memoryShortfall,
  type ProcessMemory,
} from "../../scripts/bench/day/machineNeed.ts";

const PROCESSES: readonly ProcessMemory[] = [
  { name: "chain", baseMb: 500, kbPerTransaction: 40, kbPerCustomsEvent: 0, count: 1 },
  { name: "node", baseMb: 200, kbPerTransaction: 0, kbPerCustomsEvent: 1, count: 5 },
];
const DAY = { transactions: 1_024_000, customsEvents: 102_400 };

const MEMINFO = [
  "MemTotal:       24000000 kB",
  "MemFree:         1000000 kB",
  "MemAvailable:   20480000 kB",
  "SwapTotal:       4194304 kB",
  "SwapFree:        4194304 kB",
].join("\n");

describe("The day's memory check (bench:day)", function () {
  it("adds each process's base and what it keeps per transaction and customs event at the scale", function () {
    const need = dayMemoryNeed(0.5, PROCESSES, DAY);
    // chain: 500 + 0.5 × 1,024,000 × 40 kB = 500 + 20,000 MB; nodes: 5 × (200 + 0.5 × 102,400 kB).
    expect(need.byProcess).to.deep.equal([
      { name: "chain", mb: 20_500 },
      { name: "5 × node", mb: 5 * (200 + 50) },
    ]);
    expect(need.totalMb).to.equal(21_750);
  });

  it("reads RAM available and free swap from /proc/meminfo", function () {
    expect(memoryOnHand(MEMINFO)).to.deep.equal({ availableMb: 20_000, swapFreeMb: 4_096 });
    expect(() => memoryOnHand("MemTotal: 1 kB")).to.throw("/proc/meminfo has no MemAvailable line");
  });

  it("passes a day that fits in RAM available plus free swap", function () {
    const need = dayMemoryNeed(0.5, PROCESSES, DAY); // 21,750 MB of 24,096
    expect(memoryShortfall(0.5, memoryOnHand(MEMINFO), need)).to.equal(undefined);
  });

  it("refuses a day that does not fit, naming what it needs, what there is and the swap to add", function () {
    const need = dayMemoryNeed(1, PROCESSES, DAY); // chain 40,500 MB, nodes 1,500 MB
    const message = memoryShortfall(1, memoryOnHand(MEMINFO), need);
    expect(message).to.equal(
      "the day at --scale 1 needs about 42,000 MB (chain 40,500 MB, 5 × node 1,500 MB), " +
        "and this machine has 20,000 MB available and 4,096 MB of free swap (24,096 MB): " +
        'add 17,904 MB or more of swap (docs/BENCHMARKS.md, "Memory at full scale"), ' +
        "or set CARAVEL_DAY_MACHINE_CHECK=warn to run anyway",
    );
  });
});

describe("The day's disk check (bench:day)", function () {
  it("passes when the nodes' databases at the scale fit in the free space", function () {
    expect(diskShortfall(0.5, 12_000, "/tmp", 230)).to.equal(undefined); // 11,500 MB
  });

  it("refuses when they do not, naming the need, the directory and its free space", function () {
    expect(diskShortfall(1, 20_000, "/tmp", 230)).to.equal(
      "the oracle nodes' databases for the day at --scale 1 need about 23,000 MB in /tmp, " +
        "which has 20,000 MB free: free some, point TMPDIR elsewhere, " +
        "or set CARAVEL_DAY_MACHINE_CHECK=warn to run anyway",
    );
  });
});

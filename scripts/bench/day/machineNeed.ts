/**
 * What a day at a given scale needs of the machine, from what its processes were measured to keep
 * (memory: RAM available plus free swap; disk: the oracle nodes' SQLite files in the temporary
 * directory), and whether this machine has it. day.ts asks before its setup, so a run that cannot
 * fit says so at its start instead of losing a process to the kernel's out-of-memory killer, or a
 * node to a full disk, forty minutes in (docs/BENCHMARKS.md, "Memory at full scale").
 */

/** One process of the day: what it holds once set up, and what it adds per transaction or event. */
export interface ProcessMemory {
  name: string;
  /** Resident MB once set up, before the day's first transaction. */
  baseMb: number;
  /** kB it keeps per transaction of the day (the chain: EDR keeps every block and receipt). */
  kbPerTransaction: number;
  /** kB it keeps per customs event of the day. */
  kbPerCustomsEvent: number;
  /** How many such processes run. */
  count: number;
}

/** The day's size at full scale (scale 1): its transactions, the oracle's reports among them. */
export interface DaySize {
  transactions: number;
  customsEvents: number;
}

/**
 * The day at full scale, from a run at 0.03 (December 2026): 23,721 transactions on the chain
 * (the bench's 22,547, the oracle's reports and the setup's) and 39,000 customs events. The mix
 * sets these, so they are measured figures to keep up to date with the mix, not bounds.
 */
export const DAY_AT_FULL_SCALE: DaySize = { transactions: 790_000, customsEvents: 1_300_000 };

/**
 * What each process kept, measured at 0.01, 0.03 and full scale (docs/BENCHMARKS.md, "Memory at
 * full scale"; December 2026; /proc VmRSS sampled through the day, CARAVEL_DAY_CHAIN_STATS for
 * the chain). The chain keeps every block, receipt and per-block state change (EDR; 540–630 MB
 * deployed) and, as the day runs it, the whole state of its last 256 blocks (chainEnv.ts's
 * `CHAIN_STATE_CACHE_ENV`): 14,365 MB peak RSS over the whole full-scale day (773,842
 * transactions on the chain, session 11), ~18 kB a transaction. With EDR's default cache of
 * 100,000 states it kept ~84 kB a transaction at full scale. The nodes do not grow with the day:
 * their RSS rises and falls with V8's heap (peaks 190–275 MB at 0.01 and 0.03, 383–417 MB at full
 * scale). The bench: its peak at 0.03, plus the feed's plan and the ledger (~0.1 kB a
 * transaction; 634 MB peak at full scale).
 */
export const MEASURED_PROCESSES: readonly ProcessMemory[] = [
  {
    name: "chain (Hardhat embedded, EDR)",
    baseMb: 630,
    kbPerTransaction: 18,
    kbPerCustomsEvent: 0,
    count: 1,
  },
  { name: "oracle node", baseMb: 420, kbPerTransaction: 0, kbPerCustomsEvent: 0, count: 5 },
  {
    name: "bench (mix and feed client)",
    baseMb: 370,
    kbPerTransaction: 0.1,
    kbPerCustomsEvent: 0,
    count: 1,
  },
];

export interface MemoryNeed {
  /** MB the day's processes are expected to hold at their peak, all together. */
  totalMb: number;
  byProcess: { name: string; mb: number }[];
}

/** MB the day at `scale` is expected to need, process by process. */
export function dayMemoryNeed(
  scale: number,
  processes: readonly ProcessMemory[] = MEASURED_PROCESSES,
  day: DaySize = DAY_AT_FULL_SCALE,
): MemoryNeed {
  const byProcess = processes.map((p) => ({
    name: p.count === 1 ? p.name : `${p.count} × ${p.name}`,
    mb:
      p.count *
      (p.baseMb +
        (scale *
          (day.transactions * p.kbPerTransaction + day.customsEvents * p.kbPerCustomsEvent)) /
          1024),
  }));
  return { totalMb: byProcess.reduce((sum, p) => sum + p.mb, 0), byProcess };
}

/** MemAvailable and SwapFree of /proc/meminfo's text, MB. */
export function memoryOnHand(meminfo: string): { availableMb: number; swapFreeMb: number } {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(meminfo);
    if (match === null) throw new Error(`/proc/meminfo has no ${name} line`);
    return Number(match[1]) / 1024;
  };
  return { availableMb: field("MemAvailable"), swapFreeMb: field("SwapFree") };
}

/**
 * Undefined when the day at `scale` fits in RAM available plus free swap; otherwise the sentence
 * that says why not, naming the numbers and what to do.
 */
export function memoryShortfall(
  scale: number,
  onHand: { availableMb: number; swapFreeMb: number },
  need: MemoryNeed = dayMemoryNeed(scale),
): string | undefined {
  const haveMb = onHand.availableMb + onHand.swapFreeMb;
  if (need.totalMb <= haveMb) return undefined;
  const mb = (n: number) => `${Math.round(n).toLocaleString("en-US")} MB`;
  return (
    `the day at --scale ${scale} needs about ${mb(need.totalMb)} ` +
    `(${need.byProcess.map((p) => `${p.name} ${mb(p.mb)}`).join(", ")}), ` +
    `and this machine has ${mb(onHand.availableMb)} available and ${mb(onHand.swapFreeMb)} of free swap ` +
    `(${mb(haveMb)}): add ${mb(need.totalMb - haveMb)} or more of swap (docs/BENCHMARKS.md, ` +
    `"Memory at full scale"), or set CARAVEL_DAY_MACHINE_CHECK=warn to run anyway`
  );
}

/**
 * MB the five oracle nodes' directories (SQLite database and WAL, logs) hold per hundredth of the
 * day: 694 MB at the end of a day at 0.03 (December 2026); each node keeps every event, link and
 * report it saw.
 */
export const NODES_DISK_MB_PER_HUNDREDTH = 230;

/**
 * Undefined when the oracle nodes' files for the day at `scale` fit in `freeMb` (the temporary
 * directory's free space); otherwise the sentence that says why not, naming the numbers.
 */
export function diskShortfall(
  scale: number,
  freeMb: number,
  directory: string,
  mbPerHundredth: number = NODES_DISK_MB_PER_HUNDREDTH,
): string | undefined {
  const needMb = (scale / 0.01) * mbPerHundredth;
  if (needMb <= freeMb) return undefined;
  const mb = (n: number) => `${Math.round(n).toLocaleString("en-US")} MB`;
  return (
    `the oracle nodes' databases for the day at --scale ${scale} need about ${mb(needMb)} ` +
    `in ${directory}, which has ${mb(freeMb)} free: free some, point TMPDIR elsewhere, ` +
    `or set CARAVEL_DAY_MACHINE_CHECK=warn to run anyway`
  );
}

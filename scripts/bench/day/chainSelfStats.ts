/**
 * What the day's chain process can say about itself: CPU seconds per thread kind (JavaScript's
 * main thread, EDR's own `edr-provider` thread where transactions run and JSON-RPC requests are
 * answered in Rust, V8's and libuv's helpers) and memory (V8's heap apart from the rest, which
 * is mostly EDR's block history). Read from /proc/self/task on Linux; elsewhere the threads are
 * `{}`. Used by chainServer.ts's `CARAVEL_DAY_CHAIN_STATS` diagnostic.
 */
import { readdirSync, readFileSync } from "node:fs";

export interface ChainSelfStats {
  /** CPU seconds (user + system) per thread name, summed over threads of the same name. */
  threads: Record<string, number>;
  rssMb: number;
  /** V8's heap in use: the JavaScript side (server, cache, Hardhat's wrappers). */
  heapUsedMb: number;
  /** Memory outside V8's heap and array buffers: EDR's chain (blocks, receipts, state) and code. */
  nativeMb: number;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux Node runs on). */
const CLOCK_TICKS = 100;

function threadCpuSeconds(): Record<string, number> {
  const byName: Record<string, number> = {};
  let tasks: string[];
  try {
    tasks = readdirSync("/proc/self/task");
  } catch {
    return byName;
  }
  for (const task of tasks) {
    try {
      const name = readFileSync(`/proc/self/task/${task}/comm`, "utf8").trim();
      const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
      // Fields after the command (which may hold spaces) start at state; utime, stime are 14, 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const ticks = Number(fields[11]) + Number(fields[12]);
      byName[name] = (byName[name] ?? 0) + ticks / CLOCK_TICKS;
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return byName;
}

export function chainSelfStats(): ChainSelfStats {
  const memory = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  return {
    threads: threadCpuSeconds(),
    rssMb: mb(memory.rss),
    heapUsedMb: mb(memory.heapUsed),
    nativeMb: mb(memory.rss - memory.heapTotal - memory.arrayBuffers),
  };
}

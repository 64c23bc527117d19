/**
 * Runs the project's benchmarks. Each benchmark is a script under
 * `scripts/bench/<group>/` that prints one JSON object per line:
 * `{"bench","metric","value","unit"}` plus `"baseline"` and `"ratio"` where a
 * baseline runs in the same process. This runner only finds and starts them,
 * one after another (they are measurements: never run two at once).
 *
 * Usage: node scripts/bench/run.ts [group ...]   (groups: gas, verify, oracle, console, caliper, chain, day, pint; none = all)
 *
 * `day` is the simulated trading day (scripts/bench/day/day.ts, issue #17), a plain Node script
 * that starts its own chain and oracle nodes. Here it runs at a thousandth of the day (about two
 * minutes) so `npm run bench` stays short; `npm run bench:day -- --scale <fraction>` runs more.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const benchRoot = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(benchRoot, "../..");
const allGroups = [
  "gas",
  "verify",
  "oracle",
  "console",
  "caliper",
  "chain",
  "day",
  "pint",
] as const;
/** The day's scale in the default set. */
const DAY_SCALE_IN_BENCH = "0.001";

const requested = process.argv.slice(2);
for (const group of requested) {
  if (!(allGroups as readonly string[]).includes(group)) {
    console.error(`unknown benchmark group "${group}" (known: ${allGroups.join(", ")})`);
    process.exit(2);
  }
}
const groups = requested.length > 0 ? requested : [...allGroups];

let failures = 0;
for (const group of groups) {
  if (group === "day") {
    const script = "scripts/bench/day/day.ts";
    const result = spawnSync(process.execPath, [script, "--scale", DAY_SCALE_IN_BENCH], {
      cwd: projectRoot,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status !== 0) {
      console.error(`benchmark ${script} failed with exit code ${String(result.status)}`);
      failures += 1;
    }
    continue;
  }
  const dir = path.join(benchRoot, group);
  if (!existsSync(dir)) continue;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .sort();
  for (const file of files) {
    const script = path.join("scripts/bench", group, file);
    const result = spawnSync("npx", ["hardhat", "run", script], {
      cwd: projectRoot,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (result.status !== 0) {
      console.error(`benchmark ${script} failed with exit code ${String(result.status)}`);
      failures += 1;
    }
  }
}
process.exit(failures === 0 ? 0 : 1);

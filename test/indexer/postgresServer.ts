/**
 * A throw-away PostgreSQL server for the tests, from Debian's `postgresql` package: initdb in
 * a temporary directory, started on a free loopback port with trust authentication, removed
 * afterwards. PostgreSQL refuses to run as root, so as root it runs as the package's
 * `postgres` user. `findPostgres()` says why there is none, for the test to say it skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/** The PostgreSQL binaries directory, or why there is none. */
export function findPostgres(): { bin: string } | { missing: string } {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions
    .map((v) => path.join(root, v, "bin"))
    .find((b) => existsSync(path.join(b, "initdb")));
  if (bin === undefined)
    return { missing: "PostgreSQL is not installed (apt-get install -y postgresql)" };
  if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0) {
    return { missing: "running as root without a postgres user to run PostgreSQL as" };
  }
  return { bin };
}

export async function startPostgres(bin: string, port: number): Promise<PostgresServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-postgres-"));
  const data = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? "runuser" : path.join(bin, tool);
    const argv = asRoot ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) {
      throw new Error(`${tool} ${args.join(" ")} failed:\n${result.stderr}${result.stdout}`);
    }
  };
  run("initdb", ["-D", data, "-U", "caravel", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  run("pg_ctl", [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "-w",
    "start",
  ]);
  return {
    url: `postgresql://caravel@127.0.0.1:${port}/postgres`,
    async stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

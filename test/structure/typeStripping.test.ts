/**
 * The services (`npm run gateway`, the oracle daemons, the console's server) and the scripts run
 * their TypeScript under Node's type stripping, which refuses syntax that is not only types
 * (parameter properties, enums, namespaces). A file using it passes tsc and the mocha suite and
 * then fails to start; this reads every such file as Node will.
 */
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { stripTypeScriptTypes } from "node:module";

describe("type stripping", () => {
  it("accepts every TypeScript file Node runs directly (gateway, oracle, lib, tasks, deploy, scripts, console server)", () => {
    const files = execFileSync(
      "git",
      ["ls-files", "gateway", "lib", "oracle", "tasks", "deploy", "scripts", "console/server.ts"],
      { encoding: "utf8" },
    )
      .split("\n")
      .filter((file) => file.endsWith(".ts"));
    expect(files.length).to.be.greaterThan(100);
    const refused: string[] = [];
    for (const file of files) {
      try {
        stripTypeScriptTypes(readFileSync(file, "utf8"));
      } catch (error) {
        refused.push(`${file}: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    expect(refused).to.deep.equal([]);
  });
});

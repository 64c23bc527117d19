/**
 * Reading a service's JSON configuration file (the oracle daemons' and the eBL gateway's): a file
 * that cannot be read or is not JSON is one problem naming the file, raised as the service's own
 * configuration error.
 */
import { readFileSync } from "node:fs";

import type { ConfigProblem } from "./envOverrides.ts";

/** The parsed JSON of `file`; otherwise throws `fail([problem])`. */
export function readConfigFile(file: string, fail: (problems: ConfigProblem[]) => Error): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw fail([
      {
        field: "(file)",
        message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        source: `file ${file}`,
      },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw fail([
      {
        field: "(file)",
        message: `not valid JSON: ${(error as Error).message}`,
        source: `file ${file}`,
      },
    ]);
  }
}

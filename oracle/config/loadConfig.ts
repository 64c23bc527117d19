/**
 * Loads a node's configuration: the JSON file, then environment overrides, validated with
 * `nodeConfigSchema` before anything starts. A bad value stops the node with an error that names
 * the field (and, for an override, the environment variable it came from).
 *
 * Environment overrides: `CARAVEL_ORACLE__<path>` where `<path>` is the field path with `__`
 * between segments, e.g. `CARAVEL_ORACLE__chain__rpcUrl=http://10.0.0.5:8545` or
 * `CARAVEL_ORACLE__node__port=8702`. The value is parsed as JSON when it parses (numbers, booleans,
 * arrays), else taken as a string. Array elements are addressed by index
 * (`CARAVEL_ORACLE__committee__members__0__url`).
 */
import path from "node:path";

import { applyEnvOverrides, problemOf, type ConfigProblem } from "../../lib/config/envOverrides.ts";
import { readConfigFile } from "../../lib/config/configFile.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { nodeConfigSchema, type NodeConfig } from "./schema.ts";

export const ENV_OVERRIDE_PREFIX = "CARAVEL_ORACLE__";

export type { ConfigProblem };

/** The configuration is invalid; `problems` lists every field at fault. */
export class ConfigError extends CaravelError {
  override name = "ConfigError" as const;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super("invalid oracle node configuration:", {
      code: TASK_ERRORS.NODE_CONFIG,
      metaMessages: problems.map((p) => `  - ${p.field}: ${p.message} (${p.source})`),
    });
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** Environment to read overrides from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Validates a configuration object (already read), applying environment overrides. Relative
 * paths (`node.dataDir`, key files, drop directory) are resolved against `baseDir`.
 */
export function parseConfig(
  raw: unknown,
  baseDir: string,
  options: LoadConfigOptions & { sourceName?: string } = {},
): NodeConfig {
  const sourceName = options.sourceName ?? "(object)";
  if (!isRecord(raw)) {
    throw new ConfigError([
      { field: "(root)", message: "must be a JSON object", source: `file ${sourceName}` },
    ]);
  }
  const copy = structuredClone(raw);
  const { applied: overrides, problems } = applyEnvOverrides(
    copy,
    options.env ?? process.env,
    ENV_OVERRIDE_PREFIX,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  const result = nodeConfigSchema.safeParse(copy);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => problemOf(i, sourceName, overrides)));
  }
  const config = result.data;
  const resolve = (p: string): string => path.resolve(baseDir, p);
  config.node.dataDir = resolve(config.node.dataDir);
  if (config.ingest.dropDirectory !== undefined) {
    config.ingest.dropDirectory = resolve(config.ingest.dropDirectory);
  }
  for (const source of [
    config.keys.signer,
    config.keys.transmitter,
    config.keys.peerToken,
    config.keys.adminToken,
  ]) {
    if (source?.file !== undefined) source.file = resolve(source.file);
  }
  return config;
}

/** Reads and validates the node configuration in `file` (JSON), with environment overrides. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): NodeConfig {
  const raw = readConfigFile(file, (problems) => new ConfigError(problems));
  return parseConfig(raw, path.dirname(path.resolve(file)), { ...options, sourceName: file });
}

/**
 * Loads the gateway's configuration: the JSON file, then environment overrides, validated with
 * `gatewayConfigSchema` before anything starts. A bad value stops the gateway with an error that
 * names the field (and, for an override, the environment variable it came from).
 *
 * Environment overrides: `CARAVEL_GATEWAY__<path>` with `__` between the segments of the field
 * path, e.g. `CARAVEL_GATEWAY__chain__rpcUrl=http://10.0.0.5:8545` or
 * `CARAVEL_GATEWAY__carriers__0__callbackUrl=https://carrier.example`. The value is parsed as JSON
 * when it parses (numbers, booleans), else taken as a string — the oracle daemons' convention.
 */
import path from "node:path";

import { applyEnvOverrides, problemOf, type ConfigProblem } from "../../lib/config/envOverrides.ts";
import { readConfigFile } from "../../lib/config/configFile.ts";
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { gatewayConfigSchema, type GatewayConfig } from "./schema.ts";

export const ENV_OVERRIDE_PREFIX = "CARAVEL_GATEWAY__";
/** Where the shared samples are (the DCSA specifications' default location). */
export const SHARED_DIR_VARIABLE = "CARAVEL_SHARED_DIR";

export type { ConfigProblem };

/** The configuration is invalid; `problems` lists every field at fault. */
export class GatewayConfigError extends CaravelError {
  override name = "GatewayConfigError" as const;
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super("invalid eBL gateway configuration:", {
      code: TASK_ERRORS.GATEWAY_CONFIG,
      metaMessages: problems.map((p) => `  - ${p.field}: ${p.message} (${p.source})`),
    });
    this.problems = problems;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface LoadConfigOptions {
  /** Environment to read overrides from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Directory `dcsa.specsDirectory` defaults against when CARAVEL_SHARED_DIR is unset (default: cwd). */
  cwd?: string;
}

/**
 * Validates a configuration object (already read), applying environment overrides. Relative paths
 * (`store.dataDir`, secret files, `dcsa.specsDirectory`) are resolved against `baseDir`.
 */
export function parseConfig(
  raw: unknown,
  baseDir: string,
  options: LoadConfigOptions & { sourceName?: string } = {},
): GatewayConfig {
  const sourceName = options.sourceName ?? "(object)";
  const env = options.env ?? process.env;
  if (!isRecord(raw)) {
    throw new GatewayConfigError([
      { field: "(root)", message: "must be a JSON object", source: `file ${sourceName}` },
    ]);
  }
  const copy = structuredClone(raw);
  const { applied: overrides, problems } = applyEnvOverrides(copy, env, ENV_OVERRIDE_PREFIX);
  if (problems.length > 0) throw new GatewayConfigError(problems);
  const result = gatewayConfigSchema.safeParse(copy);
  if (!result.success) {
    throw new GatewayConfigError(
      result.error.issues.map((issue) => problemOf(issue, sourceName, overrides)),
    );
  }
  const config = result.data;
  const resolve = (p: string): string => path.resolve(baseDir, p);
  config.store.dataDir = resolve(config.store.dataDir);
  for (const carrier of config.carriers) {
    for (const source of [carrier.token, carrier.signer, carrier.callbackToken]) {
      if (source?.file !== undefined) source.file = resolve(source.file);
    }
    if (carrier.manifestKey !== undefined) carrier.manifestKey = resolve(carrier.manifestKey);
  }
  const sharedDir = env[SHARED_DIR_VARIABLE];
  config.dcsa.specsDirectory =
    config.dcsa.specsDirectory !== undefined
      ? resolve(config.dcsa.specsDirectory)
      : path.resolve(
          sharedDir !== undefined && sharedDir.length > 0
            ? sharedDir
            : path.resolve(options.cwd ?? process.cwd(), "../shared"),
          "samples/dcsa-ebl/openapi",
        );
  return config;
}

/** Reads and validates the gateway configuration in `file` (JSON), with environment overrides. */
export function loadConfig(file: string, options: LoadConfigOptions = {}): GatewayConfig {
  const raw = readConfigFile(file, (problems) => new GatewayConfigError(problems));
  return parseConfig(raw, path.dirname(path.resolve(file)), { ...options, sourceName: file });
}

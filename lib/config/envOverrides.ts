/**
 * What the services' configuration loaders share (the oracle daemons' and the eBL gateway's):
 * environment overrides of a JSON configuration, `<PREFIX><path>` with `__` between the field
 * path's segments (array elements by index), values parsed as JSON when they parse (numbers,
 * booleans, arrays) else taken as strings; and the naming of a problem by its field and where
 * its value came from (the file, or the variable that overrode it).
 */
import type { ZodIssue } from "zod";

/** One problem with a configuration, naming the field and where its value came from. */
export interface ConfigProblem {
  field: string;
  message: string;
  source: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseOverride(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

/** Sets `value` at `segments` inside `target`, creating objects (or arrays, for numeric keys). */
function setPath(target: Record<string, unknown>, segments: readonly string[], value: Json): void {
  let cursor: Record<string | number, unknown> = target;
  segments.forEach((segment, index) => {
    const key: string | number = Array.isArray(cursor) ? Number(segment) : segment;
    if (index === segments.length - 1) {
      cursor[key] = value;
      return;
    }
    const next = cursor[key];
    if (isRecord(next) || Array.isArray(next)) {
      cursor = next as Record<string | number, unknown>;
    } else {
      const created = /^[0-9]+$/.test(segments[index + 1]!) ? [] : {};
      cursor[key] = created;
      cursor = created as Record<string | number, unknown>;
    }
  });
}

/**
 * Applies the overrides `prefix` names in `env` to `raw` (in place). Returns the variable behind
 * each dotted field path it set, or the problems of malformed override names (nothing applied).
 */
export function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  prefix: string,
): { applied: Map<string, string>; problems: ConfigProblem[] } {
  const applied = new Map<string, string>();
  const overrides: [string, string[], string][] = [];
  const problems: ConfigProblem[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(prefix) || value === undefined) continue;
    const segments = name.slice(prefix.length).split("__");
    if (segments.some((s) => s.length === 0)) {
      problems.push({
        field: name,
        message: "empty path segment in override name",
        source: `env ${name}`,
      });
    } else {
      overrides.push([name, segments, value]);
    }
  }
  if (problems.length > 0) return { applied, problems };
  for (const [name, segments, value] of overrides) {
    setPath(raw, segments, parseOverride(value));
    applied.set(segments.join("."), name);
  }
  return { applied, problems };
}

/** A schema issue as a problem: its field, its message, and the file or variable its value came from. */
export function problemOf(
  issue: ZodIssue,
  file: string,
  overrides: ReadonlyMap<string, string>,
): ConfigProblem {
  const field = issue.path.length === 0 ? "(root)" : issue.path.join(".");
  let source = `file ${file}`;
  for (let n = issue.path.length; n > 0; n -= 1) {
    const variable = overrides.get(issue.path.slice(0, n).join("."));
    if (variable !== undefined) {
      source = `env ${variable}`;
      break;
    }
  }
  return { field, message: issue.message, source };
}

/** A small `--name value` / `--flag` argument reader for the CLIs (no dependency needed). */
import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string | true>;
}

/**
 * `flags` never take a value: `--override-authentication 17` is the flag and the argument 17, not
 * the flag set to "17".
 */
export function parseArgs(argv: readonly string[], flags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        options.set(arg.slice(2, eq), arg.slice(eq + 1));
        continue;
      }
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith("--") && !flags.includes(arg.slice(2))) {
        options.set(arg.slice(2), next);
        i += 1;
      } else {
        options.set(arg.slice(2), true);
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

/** A CLI usage error: printed with the usage text, exit code 2. */
export class UsageError extends CaravelError {
  override name = "UsageError" as const;

  constructor(shortMessage: string) {
    super(shortMessage, { code: TASK_ERRORS.CLI_USAGE });
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options.get(name);
  if (value === true) throw new UsageError(`--${name} needs a value`);
  return value;
}

/** Whether `--name` (declared as a flag to parseArgs) was given; refuses `--name=value`. */
export function flagOption(args: ParsedArgs, name: string): boolean {
  const value = args.options.get(name);
  if (value === undefined) return false;
  if (value !== true) throw new UsageError(`--${name} takes no value, got "${value}"`);
  return true;
}

export function integerOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

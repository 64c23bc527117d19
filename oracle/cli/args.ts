/**
 * The daemons' command lines, read with Node's `util.parseArgs`: each CLI declares its options
 * (string-valued, or flags that never take a value: `--override-authentication 17` is the flag and
 * the argument 17), and anything else — an unknown option, a missing value, a value given to a
 * flag — is a `UsageError` naming the option.
 */
import { parseArgs as parseCommandLine } from "node:util";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

export interface ParsedArgs {
  positional: string[];
  values: Readonly<Record<string, string | boolean | undefined>>;
}

export function parseArgs(
  argv: readonly string[],
  strings: readonly string[],
  flags: readonly string[] = [],
): ParsedArgs {
  const options = Object.fromEntries([
    ...strings.map((name) => [name, { type: "string" as const }]),
    ...flags.map((name) => [name, { type: "boolean" as const }]),
  ]);
  try {
    const { values, positionals } = parseCommandLine({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
    // No option is declared `multiple`, so every value is one string or one flag.
    return { positional: positionals, values: values as ParsedArgs["values"] };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) throw error;
    throw usageErrorOf((error as Error).message, argv);
  }
}

/** Node's parse error in the words the CLIs have always used. */
function usageErrorOf(message: string, argv: readonly string[]): UsageError {
  const name = /'(?:-\w, )?--([\w-]+)/.exec(message)?.[1];
  if (name === undefined) return new UsageError(message);
  if (/does not take an argument/.test(message)) {
    const given = argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? "";
    return new UsageError(`--${name} takes no value, got "${given}"`);
  }
  if (/argument missing|argument is ambiguous/.test(message)) {
    return new UsageError(`--${name} needs a value`);
  }
  return new UsageError(`unknown option --${name}`);
}

/** A CLI usage error: printed with the usage text, exit code 2. */
export class UsageError extends CaravelError {
  override name = "UsageError" as const;

  constructor(shortMessage: string) {
    super(shortMessage, { code: TASK_ERRORS.CLI_USAGE });
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** Whether the flag `--name` was given. */
export function flagOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
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

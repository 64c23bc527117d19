/**
 * Where the services' secrets come from (the oracle daemons' and the eBL gateway's): a file that
 * holds the secret or an environment variable, exactly one, as the configuration names it; and
 * reading one, trimmed. A problem names the field and the source, never the value; it is raised
 * as the service's own configuration error (`fail`), as `readConfigFile` does.
 */
import { readFileSync } from "node:fs";

import { z } from "zod";

import type { ConfigProblem } from "./envOverrides.ts";

/** Where a secret comes from: a file holding it, or an environment variable. Exactly one. */
export const secretSourceSchema = z
  .object({
    file: z.string().min(1).optional(),
    env: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name (upper case)")
      .optional(),
  })
  .strict()
  .refine((s) => (s.file === undefined) !== (s.env === undefined), {
    message: "give exactly one of `file` or `env`",
  });
export type SecretSource = z.infer<typeof secretSourceSchema>;

/** "file <path>" or "env <NAME>", for a problem's `source`. */
export function describeSecretSource(source: SecretSource): string {
  return source.file !== undefined ? `file ${source.file}` : `env ${source.env ?? "?"}`;
}

/**
 * The secret `source` holds, trimmed; throws `fail([problem])` naming `field` when the file
 * cannot be read or the secret is missing or empty.
 */
export function readSecret(
  field: string,
  source: SecretSource,
  env: NodeJS.ProcessEnv,
  fail: (problems: ConfigProblem[]) => Error,
): string {
  let value: string | undefined;
  if (source.file !== undefined) {
    try {
      value = readFileSync(source.file, "utf8");
    } catch (error) {
      throw fail([
        {
          field,
          message: `cannot read the secret file: ${(error as NodeJS.ErrnoException).code ?? "error"}`,
          source: describeSecretSource(source),
        },
      ]);
    }
  } else if (source.env !== undefined) {
    value = env[source.env];
  }
  const trimmed = value?.trim() ?? "";
  if (trimmed.length === 0) {
    throw fail([
      { field, message: "the secret is missing or empty", source: describeSecretSource(source) },
    ]);
  }
  return trimmed;
}

/**
 * The operator's CLI, talking to one node's HTTP admin API:
 *
 *   npm run oracle:ctl -- status                      [--node <url>] [--token <t> | env]
 *   npm run oracle:ctl -- quarantine list             [--limit 50] [--offset 0] [--status all]
 *   npm run oracle:ctl -- quarantine show <id>
 *   npm run oracle:ctl -- quarantine replay <id>      [--body <fixed-message-file>]
 *                                                     [--override-authentication]
 *   npm run oracle:ctl -- resend <sequence>
 *   npm run oracle:ctl -- equivocations
 *   npm run oracle:ctl -- signing-floor lift
 *
 * The node URL comes from `--node` or CARAVEL_ORACLE_NODE_URL (default http://127.0.0.1:8701); the
 * operator token from `--token-file`, or CARAVEL_ORACLE_ADMIN_TOKEN (never from a plain flag, so it
 * stays out of shell history and process lists). Output is JSON; the exit code is 0 on success,
 * 1 when the node refused, 2 on a usage error.
 */
import { readFileSync } from "node:fs";
import {
  flagOption,
  integerOption,
  parseArgs,
  stringOption,
  UsageError,
  type ParsedArgs,
} from "./args.ts";

/** Options that take no value. */
const FLAGS = ["override-authentication"] as const;

const USAGE = `usage: npm run oracle:ctl -- <command> [options]
commands:
  status                          the node's view: chain, round, inbox, outbox, quarantine
  quarantine list                 [--limit N] [--offset N] [--status quarantined|replayed|all]
  quarantine show <id>            one quarantined message with its body and reason
  quarantine replay <id>          re-validate it (optionally --body <file> with the fixed message,
                                  --content-type <type>, default: the original's)
                                  --override-authentication: replay a message refused as
                                  unauthorized or forbidden (you vouch for it; the node logs it)
  resend <sequence>               re-queue this node's report for that sequence
  equivocations                   members caught signing two reports for one sequence
  signing-floor lift              let a node with a new signature store sign below its floor
                                  (after lost disks: docs/OPERATIONS.md, "A node's disk is lost")
options:
  --node <url>                    node base URL (env CARAVEL_ORACLE_NODE_URL, default http://127.0.0.1:8701)
  --token-file <file>             operator token file (or env CARAVEL_ORACLE_ADMIN_TOKEN)`;

function token(args: ParsedArgs): string {
  const file = stringOption(args, "token-file");
  const value =
    file !== undefined ? readFileSync(file, "utf8").trim() : process.env.CARAVEL_ORACLE_ADMIN_TOKEN;
  if (value === undefined || value === "") {
    throw new UsageError("no operator token: give --token-file or set CARAVEL_ORACLE_ADMIN_TOKEN");
  }
  return value;
}

async function call(
  args: ParsedArgs,
  method: "GET" | "POST",
  path: string,
  body?: { data: Buffer; contentType: string },
): Promise<number> {
  const base =
    stringOption(args, "node") ?? process.env.CARAVEL_ORACLE_NODE_URL ?? "http://127.0.0.1:8701";
  const headers: Record<string, string> = { authorization: `Bearer ${token(args)}` };
  if (body !== undefined) headers["content-type"] = body.contentType;
  const response = await fetch(new URL(path, base), {
    method,
    headers,
    body: body?.data,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let printed = text;
  try {
    printed = JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    // not JSON: print as is
  }
  (response.ok ? process.stdout : process.stderr).write(`${printed}\n`);
  return response.ok ? 0 : 1;
}

function positiveId(value: string | undefined, what: string): string {
  if (value === undefined || !/^[0-9]{1,20}$/.test(value)) {
    throw new UsageError(`${what} must be a number, got "${value ?? ""}"`);
  }
  return value;
}

async function main(): Promise<number> {
  const args = parseArgs(
    process.argv.slice(2),
    ["node", "token-file", "status", "body", "content-type", "limit", "offset"],
    FLAGS,
  );
  const [command, sub, arg] = args.positional;
  switch (command) {
    case "status":
      return call(args, "GET", "/v1/admin/status");
    case "equivocations":
      return call(args, "GET", "/v1/admin/equivocations");
    case "signing-floor":
      if (sub !== "lift") throw new UsageError(`unknown signing-floor command "${sub ?? ""}"`);
      return call(args, "POST", "/v1/admin/signing-floor/lift");
    case "resend":
      return call(args, "POST", `/v1/admin/resend/${positiveId(sub, "sequence")}`);
    case "quarantine": {
      if (sub === "list") {
        const limit = integerOption(args, "limit", 50, 1, 1000);
        const offset = integerOption(args, "offset", 0, 0, 1_000_000_000);
        const status = stringOption(args, "status") ?? "quarantined";
        return call(
          args,
          "GET",
          `/v1/quarantine?limit=${limit}&offset=${offset}&status=${encodeURIComponent(status)}`,
        );
      }
      if (sub === "show") return call(args, "GET", `/v1/quarantine/${positiveId(arg, "id")}`);
      if (sub === "replay") {
        const file = stringOption(args, "body");
        const body =
          file === undefined
            ? undefined
            : {
                data: readFileSync(file),
                contentType:
                  stringOption(args, "content-type") ??
                  (file.endsWith(".xml") ? "application/xml" : "application/json"),
              };
        const override = flagOption(args, "override-authentication")
          ? "?override=authentication"
          : "";
        return call(
          args,
          "POST",
          `/v1/quarantine/${positiveId(arg, "id")}/replay${override}`,
          body,
        );
      }
      throw new UsageError(`unknown quarantine command "${sub ?? ""}"`);
    }
    default:
      throw new UsageError(
        command === undefined ? "a command is required" : `unknown command "${command}"`,
      );
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`oraclectl: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

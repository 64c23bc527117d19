/**
 * Starts one oracle node: `npm run oracle:node -- --config <file>`.
 *
 * The configuration file (JSON, see docs/OPERATIONS.md) is validated before anything starts, with
 * environment overrides `CARAVEL_ORACLE__<path>`; secrets are read from the files or environment
 * variables it names and never printed. SIGTERM or SIGINT drains the node and exits 0 when the
 * drain finished cleanly (1 if it had to give up waiting). Exit code 2: bad configuration.
 */
import { ConfigError, loadConfig } from "../config/loadConfig.ts";
import { loadSecrets } from "../config/secrets.ts";
import { redactUrlsIn } from "../../lib/net/redaction.ts";
import { parseArgs, stringOption, UsageError } from "./args.ts";

// Every line on stderr is a JSON log line: Node's own warnings go through the same format instead
// of the default plain-text printer (node:sqlite's "experimental" notice in Node 22 is dropped).
// The node module (which loads node:sqlite) is imported only after this is in place.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "warn", name: "node", msg: warning.message, warning: warning.name })}\n`,
  );
});
const { OracleNode } = await import("../node/oracleNode.ts");

const USAGE = "usage: npm run oracle:node -- --config <node-config.json>";

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ["config"]);
  const configFile = stringOption(args, "config");
  if (configFile === undefined) throw new UsageError("--config is required");
  const config = loadConfig(configFile);
  const secrets = loadSecrets(config.keys);
  let fatal: ((error: Error) => void) | undefined;
  const node = await OracleNode.start({ config, secrets, onFatal: (error) => fatal?.(error) });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string, code?: number): void => {
      if (stopping) return;
      stopping = true;
      node.logger.info("stopping, draining", { signal });
      node.drain().then(
        (clean) => resolve(code ?? (clean ? 0 : 1)),
        (error: unknown) => {
          node.logger.error("drain failed", { error });
          resolve(1);
        },
      );
    };
    fatal = () => stop("fatal configuration error", 2);
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${JSON.stringify({ level: "error", msg: "node failed to start", error: redactUrlsIn(String(error)) })}\n`,
    );
    process.exit(1);
  },
);

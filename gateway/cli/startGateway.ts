/**
 * Starts one eBL gateway: `npm run gateway -- --config <gateway-config.json>`.
 *
 * The configuration file (JSON, see docs/OPERATIONS.md "The eBL gateway") is validated before
 * anything starts, with environment overrides `CARAVEL_GATEWAY__<path>`; secrets are read from the
 * files or environment variables it names and never printed; the DCSA specifications are read
 * from `dcsa.specsDirectory` (default `$CARAVEL_SHARED_DIR/samples/dcsa-ebl/openapi`) and the
 * gateway does not start without them. SIGTERM or SIGINT drains it and exits 0 when the drain
 * finished cleanly (1 if it had to give up waiting). Exit code 2: bad command line or
 * configuration.
 */
import { parseArgs } from "node:util";

import { CaravelError } from "../../lib/errors/caravelError.ts";
import { redactUrlsIn } from "../../lib/net/redaction.ts";
import { GatewayConfigError, loadConfig } from "../config/loadConfig.ts";
import { loadPintSecrets, loadSecrets } from "../config/secrets.ts";
import { SchemaLoadError } from "../schema/dcsaSchemas.ts";

// Every line on stderr is a JSON log line: Node's warnings too (node:sqlite's "experimental"
// notice in Node 22 is dropped). The gateway (which loads node:sqlite) is imported after this.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (warning.name === "ExperimentalWarning" && /SQLite/.test(warning.message)) return;
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: "warn", name: "gateway", msg: warning.message, warning: warning.name })}\n`,
  );
});
const { startDefaultGateway } = await import("../defaultGateway.ts");

const USAGE = "usage: npm run gateway -- --config <gateway-config.json>";

class UsageError extends Error {}

function configFileOf(argv: readonly string[]): string {
  let values: { config?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { config: { type: "string" } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.config === undefined) throw new UsageError("--config is required");
  return values.config;
}

async function main(): Promise<number> {
  const config = loadConfig(configFileOf(process.argv.slice(2)));
  const secrets = loadSecrets(config);
  const pintSecrets = loadPintSecrets(config);
  const gateway = await startDefaultGateway({ config, secrets, pintSecrets });
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      gateway.logger.info("signal received", { signal });
      gateway.stop().then(
        (clean) => resolve(clean ? 0 : 1),
        (error: unknown) => {
          gateway.logger.error("stop failed", { error });
          resolve(1);
        },
      );
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof GatewayConfigError || error instanceof SchemaLoadError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${JSON.stringify({
        level: "error",
        msg: "gateway failed to start",
        error: redactUrlsIn(error instanceof CaravelError ? error.message : String(error)),
      })}\n`,
    );
    process.exit(1);
  },
);

/**
 * The ingestion side of an oracle node, alone in a process of its own, for
 * `ingestCpu.bench.ts`: the ingest API wired as `oracle/node/oracleNode.ts` wires it (limited HTTP
 * server, bearer authentication, group commit, the node's metrics registry, a warn-level logger,
 * SQLite with synchronous=NORMAL as the trading day runs it), and no chain, consensus or polling,
 * so the process's CPU time is the ingestion path's. Prints `{"port":N}` once listening; stops on
 * SIGTERM (so `--cpu-prof` writes its profile).
 *
 * Arguments: <data dir> <carriers JSON: code → address> <bearer token>.
 */
import path from "node:path";
import type { AddressInfo } from "node:net";
import { carrierDirectory } from "../../../oracle/events/carriers.ts";
import { BearerAuthenticator, hashToken } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import { openDatabase } from "../../../oracle/store/database.ts";

const [dir, carriersJson, token] = process.argv.slice(2);
if (dir === undefined || carriersJson === undefined || token === undefined) {
  throw new Error("usage: ingestServerProcess.ts <data dir> <carriers JSON> <bearer token>");
}
const db = openDatabase(path.join(dir, "node.sqlite"), { synchronous: "NORMAL" });
const logger = createLogger({ name: "caravel-oracle", level: "warn" });
const metrics = new MetricsRegistry();
const pipeline = new IngestPipeline({
  db,
  carriers: carrierDirectory(JSON.parse(carriersJson) as Record<string, string>),
  logger: logger.child({ part: "ingest" }),
  metrics,
});
const server = createIngestServer({
  pipeline,
  authenticator: new BearerAuthenticator([
    { id: "feed", tokenSha256: hashToken(token), scopes: ["customs", "transport", "events"] },
  ]),
  logger: logger.child({ part: "ingest-http" }),
  metrics,
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.once("SIGTERM", () => {
  server.close(() => {
    db.close();
    process.exit(0);
  });
  server.closeAllConnections();
});

/**
 * Ingestion throughput of one node: simulated feed messages POSTed over HTTP (keep-alive, 16 in
 * flight, sender in the same process) into the ingest API and committed to SQLite (group commit:
 * the messages of one event-loop turn share a transaction, each in its own savepoint, and are
 * answered after the commit). Measured with synchronous=FULL (production: a 202 survives power
 * loss) and, in the same process against that baseline, with synchronous=NORMAL and without group
 * commit (one transaction, one fsync, per message).
 * Prints JSON lines (COMMON.md). Runs in well under 30 s.
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { carrierDirectory } from "../../../oracle/events/carriers.ts";
import { BearerAuthenticator, hashToken } from "../../../oracle/ingest/auth.ts";
import { createIngestServer } from "../../../oracle/ingest/httpApi.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { openDatabase } from "../../../oracle/store/database.ts";
import { GroupCommit } from "../../../oracle/store/groupCommit.ts";
import { createFeedSimulator, lastEventTime } from "../../../oracle/simulator/feedSimulator.ts";
import { sendFeed } from "../../../oracle/simulator/feedSender.ts";

const BENCH = "oracle/ingest";
const TOKEN = "bench-token-0123456789abcdef";
const feed = createFeedSimulator({ shipments: 250, seed: "ingest-bench" });
const nowMs = (lastEventTime(feed) + 3600) * 1000;

function emit(metric: string, value: number, unit: string, extra: Record<string, number> = {}) {
  console.log(
    JSON.stringify({ bench: BENCH, metric, value: Number(value.toFixed(2)), unit, ...extra }),
  );
}

async function overHttp(synchronous: "FULL" | "NORMAL", maxBatch = 512) {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-ingest-bench-"));
  const db = openDatabase(path.join(dir, "node.db"), { synchronous });
  const pipeline = new IngestPipeline({
    db,
    nowMs: () => nowMs,
    carriers: carrierDirectory(feed.carriers),
  });
  const server = createIngestServer({
    pipeline,
    groupCommit: new GroupCommit(db, { maxBatch }),
    authenticator: new BearerAuthenticator([
      { id: "bench", tokenSha256: hashToken(TOKEN), scopes: ["customs", "transport", "events"] },
    ]),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const t0 = performance.now();
  const [report] = await sendFeed(feed, {
    nodes: [{ url, tokens: { "wco-dms": TOKEN, "dcsa-tnt": TOKEN, canonical: TOKEN } }],
    concurrency: 16,
  });
  const seconds = (performance.now() - t0) / 1000;
  const events = pipeline.inbox.count();
  const quarantined = pipeline.quarantine.count();
  await new Promise((resolve) => server.close(resolve));
  db.close();
  rmSync(dir, { recursive: true, force: true });
  // With 16 requests in flight an event can overtake its declaration link: it is refused (422,
  // quarantined) and replayed when the link lands. At the end every event must be in the inbox.
  if (report!.failed > 0 || events !== feed.expectedEvents.length || quarantined !== 0) {
    throw new Error(
      `feed not fully ingested: ${JSON.stringify(report)}, ${events} events, ${quarantined} quarantined`,
    );
  }
  return {
    messagesPerSecond: feed.messages.length / seconds,
    eventsPerSecond: events / seconds,
  };
}

await overHttp("FULL"); // warm-up (JIT, page cache), not reported
const full = await overHttp("FULL");
const normal = await overHttp("NORMAL");
const unbatched = await overHttp("FULL", 1);

emit("messages", feed.messages.length, "messages");
emit("http_full_sync_messages_per_second", full.messagesPerSecond, "msg/s");
emit("http_full_sync_events_per_second", full.eventsPerSecond, "events/s");
emit("http_normal_sync_messages_per_second", normal.messagesPerSecond, "msg/s", {
  baseline: Number(full.messagesPerSecond.toFixed(2)),
  ratio: Number((normal.messagesPerSecond / full.messagesPerSecond).toFixed(3)),
});
emit(
  "http_full_sync_one_commit_per_message_messages_per_second",
  unbatched.messagesPerSecond,
  "msg/s",
  {
    baseline: Number(full.messagesPerSecond.toFixed(2)),
    ratio: Number((unbatched.messagesPerSecond / full.messagesPerSecond).toFixed(3)),
  },
);

/**
 * A watched drop directory: files put into `dir` are ingested like HTTP messages, then moved to
 * `dir/processed/` (accepted) or `dir/rejected/` (refused; quarantined too, with a `.reason.json`
 * beside the file). Robust against partial writes: a file is taken only once its size and mtime have
 * not changed for `stableMs` (a file renamed into place is complete at once; write to a dot-file or
 * `*.tmp`/`*.part` and rename, and it is picked up after `stableMs`). fs.watch only hastens the next
 * scan; a periodic scan finds everything fs.watch misses. Restart-safe: a file is moved only after
 * its message is committed, so a crash in between ingests it again, which is an idempotent duplicate.
 *
 * Formats by file name: `*.xml` WCO DMS, `*.dcsa.json` DCSA TNT 3, other `*.json` canonical.
 */
import { watch, type FSWatcher } from "node:fs";
import { mkdir, open, readdir, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../observability/logger.ts";
import type { Counter, MetricsRegistry } from "../observability/metrics.ts";
import type { MessageFormat } from "../store/quarantine.ts";
import { DEFAULT_MAX_BODY_BYTES } from "./httpApi.ts";
import type { IngestPipeline } from "./pipeline.ts";
import { IngestRejection } from "./rejection.ts";

export interface DropDirectoryOptions {
  dir: string;
  pipeline: IngestPipeline;
  /** How long a file's size and mtime must stay unchanged before it is taken (default 250 ms). */
  stableMs?: number;
  /** Period of the fallback scan (default 1000 ms). */
  scanIntervalMs?: number;
  /** Largest file ingested (default 1 MiB, as the HTTP API). */
  maxFileBytes?: number;
  nowMs?: () => number;
  logger?: Logger;
  metrics?: MetricsRegistry;
}

export interface DropScanResult {
  processed: string[];
  rejected: string[];
  /** Files seen but not yet stable. */
  waiting: string[];
}

const CONTENT_TYPES: Readonly<Record<MessageFormat, string>> = {
  "wco-dms": "application/xml",
  "dcsa-tnt": "application/json",
  canonical: "application/json",
};

/** The message format a file name announces, or undefined. */
export function formatForFileName(name: string): MessageFormat | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(".xml")) return "wco-dms";
  if (lower.endsWith(".dcsa.json")) return "dcsa-tnt";
  if (lower.endsWith(".json")) return "canonical";
  return undefined;
}

/** Files still being written by convention: dot-files, *.tmp, *.part, *.partial, *~. */
export function isInProgressName(name: string): boolean {
  return name.startsWith(".") || /\.(tmp|part|partial)$/i.test(name) || name.endsWith("~");
}

interface Observation {
  size: number;
  mtimeMs: number;
  sinceMs: number;
}

export class DropDirectoryWatcher {
  readonly dir: string;
  readonly processedDir: string;
  readonly rejectedDir: string;
  readonly #pipeline: IngestPipeline;
  readonly #stableMs: number;
  readonly #scanIntervalMs: number;
  readonly #maxFileBytes: number;
  readonly #nowMs: () => number;
  readonly #logger: Logger | undefined;
  readonly #files: Counter | undefined;
  readonly #seen = new Map<string, Observation>();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #running: Promise<DropScanResult> | undefined;
  #rerun = false;
  #stopped = true;

  constructor(options: DropDirectoryOptions) {
    this.dir = path.resolve(options.dir);
    this.processedDir = path.join(this.dir, "processed");
    this.rejectedDir = path.join(this.dir, "rejected");
    this.#pipeline = options.pipeline;
    this.#stableMs = options.stableMs ?? 250;
    this.#scanIntervalMs = options.scanIntervalMs ?? 1000;
    this.#maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#logger = options.logger;
    this.#files = options.metrics?.counter({
      name: "caravel_drop_files_total",
      help: "Files taken from the drop directory, by outcome",
      labelNames: ["outcome"],
    });
  }

  /** Creates the drop, processed/ and rejected/ folders (for driving `scanOnce` by hand). */
  async prepare(): Promise<void> {
    await mkdir(this.processedDir, { recursive: true });
    await mkdir(this.rejectedDir, { recursive: true });
  }

  /** Creates the folders, scans once, then watches and scans periodically. */
  async start(): Promise<void> {
    await this.prepare();
    this.#stopped = false;
    try {
      this.#watcher = watch(this.dir, { persistent: false }, () => this.#scanSoon());
      this.#watcher.on("error", (error) => {
        this.#logger?.warn("drop directory watch failed; relying on periodic scans", { error });
      });
    } catch (error) {
      this.#logger?.warn("cannot watch the drop directory; relying on periodic scans", { error });
    }
    this.#timer = setInterval(() => this.#scanSoon(0), this.#scanIntervalMs);
    this.#timer.unref();
    await this.scanOnce();
  }

  /** Stops watching and waits for a scan in progress to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#watcher?.close();
    this.#watcher = undefined;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    if (this.#soon !== undefined) clearTimeout(this.#soon);
    this.#timer = undefined;
    this.#soon = undefined;
    await this.#running;
  }

  #scanSoon(delayMs = Math.min(this.#stableMs + 5, 1000)): void {
    if (this.#stopped || this.#soon !== undefined) return;
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.scanOnce().catch((error: unknown) =>
        this.#logger?.error("drop directory scan failed", { error }),
      );
    }, delayMs);
    this.#soon.unref();
  }

  /** One pass: takes every stable file (one at a time). Concurrent calls share one pass. */
  async scanOnce(): Promise<DropScanResult> {
    if (this.#running !== undefined) {
      this.#rerun = true;
      return this.#running;
    }
    this.#running = this.#scan().finally(() => {
      this.#running = undefined;
      if (this.#rerun && !this.#stopped) {
        this.#rerun = false;
        this.#scanSoon(0);
      }
    });
    return this.#running;
  }

  async #scan(): Promise<DropScanResult> {
    const result: DropScanResult = { processed: [], rejected: [], waiting: [] };
    const entries = await readdir(this.dir, { withFileTypes: true });
    const present = new Set<string>();
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (!entry.isFile() || isInProgressName(entry.name)) continue;
      present.add(entry.name);
      const file = path.join(this.dir, entry.name);
      let info;
      try {
        info = await stat(file);
      } catch {
        continue; // moved away meanwhile
      }
      const now = this.#nowMs();
      const seen = this.#seen.get(entry.name);
      if (seen === undefined || seen.size !== info.size || seen.mtimeMs !== info.mtimeMs) {
        this.#seen.set(entry.name, { size: info.size, mtimeMs: info.mtimeMs, sinceMs: now });
        if (this.#stableMs > 0) {
          result.waiting.push(entry.name);
          continue;
        }
      } else if (now - seen.sinceMs < this.#stableMs) {
        result.waiting.push(entry.name);
        continue;
      }
      const accepted = await this.#take(entry.name, info.size);
      this.#seen.delete(entry.name);
      (accepted ? result.processed : result.rejected).push(entry.name);
    }
    for (const name of this.#seen.keys()) if (!present.has(name)) this.#seen.delete(name);
    if (result.waiting.length > 0) this.#scanSoon();
    return result;
  }

  async #take(name: string, size: number): Promise<boolean> {
    const file = path.join(this.dir, name);
    const handle = await open(file, "r");
    let body: Buffer;
    try {
      const length = Math.min(size, this.#maxFileBytes);
      body = Buffer.alloc(length);
      await handle.read(body, 0, length, 0);
    } finally {
      await handle.close();
    }
    const named = formatForFileName(name);
    const format: MessageFormat =
      named ??
      (body.subarray(0, 64).toString("utf8").trimStart().startsWith("<") ? "wco-dms" : "canonical");
    const raw = { body, contentType: CONTENT_TYPES[format], receivedVia: `drop:${name}` };
    let outcome;
    if (size > this.#maxFileBytes) {
      const rejection = new IngestRejection(
        "payload_too_large",
        "file",
        `${name} is ${size} bytes; at most ${this.#maxFileBytes} accepted`,
      );
      const quarantineId = this.#pipeline.reject(format, raw, rejection, { truncated: true });
      outcome = { ok: false as const, rejection, quarantineId };
    } else if (named === undefined) {
      const rejection = new IngestRejection(
        "unsupported_media_type",
        "file name",
        `${name} does not end in .xml (WCO DMS), .dcsa.json (DCSA TNT 3) or .json (canonical)`,
      );
      const quarantineId = this.#pipeline.reject(format, raw, rejection);
      outcome = { ok: false as const, rejection, quarantineId };
    } else {
      outcome = this.#pipeline.ingest(format, raw);
    }
    if (outcome.ok) {
      await rename(file, await this.#freeName(this.processedDir, name));
      this.#files?.inc({ outcome: "processed" });
      this.#logger?.info("drop file ingested", {
        file: name,
        accepted: outcome.result.accepted,
        duplicate: outcome.result.duplicate,
      });
      return true;
    }
    const target = await this.#freeName(this.rejectedDir, name);
    await writeFile(
      `${target}.reason.json`,
      `${JSON.stringify({
        error: outcome.rejection.code,
        field: outcome.rejection.field,
        reason: outcome.rejection.reason,
        quarantineId: outcome.quarantineId,
      })}\n`,
    );
    await rename(file, target);
    this.#files?.inc({ outcome: "rejected" });
    return false;
  }

  /** `dir/name`, or `dir/name.<n>` if a file of that name was already moved there. */
  async #freeName(dir: string, name: string): Promise<string> {
    for (let n = 0; ; n++) {
      const candidate = path.join(dir, n === 0 ? name : `${name}.${n}`);
      try {
        await stat(candidate);
      } catch {
        return candidate;
      }
    }
  }
}

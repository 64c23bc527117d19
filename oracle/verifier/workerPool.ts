/**
 * A fixed-size pool of worker threads running `worker.ts`. Jobs are queued and handed to the
 * least-busy worker, at most `MAX_IN_FLIGHT` per worker so a worker never waits for its next
 * job while the main thread is busy. Input and output buffers are transferred, not copied.
 *
 * Workers are started on first use. A worker is unref'd whenever it has nothing in flight, so
 * an idle pool never keeps the process alive, while a pending job does.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import type { ChunkJob, ChunkRequest, ChunkResponse, WorkerConfig } from "./chunk.ts";

const MAX_IN_FLIGHT = 2;
/** `worker.ts` next to this file, or `worker.js` if the project has been compiled to JS. */
const WORKER_SCRIPT = new URL(
  `./worker${path.extname(fileURLToPath(import.meta.url))}`,
  import.meta.url,
);

interface PendingJob {
  job: ChunkJob;
  resolve(output: ArrayBuffer): void;
  reject(error: Error): void;
}

interface PooledWorker {
  worker: Worker;
  inFlight: Map<number, PendingJob>;
}

export class WorkerPool {
  readonly size: number;
  readonly #config: WorkerConfig;
  #workers: PooledWorker[] = [];
  #queue: PendingJob[] = [];
  #nextId = 1;
  #closed = false;

  constructor(size: number, config: WorkerConfig) {
    this.size = size;
    this.#config = config;
  }

  /** Worker threads currently running (0 before first use and after `close()`). */
  get liveWorkers(): number {
    return this.#workers.length;
  }

  /** Runs one job on some worker; resolves with the worker's output buffer. */
  run(job: ChunkJob): Promise<ArrayBuffer> {
    if (this.#closed) return Promise.reject(new Error("the verifier is closed"));
    return new Promise((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      while (this.#workers.length < this.size) this.#workers.push(this.#spawn());
      this.#dispatch();
    });
  }

  /** Rejects everything pending and terminates every worker. Further `run`s reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const closedError = new Error("the verifier was closed before this job finished");
    for (const pending of this.#queue.splice(0)) pending.reject(closedError);
    const workers = this.#workers;
    this.#workers = [];
    for (const pooled of workers) {
      for (const pending of pooled.inFlight.values()) pending.reject(closedError);
      pooled.inFlight.clear();
    }
    await Promise.all(workers.map((pooled) => pooled.worker.terminate()));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let target: PooledWorker | undefined;
      for (const pooled of this.#workers) {
        if (pooled.inFlight.size >= MAX_IN_FLIGHT) continue;
        if (target === undefined || pooled.inFlight.size < target.inFlight.size) target = pooled;
      }
      if (target === undefined) return;
      const pending = this.#queue.shift()!;
      const id = this.#nextId++;
      if (target.inFlight.size === 0) target.worker.ref();
      target.inFlight.set(id, pending);
      const request: ChunkRequest = { id, ...pending.job };
      target.worker.postMessage(request, [pending.job.input]);
    }
  }

  #spawn(): PooledWorker {
    const worker = new Worker(WORKER_SCRIPT, { workerData: this.#config });
    worker.unref();
    const pooled: PooledWorker = { worker, inFlight: new Map() };
    worker.on("message", (response: ChunkResponse) => this.#settle(pooled, response));
    worker.on("error", (error: Error) => this.#fail(pooled, error));
    worker.on("exit", (code: number) =>
      this.#fail(pooled, new Error(`an verifier worker exited with code ${String(code)}`)),
    );
    return pooled;
  }

  #settle(pooled: PooledWorker, response: ChunkResponse): void {
    const pending = pooled.inFlight.get(response.id);
    if (pending === undefined) return;
    pooled.inFlight.delete(response.id);
    if (pooled.inFlight.size === 0) pooled.worker.unref();
    if ("error" in response) pending.reject(new Error(`verifier worker: ${response.error}`));
    else pending.resolve(response.output);
    this.#dispatch();
  }

  /**
   * A worker died: its jobs fail, and it leaves the pool (the next `run` starts a
   * replacement). If no worker is left, queued jobs fail too rather than wait forever.
   */
  #fail(pooled: PooledWorker, error: Error): void {
    const index = this.#workers.indexOf(pooled);
    if (index !== -1) this.#workers.splice(index, 1);
    for (const pending of pooled.inFlight.values()) pending.reject(error);
    pooled.inFlight.clear();
    if (this.#workers.length === 0) {
      for (const pending of this.#queue.splice(0)) pending.reject(error);
    }
  }
}

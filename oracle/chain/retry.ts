/**
 * Retrying what failed in transport only: exponential backoff from `baseDelayMs`, doubling up to
 * `maxDelayMs`, for as long as the node runs (an RPC outage is waited out, never turned into a lost
 * event). Contract reverts and every other error are thrown at once. The wait is cancelled by
 * `signal` (graceful drain).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { isTransportError } from "./errors.ts";

export interface RetryOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  signal?: AbortSignal;
  /** Called before each wait with the attempt number (1 = first retry) and the error. */
  onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
  /** Most retries before giving up (default: unlimited). */
  maxRetries?: number;
}

export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(baseDelayMs * 2 ** Math.max(0, attempt - 1), maxDelayMs);
}

export async function retryTransport<T>(work: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    options.signal?.throwIfAborted();
    try {
      return await work();
    } catch (error) {
      if (!isTransportError(error)) throw error;
      if (options.maxRetries !== undefined && attempt > options.maxRetries) throw error;
      const delayMs = backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs);
      options.onRetry?.(attempt, error, delayMs);
      await sleep(delayMs, undefined, { signal: options.signal });
    }
  }
}

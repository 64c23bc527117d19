/**
 * Holds back repeats of one log line: a leader that cannot get a quorum for a sequence retries every
 * `proposeIntervalMs` (10 times a second by default), and a warning per retry drowns every other
 * line. `admit(key)` says whether a line under `key` may be written now and, when it may, how many
 * were held back since the last one (the line should say so).
 */
export class LogRateLimiter {
  readonly #intervalMs: number;
  readonly #nowMs: () => number;
  readonly #maxKeys: number;
  readonly #last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(intervalMs: number, nowMs: () => number = Date.now, maxKeys = 256) {
    this.#intervalMs = intervalMs;
    this.#nowMs = nowMs;
    this.#maxKeys = maxKeys;
  }

  /** `{ suppressed }` when a line under `key` may be written now, undefined when it is held back. */
  admit(key: string): { suppressed: number } | undefined {
    const now = this.#nowMs();
    const last = this.#last.get(key);
    if (last !== undefined && now - last.atMs < this.#intervalMs) {
      last.suppressed += 1;
      return undefined;
    }
    if (last === undefined && this.#last.size >= this.#maxKeys) {
      this.#last.delete(this.#last.keys().next().value!);
    }
    this.#last.set(key, { atMs: now, suppressed: 0 });
    return { suppressed: last?.suppressed ?? 0 };
  }
}

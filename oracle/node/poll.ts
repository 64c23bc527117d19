/**
 * A cancellable poll: the node's loop as one small building block instead of a `while` with
 * flags. `step` runs, then the poll waits the number of milliseconds it returned (or stops when it
 * returns `"stop"`); `wake()` ends a wait early (new events arrived), `stop()` ends it for good. A
 * step under way is never interrupted: `done` settles once it has returned.
 */
export interface Poll {
  /** Ends the current wait at once, so the next step runs now. No effect during a step. */
  wake(): void;
  /** No step starts after this; a wait in progress ends at once. */
  stop(): void;
  /** Settles after the last step returned (after `stop()`, or when a step returned `"stop"`). */
  readonly done: Promise<void>;
}

/** Starts polling `step` at once (see `Poll`). `step` must not throw: it handles its own errors. */
export function startPoll(step: () => Promise<number | "stop">): Poll {
  const stopped = new AbortController();
  let endWait: (() => void) | undefined;

  const waitFor = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const end = (): void => {
        clearTimeout(timer);
        stopped.signal.removeEventListener("abort", end);
        endWait = undefined;
        resolve();
      };
      const timer = setTimeout(end, ms);
      stopped.signal.addEventListener("abort", end, { once: true });
      endWait = end;
    });

  const run = async (): Promise<void> => {
    while (!stopped.signal.aborted) {
      const next = await step();
      if (next === "stop" || stopped.signal.aborted) return;
      await waitFor(next);
    }
  };

  return {
    wake: () => endWait?.(),
    stop: () => stopped.abort(),
    done: run(),
  };
}

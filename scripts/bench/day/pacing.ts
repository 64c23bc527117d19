/**
 * The trading day's pacing (day.ts): the day is cut into slices, and each part of it (an activity
 * of the mix, the customs feed) runs its share of every slice, in slice order. Run one slice after
 * another, with every part waiting for the slowest at each slice's end, the cores idled at each
 * slice's tail while the slowest part (the documentary credits' chains of dependent steps) ran
 * alone. Here a part starts its next slice as soon as its own limit and the skew bound allow:
 *
 * - `inFlight`: how many of its own slices a part may run at once (1: one after another);
 * - `lead`: how many slices a part may run ahead of the slowest part's oldest unfinished slice.
 *   A part starts slice `s` only once every part (itself included) has finished every slice up to
 *   `s - lead - 1`. With `lead` 1, no part works more than one slice ahead of the slowest, so every
 *   part's state still grows through the day together, and an operation's first and last tenth
 *   (flatness.ts) are still the start and the end of the day for every part.
 */

/** A part of the day that runs its share of each slice. */
export interface PacedPart {
  readonly name: string;
  /** How many of its own slices may run at once (at least 1). */
  readonly inFlight: number;
  /** Runs the part's share of slice `slice` (0-based). */
  run(slice: number): Promise<void>;
}

export interface PaceOptions {
  readonly slices: number;
  /** Slices a part may run ahead of the slowest part's oldest unfinished slice (0: lockstep). */
  readonly lead: number;
  /** Called once every part has finished slice `slice`, in slice order. */
  readonly onSliceDone?: (slice: number) => void;
  /** Milliseconds of a monotonic clock (tests pass their own). */
  readonly now?: () => number;
}

/** How a part spent the day. */
export interface PartPace {
  /** Seconds with at least one of its slices running. */
  busySeconds: number;
  /**
   * Seconds it could have started its next slice by its own limit but waited at the skew bound
   * for the slowest part.
   */
  heldSeconds: number;
}

/**
 * Runs every part's share of every slice under the bound above; resolves with each part's pace
 * once all have finished, or rejects with the first failure (no further slice is started then).
 */
export function runPaced(
  parts: readonly PacedPart[],
  options: PaceOptions,
): Promise<Map<string, PartPace>> {
  const { slices, lead } = options;
  if (!Number.isInteger(slices) || slices < 1) {
    throw new Error(`slices: ${slices} is not a positive whole number`);
  }
  if (!Number.isInteger(lead) || lead < 0) {
    throw new Error(`lead: ${lead} is not a whole number of slices`);
  }
  for (const part of parts) {
    if (!Number.isInteger(part.inFlight) || part.inFlight < 1) {
      throw new Error(`${part.name}: inFlight ${part.inFlight} is not a positive whole number`);
    }
  }
  const now = options.now ?? (() => performance.now());
  const states = parts.map(() => ({
    /** The next slice to start. */
    next: 0,
    running: 0,
    finished: new Array<boolean>(slices).fill(false),
    /** Every slice up to this one has finished (-1: none yet). */
    doneThrough: -1,
    busySince: undefined as number | undefined,
    busyMs: 0,
    heldSince: undefined as number | undefined,
    heldMs: 0,
  }));
  let announced = -1;
  let unfinished = parts.length * slices;

  return new Promise((resolve, reject) => {
    let failed = false;
    const report = (): Map<string, PartPace> =>
      new Map(
        parts.map((part, i) => [
          part.name,
          { busySeconds: states[i]!.busyMs / 1000, heldSeconds: states[i]!.heldMs / 1000 },
        ]),
      );

    const pump = (): void => {
      if (failed) return;
      const t = now();
      const slowest = states.reduce((min, st) => Math.min(min, st.doneThrough), slices);
      for (; announced < slowest; announced++) options.onSliceDone?.(announced + 1);
      if (unfinished === 0) {
        resolve(report());
        return;
      }
      parts.forEach((part, i) => {
        const st = states[i]!;
        const ownRoom = () => st.next < slices && st.running < part.inFlight;
        let started = false;
        while (ownRoom() && st.next - lead - 1 <= slowest) {
          started = true;
          const slice = st.next++;
          st.running += 1;
          st.busySince ??= t;
          part.run(slice).then(
            () => {
              const done = now();
              st.running -= 1;
              if (st.running === 0 && st.busySince !== undefined) {
                st.busyMs += done - st.busySince;
                st.busySince = undefined;
              }
              st.finished[slice] = true;
              while (st.doneThrough + 1 < slices && st.finished[st.doneThrough + 1]) {
                st.doneThrough += 1;
              }
              unfinished -= 1;
              pump();
            },
            (error: unknown) => {
              if (failed) return;
              failed = true;
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }
        // Held: room of its own, but the skew bound keeps it waiting for the slowest.
        if (st.heldSince !== undefined && (started || !ownRoom())) {
          st.heldMs += t - st.heldSince;
          st.heldSince = undefined;
        }
        if (ownRoom()) st.heldSince ??= t;
      });
    };
    pump();
  });
}

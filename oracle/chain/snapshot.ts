/** What a node last read from the chain: the oracle's epoch and last applied sequence, and the head. */
export interface ChainSnapshot {
  epoch: number;
  lastSequence: bigint;
  headBlock: bigint;
  /** When this snapshot was read (ms since the epoch). */
  observedAtMs: number;
  /**
   * When its head block was read (ms since the epoch): a report transaction mined before then is
   * in the watcher's index of applied transactions (`ChainWatcher.appliedTransaction`).
   */
  headReadAtMs: number;
}

/**
 * Who leads: the committee takes turns in terms of `termLength` consecutive sequences. The leader
 * of sequence `s` in round `r` is `members[(term(s) + r) mod N]` with `term(s) = ⌊(s−1)/termLength⌋`.
 * A term lets one leader pipeline several reports (its transactions land in nonce order); the
 * rotation spreads the work and gives every node's own observations a turn.
 *
 * Rounds are a clock every node runs for itself: while the chain makes no progress, the round
 * moves on every `roundTimeoutMs`, handing the term to the next member. Progress restarts the
 * timer (the round is kept until the term ends, so a dead leader costs one timeout per term, not
 * one per sequence). All nodes watch the same chain, so their rounds agree up to their polling
 * skew; a node also catches up when the leader of a later round of the same term contacts it.
 * Leadership only decides who proposes: safety never depends on it (a node signs at most one
 * report per (epoch, sequence), and the contract takes sequences strictly in order).
 */
export function termOf(sequence: bigint, termLength: number): bigint {
  return (sequence - 1n) / BigInt(termLength);
}

/** Index of the leader of `sequence` in `round` among `memberCount` members. */
export function leaderIndex(
  sequence: bigint,
  round: number,
  memberCount: number,
  termLength: number,
): number {
  return Number((termOf(sequence, termLength) + BigInt(round)) % BigInt(memberCount));
}

/** The round clock of one node (see the module comment). */
export class RoundClock {
  readonly #roundTimeoutMs: number;
  readonly #termLength: number;
  #term: bigint | undefined;
  #lastSequence: bigint | undefined;
  #round = 0;
  #since = 0;

  constructor(roundTimeoutMs: number, termLength: number) {
    this.#roundTimeoutMs = roundTimeoutMs;
    this.#termLength = termLength;
  }

  /**
   * Advances the clock to `nowMs` given the chain's last applied sequence; returns the round of
   * the next sequence (`lastSequence + 1`).
   */
  observe(lastSequence: bigint, nowMs: number): number {
    const term = termOf(lastSequence + 1n, this.#termLength);
    if (this.#term !== term) {
      this.#term = term;
      this.#round = 0;
      this.#since = nowMs;
    } else if (this.#lastSequence !== lastSequence) {
      this.#since = nowMs;
    }
    this.#lastSequence = lastSequence;
    if (nowMs - this.#since >= this.#roundTimeoutMs) {
      const elapsed = Math.floor((nowMs - this.#since) / this.#roundTimeoutMs);
      this.#round += elapsed;
      this.#since += elapsed * this.#roundTimeoutMs;
    }
    return this.#round;
  }

  /** Catches up with a later round of the current term announced by its leader. */
  adopt(sequence: bigint, round: number, nowMs: number): void {
    if (this.#term === termOf(sequence, this.#termLength) && round > this.#round) {
      this.#round = round;
      this.#since = nowMs;
    }
  }

  get round(): number {
    return this.#round;
  }
}

/**
 * Who leads: the committee takes turns by the clock. Time is cut into turns of `turnMs`; turn `t`
 * (= ⌊now / turnMs⌋) is led by `members[t mod N]`. Every node computes the same leader from its
 * own clock (consortium nodes run NTP; skew must stay well under a turn), with no messages and no
 * state to agree on, so a restarted node knows the leader at once.
 *
 * Within its turn the leader proposes consecutive sequences and may pipeline them (its
 * transactions land in nonce order). It stops starting new proposals in the turn's closing window
 * (a fifth of the turn, at most 200 ms) so its round under way finishes before the next member
 * starts. A dead member's turn passes without reports (the cost of a crash is one turn in N); the
 * next member picks up where the chain is.
 *
 * Leadership only decides who proposes: safety never depends on it. A member signs at most one
 * report per (epoch, sequence), the contract takes sequences strictly in order, and a new leader
 * re-proposes whatever a member already signed for the slot.
 */
export interface LeaderTurn {
  /** The turn number (⌊now / turnMs⌋). */
  turn: number;
  /** Index of the member leading it. */
  leaderIndex: number;
  /** Milliseconds left in the turn. */
  remainingMs: number;
  /** Whether the leader may still start new proposals (not in the turn's closing window). */
  mayPropose: boolean;
}

/**
 * The end of a turn in which its leader starts nothing new, so its round under way finishes before
 * the next member starts: a fifth of the turn, at most 200 ms. A round takes about 100 ms under a
 * burst on two cores; the reports the leader has queued are still sent after its turn, and the
 * next leader takes up any a member signed (a longer window idled every leader hand-over: 500 ms
 * of each 5 s turn).
 */
export function closingWindowMs(turnMs: number): number {
  return Math.min(turnMs / 5, 200);
}

export function leaderTurnAt(nowMs: number, turnMs: number, memberCount: number): LeaderTurn {
  const turn = Math.floor(nowMs / turnMs);
  const remainingMs = turnMs - (nowMs - turn * turnMs);
  return {
    turn,
    leaderIndex: turn % memberCount,
    remainingMs,
    mayPropose: remainingMs > closingWindowMs(turnMs),
  };
}

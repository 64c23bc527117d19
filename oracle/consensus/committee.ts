/** The committee as one node sees it: members in config order, the threshold, the leader schedule. */
import type { Address } from "viem";
import type { CommitteeMember } from "../config/schema.ts";
import { leaderTurnAt, type LeaderTurn } from "./schedule.ts";

export class Committee {
  readonly members: readonly CommitteeMember[];
  readonly threshold: number;
  readonly turnMs: number;
  readonly #byId: Map<string, CommitteeMember>;
  readonly #byAddress: Map<string, CommitteeMember>;

  constructor(members: readonly CommitteeMember[], threshold: number, turnMs: number) {
    if (threshold < 1 || threshold > members.length) {
      throw new RangeError(`threshold ${threshold} out of range for ${members.length} members`);
    }
    this.members = members;
    this.threshold = threshold;
    this.turnMs = turnMs;
    this.#byId = new Map(members.map((m) => [m.id, m]));
    this.#byAddress = new Map(members.map((m) => [m.address.toLowerCase(), m]));
  }

  byId(id: string): CommitteeMember | undefined {
    return this.#byId.get(id);
  }

  byAddress(address: Address): CommitteeMember | undefined {
    return this.#byAddress.get(address.toLowerCase());
  }

  /** The leader's turn at `nowMs`. */
  turnAt(nowMs: number): LeaderTurn & { leader: CommitteeMember } {
    const turn = leaderTurnAt(nowMs, this.turnMs, this.members.length);
    return { ...turn, leader: this.members[turn.leaderIndex]! };
  }

  get addresses(): Address[] {
    return this.members.map((m) => m.address);
  }
}

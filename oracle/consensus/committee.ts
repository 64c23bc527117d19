/** The committee as one node sees it: members in config order, the threshold, the leader schedule. */
import type { Address } from "viem";
import type { CommitteeMember } from "../config/schema.ts";
import { leaderIndex } from "./schedule.ts";

export class Committee {
  readonly members: readonly CommitteeMember[];
  readonly threshold: number;
  readonly termLength: number;
  readonly #byId: Map<string, CommitteeMember>;
  readonly #byAddress: Map<string, CommitteeMember>;

  constructor(members: readonly CommitteeMember[], threshold: number, termLength: number) {
    if (threshold < 1 || threshold > members.length) {
      throw new RangeError(`threshold ${threshold} out of range for ${members.length} members`);
    }
    this.members = members;
    this.threshold = threshold;
    this.termLength = termLength;
    this.#byId = new Map(members.map((m) => [m.id, m]));
    this.#byAddress = new Map(members.map((m) => [m.address.toLowerCase(), m]));
  }

  byId(id: string): CommitteeMember | undefined {
    return this.#byId.get(id);
  }

  byAddress(address: Address): CommitteeMember | undefined {
    return this.#byAddress.get(address.toLowerCase());
  }

  /** The member who proposes `sequence` in `round`. */
  leaderFor(sequence: bigint, round: number): CommitteeMember {
    return this.members[leaderIndex(sequence, round, this.members.length, this.termLength)]!;
  }

  get addresses(): Address[] {
    return this.members.map((m) => m.address);
  }
}

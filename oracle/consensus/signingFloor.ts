/**
 * The signing floor of a node whose signature store is new (first start, or a disk lost and
 * replaced). Such a node cannot know whether its key signed the sequences just ahead of the chain
 * before, so it does not sign them: it refuses every sequence of the current epoch below
 * `lastSequence + pipelineDepth + 2` (the most a leader could have had it sign ahead of the chain,
 * plus one), and persists that floor so a restart keeps it.
 *
 * The floor comes off again:
 * - by itself once it no longer covers anything: the chain applied every sequence below it (a node
 *   refuses applied sequences anyway) or moved to another epoch (the floor covers only its own
 *   epoch: a report names its epoch, so a signature in a new epoch never pairs with an old one);
 * - on the operator's explicit confirmation (`oraclectl signing-floor lift`), which is what a
 *   network where MOST nodes lost their disks needs: with fewer than M nodes signing, the chain
 *   never passes the floors by itself. The operator confirms that no report for those sequences
 *   can still be on its way (docs/OPERATIONS.md, "A node's disk is lost"). Logged as a warning.
 */
import type { ChainSnapshot } from "../chain/snapshot.ts";
import type { Logger } from "../observability/logger.ts";
import type { Checkpoints } from "../store/checkpoints.ts";

/** Checkpoint: the lowest sequence a node with a new signature store signs. */
export const SIGNING_FLOOR_CHECKPOINT = "consensus.signing-floor";

export interface Floor {
  epoch: number;
  /** The lowest sequence of `epoch` this node signs. */
  sequence: bigint;
}

export class SigningFloor {
  readonly #checkpoints: Checkpoints;
  readonly #logger: Logger;
  #floor: Floor | undefined;

  constructor(checkpoints: Checkpoints, logger: Logger) {
    this.#checkpoints = checkpoints;
    this.#logger = logger;
    this.#floor = checkpoints.get(SIGNING_FLOOR_CHECKPOINT, (value) => {
      const v = value as { epoch: number; sequence: string };
      return { epoch: v.epoch, sequence: BigInt(v.sequence) };
    });
  }

  /** The floor in force, if any. */
  get current(): Floor | undefined {
    return this.#floor;
  }

  /**
   * Sets the floor of a new signature store (`signedBefore`: how many reports the store holds; a
   * store that holds any knows what it signed) against the chain as it is now. Returns the floor
   * set, if one was.
   */
  establish(chain: ChainSnapshot, pipelineDepth: number, signedBefore: number): Floor | undefined {
    if (this.#floor !== undefined || signedBefore > 0) return undefined;
    if (chain.lastSequence === 0n) return undefined; // nothing was ever signed in this oracle's life
    const floor = {
      epoch: chain.epoch,
      sequence: chain.lastSequence + BigInt(pipelineDepth) + 2n,
    };
    this.#checkpoints.set(SIGNING_FLOOR_CHECKPOINT, {
      epoch: floor.epoch,
      sequence: floor.sequence.toString(),
    });
    this.#floor = floor;
    this.#logger.warn("new signature store: not signing the sequences just ahead of the chain", {
      epoch: floor.epoch,
      fromSequence: floor.sequence,
    });
    return floor;
  }

  /** Lifts the floor once it covers nothing the chain has not applied (or another epoch began). */
  liftIfPassed(chain: ChainSnapshot): boolean {
    const floor = this.#floor;
    if (floor === undefined) return false;
    if (chain.epoch === floor.epoch && chain.lastSequence + 1n < floor.sequence) return false;
    this.#lift();
    this.#logger.info("signing floor lifted: the chain passed it", {
      epoch: floor.epoch,
      floor: floor.sequence,
      chainEpoch: chain.epoch,
      lastSequence: chain.lastSequence,
    });
    return true;
  }

  /** Lifts the floor on the operator's confirmation; returns the floor lifted, if there was one. */
  liftByOperator(): Floor | undefined {
    const floor = this.#floor;
    if (floor === undefined) return undefined;
    this.#lift();
    this.#logger.warn("signing floor lifted by the operator", {
      epoch: floor.epoch,
      floor: floor.sequence,
    });
    return floor;
  }

  #lift(): void {
    this.#checkpoints.delete(SIGNING_FLOOR_CHECKPOINT);
    this.#floor = undefined;
  }
}

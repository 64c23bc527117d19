/**
 * The leader's pipelining policy: in its turn, the leader proposes the next sequences back to back,
 * up to `pipelineDepth` ahead of the chain, each only behind its own report for the sequence
 * before, leaving out the events its reports already carry, and resting on a sequence whose
 * locked report it already gave up on. The node (oracle/node/oracleNode.ts) runs the loop and
 * reads the chain; this decides what to propose.
 */
import type { Hex } from "viem";

import type { ChainSnapshot } from "../chain/snapshot.ts";
import type { Logger } from "../observability/logger.ts";
import type { NodeMetrics } from "../observability/nodeMetrics.ts";
import type { Outbox, OutboxReport } from "../queue/outbox.ts";
import type { Proposer } from "./leader.ts";

/** How many of this node's latest reports the leader checks for events already carried. */
const RECENT_OWN_REPORTS = 32;

export interface LeaderPipelineDeps {
  outbox: Outbox;
  proposer: Pick<Proposer, "propose">;
  pipelineDepth: number;
  /** How long a sequence rests after its locked report was found superseded here. */
  leaderTurnMs: number;
  /**
   * A sequence behind this leader's own report in flight is proposed only with at least this many
   * pending events (default 0: any). The node sets a quarter of the batch size: pipelining is for
   * a backlog; a trickle waits for the report ahead to land (one block and one poll) and goes in
   * one larger report instead of many small ones, each a round of peer requests, signatures and a
   * transaction with its fixed gas.
   */
  pipelinedMinEvents?: number;
  metrics: Pick<NodeMetrics, "reportsProposed">;
  logger: Logger;
}

/** What the pipeline asks of the node while it proposes. */
export interface LeaderPipelineHooks {
  /** Reads the chain in the background if a read is due (a burst of proposals takes a while). */
  pollIfDue(snapshot: ChainSnapshot): void;
  /** Moves the outbox along, so the next proposal overlaps the sending of this one. */
  submit(snapshot: ChainSnapshot): void;
  /** The watcher's latest snapshot, if any. */
  latestSnapshot(): ChainSnapshot | undefined;
}

export class LeaderPipeline {
  readonly #deps: LeaderPipelineDeps;
  /** Sequences not to propose again before a time (their report is already settled as superseded). */
  readonly #resting = new Map<bigint, number>();
  /** The last `#ownEventsInFlight` answer, and the reports it was built from. */
  #ownEventsCache: { digests: string; keys: Set<Hex> } | undefined;

  constructor(deps: LeaderPipelineDeps) {
    this.#deps = deps;
  }

  /**
   * Proposes what this leader may in turn `turn`, from `snapshot` of the chain. Resolves "idle"
   * when there was nothing to propose and none of this leader's reports is in flight (the node
   * may then look again later), "busy" otherwise.
   */
  async lead(
    snapshot: ChainSnapshot,
    turn: number,
    hooks: LeaderPipelineHooks,
  ): Promise<"idle" | "busy"> {
    let busy = false;
    const next = snapshot.lastSequence + 1n;
    for (const sequence of this.#resting.keys()) {
      if (sequence < next) this.#resting.delete(sequence);
    }
    const open = this.#deps.outbox.open().filter((o) => o.epoch === snapshot.epoch);
    if (open.length > 0) busy = true;
    const queued = new Set(open.map((o) => o.sequence));
    const exclude = this.#ownEventsInFlight(snapshot, open);
    for (let k = 0n; k < BigInt(this.#deps.pipelineDepth); k += 1n) {
      const sequence = next + k;
      if (queued.has(sequence)) continue;
      if ((this.#resting.get(sequence) ?? 0) > Date.now()) break;
      if (k > 0n && !queued.has(sequence - 1n)) {
        break; // pipeline only behind our own report for the previous sequence
      }
      // A burst of proposals takes a while: the chain is read on meanwhile, so the submitter
      // learns of its reports landing (and sends the next ones) without waiting for the burst.
      hooks.pollIfDue(hooks.latestSnapshot() ?? snapshot);
      const started = performance.now();
      const outcome = await this.#deps.proposer.propose(
        snapshot.epoch,
        sequence,
        turn,
        exclude,
        k > 0n ? (this.#deps.pipelinedMinEvents ?? 0) : 0,
      );
      if (outcome.status !== "empty") busy = true;
      if (
        outcome.status === "queued" &&
        this.#deps.outbox.get(outcome.digest)?.status === "superseded"
      ) {
        // The members' locked report for this sequence is one this node already gave up on (the
        // contract refused it): do not spin on it; look again in a while.
        this.#resting.set(sequence, Date.now() + this.#deps.leaderTurnMs);
        this.#deps.logger.warn("the report locked for this sequence was superseded here; waiting", {
          sequence,
          note: this.#deps.outbox.get(outcome.digest)?.note ?? null,
        });
        break;
      }
      if (outcome.status === "queued") {
        queued.add(sequence);
        for (const key of this.#deps.outbox.get(outcome.digest)?.eventKeys ?? []) exclude.add(key);
        this.#deps.metrics.reportsProposed.inc();
        this.#deps.logger.info("report reached quorum", {
          sequence,
          ms: Math.round(performance.now() - started),
          events: outcome.events,
          signers: outcome.signers,
          reproposed: outcome.reproposed,
          ...outcome.timings,
        });
        hooks.submit(hooks.latestSnapshot() ?? snapshot); // the next proposal overlaps its sending
      } else {
        break; // "no quorum" is logged by the proposer, at most once per sequence per 10 s
      }
    }
    return busy ? "busy" : "idle";
  }

  /**
   * The events a proposal must leave out: those of this node's open reports ahead of the chain, and
   * of its recent reports the chain applied. Applied events are normally known from the watcher's
   * index, but between a report's inclusion and the index seeing it they would look pending and be
   * proposed again for the next sequence (the crash test caught one leader carrying the same events
   * in two consecutive reports). Only a report the contract refused (superseded) gives its events
   * back. Rebuilt only when the set of reports changes: a leader asks every 20-50 ms and 32 reports
   * hold up to 16k keys.
   */
  #ownEventsInFlight(snapshot: ChainSnapshot, open: readonly OutboxReport[]): Set<Hex> {
    const reports = open.filter((o) => o.sequence > snapshot.lastSequence);
    for (const o of this.#deps.outbox.recent(RECENT_OWN_REPORTS)) {
      if (o.epoch !== snapshot.epoch || o.status === "superseded") continue;
      if (o.sequence + BigInt(RECENT_OWN_REPORTS) < snapshot.lastSequence) continue;
      reports.push(o);
    }
    const digests = reports.map((o) => o.digest).join(",");
    if (this.#ownEventsCache?.digests !== digests) {
      const keys = new Set<Hex>();
      for (const o of reports) for (const key of o.eventKeys) keys.add(key);
      this.#ownEventsCache = { digests, keys };
    }
    return this.#ownEventsCache.keys;
  }
}

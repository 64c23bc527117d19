/**
 * The leader side of a round: builds the report for one (epoch, sequence) and gathers a quorum of
 * member signatures for it, then queues it in the outbox for submission.
 *
 * 1. Observe: the leader sends the keys of its own oldest pending events to every member (itself
 *    included, through its local follower). Each answers which of them it observed, which other
 *    pending events it has (extras: not asked for when the leader's own backlog fills its
 *    candidate list), and what it already signed for this (epoch, sequence).
 * 2. If members already signed a report for this slot (a lock), the leader re-proposes the one
 *    with most signatures that can still complete (see "A stuck sequence" below). Otherwise the
 *    report is the largest set of events that one quorum of members observed, every one of them
 *    (each event seen by some quorum is not enough: with messages lost here and there, no member
 *    would hold them all and nobody could sign), in the deterministic report order, up to the batch
 *    size. Events the leader itself missed are carried too, so a leader that lost messages does not
 *    hold them back.
 * 3. Sign: the report goes to that quorum first, authenticated by the leader's own signature. Each
 *    signature that comes back is checked (it must recover to the member that sent it) and kept as
 *    evidence; a conflict answer (the member signed another report for the slot) is evidence too,
 *    and the leader switches to that report once.
 * 4. With `threshold` valid signatures the report is queued; the rest of the answers are still
 *    kept as evidence when they arrive.
 *
 * A stuck sequence. A member signs at most one report per (epoch, sequence), ever (its signature
 * store forbids a second one, across restarts), and a quorum is a majority (M > N/2), so two
 * quorums share a member: at most ONE report per slot can ever gather M signatures, whatever the
 * leaders propose. Safety therefore never rests on the leader's choice; the choice is about
 * liveness. A locked report can be a dead end: one faulty member signing events only it has, or a
 * report whose events no quorum holds all of. So:
 * - A locked report is dropped when it provably cannot gather M signatures: N minus the members
 *   known (from their signed locks) to have signed another report for the slot is below M.
 * - A locked report that could still complete is re-proposed; when that fails, the leader keeps
 *   trying for `lockedReportPatienceMs` (its events may still reach the members lacking them) and
 *   then proposes a new report, the largest set of events a quorum of the members WITHOUT a lock
 *   on the slot observed. Those members can sign it; those with a lock answer with their lock, as
 *   always. If fewer than M members are free, no new report could complete, and the leader stays
 *   with the locked one.
 * - A new report is proposed only when at least M members are free, so its own potential (N minus
 *   the members locked elsewhere) is at least M when it is proposed; once fewer than M are free,
 *   leaders only re-propose live locked reports, and a member signing one leaves that report's
 *   potential as it was. Some report can always still complete: the way out never makes a slot
 *   dead by itself (two leaders proposing at the same instant can split signatures, as before).
 */
import { type Hex } from "viem";
import type { CommitteeMember } from "../config/schema.ts";
import type { Secret } from "../config/secrets.ts";
import {
  compareReportEvents,
  reportDigest,
  type CustomsReport,
  type ReportDomain,
} from "../chain/report.ts";
import { recoverDigestSigner, signProposal } from "../chain/signing.ts";
import { eventKey, type OnChainCustomsEvent } from "../events/customsEvent.ts";
import type { Logger } from "../observability/logger.ts";
import type { CustomsEventInbox } from "../queue/inbox.ts";
import type { Outbox } from "../queue/outbox.ts";
import type { SignatureStore } from "../store/signatures.ts";
import type { Committee } from "./committee.ts";
import { OnChainEventCache } from "./eventCodec.ts";
import type { Follower } from "./follower.ts";
import { MAX_CANDIDATES, type ObserveResponse, type SignResponse } from "./messages.ts";
import type { PeerTransport } from "./peerClient.ts";
import { LogRateLimiter } from "../observability/rateLimitedLog.ts";

export interface ProposerDeps {
  self: CommitteeMember;
  committee: Committee;
  domain: ReportDomain;
  follower: Follower;
  peers: PeerTransport;
  inbox: CustomsEventInbox;
  signatures: SignatureStore;
  outbox: Outbox;
  signerKey: Secret<Hex>;
  maxBatchSize: number;
  /**
   * Whether a report on chain already carried this event (the chain watcher's index; an event
   * that reached this node only after its report was applied is caught here).
   */
  isApplied: (eventKey: Hex) => boolean;
  /**
   * A re-proposed report (one some member had signed already) was probably queued by its first
   * leader too: wait this long before submitting it, so only one of them pays for it.
   */
  reproposalHoldMs: number;
  /** How long to keep waiting for more observe answers once a quorum answered. */
  observeGraceMs: number;
  /**
   * How long a leader keeps re-proposing a locked report that failed to gather a quorum before it
   * proposes a new report to the members without a lock (default 2,500 ms).
   */
  lockedReportPatienceMs?: number;
  /** At most one "no quorum" warning per sequence this often (default 10,000 ms). */
  noQuorumWarningIntervalMs?: number;
  nowMs?: () => number;
  /**
   * Signatures are asked of this node and the next `threshold - 1` members (rotating with the
   * sequence) first, and of the others when one of those does not sign, or after this long
   * (0: of every member at once). Default 0.
   */
  signHedgeMs?: number;
  logger: Logger;
  /**
   * A leader with no pending event of its own still asks the members for theirs (extras, locks),
   * but at most this often (default 0: every round). Members offer an event as an extra only once
   * it has waited `consensus.extraAfterMs`, and work their extras out again at most every quarter
   * of that, so asking more often finds nothing new: the node sets a quarter of extraAfterMs.
   */
  emptyObserveIntervalMs?: number;
  /** Called when a member is caught signing two reports for one slot. */
  onEquivocation?: (signer: string, epoch: number, sequence: bigint, digests: Hex[]) => void;
}

export type ProposalOutcome =
  | {
      status: "queued";
      digest: Hex;
      events: number;
      signers: string[];
      reproposed: boolean;
      /** Where the round's time went: listing candidates, observe answers, sign answers + queue. */
      timings: { listMs: number; observeMs: number; signMs: number };
    }
  | { status: "empty" }
  | {
      status: "no-quorum";
      epoch: number;
      sequence: bigint;
      digest: Hex;
      signed: number;
      detail: string;
    };

interface Evidence {
  member: CommitteeMember;
  digest: Hex;
  report: CustomsReport;
  signature: Hex;
}

interface Answer<T> {
  member: CommitteeMember;
  value: T;
}

/**
 * Runs `ask` against every member in parallel. Resolves with the answers received once all have
 * settled, or `graceMs` after `enough(answers)` first holds, whichever comes first.
 */
function gather<T>(
  members: readonly CommitteeMember[],
  ask: (member: CommitteeMember) => Promise<T>,
  enough: (answers: readonly Answer<T>[]) => boolean,
  graceMs: number,
  onLate?: (answer: Answer<T>) => void,
): Promise<Answer<T>[]> {
  return new Promise((resolve) => {
    const answers: Answer<T>[] = [];
    let settled = 0;
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      resolve([...answers]);
    };
    for (const member of members) {
      ask(member)
        .then((value) => {
          const answer = { member, value };
          if (done) {
            onLate?.(answer);
            return;
          }
          answers.push(answer);
          if (timer === undefined && enough(answers)) {
            if (graceMs <= 0) finish();
            else timer = setTimeout(finish, graceMs);
          }
        })
        .catch(() => undefined)
        .finally(() => {
          settled += 1;
          if (settled === members.length) finish();
        });
    }
    if (members.length === 0) finish();
  });
}

/** n choose k (as a float: only compared with a bound). */
function combinations(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i += 1) c = (c * (n - i)) / (i + 1);
  return c;
}

/** A report members signed for the slot being proposed, with who signed it. */
interface Lock {
  digest: Hex;
  report: CustomsReport;
  signers: Set<string>;
}

/** Quorums are looked for among every combination of members up to this many combinations. */
const MAX_QUORUM_COMBINATIONS = 2_000;

export class Proposer {
  readonly #deps: ProposerDeps;
  readonly #onChain = new OnChainEventCache();
  readonly #nowMs: () => number;
  /** Locked reports this leader failed to get a quorum for: since when (by digest). */
  readonly #failing = new Map<Hex, { epoch: number; sequence: bigint; sinceMs: number }>();
  readonly #noQuorumWarnings: LogRateLimiter;
  /** When this leader last asked the members with no pending event of its own. */
  #emptyObserveAtMs = Number.NEGATIVE_INFINITY;

  constructor(deps: ProposerDeps) {
    this.#deps = deps;
    this.#nowMs = deps.nowMs ?? Date.now;
    this.#noQuorumWarnings = new LogRateLimiter(
      deps.noQuorumWarningIntervalMs ?? 10_000,
      this.#nowMs,
    );
  }

  /**
   * Proposes sequence `sequence` of `epoch` in `round`, leaving out `exclude` (events already in
   * this node's reports on their way to the chain). With fewer than `minEvents` pending events of
   * its own it asks nobody and answers "empty" (the pipeline's rule for a report behind one of its
   * own in flight: see LeaderPipeline).
   */
  async propose(
    epoch: number,
    sequence: bigint,
    round: number,
    exclude: ReadonlySet<Hex>,
    minEvents = 0,
  ): Promise<ProposalOutcome> {
    const { committee, inbox, maxBatchSize, self } = this.#deps;
    const t0 = performance.now();
    const candidateLimit = Math.min(Math.ceil(maxBatchSize * 1.25), MAX_CANDIDATES);
    // Keys first, one row at a time: the events of this node's reports in flight (`exclude`) are
    // the oldest pending ones and are passed over without loading them; only the candidates'
    // events are read, and only when the cache does not already hold their on-chain form.
    const candidates: Hex[] = [];
    for (const key of inbox.pendingKeys()) {
      if (exclude.has(key) || this.#deps.isApplied(key)) continue;
      candidates.push(key);
      if (candidates.length >= candidateLimit) break;
    }
    if (candidates.length < minEvents) return { status: "empty" };
    if (candidates.length === 0) {
      const now = this.#nowMs();
      if (now - this.#emptyObserveAtMs < (this.#deps.emptyObserveIntervalMs ?? 0)) {
        return { status: "empty" };
      }
      this.#emptyObserveAtMs = now;
    }
    // The candidates the cache does not hold are read from the inbox in one statement (one the
    // cache drops meanwhile, to make room, is read on its own).
    const uncached = candidates.filter((key) => this.#onChain.peek(key) === undefined);
    const stored = uncached.length === 0 ? undefined : inbox.getMany(uncached);
    const own = new Map<Hex, OnChainCustomsEvent>();
    for (const key of candidates) {
      own.set(
        key,
        this.#onChain.get(key, () => (stored?.get(key) ?? inbox.get(key)!).event),
      );
    }
    const request = {
      from: self.id,
      epoch,
      sequence,
      round,
      candidates: [...own.keys()],
      // A full candidate list is more than a report holds: no extras this round (see messages.ts).
      extras: candidates.length < candidateLimit,
    };
    const t1 = performance.now();
    const answers = await gather<ObserveResponse>(
      committee.members,
      (member) =>
        member.id === self.id
          ? Promise.resolve(this.#deps.follower.observe(request))
          : this.#deps.peers.observe(member, request),
      (got) => got.length >= committee.threshold,
      this.#deps.observeGraceMs,
    );

    const t2 = performance.now();
    const timings = { listMs: t1 - t0, observeMs: t2 - t1 };
    const locks = await this.#locks(epoch, sequence, answers);
    const lockedBy = new Map<string, Hex>();
    for (const lock of locks) for (const id of lock.signers) lockedBy.set(id, lock.digest);
    this.#forgetFailures(epoch, sequence);
    // Locked reports that could still gather M signatures, most signatures first.
    const live = locks
      .filter((lock) => this.#mayComplete(lock, lockedBy))
      .sort((a, b) => b.signers.size - a.signers.size || (a.digest < b.digest ? -1 : 1));
    const free = answers.filter(({ member }) => !lockedBy.has(member.id)).map((a) => a.member);
    const patienceMs = this.#deps.lockedReportPatienceMs ?? 2_500;
    const now = this.#nowMs();
    const worthTrying = live.find((lock) => {
      const failing = this.#failing.get(lock.digest);
      return failing === undefined || now - failing.sinceMs < patienceMs;
    });
    // Past its patience, a locked report gives way to a new one only if a new one could complete.
    const retry = worthTrying ?? (free.length >= committee.threshold ? undefined : live[0]);
    if (retry !== undefined) {
      const outcome = await this.#collect(retry.report, round, true, timings);
      if (outcome.status === "no-quorum") {
        if (!this.#failing.has(retry.digest)) {
          this.#failing.set(retry.digest, { epoch, sequence, sinceMs: now });
        }
        this.#warnNoQuorum(outcome);
      } else this.#failing.delete(retry.digest);
      return outcome;
    }
    if (locks.length > 0) {
      const locked = locks.map((l) => ({ digest: l.digest, signers: [...l.signers] }));
      if (free.length < committee.threshold) {
        // Every locked report is provably hopeless and too few members answered free for a new
        // one: wait for more. When too few members are free at all, only a new epoch (a committee
        // change) frees this sequence.
        const dead = committee.members.length - lockedBy.size < committee.threshold;
        if (dead && this.#noQuorumWarnings.admit(`dead:${epoch}:${sequence}`) !== undefined) {
          this.#deps.logger.error("no report can complete for this sequence in this epoch", {
            epoch,
            sequence,
            locked,
            free: free.map((m) => m.id),
          });
        }
        return { status: "empty" };
      }
      if (this.#noQuorumWarnings.admit(`new:${epoch}:${sequence}`) !== undefined) {
        this.#deps.logger.info(
          "proposing a new report: the ones signed for this sequence cannot complete",
          { epoch, sequence, locked, free: free.map((m) => m.id) },
        );
      }
    }

    const support = new Map<Hex, Set<string>>();
    const content = new Map<Hex, OnChainCustomsEvent>(own);
    for (const { member, value } of answers) {
      if (lockedBy.has(member.id)) continue; // it cannot sign a new report for this slot
      for (const key of value.observed) {
        if (own.has(key)) this.#support(support, key, member.id);
      }
      for (const extra of value.extras) {
        if (exclude.has(extra.key)) continue;
        if (!content.has(extra.key)) {
          // This node has it too, just beyond this round's candidates: a later round takes it.
          if (inbox.has(extra.key)) continue;
          if (eventKey(extra.event) !== extra.key) continue; // a key must name its content
          if (this.#deps.isApplied(extra.key)) continue; // a report on chain carried it already
          content.set(extra.key, extra.event);
        }
        this.#support(support, extra.key, member.id);
      }
    }
    const order = this.#signingOrder(sequence).filter((m) => free.some((f) => f.id === m.id));
    const quorum = this.#largestQuorumSet(support, order);
    if (quorum === undefined) return { status: "empty" };
    const chosen = quorum.keys
      .map((key) => ({ key, event: content.get(key)! }))
      .sort(compareReportEvents)
      .slice(0, maxBatchSize);
    const outcome = await this.#collect(
      { epoch, sequence, events: chosen.map((c) => c.event) },
      round,
      false,
      timings,
      { firstAsked: quorum.members, followConflicts: locks.length === 0 },
    );
    if (outcome.status === "no-quorum") this.#warnNoQuorum(outcome);
    return outcome;
  }

  /**
   * Whether `lock` could still gather M signatures: the members known to have signed another
   * report for the slot never sign this one, everybody else might (once they hold its events).
   */
  #mayComplete(lock: Lock, lockedBy: ReadonlyMap<string, Hex>): boolean {
    let elsewhere = 0;
    for (const digest of lockedBy.values()) if (digest !== lock.digest) elsewhere += 1;
    return this.#deps.committee.members.length - elsewhere >= this.#deps.committee.threshold;
  }

  /** Drops what this leader remembers of failing locked reports of slots it has moved past. */
  #forgetFailures(epoch: number, sequence: bigint): void {
    for (const [digest, failing] of this.#failing) {
      if (failing.epoch !== epoch || failing.sequence < sequence - 64n)
        this.#failing.delete(digest);
    }
  }

  /** One "no quorum" warning per sequence per interval, saying how many were held back. */
  #warnNoQuorum(outcome: Extract<ProposalOutcome, { status: "no-quorum" }>): void {
    const admitted = this.#noQuorumWarnings.admit(`${outcome.epoch}:${outcome.sequence}`);
    if (admitted === undefined) return;
    this.#deps.logger.warn("no quorum for report", {
      epoch: outcome.epoch,
      sequence: outcome.sequence,
      signed: outcome.signed,
      detail: outcome.detail,
      heldBack: admitted.suppressed,
    });
  }

  /**
   * The members (of `order`, the members free to sign, in the order the leader prefers to ask
   * them) of a quorum that observed the most events every one of them, and those events; undefined
   * when no quorum observed any. Counts are capped at the batch size, and the first quorum in
   * `order`'s combination order wins a tie, so when every member holds a full report the leader
   * asks the members it would have asked anyway. Every combination of M members is tried up to
   * MAX_QUORUM_COMBINATIONS (C(5,3) = 10); past that, members are dropped one at a time, each time
   * the one whose absence adds the most events.
   */
  #largestQuorumSet(
    support: ReadonlyMap<Hex, ReadonlySet<string>>,
    order: readonly CommitteeMember[],
  ): { members: Set<string>; keys: Hex[] } | undefined {
    const m = this.#deps.committee.threshold;
    const cap = this.#deps.maxBatchSize;
    if (order.length < m) return undefined;
    const bit = new Map(order.map((member, i) => [member.id, 1 << i]));
    const masks: { key: Hex; mask: number }[] = [];
    for (const [key, members] of support) {
      if (members.size < m) continue;
      let mask = 0;
      for (const id of members) mask |= bit.get(id) ?? 0;
      masks.push({ key, mask });
    }
    if (masks.length === 0) return undefined;
    const covered = (q: number): number => {
      let n = 0;
      for (const { mask } of masks) if ((mask & q) === q) n += 1;
      return Math.min(n, cap);
    };
    let best = 0;
    let bestCount = 0;
    if (combinations(order.length, m) <= MAX_QUORUM_COMBINATIONS) {
      const pick = Array.from({ length: m }, (_, i) => i);
      for (;;) {
        let q = 0;
        for (const i of pick) q |= 1 << i;
        const n = covered(q);
        if (n > bestCount) [best, bestCount] = [q, n];
        if (bestCount === cap) break;
        let i = m - 1;
        while (i >= 0 && pick[i] === order.length - m + i) i -= 1;
        if (i < 0) break;
        pick[i] = pick[i]! + 1;
        for (let j = i + 1; j < m; j += 1) pick[j] = pick[j - 1]! + 1;
      }
    } else {
      let q = 0;
      for (let i = 0; i < order.length; i += 1) q |= 1 << i;
      for (let size = order.length; size > m; size -= 1) {
        let next = 0;
        let nextCount = -1;
        for (let i = order.length - 1; i >= 0; i -= 1) {
          if ((q & (1 << i)) === 0) continue;
          const without = q & ~(1 << i);
          const n = covered(without);
          if (n > nextCount) [next, nextCount] = [without, n];
        }
        q = next;
      }
      [best, bestCount] = [q, covered(q)];
    }
    if (bestCount === 0) return undefined;
    return {
      members: new Set(order.filter((_, i) => (best & (1 << i)) !== 0).map((member) => member.id)),
      keys: masks.filter(({ mask }) => (mask & best) === best).map(({ key }) => key),
    };
  }

  #support(support: Map<Hex, Set<string>>, key: Hex, memberId: string): void {
    let members = support.get(key);
    if (members === undefined) {
      members = new Set();
      support.set(key, members);
    }
    members.add(memberId);
  }

  /** This node, then the other members from a place that moves one along per sequence. */
  #signingOrder(sequence: bigint): CommitteeMember[] {
    const { committee, self } = this.#deps;
    const others = committee.members.filter((m) => m.id !== self.id);
    if (others.length === 0) return [self];
    const start = Number(sequence % BigInt(others.length));
    return [self, ...others.slice(start), ...others.slice(0, start)];
  }

  /** The reports members signed for this slot, as their verified observe answers show. */
  async #locks(
    epoch: number,
    sequence: bigint,
    answers: readonly Answer<ObserveResponse>[],
  ): Promise<Lock[]> {
    const byDigest = new Map<Hex, Lock>();
    const evidence: Evidence[] = [];
    for (const { member, value } of answers) {
      const lock = value.lock;
      if (lock === null || lock.report.epoch !== epoch || lock.report.sequence !== sequence) {
        continue;
      }
      const digest = reportDigest(this.#deps.domain, lock.report);
      if (!(await this.#verify(member, digest, lock.signature))) continue;
      evidence.push({ member, digest, report: lock.report, signature: lock.signature });
      const entry = byDigest.get(digest) ?? { digest, report: lock.report, signers: new Set() };
      entry.signers.add(member.id);
      byDigest.set(digest, entry);
    }
    this.#keepEvidence(evidence);
    return [...byDigest.values()];
  }

  /** Whether `signature` over `report` (digest `digest`) recovers to `member`. */
  async #verify(member: CommitteeMember, digest: Hex, signature: Hex): Promise<boolean> {
    try {
      const signer = await recoverDigestSigner(digest, signature);
      return signer.toLowerCase() === member.address.toLowerCase();
    } catch {
      return false;
    }
  }

  /**
   * Keeps verified signatures as evidence (one transaction) and reports every member caught
   * signing another report for the same slot.
   */
  #keepEvidence(items: readonly Evidence[]): void {
    if (items.length === 0) return;
    const { signatures, logger } = this.#deps;
    const found = signatures.transaction(() =>
      items.map((item) => ({
        item,
        others: signatures.recordEvidence(item.digest, item.report, {
          signer: item.member.address,
          signature: item.signature,
        }),
      })),
    );
    for (const { item, others } of found) {
      if (others.length === 0) continue;
      const digests = [item.digest, ...others];
      logger.error("equivocation detected", {
        member: item.member.id,
        signer: item.member.address,
        epoch: item.report.epoch,
        sequence: item.report.sequence,
        digests,
      });
      this.#deps.onEquivocation?.(item.member.id, item.report.epoch, item.report.sequence, digests);
    }
  }

  /**
   * Asks every member to sign `report`; queues it with a quorum of signatures. `firstAsked`: the
   * members to ask first (default: this node and the next M - 1 in the sequence's signing order);
   * `followConflicts`: whether to switch once to a report members answer they signed instead (not
   * when the leader proposes a new report past the locked ones on purpose).
   */
  async #collect(
    report: CustomsReport,
    round: number,
    reproposed: boolean,
    before: { listMs: number; observeMs: number },
    options: { firstAsked?: ReadonlySet<string>; followConflicts?: boolean } = {},
  ): Promise<ProposalOutcome> {
    const { committee, domain, self } = this.#deps;
    const started = performance.now();
    const digest = reportDigest(domain, report);
    const proposerSignature = signProposal(digest, this.#deps.signerKey);
    const request = {
      from: self.id,
      round,
      report: { ...report, events: [...report.events] },
      proposerSignature,
    };
    const valid = new Map<string, Hex>();
    const conflicts: { member: CommitteeMember; report: CustomsReport; signature: Hex }[] = [];
    const reasons: string[] = [];
    // Evidence is written in one transaction with the outbox entry; answers that arrive after
    // the quorum are written on their own.
    let evidence: Evidence[] | undefined = [];
    const keep = (item: Evidence): void => {
      if (evidence !== undefined) evidence.push(item);
      else this.#keepEvidence([item]);
    };
    const handle = async ({ member, value }: Answer<SignResponse>): Promise<void> => {
      if (value.status === "signed") {
        if (await this.#verify(member, digest, value.signature)) {
          valid.set(member.id, value.signature);
          keep({ member, digest, report, signature: value.signature });
        } else {
          reasons.push(`${member.id}: signature does not verify`);
        }
      } else if (value.status === "conflict") {
        const other = reportDigest(domain, value.report);
        if (await this.#verify(member, other, value.signature)) {
          conflicts.push({ member, report: value.report, signature: value.signature });
          keep({ member, digest: other, report: value.report, signature: value.signature });
        }
        reasons.push(`${member.id}: already signed another report for this sequence`);
      } else if (value.status === "missing") {
        reasons.push(`${member.id}: has not observed ${value.missing.length} event(s)`);
      } else {
        reasons.push(`${member.id}: ${value.reason}`);
      }
    };
    // Every member that signs hashes and stores the whole report, and signatures past the quorum
    // are never used: ask this node and the next threshold - 1 members first (which ones turns
    // with the sequence, so the work spreads), the others only when one of those does not sign
    // or has not answered within signHedgeMs.
    const hedgeMs = this.#deps.signHedgeMs ?? 0;
    const first = new Set(
      hedgeMs <= 0
        ? committee.members.map((m) => m.id)
        : (options.firstAsked ??
            this.#signingOrder(report.sequence)
              .slice(0, committee.threshold)
              .map((m) => m.id)),
    );
    let askTheRest!: () => void;
    const restAsked = new Promise<void>((resolve) => (askTheRest = resolve));
    const hedge = setTimeout(askTheRest, hedgeMs);
    const pending: Promise<void>[] = [];
    await gather<SignResponse>(
      committee.members,
      async (member) => {
        if (!first.has(member.id)) {
          await restAsked;
          if (valid.size >= committee.threshold) {
            return { status: "refused", from: member.id, reason: "not asked: a quorum signed" };
          }
        }
        try {
          const value =
            member.id === self.id
              ? await this.#deps.follower.sign(request)
              : await this.#deps.peers.sign(member, request);
          const processed = handle({ member, value });
          pending.push(processed);
          await processed;
          return value;
        } finally {
          if (!valid.has(member.id)) askTheRest();
        }
      },
      () => valid.size >= committee.threshold,
      0,
    );
    clearTimeout(hedge);
    askTheRest();
    await Promise.all(pending);
    const collected = evidence;
    evidence = undefined;

    if (valid.size >= committee.threshold) {
      const signers = [...valid.keys()].slice(0, committee.threshold);
      const signatures = `0x${signers.map((id) => valid.get(id)!.slice(2)).join("")}` as Hex;
      this.#deps.signatures.transaction(() => {
        this.#keepEvidence(collected);
        const eventKeys = report.events.map((e) => eventKey(e));
        this.#deps.signatures.saveReport(digest, report, eventKeys);
        this.#deps.outbox.enqueue({
          digest,
          epoch: report.epoch,
          sequence: report.sequence,
          eventKeys,
          signatures,
          holdUntilMs: reproposed ? Date.now() + this.#deps.reproposalHoldMs : 0,
        });
      });
      const timings = {
        listMs: Math.round(before.listMs),
        observeMs: Math.round(before.observeMs),
        signMs: Math.round(performance.now() - started),
      };
      return {
        status: "queued",
        digest,
        events: report.events.length,
        signers,
        reproposed,
        timings,
      };
    }
    this.#keepEvidence(collected);
    if (!reproposed && (options.followConflicts ?? true) && conflicts.length > 0) {
      const counts = new Map<Hex, { report: CustomsReport; n: number }>();
      for (const c of conflicts) {
        const d = reportDigest(domain, c.report);
        const entry = counts.get(d) ?? { report: c.report, n: 0 };
        entry.n += 1;
        counts.set(d, entry);
      }
      const [best] = [...counts.values()].sort((a, b) => b.n - a.n);
      return this.#collect(best!.report, round, true, before);
    }
    return {
      status: "no-quorum",
      epoch: report.epoch,
      sequence: report.sequence,
      digest,
      signed: valid.size,
      detail: reasons.join("; "),
    };
  }
}

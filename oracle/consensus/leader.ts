/**
 * The leader side of a round: builds the report for one (epoch, sequence) and gathers a quorum of
 * member signatures for it, then queues it in the outbox for submission.
 *
 * 1. Observe: the leader sends the keys of its own oldest pending events to every member (itself
 *    included, through its local follower). Each answers which of them it observed, which other
 *    pending events it has (extras: not asked for when the leader's own backlog fills its
 *    candidate list), and what it already signed for this (epoch, sequence).
 * 2. If any member already signed a report for this slot, the leader re-proposes that report
 *    (the one with most signatures): a member never signs a second one, so a fresh report could
 *    stall. Otherwise the report is every event observed by at least `threshold` members, in the
 *    deterministic report order, up to the batch size. Events the leader itself missed are carried
 *    too, so a leader that lost messages does not hold them back.
 * 3. Sign: the report goes to every member, authenticated by the leader's own signature. Each
 *    signature that comes back is checked (it must recover to the member that sent it) and kept as
 *    evidence; a conflict answer (the member signed another report for the slot) is evidence too,
 *    and the leader switches to that report once.
 * 4. With `threshold` valid signatures the report is queued; the rest of the answers are still
 *    kept as evidence when they arrive.
 */
import { type Hex } from "viem";
import { signMessage } from "viem/accounts";
import type { CommitteeMember } from "../config/schema.ts";
import type { Secret } from "../config/secrets.ts";
import {
  compareReportEvents,
  reportDigest,
  type CustomsReport,
  type ReportDomain,
} from "../chain/report.ts";
import { recoverDigestSigner } from "../chain/signing.ts";
import { eventKey, type OnChainCustomsEvent } from "../events/customsEvent.ts";
import type { Logger } from "../observability/logger.ts";
import type { CustomsEventInbox } from "../store/inbox.ts";
import type { Outbox } from "../store/outbox.ts";
import type { SignatureStore } from "../store/signatures.ts";
import type { Committee } from "./committee.ts";
import { OnChainEventCache } from "./eventCodec.ts";
import type { Follower } from "./follower.ts";
import { MAX_CANDIDATES, type ObserveResponse, type SignResponse } from "./messages.ts";
import type { PeerTransport } from "./peerClient.ts";

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
   * Signatures are asked of this node and the next `threshold - 1` members (rotating with the
   * sequence) first, and of the others when one of those does not sign, or after this long
   * (0: of every member at once). Default 0.
   */
  signHedgeMs?: number;
  logger: Logger;
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
  | { status: "no-quorum"; digest: Hex; signed: number; detail: string };

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

export class Proposer {
  readonly #deps: ProposerDeps;
  readonly #onChain = new OnChainEventCache();

  constructor(deps: ProposerDeps) {
    this.#deps = deps;
  }

  /**
   * Proposes sequence `sequence` of `epoch` in `round`, leaving out `exclude` (events already in
   * this node's reports on their way to the chain).
   */
  async propose(
    epoch: number,
    sequence: bigint,
    round: number,
    exclude: ReadonlySet<Hex>,
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
    const locked = await this.#lockedReport(epoch, sequence, answers);
    if (locked !== undefined) return this.#collect(locked, round, true, timings);

    const support = new Map<Hex, Set<string>>();
    const content = new Map<Hex, OnChainCustomsEvent>(own);
    for (const { member, value } of answers) {
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
    const chosen = [...support.entries()]
      .filter(([, members]) => members.size >= committee.threshold)
      .map(([key]) => ({ key, event: content.get(key)! }))
      .sort(compareReportEvents)
      .slice(0, maxBatchSize);
    if (chosen.length === 0) return { status: "empty" };
    return this.#collect(
      { epoch, sequence, events: chosen.map((c) => c.event) },
      round,
      false,
      timings,
    );
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

  /** The report some member already signed for this slot (most signatures wins), if any. */
  async #lockedReport(
    epoch: number,
    sequence: bigint,
    answers: readonly Answer<ObserveResponse>[],
  ): Promise<CustomsReport | undefined> {
    const tally = new Map<Hex, { report: CustomsReport; signers: number }>();
    const evidence: Evidence[] = [];
    for (const { member, value } of answers) {
      const lock = value.lock;
      if (lock === null || lock.report.epoch !== epoch || lock.report.sequence !== sequence) {
        continue;
      }
      const digest = reportDigest(this.#deps.domain, lock.report);
      if (!(await this.#verify(member, digest, lock.signature))) continue;
      evidence.push({ member, digest, report: lock.report, signature: lock.signature });
      const entry = tally.get(digest) ?? { report: lock.report, signers: 0 };
      entry.signers += 1;
      tally.set(digest, entry);
    }
    this.#keepEvidence(evidence);
    let best: { digest: Hex; report: CustomsReport; signers: number } | undefined;
    for (const [digest, entry] of tally) {
      if (
        best === undefined ||
        entry.signers > best.signers ||
        (entry.signers === best.signers && digest < best.digest)
      ) {
        best = { digest, ...entry };
      }
    }
    return best?.report;
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

  /** Asks every member to sign `report`; queues it with a quorum of signatures. */
  async #collect(
    report: CustomsReport,
    round: number,
    reproposed: boolean,
    before: { listMs: number; observeMs: number },
  ): Promise<ProposalOutcome> {
    const { committee, domain, self } = this.#deps;
    const started = performance.now();
    const digest = reportDigest(domain, report);
    const proposerSignature = await signMessage({
      message: { raw: digest },
      privateKey: this.#deps.signerKey.reveal(),
    });
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
      hedgeMs > 0
        ? this.#signingOrder(report.sequence)
            .slice(0, committee.threshold)
            .map((m) => m.id)
        : committee.members.map((m) => m.id),
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
    if (!reproposed && conflicts.length > 0) {
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
    return { status: "no-quorum", digest, signed: valid.size, detail: reasons.join("; ") };
  }
}

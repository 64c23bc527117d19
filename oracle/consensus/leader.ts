/**
 * The leader side of a round: builds the report for one (epoch, sequence) and gathers a quorum of
 * member signatures for it, then queues it in the outbox for submission.
 *
 * 1. Observe: the leader sends the keys of its own oldest pending events to every member (itself
 *    included, through its local follower). Each answers which of them it observed, which other
 *    pending events it has, and what it already signed for this (epoch, sequence).
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
import { eventKey, toOnChainEvent, type OnChainCustomsEvent } from "../events/customsEvent.ts";
import type { Logger } from "../observability/logger.ts";
import type { CustomsEventInbox } from "../store/inbox.ts";
import type { Outbox } from "../store/outbox.ts";
import type { SignatureStore } from "../store/signatures.ts";
import type { Committee } from "./committee.ts";
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
  /** How long to keep waiting for more observe answers once a quorum answered. */
  observeGraceMs: number;
  logger: Logger;
  /** Called when a member is caught signing two reports for one slot. */
  onEquivocation?: (signer: string, epoch: number, sequence: bigint, digests: Hex[]) => void;
}

export type ProposalOutcome =
  | { status: "queued"; digest: Hex; events: number; signers: string[]; reproposed: boolean }
  | { status: "empty" }
  | { status: "no-quorum"; digest: Hex; signed: number; detail: string };

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
    const candidateLimit = Math.min(maxBatchSize * 2, MAX_CANDIDATES);
    const own = new Map<Hex, OnChainCustomsEvent>();
    for (const entry of inbox.listPendingForChain(candidateLimit + exclude.size)) {
      if (exclude.has(entry.eventKey) || this.#deps.isApplied(entry.eventKey)) continue;
      own.set(entry.eventKey, toOnChainEvent(entry.event));
      if (own.size >= candidateLimit) break;
    }
    const request = { from: self.id, epoch, sequence, round, candidates: [...own.keys()] };
    const answers = await gather<ObserveResponse>(
      committee.members,
      (member) =>
        member.id === self.id
          ? Promise.resolve(this.#deps.follower.observe(request))
          : this.#deps.peers.observe(member, request),
      (got) => got.length >= committee.threshold,
      this.#deps.observeGraceMs,
    );

    const locked = await this.#lockedReport(epoch, sequence, answers);
    if (locked !== undefined) return this.#collect(locked, round, true);

    const support = new Map<Hex, Set<string>>();
    const content = new Map<Hex, OnChainCustomsEvent>(own);
    for (const { member, value } of answers) {
      for (const key of value.observed) {
        if (own.has(key)) this.#support(support, key, member.id);
      }
      for (const extra of value.extras) {
        if (exclude.has(extra.key)) continue;
        if (!content.has(extra.key)) {
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
    return this.#collect({ epoch, sequence, events: chosen.map((c) => c.event) }, round, false);
  }

  #support(support: Map<Hex, Set<string>>, key: Hex, memberId: string): void {
    let members = support.get(key);
    if (members === undefined) {
      members = new Set();
      support.set(key, members);
    }
    members.add(memberId);
  }

  /** The report some member already signed for this slot (most signatures wins), if any. */
  async #lockedReport(
    epoch: number,
    sequence: bigint,
    answers: readonly Answer<ObserveResponse>[],
  ): Promise<CustomsReport | undefined> {
    const tally = new Map<Hex, { report: CustomsReport; signers: number }>();
    for (const { member, value } of answers) {
      const lock = value.lock;
      if (lock === null || lock.report.epoch !== epoch || lock.report.sequence !== sequence) {
        continue;
      }
      const digest = await this.#acceptSignature(member, lock.report, lock.signature);
      if (digest === undefined) continue;
      const entry = tally.get(digest) ?? { report: lock.report, signers: 0 };
      entry.signers += 1;
      tally.set(digest, entry);
    }
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

  /**
   * Verifies that `signature` over `report` is by `member`, keeps it as evidence and reports an
   * equivocation if the member signed another report for the slot. Returns the digest if valid.
   */
  async #acceptSignature(
    member: CommitteeMember,
    report: CustomsReport,
    signature: Hex,
  ): Promise<Hex | undefined> {
    const digest = reportDigest(this.#deps.domain, report);
    let signer: string;
    try {
      signer = await recoverDigestSigner(digest, signature);
    } catch {
      return undefined;
    }
    if (signer.toLowerCase() !== member.address.toLowerCase()) return undefined;
    const others = this.#deps.signatures.recordEvidence(digest, report, {
      signer: member.address,
      signature,
    });
    if (others.length > 0) {
      this.#deps.logger.error("equivocation detected", {
        member: member.id,
        signer: member.address,
        epoch: report.epoch,
        sequence: report.sequence,
        digests: [digest, ...others],
      });
      this.#deps.onEquivocation?.(member.id, report.epoch, report.sequence, [digest, ...others]);
    }
    return digest;
  }

  /** Asks every member to sign `report`; queues it with a quorum of signatures. */
  async #collect(
    report: CustomsReport,
    round: number,
    reproposed: boolean,
  ): Promise<ProposalOutcome> {
    const { committee, domain, self } = this.#deps;
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
    const handle = async ({ member, value }: Answer<SignResponse>): Promise<void> => {
      if (value.status === "signed") {
        const ok = await this.#acceptSignature(member, report, value.signature);
        if (ok === digest) valid.set(member.id, value.signature);
        else reasons.push(`${member.id}: signature does not verify`);
      } else if (value.status === "conflict") {
        const other = await this.#acceptSignature(member, value.report, value.signature);
        if (other !== undefined) {
          conflicts.push({ member, report: value.report, signature: value.signature });
        }
        reasons.push(`${member.id}: already signed another report for this sequence`);
      } else if (value.status === "missing") {
        reasons.push(`${member.id}: has not observed ${value.missing.length} event(s)`);
      } else {
        reasons.push(`${member.id}: ${value.reason}`);
      }
    };
    const pending: Promise<void>[] = [];
    await gather<SignResponse>(
      committee.members,
      async (member) => {
        const value =
          member.id === self.id
            ? await this.#deps.follower.sign(request)
            : await this.#deps.peers.sign(member, request);
        const processed = handle({ member, value });
        pending.push(processed);
        await processed;
        return value;
      },
      () => valid.size >= committee.threshold,
      0,
    );
    await Promise.all(pending);

    if (valid.size >= committee.threshold) {
      const signers = [...valid.keys()].slice(0, committee.threshold);
      const signatures = `0x${signers.map((id) => valid.get(id)!.slice(2)).join("")}` as Hex;
      this.#deps.signatures.saveReport(digest, report);
      this.#deps.outbox.enqueue({
        digest,
        epoch: report.epoch,
        sequence: report.sequence,
        eventKeys: report.events.map((e) => eventKey(e)),
        signatures,
      });
      return { status: "queued", digest, events: report.events.length, signers, reproposed };
    }
    if (!reproposed && conflicts.length > 0) {
      const counts = new Map<Hex, { report: CustomsReport; n: number }>();
      for (const c of conflicts) {
        const d = reportDigest(domain, c.report);
        const entry = counts.get(d) ?? { report: c.report, n: 0 };
        entry.n += 1;
        counts.set(d, entry);
      }
      const [best] = [...counts.values()].sort((a, b) => b.n - a.n);
      return this.#collect(best!.report, round, true);
    }
    return { status: "no-quorum", digest, signed: valid.size, detail: reasons.join("; ") };
  }
}

/**
 * The follower side of a round: answers a leader's questions from this node's own inbox, and signs
 * a report only if this node observed every event in it itself.
 *
 * - `observe`: which of the leader's candidate events this node has, which others it has that the
 *   leader did not list (so events keep flowing when the leader missed some messages), and the
 *   report it already signed for that (epoch, sequence), if any (so a new leader re-proposes it
 *   instead of getting stuck).
 * - `sign`: checks the proposer's signature, the epoch and the sequence window against this
 *   node's view of the chain, then EACH event against the inbox; signs the EIP-712 digest and
 *   commits the signature to the store before returning it. A second, different report for the
 *   same (epoch, sequence) gets the first one back as a conflict, never a signature.
 */
import type { Hex } from "viem";
import { recoverSigners } from "../chain/signatureCheck.ts";
import type { Secret } from "../config/secrets.ts";
import { reportDigestAndKeys, type CustomsReport, type ReportDomain } from "../chain/report.ts";
import { eip191HashOfDigest, signDigest } from "../chain/signing.ts";
import type { ChainSnapshot } from "../chain/snapshot.ts";
import { OnChainEventCache } from "./eventCodec.ts";
import type { CustomsEventInbox } from "../queue/inbox.ts";
import type { SignatureStore } from "../store/signatures.ts";
import type { Committee } from "./committee.ts";
import type { ObserveRequest, ObserveResponse, SignRequest, SignResponse } from "./messages.ts";

export interface FollowerDeps {
  selfId: string;
  committee: Committee;
  domain: ReportDomain;
  inbox: CustomsEventInbox;
  signatures: SignatureStore;
  signerKey: Secret<Hex>;
  /** This node's latest view of the chain (undefined before the first read). */
  chain: () => ChainSnapshot | undefined;
  /**
   * Reads the chain now (joining a read under way) and returns the new view. A node that only
   * follows reads the chain less often than a leader: a proposal ahead of its view, or of a newer
   * epoch, is checked against a fresh read before it is refused. Without it, the view is final.
   */
  refreshChain?: () => Promise<ChainSnapshot | undefined>;
  /**
   * The lowest sequence this node may sign in an epoch, if a floor is set: a node whose signature
   * store is new (first start, or restored from a lost disk) may have signed the sequences just
   * ahead of the chain before, and will not sign them again (see OracleNode).
   */
  signingFloor?: () => { epoch: number; sequence: bigint } | undefined;
  /** How many sequences past the chain's next one a proposal may be (the pipeline window). */
  maxSequencesAhead: number;
  /** Most extra events reported in one observe answer. */
  maxExtraEvents: number;
  /** Whether a report on chain already carried this event (never offered as an extra). */
  isApplied?: (eventKey: Hex) => boolean;
  /**
   * An event is offered as an extra only once it has been pending this long here: fresh events
   * are the leader's own candidates; extras are for what the leader seems to have missed.
   */
  extraAfterMs?: number;
  nowMs?: () => number;
  /** Called after a fresh signature was committed (for metrics). */
  onSigned?: (report: CustomsReport, digest: Hex) => void;
}

/** The proposer's authentication of a proposal: EIP-191 over the report digest. */
export async function proposalSigner(digest: Hex, proposerSignature: Hex): Promise<string> {
  const [signer] = await recoverSigners(eip191HashOfDigest(digest), [proposerSignature]);
  if (signer == null) throw new Error("the proposer signature recovers to no signer");
  return signer;
}

function conflict(from: string, report: CustomsReport, signature: Hex): SignResponse {
  const { epoch, sequence, events } = report;
  return { status: "conflict", from, report: { epoch, sequence, events: [...events] }, signature };
}

export class Follower {
  readonly #deps: FollowerDeps;
  readonly #onChain = new OnChainEventCache();
  /** The event keys of the reports this node signed that the chain has not applied yet. */
  #signedAhead: { digests: string; json: string; byDigest: Map<Hex, readonly Hex[]> } | undefined;
  /** The last extras worked out, when, and for which of this node's reports in flight. */
  #extrasCache: { atMs: number; inFlight: string; extras: ObserveResponse["extras"] } | undefined;

  constructor(deps: FollowerDeps) {
    this.#deps = deps;
  }

  /** Answers a leader's observe request (the caller has checked the bearer token). */
  observe(request: ObserveRequest): ObserveResponse {
    const { inbox, signatures, maxExtraEvents } = this.#deps;
    const candidateSet = new Set(request.candidates);
    const fromSelf = request.from === this.#deps.selfId;
    // A leader lists its candidates from its own inbox, whose rows are never deleted: asked by
    // itself, this node has them all (no look-up). Nor does it offer itself extras: a leader drops
    // the ones it has.
    let observed: Hex[];
    if (fromSelf) observed = [...request.candidates];
    else {
      const accepted = inbox.acceptedAmong(request.candidates);
      observed = request.candidates.filter((key) => accepted.has(key));
    }
    const extras =
      maxExtraEvents > 0 && request.extras !== false && !fromSelf
        ? this.#extras(request.candidates, candidateSet)
        : [];
    const own = signatures.ownSignatureAt(request.epoch, request.sequence);
    return {
      from: this.#deps.selfId,
      lastSequence: this.#deps.chain()?.lastSequence ?? 0n,
      observed,
      extras,
      lock:
        own === undefined
          ? null
          : {
              report: { ...own.signed.report, events: [...own.signed.report.events] },
              signature: own.signature,
            },
    };
  }

  /**
   * The events this node offers a leader as extras: pending here for `extraAfterMs`, not among
   * the leader's candidates and not on chain. Only when this node's oldest such event is not among
   * the candidates either: a leader working through the same backlog in the same order needs none.
   * Events of the reports this node signed that are on their way to the chain do not count as
   * pending here (while reports are pipelined they are the oldest pending events). The answer is
   * worked out again at most every `extraAfterMs / 4`, or when this node's reports in flight
   * change: a leader observes for every report, and an event offered a little later is no loss.
   */
  #extras(candidates: readonly Hex[], candidateSet: ReadonlySet<Hex>): ObserveResponse["extras"] {
    const { inbox, maxExtraEvents } = this.#deps;
    const now = (this.#deps.nowMs ?? Date.now)();
    const extraAfterMs = this.#deps.extraAfterMs ?? 0;
    const inFlight = this.#signedAheadOfChain();
    const cached = this.#extrasCache;
    if (
      cached !== undefined &&
      cached.inFlight === inFlight.digests &&
      now - cached.atMs < extraAfterMs / 4
    ) {
      return cached.extras.filter((x) => !candidateSet.has(x.key));
    }
    const before = now - extraAfterMs;
    const extras: ObserveResponse["extras"] = [];
    // The oldest pending event of all first (one row off an index): when it has not waited long
    // enough, no event outside the reports in flight has either.
    const first = inbox.listPendingForChain(1)[0];
    const waiting =
      first === undefined || first.acceptedAtMs > before
        ? []
        : inbox.listPendingForChainExcept(maxExtraEvents + candidates.length, inFlight.json);
    const oldest = waiting[0];
    if (
      oldest !== undefined &&
      oldest.acceptedAtMs <= before &&
      !candidateSet.has(oldest.eventKey)
    ) {
      for (const entry of waiting) {
        if (entry.acceptedAtMs > before) break; // inbox order: the rest is younger still
        if (candidateSet.has(entry.eventKey) || this.#deps.isApplied?.(entry.eventKey) === true) {
          continue;
        }
        extras.push({ key: entry.eventKey, event: this.#onChain.get(entry.eventKey, entry.event) });
        if (extras.length >= maxExtraEvents) break;
      }
    }
    this.#extrasCache = { atMs: now, inFlight: inFlight.digests, extras };
    return extras;
  }

  /**
   * The event keys (as a JSON array) of the reports this node signed above the chain's last
   * sequence, and their digests; rebuilt only when that set of reports changes.
   */
  #signedAheadOfChain(): { digests: string; json: string } {
    const chain = this.#deps.chain();
    if (chain === undefined) return { digests: "", json: "[]" };
    const { signatures, maxSequencesAhead } = this.#deps;
    const digests = signatures.ownDigestsAbove(chain.epoch, chain.lastSequence, maxSequencesAhead);
    const joined = digests.join(",");
    if (this.#signedAhead?.digests !== joined) {
      const known = this.#signedAhead?.byDigest;
      const byDigest = new Map<Hex, readonly Hex[]>();
      for (const digest of digests) {
        byDigest.set(digest, known?.get(digest) ?? signatures.eventKeysOf(digest) ?? []);
      }
      const json = JSON.stringify([...byDigest.values()].flat());
      this.#signedAhead = { digests: joined, json, byDigest };
    }
    return this.#signedAhead;
  }

  /** Answers a leader's sign request (the caller has checked the bearer token). */
  async sign(request: SignRequest): Promise<SignResponse> {
    const { committee, domain, inbox, signatures } = this.#deps;
    const from = this.#deps.selfId;
    const refuse = (reason: string): SignResponse => ({ status: "refused", from, reason });

    const proposer = committee.byId(request.from);
    if (proposer === undefined) return refuse(`proposer "${request.from}" is not a member`);
    const report: CustomsReport = request.report;
    const { digest, keys } = reportDigestAndKeys(domain, report);
    let recovered: string;
    try {
      recovered = await proposalSigner(digest, request.proposerSignature);
    } catch {
      return refuse("proposer signature is malformed");
    }
    if (recovered.toLowerCase() !== proposer.address.toLowerCase()) {
      return refuse(`proposer signature is not by ${request.from}`);
    }

    let chain = this.#deps.chain();
    const aheadOfView = (view: ChainSnapshot | undefined): boolean =>
      view === undefined ||
      report.epoch > view.epoch ||
      report.sequence > view.lastSequence + BigInt(this.#deps.maxSequencesAhead);
    if (aheadOfView(chain) && this.#deps.refreshChain !== undefined) {
      // Only after the proposer's signature checked out: a member cannot make this node read the
      // chain on a stranger's word. Reads join one under way, so a burst costs one read.
      chain = (await this.#deps.refreshChain().catch(() => undefined)) ?? this.#deps.chain();
    }
    if (chain === undefined) return refuse("this node has not read the chain yet");
    if (report.epoch !== chain.epoch) {
      return refuse(`epoch ${report.epoch} is not the current epoch ${chain.epoch}`);
    }
    if (report.sequence <= chain.lastSequence) {
      return refuse(`sequence ${report.sequence} is already applied (last ${chain.lastSequence})`);
    }
    if (report.sequence > chain.lastSequence + BigInt(this.#deps.maxSequencesAhead)) {
      return refuse(
        `sequence ${report.sequence} is too far ahead of the chain (last ${chain.lastSequence})`,
      );
    }

    const floor = this.#deps.signingFloor?.();
    if (floor !== undefined && floor.epoch === report.epoch && report.sequence < floor.sequence) {
      return refuse(
        `this node's signature store is new: it signs from sequence ${floor.sequence} of epoch ${floor.epoch} on`,
      );
    }

    if (new Set(keys).size !== keys.length) return refuse("the report lists an event twice");
    const accepted = inbox.acceptedAmong(keys);
    const missing = keys.filter((key) => !accepted.has(key));
    if (missing.length > 0) return { status: "missing", from, missing };

    const existing = signatures.ownSignatureAt(report.epoch, report.sequence);
    if (existing !== undefined && existing.signed.digest !== digest) {
      return conflict(from, existing.signed.report, existing.signature);
    }
    const signature = await signDigest(digest, this.#deps.signerKey);
    const outcome = signatures.signOnce(digest, report, signature, keys);
    if (outcome.status === "conflict") {
      return conflict(from, outcome.signed.report, outcome.signature);
    }
    if (outcome.fresh) this.#deps.onSigned?.(report, digest);
    return { status: "signed", from, signature: outcome.signature };
  }
}

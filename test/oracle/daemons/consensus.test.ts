import { expect } from "chai";
import { setTimeout as sleep } from "node:timers/promises";
import { hashTypedData, type Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import type { ChainSnapshot } from "../../../oracle/chain/snapshot.ts";
import { Secret } from "../../../oracle/config/secrets.ts";
import {
  REPORT_TYPES,
  reportDigest,
  reportDigestAndKeys,
  type CustomsReport,
} from "../../../oracle/chain/report.ts";
import { recoverDigestSigner, signDigest } from "../../../oracle/chain/signing.ts";
import { checkReportSignatures } from "../../../oracle/chain/signatureCheck.ts";
import { detectEquivocation } from "../../../oracle/consensus/equivocation.ts";
import { Follower } from "../../../oracle/consensus/follower.ts";
import { OnChainEventCache } from "../../../oracle/consensus/eventCodec.ts";
import { SigningFloor } from "../../../oracle/consensus/signingFloor.ts";
import { leaderTurnAt } from "../../../oracle/consensus/schedule.ts";
import { eventKey, toOnChainEvent } from "../../../oracle/events/customsEvent.ts";
import { IngestPipeline } from "../../../oracle/ingest/pipeline.ts";
import { dcsaEvent } from "../../../oracle/simulator/messages.ts";
import { createRandom } from "../../../oracle/simulator/random.ts";
import { openDatabase } from "../../../oracle/store/database.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";
import { Checkpoints } from "../../../oracle/store/checkpoints.ts";
import { SignatureStore } from "../../../oracle/store/signatures.ts";
import { TEST_CARRIER_DIRECTORY } from "../ingest/helpers/fixtures.ts";
import { makeCommittee, makeEvent, TEST_DOMAIN, type TestCommittee } from "./helpers/committee.ts";

function reportOf(sequence: bigint, ns: number[]): CustomsReport {
  return { epoch: 1, sequence, events: ns.map((n) => toOnChainEvent(makeEvent(n).event)) };
}

async function signRequest(c: TestCommittee, proposer: number, report: CustomsReport) {
  const { signMessage } = await import("viem/accounts");
  const digest = reportDigest(TEST_DOMAIN, report);
  return {
    from: c.members[proposer]!.member.id,
    round: 0,
    report: { ...report, events: [...report.events] },
    proposerSignature: await signMessage({
      message: { raw: digest },
      privateKey: c.members[proposer]!.key.reveal(),
    }),
  };
}

describe("Oracle consensus", function () {
  describe("report digest", function () {
    it("equals viem's generic EIP-712 hash of the same report", function () {
      const report = reportOf(7n, [1, 2, 3]);
      const expected = hashTypedData({
        domain: { name: "CaravelCustomsOracle", version: "1", ...TEST_DOMAIN },
        types: REPORT_TYPES,
        primaryType: "CustomsReport",
        message: { ...report, events: [...report.events] },
      });
      expect(reportDigest(TEST_DOMAIN, report)).to.equal(expected);
    });

    it("yields every event's key on the way", function () {
      const report = reportOf(7n, [4, 5, 6]);
      const { digest, keys } = reportDigestAndKeys(TEST_DOMAIN, report);
      expect(digest).to.equal(reportDigest(TEST_DOMAIN, report));
      expect(keys).to.deep.equal([4, 5, 6].map((n) => eventKey(makeEvent(n).event)));
    });

    it("changes with the epoch, the sequence, an event and the contract", function () {
      const report = reportOf(7n, [1, 2]);
      const base = reportDigest(TEST_DOMAIN, report);
      expect(reportDigest(TEST_DOMAIN, { ...report, epoch: 2 })).to.not.equal(base);
      expect(reportDigest(TEST_DOMAIN, { ...report, sequence: 8n })).to.not.equal(base);
      expect(reportDigest(TEST_DOMAIN, reportOf(7n, [1, 3]))).to.not.equal(base);
      expect(
        reportDigest(
          { ...TEST_DOMAIN, verifyingContract: "0x0000000000000000000000000000000000000001" },
          report,
        ),
      ).to.not.equal(base);
    });
  });

  describe("event codec", function () {
    it("computes the same key and on-chain form as the canonical definitions", function () {
      for (let n = 0; n < 50; n++) {
        const { event } = makeEvent(n, { occurredAt: 1_700_000_000 + n * 7_919 });
        const onChain = toOnChainEvent(event);
        expect(eventKey(onChain)).to.equal(eventKey(event));
        expect(new OnChainEventCache().get(eventKey(event), event)).to.deep.equal(onChain);
      }
    });
  });

  describe("signature check", function () {
    it("counts distinct members only and says why it refused the rest", async function () {
      const keys = [generatePrivateKey(), generatePrivateKey(), generatePrivateKey()].map(
        (k) => new Secret(k),
      );
      const digest = reportDigest(TEST_DOMAIN, reportOf(1n, [1]));
      const [a, b, outsider] = await Promise.all(keys.map((k) => signDigest(digest, k)));
      const members = await Promise.all([a!, b!].map((s) => recoverDigestSigner(digest, s)));
      const result = await checkReportSignatures(
        digest,
        [a!, a!, outsider!, `0x${"11".repeat(64)}` as Hex, b!],
        members,
        2,
      );
      expect(result.accepted.map((x) => x.signature)).to.deep.equal([a, b]);
      expect(result.refused.map((x) => x.reason)).to.have.length(3);
      expect(result.refused[0]!.reason).to.match(/second signature/);
      expect(result.refused[1]!.reason).to.match(/not a committee member/);
      expect(result.quorum).to.equal(true);
    });
  });

  describe("follower", function () {
    let c: TestCommittee;
    beforeEach(function () {
      c = makeCommittee(5, 3);
    });
    afterEach(function () {
      c.close();
    });

    it("signs a report whose every event it observed, with its own key", async function () {
      c.observeAll([1, 2, 3].map((n) => makeEvent(n)));
      const report = reportOf(1n, [1, 2, 3]);
      const answer = await c.members[1]!.follower.sign(await signRequest(c, 0, report));
      expect(answer.status).to.equal("signed");
      if (answer.status !== "signed") return;
      const signer = await recoverDigestSigner(reportDigest(TEST_DOMAIN, report), answer.signature);
      expect(signer).to.equal(c.members[1]!.member.address);
    });

    it("refuses to sign when it has not observed an event, naming it", async function () {
      c.observeAll([1, 2].map((n) => makeEvent(n)));
      const report = reportOf(1n, [1, 2, 3]);
      const answer = await c.members[1]!.follower.sign(await signRequest(c, 0, report));
      expect(answer).to.deep.equal({
        status: "missing",
        from: "node-2",
        missing: [eventKey(makeEvent(3).event)],
      });
      expect(c.members[1]!.signatures.ownSignatureCount()).to.equal(0);
    });

    it("never signs two different reports for one (epoch, sequence), even after a restart", async function () {
      c.observeAll([1, 2, 3].map((n) => makeEvent(n)));
      const first = reportOf(1n, [1, 2]);
      const second = reportOf(1n, [1, 2, 3]);
      const signed = await c.members[2]!.follower.sign(await signRequest(c, 0, first));
      expect(signed.status).to.equal("signed");
      // The store outlives the process: reopen the same file and ask again.
      const reopenedDb = openDatabase(c.members[2]!.dbPath);
      const reopened = new SignatureStore(reopenedDb);
      expect(reopened.ownSignatureAt(1, 1n)?.signed.digest).to.equal(
        reportDigest(TEST_DOMAIN, first),
      );
      reopenedDb.close();
      const answer = await c.members[2]!.follower.sign(await signRequest(c, 1, second));
      expect(answer.status).to.equal("conflict");
      if (answer.status !== "conflict" || signed.status !== "signed") return;
      expect(answer.signature).to.equal(signed.signature);
      expect(reportDigest(TEST_DOMAIN, answer.report)).to.equal(reportDigest(TEST_DOMAIN, first));
      // Asking for the same report again returns the same signature, not a new one.
      const again = await c.members[2]!.follower.sign(await signRequest(c, 1, first));
      expect(again).to.deep.equal(signed);
    });

    it("refuses a proposal not signed by the member it claims to come from", async function () {
      c.observeAll([1].map((n) => makeEvent(n)));
      const request = await signRequest(c, 0, reportOf(1n, [1]));
      const answer = await c.members[1]!.follower.sign({ ...request, from: "node-3" });
      expect(answer).to.deep.equal({
        status: "refused",
        from: "node-2",
        reason: "proposer signature is not by node-3",
      });
    });

    it("refuses sequences already applied, too far ahead, or of another epoch", async function () {
      c.observeAll([1].map((n) => makeEvent(n)));
      c.chain.lastSequence = 5n;
      const reasons: string[] = [];
      for (const report of [
        reportOf(5n, [1]),
        reportOf(10n, [1]),
        { ...reportOf(6n, [1]), epoch: 2 },
      ]) {
        const answer = await c.members[1]!.follower.sign(await signRequest(c, 0, report));
        reasons.push(answer.status === "refused" ? answer.reason : answer.status);
      }
      expect(reasons[0]).to.match(/already applied/);
      expect(reasons[1]).to.match(/too far ahead/);
      expect(reasons[2]).to.match(/not the current epoch/);
    });
  });

  describe("leader asking the members only when a round can carry something", function () {
    /** A committee whose transport counts the observe requests sent to other members. */
    function counted(options: { emptyObserveIntervalMs?: number } = {}) {
      const c = makeCommittee(3, 2, options);
      let observes = 0;
      const observe = c.transport.observe.bind(c.transport);
      c.transport.observe = (member, request) => {
        observes += 1;
        return observe(member, request);
      };
      return { c, observes: () => observes };
    }

    it("asks nobody for a report with fewer pending events than the pipeline's minimum, and proposes once there are enough", async function () {
      const { c, observes } = counted();
      try {
        c.observeAll([1, 2, 3].map((n) => makeEvent(n)));
        const leader = c.members[0]!.proposer;
        expect((await leader.propose(1, 1n, 0, new Set(), 4)).status).to.equal("empty");
        expect(observes()).to.equal(0);
        c.observeAll([4].map((n) => makeEvent(n)));
        const outcome = await leader.propose(1, 1n, 0, new Set(), 4);
        expect(outcome.status).to.equal("queued");
        expect(outcome.status === "queued" && outcome.events).to.equal(4);
      } finally {
        c.close();
      }
    });

    it("with no pending event of its own asks the members at most once per interval", async function () {
      const { c, observes } = counted({ emptyObserveIntervalMs: 60_000 });
      try {
        const leader = c.members[0]!.proposer;
        expect((await leader.propose(1, 1n, 0, new Set())).status).to.equal("empty");
        expect(observes(), "the first round asks the two others").to.equal(2);
        expect((await leader.propose(1, 1n, 0, new Set())).status).to.equal("empty");
        expect(observes(), "the next, within the interval, asks nobody").to.equal(2);
        c.observeAll([1].map((n) => makeEvent(n)));
        expect((await leader.propose(1, 1n, 0, new Set())).status).to.equal("queued");
        expect(observes(), "an event of its own: asked at once").to.equal(4);
      } finally {
        c.close();
      }
    });
  });

  describe("follower reading the chain less often than a leader", function () {
    let c: TestCommittee;
    beforeEach(() => (c = makeCommittee(3, 2)));
    afterEach(() => c.close());

    function followerOf(member: number, refreshChain?: () => Promise<ChainSnapshot | undefined>) {
      const m = c.members[member]!;
      return new Follower({
        selfId: m.member.id,
        committee: c.committee,
        domain: TEST_DOMAIN,
        inbox: m.inbox,
        signatures: m.signatures,
        signerKey: m.key,
        chain: () => c.chain,
        ...(refreshChain === undefined ? {} : { refreshChain }),
        maxSequencesAhead: 4,
        maxExtraEvents: 100,
      });
    }

    /** Member 1's follower, with event 1 observed, counting its fresh chain reads. */
    function countingFollower(onRead: () => void = () => {}) {
      c.observeAll([1].map((n) => makeEvent(n)));
      let reads = 0;
      const follower = followerOf(1, async () => {
        reads += 1;
        onRead();
        return c.chain;
      });
      return { follower, reads: () => reads };
    }

    it("reads the chain again before refusing a proposal ahead of its view, and signs it when the chain has moved", async function () {
      // The chain moved on since this node last looked.
      const { follower, reads } = countingFollower(() => (c.chain.lastSequence = 6n));
      const answer = await follower.sign(await signRequest(c, 0, reportOf(10n, [1])));
      expect(answer.status).to.equal("signed");
      expect(reads()).to.equal(1);
    });

    it("still refuses a proposal ahead of the chain it read afresh", async function () {
      const { follower, reads } = countingFollower();
      const answer = await follower.sign(await signRequest(c, 0, reportOf(10n, [1])));
      expect(answer.status === "refused" ? answer.reason : answer.status).to.match(/too far ahead/);
      expect(reads()).to.equal(1);
    });

    it("does not read the chain for a proposal within its view", async function () {
      const { follower, reads } = countingFollower();
      expect((await follower.sign(await signRequest(c, 0, reportOf(1n, [1])))).status).to.equal(
        "signed",
      );
      expect(reads()).to.equal(0);
    });

    it("does not read the chain for a proposal whose proposer signature is not the member's", async function () {
      const { follower, reads } = countingFollower();
      const request = await signRequest(c, 0, reportOf(10n, [1]));
      const answer = await follower.sign({ ...request, from: "node-3" });
      expect(answer.status).to.equal("refused");
      expect(reads()).to.equal(0);
    });
  });

  describe("follower with a new signature store", function () {
    it("signs nothing below its signing floor, and normally from it on", async function () {
      const c = makeCommittee(5, 3);
      try {
        c.observeAll([1].map((n) => makeEvent(n)));
        c.chain.lastSequence = 10n;
        const m = c.members[1]!;
        const follower = new Follower({
          selfId: m.member.id,
          committee: c.committee,
          domain: TEST_DOMAIN,
          inbox: m.inbox,
          signatures: m.signatures,
          signerKey: m.key,
          chain: () => c.chain,
          maxSequencesAhead: 4,
          maxExtraEvents: 0,
          signingFloor: () => ({ epoch: 1, sequence: 13n }),
        });
        const below = await follower.sign(await signRequest(c, 0, reportOf(12n, [1])));
        expect(below.status).to.equal("refused");
        if (below.status === "refused") expect(below.reason).to.match(/signs from sequence 13/);
        const at = await follower.sign(await signRequest(c, 0, reportOf(13n, [1])));
        expect(at.status).to.equal("signed");
      } finally {
        c.close();
      }
    });
  });

  describe("signing floor after lost disks", function () {
    const silent = createLogger({ name: "test", level: "silent" });

    it("lets a network where most members restarted with empty stores sign again once the operator lifts their floors", async function () {
      const c = makeCommittee(5, 3);
      try {
        c.observeAll([1, 2].map((n) => makeEvent(n)));
        c.chain.lastSequence = 10n;
        // node-3, node-4 and node-5 come back with new signature stores.
        const floors = [2, 3, 4].map((i) => {
          const m = c.members[i]!;
          const floor = new SigningFloor(new Checkpoints(m.db), silent);
          expect(floor.establish(c.chain, 3, m.signatures.ownSignatureCount())).to.deep.equal({
            epoch: 1,
            sequence: 15n,
          });
          c.transport.followers.set(
            m.member.id,
            new Follower({
              selfId: m.member.id,
              committee: c.committee,
              domain: TEST_DOMAIN,
              inbox: m.inbox,
              signatures: m.signatures,
              signerKey: m.key,
              chain: () => c.chain,
              maxSequencesAhead: 4,
              maxExtraEvents: 0,
              signingFloor: () => floor.current,
            }),
          );
          return floor;
        });
        const leader = c.members[0]!.proposer;
        const stalled = await leader.propose(1, 11n, 0, new Set());
        expect(stalled.status).to.equal("no-quorum");
        if (stalled.status === "no-quorum")
          expect(stalled.detail).to.match(/signature store is new/);
        // The operator confirms no report for sequences 11-14 is on its way, on each of them.
        for (const floor of floors) expect(floor.liftByOperator()?.sequence).to.equal(15n);
        const resumed = await leader.propose(1, 11n, 1, new Set());
        expect(resumed.status).to.equal("queued");
        // The lift is persisted: a restart does not bring the floor back.
        expect(new SigningFloor(new Checkpoints(c.members[2]!.db), silent).current).to.equal(
          undefined,
        );
      } finally {
        c.close();
      }
    });

    it("lifts a new store's floor by itself once the chain applied every sequence below it, or changed epoch", function () {
      const c = makeCommittee(3, 2);
      try {
        const db = c.members[1]!.db;
        const chain = { ...c.chain, lastSequence: 10n };
        const floor = new SigningFloor(new Checkpoints(db), silent);
        floor.establish(chain, 3, 0);
        expect(floor.liftIfPassed({ ...chain, lastSequence: 13n })).to.equal(false);
        expect(new SigningFloor(new Checkpoints(db), silent).current?.sequence).to.equal(15n);
        expect(floor.liftIfPassed({ ...chain, lastSequence: 14n })).to.equal(true);
        expect(floor.current).to.equal(undefined);
        expect(new SigningFloor(new Checkpoints(db), silent).current).to.equal(undefined);

        const again = new SigningFloor(new Checkpoints(db), silent);
        again.establish(chain, 3, 0);
        expect(again.liftIfPassed({ ...chain, epoch: 2, lastSequence: 10n })).to.equal(true);
        // A store that signed anything knows what it signed: no floor.
        expect(again.establish(chain, 3, 1)).to.equal(undefined);
      } finally {
        c.close();
      }
    });
  });

  describe("leader", function () {
    let c: TestCommittee;
    beforeEach(function () {
      c = makeCommittee(5, 3);
    });
    afterEach(function () {
      c.close();
    });

    it("queues a report with a quorum of valid signatures while two members are down", async function () {
      c.observeAll([1, 2, 3, 4].map((n) => makeEvent(n)));
      c.transport.down.add("node-4").add("node-5");
      const outcome = await c.members[0]!.proposer.propose(1, 1n, 0, new Set());
      expect(outcome.status).to.equal("queued");
      if (outcome.status !== "queued") return;
      expect(outcome.events).to.equal(4);
      const queued = c.members[0]!.outbox.get(outcome.digest)!;
      const signatures = queued.signatures
        .slice(2)
        .match(/.{128}/g)!
        .map((s) => `0x${s}` as Hex);
      const check = await checkReportSignatures(
        outcome.digest,
        signatures,
        c.committee.addresses,
        3,
      );
      expect(check.quorum).to.equal(true);
      expect(check.accepted).to.have.length(3);
    });

    it("gets nothing through when fewer than the threshold are up", async function () {
      c.observeAll([1].map((n) => makeEvent(n)));
      c.transport.down.add("node-3").add("node-4").add("node-5");
      const outcome = await c.members[0]!.proposer.propose(1, 1n, 0, new Set());
      expect(outcome.status).to.equal("empty");
      expect(c.members[0]!.outbox.open()).to.have.length(0);
    });

    it("carries events it missed itself when a quorum observed them, and leaves out the rest", async function () {
      const seenByAll = makeEvent(1);
      const missedByLeader = makeEvent(2);
      const seenByTwo = makeEvent(3);
      c.observeAll([seenByAll]);
      c.observeAll([missedByLeader], [0]);
      c.observeAll([seenByTwo], [2, 3, 4]);
      // First round: the followers' oldest event is among the leader's candidates, so they offer
      // nothing else yet.
      const first = await c.members[0]!.proposer.propose(1, 1n, 0, new Set());
      if (first.status !== "queued") throw new Error(first.status);
      const firstKeys = c.members[0]!.outbox.get(first.digest)!.eventKeys;
      expect(firstKeys).to.deep.equal([eventKey(seenByAll.event)]);
      // Next round: their oldest pending event is one the leader does not list: they offer it.
      const second = await c.members[0]!.proposer.propose(1, 2n, 0, new Set(firstKeys));
      if (second.status !== "queued") throw new Error(second.status);
      expect(c.members[0]!.outbox.get(second.digest)!.eventKeys).to.deep.equal([
        eventKey(missedByLeader.event),
      ]);
      expect(second.signers).to.not.include("node-1");
    });

    it("offers as extras neither its events in flight nor the leader's candidates, but what the leader missed", async function () {
      const inFlight = makeEvent(1);
      const missedByLeader = makeEvent(2);
      const candidate = makeEvent(3);
      c.observeAll([inFlight, missedByLeader, candidate]);
      // node-2 signed sequence 1 (inFlight); the chain has not applied it yet.
      const signed = await c.members[1]!.follower.sign(await signRequest(c, 0, reportOf(1n, [1])));
      expect(signed.status).to.equal("signed");
      const observeSequence2 = () =>
        c.members[1]!.follower.observe({
          from: "node-1",
          epoch: 1,
          sequence: 2n,
          round: 0,
          candidates: [eventKey(candidate.event)],
        });
      const answer = observeSequence2();
      expect(answer.observed).to.deep.equal([eventKey(candidate.event)]);
      expect(answer.extras.map((x) => x.key)).to.deep.equal([eventKey(missedByLeader.event)]);
      // Once the chain is past sequence 1, an event no report on chain carried (the watcher did not
      // mark it) is pending like any other.
      c.chain.lastSequence = 1n;
      const after = observeSequence2();
      expect(after.extras.map((x) => x.key)).to.deep.equal(
        [inFlight, missedByLeader].map((e) => eventKey(e.event)),
      );
    });

    it("offers no extras to a leader that asks for none, nor to itself as leader", async function () {
      const missedByLeader = makeEvent(2);
      const candidate = makeEvent(3);
      c.observeAll([missedByLeader, candidate]);
      const request = {
        from: "node-1",
        epoch: 1,
        sequence: 1n,
        round: 0,
        candidates: [eventKey(candidate.event)],
      };
      const follower = c.members[1]!.follower;
      expect(follower.observe(request).extras).to.have.length(1);
      expect(follower.observe({ ...request, extras: false }).extras).to.deep.equal([]);
      expect(follower.observe({ ...request, from: "node-2" }).extras).to.deep.equal([]);
      expect(follower.observe({ ...request, extras: false }).observed).to.deep.equal([
        eventKey(candidate.event),
      ]);
    });

    it("answers its own leader's observe with every candidate, from the list it drew from its inbox", async function () {
      const candidate = makeEvent(4);
      c.observeAll([candidate]);
      const follower = c.members[1]!.follower;
      const notInInbox = `0x${"ee".repeat(32)}` as const;
      const request = {
        from: "node-2",
        epoch: 1,
        sequence: 1n,
        round: 0,
        candidates: [eventKey(candidate.event), notInInbox],
      };
      // Asked by itself, a node does not look its own candidates up again.
      expect(follower.observe(request).observed).to.deep.equal(request.candidates);
      // Asked by another leader, it answers from its inbox.
      expect(follower.observe({ ...request, from: "node-1" }).observed).to.deep.equal([
        eventKey(candidate.event),
      ]);
    });

    it("asks for no extras while its own backlog fills the candidate list", async function () {
      // Reports of 2 take up to 3 candidates (1.25 × 2, rounded up).
      const small = makeCommittee(3, 2, { maxBatchSize: 2 });
      try {
        const asked: (boolean | undefined)[] = [];
        const observe = small.transport.observe.bind(small.transport);
        small.transport.observe = (member, request) => {
          asked.push(request.extras);
          return observe(member, request);
        };
        small.observeAll([1, 2, 3].map((n) => makeEvent(n)));
        expect((await small.members[0]!.proposer.propose(1, 1n, 0, new Set())).status).to.equal(
          "queued",
        );
        expect(asked).to.deep.equal([false, false]);
        // Two events left of three candidates: extras are welcome again.
        small.observeAll([4].map((n) => makeEvent(n)));
        asked.length = 0;
        const inFlight = new Set(small.members[0]!.outbox.open()[0]!.eventKeys);
        await small.members[0]!.proposer.propose(1, 2n, 0, inFlight);
        expect(asked).to.deep.equal([true, true]);
      } finally {
        small.close();
      }
    });

    it("orders events by time of occurrence, then key, whatever the arrival order", async function () {
      const events = [
        makeEvent(1, { occurredAt: 300 }),
        makeEvent(2, { occurredAt: 100 }),
        makeEvent(3, { occurredAt: 200 }),
      ];
      c.observeAll(events);
      const outcome = await c.members[0]!.proposer.propose(1, 1n, 0, new Set());
      if (outcome.status !== "queued") throw new Error(outcome.status);
      expect(c.members[0]!.outbox.get(outcome.digest)!.eventKeys).to.deep.equal(
        [events[1]!, events[2]!, events[0]!].map((e) => eventKey(e.event)),
      );
    });

    it("re-proposes the report members already signed for the slot instead of a new one", async function () {
      c.observeAll([1, 2].map((n) => makeEvent(n)));
      // node-1 led sequence 1, got signatures from node-2 and node-3, then crashed.
      const first = reportOf(1n, [1]);
      for (const i of [1, 2]) {
        const answer = await c.members[i]!.follower.sign(await signRequest(c, 0, first));
        expect(answer.status).to.equal("signed");
      }
      c.transport.down.add("node-1");
      // node-2 takes over with more events observed since: it must stick to the signed report.
      const outcome = await c.members[1]!.proposer.propose(1, 1n, 1, new Set());
      expect(outcome.status).to.equal("queued");
      if (outcome.status !== "queued") return;
      expect(outcome.reproposed).to.equal(true);
      expect(outcome.digest).to.equal(reportDigest(TEST_DOMAIN, first));
    });

    it("asks just enough members to sign, turning with the sequence, and the others when one of them is down", async function () {
      const hedged = makeCommittee(5, 3, { signHedgeMs: 60_000 });
      try {
        hedged.observeAll([1, 2].map((n) => makeEvent(n)));
        const signedBy = () =>
          hedged.members
            .filter((m) => m.signatures.ownSignatureCount() > 0)
            .map((m) => m.member.id);
        // Sequence 1: node-1 leads; the others in order from the second one on: node-3, node-4.
        const first = await hedged.members[0]!.proposer.propose(1, 1n, 0, new Set());
        if (first.status !== "queued") throw new Error(first.status);
        expect(first.signers.sort()).to.deep.equal(["node-1", "node-3", "node-4"]);
        expect(signedBy()).to.deep.equal(["node-1", "node-3", "node-4"]);
        // Sequence 2 would go to node-4 and node-5; node-4 is down, so the rest are asked at once
        // (long before the 60 s hedge) and node-2 makes up the quorum.
        hedged.transport.down.add("node-4");
        hedged.observeAll([5, 6].map((n) => makeEvent(n)));
        const exclude = new Set(hedged.members[0]!.outbox.get(first.digest)!.eventKeys);
        const second = await hedged.members[0]!.proposer.propose(1, 2n, 0, exclude);
        if (second.status !== "queued") throw new Error(second.status);
        expect(second.signers).to.include.members(["node-1", "node-5"]);
        expect(second.signers).to.not.include("node-4");
        expect(second.signers).to.have.length(3);
      } finally {
        hedged.close();
      }
    });

    it("puts an event sent alone to two nodes and in a batch to the third into one report, once", async function () {
      // 3 of 3: no framing of the message reaches a quorum on its own.
      const all = makeCommittee(3, 3);
      try {
        const spec = (eventId: string, occurredAt: number) =>
          dcsaEvent({
            eventId,
            eventTypeCode: "EQUIPMENT",
            classifier: "ACT",
            code: "LOAD",
            occurredAt,
            location: "NLRTM",
            carrierCode: "MAEU",
            transportDocumentRef: "MAEU123456789",
            bookingRef: "BKG123",
            equipmentRef: "MSKU1234565",
            vessel: { imo: "9321483", name: "EMMA", voyage: "047E" },
          });
        const shared = spec("b5f1e9a0-load-1", 1_750_000_000);
        const other = spec("b5f1e9a0-load-2", 1_750_000_100);
        const nowMs = 1_750_000_500_000;
        const ingest = (i: number, body: unknown) =>
          new IngestPipeline({
            db: all.members[i]!.db,
            nowMs: () => nowMs,
            carriers: TEST_CARRIER_DIRECTORY,
            requireKnownShipment: false,
          }).process("dcsa-tnt", {
            body: JSON.stringify(body),
            contentType: "application/json",
            receivedVia: "test",
          });
        const keys = [
          ingest(0, shared).eventKeys,
          ingest(1, shared).eventKeys,
          ingest(2, [other, shared]).eventKeys,
        ];
        expect(keys[2]![1]).to.equal(keys[0]![0]);
        expect(keys[1]![0]).to.equal(keys[0]![0]);
        const outcome = await all.members[0]!.proposer.propose(1, 1n, 0, new Set());
        if (outcome.status !== "queued") throw new Error(outcome.status);
        expect(all.members[0]!.outbox.get(outcome.digest)!.eventKeys).to.deep.equal(keys[0]);
        expect(outcome.signers).to.have.length(3);
      } finally {
        all.close();
      }
    });

    it("completes sequences whose events each reached exactly a quorum, though no quorum saw them all", async function () {
      // Each event observed by three members, node-1 always among them; no three hold them all.
      const seenBy = [
        [0, 1, 2],
        [0, 3, 4],
        [0, 1, 3],
        [0, 2, 4],
      ];
      const events = seenBy.map((_, n) => makeEvent(n + 1));
      seenBy.forEach((members, n) => {
        c.observeAll(
          [events[n]!],
          [0, 1, 2, 3, 4].filter((i) => !members.includes(i)),
        );
      });
      const reported = new Set<Hex>();
      for (let sequence = 1n; reported.size < events.length && sequence <= 4n; sequence++) {
        const outcome = await c.members[0]!.proposer.propose(1, sequence, 0, new Set(reported));
        if (outcome.status !== "queued") {
          throw new Error(`sequence ${sequence}: ${JSON.stringify(outcome)}`);
        }
        for (const key of c.members[0]!.outbox.get(outcome.digest)!.eventKeys) reported.add(key);
      }
      expect([...reported].sort()).to.deep.equal(events.map((e) => eventKey(e.event)).sort());
    });

    it("drains a feed of which every member lost 15% of the messages", async function () {
      const random = createRandom("partial-delivery");
      const events = Array.from({ length: 60 }, (_, n) => makeEvent(n + 1));
      const observers = events.map(() => [0, 1, 2, 3, 4].filter(() => !random.chance(0.15)));
      events.forEach((e, n) => {
        c.observeAll(
          [e],
          [0, 1, 2, 3, 4].filter((i) => !observers[n]!.includes(i)),
        );
      });
      const reported = new Set<Hex>();
      for (let sequence = 1n; sequence <= 20n; sequence++) {
        c.chain.lastSequence = sequence - 1n; // the previous report is on chain
        const outcome = await c.members[0]!.proposer.propose(1, sequence, 0, new Set(reported));
        if (outcome.status === "empty") break;
        if (outcome.status !== "queued") {
          throw new Error(`sequence ${sequence}: ${JSON.stringify(outcome)}`);
        }
        for (const key of c.members[0]!.outbox.get(outcome.digest)!.eventKeys) reported.add(key);
      }
      const reachable = events.filter((_, n) => observers[n]!.length >= 3);
      expect(reachable.length).to.be.greaterThan(40);
      expect([...reported].sort()).to.deep.equal(reachable.map((e) => eventKey(e.event)).sort());
    });

    it("gives up, after a bounded wait, a faulty member's report of events only it has", async function () {
      const lines: string[] = [];
      const faulty = makeCommittee(5, 3, {
        lockedReportPatienceMs: 200,
        log: (l) => lines.push(l),
      });
      try {
        faulty.observeAll([1, 2].map((n) => makeEvent(n)));
        // node-5 signs, for sequence 1, a report of an event no other member has.
        faulty.observeAll([makeEvent(99)], [0, 1, 2, 3]);
        const own = await faulty.members[4]!.follower.sign(
          await signRequest(faulty, 4, reportOf(1n, [99])),
        );
        expect(own.status).to.equal("signed");
        const leader = faulty.members[0]!.proposer;
        // Within the wait the leader tries the locked report (its events may still arrive)...
        const early = await leader.propose(1, 1n, 0, new Set());
        expect(early.status).to.equal("no-quorum");
        if (early.status === "no-quorum") {
          expect(early.digest).to.equal(reportDigest(TEST_DOMAIN, reportOf(1n, [99])));
        }
        await sleep(250);
        // ...then proposes the events a quorum of the members without a lock observed.
        const later = await leader.propose(1, 1n, 0, new Set());
        if (later.status !== "queued") throw new Error(JSON.stringify(later));
        expect(later.reproposed).to.equal(false);
        expect(later.signers).to.not.include("node-5");
        expect(faulty.members[0]!.outbox.get(later.digest)!.eventKeys).to.deep.equal(
          [1, 2].map((n) => eventKey(makeEvent(n).event)),
        );
        // node-5 still signed only its own report for sequence 1: nobody equivocated.
        expect(faulty.members[4]!.signatures.ownSignatureAt(1, 1n)?.signed.digest).to.equal(
          reportDigest(TEST_DOMAIN, reportOf(1n, [99])),
        );
        expect(faulty.members[0]!.signatures.equivocations()).to.deep.equal([]);
      } finally {
        faulty.close();
      }
    });

    it("proposes nothing, and says once why, when the members' reports for a sequence can none of them complete", async function () {
      const lines: string[] = [];
      const split = makeCommittee(5, 3, { log: (l) => lines.push(l) });
      try {
        split.observeAll([1, 2, 3].map((n) => makeEvent(n)));
        // Two leaders' reports split the members 2 / 2 / 1 for sequence 1: none can reach 3.
        for (const [signers, events] of [
          [[1, 2], [1]],
          [[3, 4], [2]],
          [[0], [3]],
        ] as const) {
          for (const i of signers) {
            const answer = await split.members[i]!.follower.sign(
              await signRequest(split, 0, reportOf(1n, [...events])),
            );
            expect(answer.status).to.equal("signed");
          }
        }
        for (let round = 0; round < 3; round++) {
          expect(
            (await split.members[0]!.proposer.propose(1, 1n, round, new Set())).status,
          ).to.equal("empty");
        }
        const errors = lines
          .map((l) => JSON.parse(l) as { level: string; msg: string })
          .filter((l) => l.level === "error");
        expect(errors.map((e) => e.msg)).to.deep.equal([
          "no report can complete for this sequence in this epoch",
        ]);
        // Nobody signed a second report for the slot.
        expect(split.members.map((m) => m.signatures.ownSignatureCount())).to.deep.equal([
          1, 1, 1, 1, 1,
        ]);
      } finally {
        split.close();
      }
    });

    it("warns once about a sequence without quorum, however often it retries", async function () {
      const lines: string[] = [];
      const stuck = makeCommittee(5, 3, { log: (l) => lines.push(l) });
      try {
        stuck.observeAll([makeEvent(99)], [0, 1, 2, 3]);
        const own = await stuck.members[4]!.follower.sign(
          await signRequest(stuck, 4, reportOf(1n, [99])),
        );
        expect(own.status).to.equal("signed");
        for (let i = 0; i < 8; i++) {
          expect((await stuck.members[0]!.proposer.propose(1, 1n, i, new Set())).status).to.equal(
            "no-quorum",
          );
        }
        const warnings = lines
          .map((l) => JSON.parse(l) as { level: string; msg: string; sequence?: string })
          .filter((l) => l.msg === "no quorum for report");
        expect(warnings).to.have.length(1);
        expect(warnings[0]!.level).to.equal("warn");
        expect(warnings[0]!.sequence).to.equal("1");
      } finally {
        stuck.close();
      }
    });

    it("leaves out events excluded as already in flight", async function () {
      c.observeAll([1, 2].map((n) => makeEvent(n)));
      const outcome = await c.members[0]!.proposer.propose(
        1,
        1n,
        0,
        new Set([eventKey(makeEvent(1).event)]),
      );
      if (outcome.status !== "queued") throw new Error(outcome.status);
      expect(c.members[0]!.outbox.get(outcome.digest)!.eventKeys).to.deep.equal([
        eventKey(makeEvent(2).event),
      ]);
    });
  });

  describe("equivocation", function () {
    it("proves a member signed two different reports for one (epoch, sequence)", async function () {
      const key = new Secret(generatePrivateKey());
      const a = reportOf(3n, [1]);
      const b = reportOf(3n, [2]);
      const sa = await signDigest(reportDigest(TEST_DOMAIN, a), key);
      const sb = await signDigest(reportDigest(TEST_DOMAIN, b), key);
      const proof = await detectEquivocation(
        TEST_DOMAIN,
        { report: a, signature: sa },
        { report: b, signature: sb },
      );
      expect(proof).to.not.equal(null);
      expect(proof!.signer).to.equal(await recoverDigestSigner(reportDigest(TEST_DOMAIN, a), sa));
      expect(proof!.sequence).to.equal(3n);
    });

    it("is no equivocation for the same report, other sequences, or two signers", async function () {
      const [k1, k2] = [new Secret(generatePrivateKey()), new Secret(generatePrivateKey())];
      const a = reportOf(3n, [1]);
      const b = reportOf(3n, [2]);
      const c = reportOf(4n, [2]);
      const sign = (r: CustomsReport, k: Secret<Hex>) =>
        signDigest(reportDigest(TEST_DOMAIN, r), k);
      const sa = await sign(a, k1);
      expect(
        await detectEquivocation(
          TEST_DOMAIN,
          { report: a, signature: sa },
          { report: a, signature: sa },
        ),
      ).to.equal(null);
      expect(
        await detectEquivocation(
          TEST_DOMAIN,
          { report: a, signature: sa },
          { report: c, signature: await sign(c, k1) },
        ),
      ).to.equal(null);
      expect(
        await detectEquivocation(
          TEST_DOMAIN,
          { report: a, signature: sa },
          { report: b, signature: await sign(b, k2) },
        ),
      ).to.equal(null);
    });

    it("is caught by a leader that receives both signatures, and kept as evidence", async function () {
      const c = makeCommittee(5, 3);
      try {
        c.observeAll([1, 2].map((n) => makeEvent(n)));
        // node-3 is faulty: it signed report A for sequence 1 behind its store's back...
        const a = reportOf(1n, [1]);
        const forged = await signDigest(reportDigest(TEST_DOMAIN, a), c.members[2]!.key);
        const leader = c.members[0]!;
        leader.signatures.recordEvidence(reportDigest(TEST_DOMAIN, a), a, {
          signer: c.members[2]!.member.address,
          signature: forged,
        });
        // ...and now signs the leader's report B for the same sequence.
        const outcome = await leader.proposer.propose(1, 1n, 0, new Set());
        expect(outcome.status).to.equal("queued");
        const found = leader.signatures.equivocations();
        expect(found).to.have.length(1);
        expect(found[0]!.signer).to.equal(c.members[2]!.member.address);
        expect(found[0]!.digests).to.have.length(2);
      } finally {
        c.close();
      }
    });
  });

  describe("leader schedule", function () {
    it("gives each member a turn by the clock, and stops new proposals at a turn's close", function () {
      expect(leaderTurnAt(0, 1_000, 5)).to.deep.equal({
        turn: 0,
        leaderIndex: 0,
        remainingMs: 1_000,
        mayPropose: true,
      });
      expect(leaderTurnAt(1_000, 1_000, 5).leaderIndex).to.equal(1);
      expect(leaderTurnAt(5_999, 1_000, 5)).to.deep.equal({
        turn: 5,
        leaderIndex: 0,
        remainingMs: 1,
        mayPropose: false,
      });
      expect(leaderTurnAt(7_799, 1_000, 5).mayPropose).to.equal(true);
      expect(leaderTurnAt(7_800, 1_000, 5).mayPropose).to.equal(false);
      // Long turns close for at most 200 ms.
      expect(leaderTurnAt(4_799, 5_000, 5).mayPropose).to.equal(true);
      expect(leaderTurnAt(4_800, 5_000, 5).mayPropose).to.equal(false);
    });
  });
});

/**
 * The consortium's own exchange-rate feed, readable as a Chainlink AggregatorV3Interface: the
 * median of several publishers' fresh observations, each within a deviation limit of the
 * current answer (issue #12: one oracle member used to set the rate alone).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { network } from "hardhat";

import {
  DEMO_FX_AGGREGATION,
  type FxAggregation,
  setPublishersCall,
} from "../../lib/chain/fxFeed.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import type { ConsortiumFxFeed } from "../../types/ethers-contracts/index.js";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const MIN = 5_00000000n;
const MAX = 10_00000000n;
const ORACLE = ethers.id("ORACLE");
/** 3 of the 4 publishers, within 5% of the current answer, fresh for 10 minutes. */
const RULES: FxAggregation = { minPublishers: 3, maxDeviationBps: 500, maxObservationAge: 600 };

async function fixture() {
  const c = await deployConsortium(ethers);
  const feed = (await ethers.deployContract("ConsortiumFxFeed", [
    await c.registry.getAddress(),
    ORACLE,
    "0x555344",
    "0x434e59",
    8,
    MIN,
    MAX,
  ])) as unknown as ConsortiumFxFeed;
  const publishers = [1, 2, 3, 4].map((n) => c.members[`oracle${n}`]!);
  await executeGovernance(
    c.registry,
    c.admins[0]!,
    c.admins.slice(1),
    await setPublishersCall(
      feed,
      publishers.map((p) => p.address),
      RULES,
    ),
  );
  const [o1, o2, o3, o4] = publishers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  return {
    ...c,
    feed,
    o1,
    o2,
    o3,
    o4,
    /** An ORACLE member the feed does not list. */
    o5: c.members["oracle5"]!,
    bank: c.members["issuingBank"]!,
  };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** Each of `publishers` submits its answer, observed now (one block each). */
async function submit(feed: ConsortiumFxFeed, entries: [HardhatEthersSigner, bigint][]) {
  for (const [publisher, answer] of entries) {
    await (await feed.connect(publisher).publish(answer, await time.latest())).wait();
  }
}

/** A first round at 7.10 from o1, o2 and o3. */
async function roundAt710() {
  const f = await fixture();
  await submit(f.feed, [
    [f.o1, 7_10000000n],
    [f.o2, 7_10000000n],
    [f.o3, 7_10000000n],
  ]);
  return f;
}

async function latestAnswer(f: Fixture): Promise<bigint> {
  return (await f.feed.latestRoundData())[1];
}

describe("ConsortiumFxFeed", function () {
  it("reads as a Chainlink aggregator: decimals, description, version", async function () {
    const { feed } = await networkHelpers.loadFixture(fixture);
    expect(await feed.decimals()).to.equal(8n);
    expect(await feed.description()).to.equal("USD / CNY");
    expect(await feed.version()).to.equal(2n);
    expect(await feed.publisherRole()).to.equal(ORACLE);
    expect([await feed.baseCurrency(), await feed.quoteCurrency()]).to.deep.equal([
      "0x555344",
      "0x434e59",
    ]);
  });

  it("has no data before the first round", async function () {
    const { feed } = await networkHelpers.loadFixture(fixture);
    await expect(feed.latestRoundData())
      .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedNoData")
      .withArgs(0);
  });

  describe("the median of the publishers (issue #12)", function () {
    it("does not let one publisher alone set a rate: its observation waits for two more", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const observed = await time.latest();
      expect(await f.feed.connect(f.o1).publish.staticCall(7_10000000n, observed)).to.equal(0n);
      await expect(f.feed.connect(f.o1).publish(7_10000000n, observed))
        .to.emit(f.feed, "ObservationSubmitted")
        .withArgs(f.o1.address, 7_10000000n, observed)
        .and.not.to.emit(f.feed, "RatePublished");
      await expect(f.feed.latestRoundData())
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedNoData")
        .withArgs(0);
      expect(await f.feed.observationOf(f.o1.address)).to.deep.equal([
        7_10000000n,
        BigInt(observed),
      ]);
    });

    it("does not let one publisher move the rate once there is one", async function () {
      const f = await networkHelpers.loadFixture(roundAt710);
      // Within the 5% limit, but alone against two others: the median stays.
      await submit(f.feed, [[f.o1, 7_45000000n]]);
      const [roundId, answer] = await f.feed.latestRoundData();
      expect(roundId).to.equal(2n);
      expect(answer).to.equal(7_10000000n);
    });

    it("takes the median of three with one outlier, and the mean of the middle two of four", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const first = await time.latest();
      await f.feed.connect(f.o1).publish(7_10000000n, first);
      await f.feed.connect(f.o2).publish(7_12000000n, first + 1);
      await expect(f.feed.connect(f.o3).publish(9_90000000n, first + 2)) // the outlier
        .to.emit(f.feed, "RatePublished")
        .withArgs(1, 7_12000000n, first, f.o3.address);
      await submit(f.feed, [[f.o4, 7_14000000n]]);
      expect(await latestAnswer(f)).to.equal(7_13000000n);
    });

    it("does not count a stale observation, and dates a round by its oldest observation", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const t0 = await time.latest();
      await f.feed.connect(f.o1).publish(7_00000000n, t0);
      await f.feed.connect(f.o2).publish(7_10000000n, t0);
      await f.feed.connect(f.o3).publish(7_10000000n, t0);
      await time.increaseTo(t0 + RULES.maxObservationAge + 1); // every observation is stale now
      const t1 = await time.latest();
      await f.feed.connect(f.o2).publish(7_20000000n, t1);
      await f.feed.connect(f.o3).publish(7_20000000n, t1 + 1);
      // o1's stale 7.00 would have made three: no round yet.
      expect((await f.feed.latestRoundData())[0]).to.equal(1n);
      await f.feed.connect(f.o4).publish(7_30000000n, t1 + 2);
      expect(await f.feed.latestRoundData()).to.deep.equal([
        2n,
        7_20000000n,
        BigInt(t1),
        BigInt(t1),
        2n,
      ]);
    });

    it("refuses an observation that is stale when submitted", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const next = (await time.latest()) + 1;
      await time.setNextBlockTimestamp(next);
      const old = next - RULES.maxObservationAge - 1;
      await expect(f.feed.connect(f.o1).publish(7_10000000n, old))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedObservationStale")
        .withArgs(old, next - RULES.maxObservationAge);
    });

    it("refuses an observation deviating from the current answer beyond the limit, naming the values", async function () {
      const f = await networkHelpers.loadFixture(roundAt710);
      const now = await time.latest();
      // 7.50 is 5.63% above 7.10; the limit is 5%.
      await expect(f.feed.connect(f.o1).publish(7_50000000n, now))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedDeviationTooLarge")
        .withArgs(7_50000000n, 7_10000000n, 563n, 500n);
      await expect(f.feed.connect(f.o1).publish(6_70000000n, now))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedDeviationTooLarge")
        .withArgs(6_70000000n, 7_10000000n, 563n, 500n);
      expect((await f.feed.observationOf(f.o1.address))[0]).to.equal(7_10000000n); // unchanged
      // Exactly at the limit is accepted: 7.455 is 5.00% above.
      await f.feed.connect(f.o1).publish(7_45500000n, now + 1);
    });

    it("answers latestRoundData and getRoundData in Chainlink's shape, round by round", async function () {
      const f = await networkHelpers.loadFixture(roundAt710);
      const [roundId, answer, startedAt, updatedAt, answeredInRound] =
        await f.feed.latestRoundData();
      expect([roundId, answer, answeredInRound]).to.deep.equal([1n, 7_10000000n, 1n]);
      expect(startedAt).to.equal(updatedAt);
      await submit(f.feed, [
        [f.o1, 7_12000000n],
        [f.o2, 7_12000000n],
      ]);
      expect((await f.feed.latestRoundData())[0]).to.equal(3n);
      expect((await f.feed.getRoundData(1))[1]).to.equal(7_10000000n);
      await expect(f.feed.getRoundData(4))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedNoData")
        .withArgs(4);
    });
  });

  describe("who may publish", function () {
    it("refuses members without the publisher role, or suspended", async function () {
      const { feed, o1, bank, registry, admins } = await networkHelpers.loadFixture(fixture);
      const now = await time.latest();
      await expect(feed.connect(bank).publish(7_10000000n, now))
        .to.be.revertedWithCustomError(feed, "ConsortiumUnauthorizedAccount")
        .withArgs(bank.address, ORACLE);
      await registry.connect(admins[0]!).suspendMember(o1.address, "key compromise");
      await expect(feed.connect(o1).publish(7_10000000n, now))
        .to.be.revertedWithCustomError(feed, "ConsortiumUnauthorizedAccount")
        .withArgs(o1.address, ORACLE);
    });

    it("refuses an ORACLE member governance did not make a publisher", async function () {
      const { feed, o5 } = await networkHelpers.loadFixture(fixture);
      await expect(feed.connect(o5).publish(7_10000000n, await time.latest()))
        .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedNotPublisher")
        .withArgs(o5.address);
    });
  });

  describe("observations", function () {
    it("refuses a rate outside its sanity bounds", async function () {
      const { feed, o1 } = await networkHelpers.loadFixture(fixture);
      const now = await time.latest();
      for (const answer of [MIN - 1n, MAX + 1n, 0n, -1n]) {
        await expect(feed.connect(o1).publish(answer, now))
          .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedAnswerOutOfBounds")
          .withArgs(answer, MIN, MAX);
      }
    });

    it("refuses an observation no newer than the publisher's own, older than the latest round, or from the future", async function () {
      const f = await networkHelpers.loadFixture(roundAt710);
      const round = (await f.feed.latestRoundData())[3];
      const [, own] = await f.feed.observationOf(f.o3.address);
      await expect(f.feed.connect(f.o3).publish(7_20000000n, own))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedObservationNotNewer")
        .withArgs(own, own);
      await expect(f.feed.connect(f.o4).publish(7_20000000n, round - 1n))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedObservationNotNewer")
        .withArgs(round - 1n, round);
      const next = (await time.latest()) + 1;
      await time.setNextBlockTimestamp(next);
      await expect(f.feed.connect(f.o4).publish(7_20000000n, next + 100))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedObservationInFuture")
        .withArgs(next + 100, next);
    });
  });

  describe("governance of the publishers", function () {
    it("lets only governance set the publishers", async function () {
      const { feed, admins, o1, o2, o3 } = await networkHelpers.loadFixture(fixture);
      await expect(
        feed.connect(admins[0]!).setPublishers([o1.address, o2.address, o3.address], RULES),
      )
        .to.be.revertedWithCustomError(feed, "ConsortiumOnlyGovernance")
        .withArgs(admins[0]!.address);
      expect(await feed.publishers()).to.have.length(4);
      const rules = await feed.aggregation();
      expect([rules.minPublishers, rules.maxDeviationBps, rules.maxObservationAge]).to.deep.equal([
        3n,
        500n,
        600n,
      ]);
    });

    it("clears every observation when governance replaces the publishers", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      await submit(f.feed, [
        [f.o1, 7_10000000n],
        [f.o2, 7_10000000n],
      ]);
      await executeGovernance(
        f.registry,
        f.admins[0]!,
        f.admins.slice(1),
        await setPublishersCall(
          f.feed,
          [f.o2.address, f.o3.address, f.o5.address],
          DEMO_FX_AGGREGATION,
        ),
      );
      expect(await f.feed.observationOf(f.o1.address)).to.deep.equal([0n, 0n]);
      expect(await f.feed.observationOf(f.o2.address)).to.deep.equal([0n, 0n]);
      await expect(f.feed.connect(f.o1).publish(7_10000000n, await time.latest()))
        .to.be.revertedWithCustomError(f.feed, "ConsortiumFxFeedNotPublisher")
        .withArgs(f.o1.address);
      // o2's earlier 7.10 no longer counts: o3 and o5 make two of three.
      await submit(f.feed, [
        [f.o3, 7_10000000n],
        [f.o5, 7_10000000n],
      ]);
      await expect(f.feed.latestRoundData()).to.be.revertedWithCustomError(
        f.feed,
        "ConsortiumFxFeedNoData",
      );
    });

    it("refuses fewer than three, more publishers than listed, more than 16, twice the same, a non-ORACLE member, or unusable limits", async function () {
      const f = await networkHelpers.loadFixture(fixture);
      const three = [f.o1.address, f.o2.address, f.o3.address];
      const signers = await ethers.getSigners();
      const cases: [string[], FxAggregation, string][] = [
        [three, { ...RULES, minPublishers: 2 }, "minPublishers"],
        [three, { ...RULES, minPublishers: 4 }, "minPublishers"],
        [signers.slice(0, 17).map((s) => s.address), RULES, "publishers"],
        [[...three, f.o1.address], RULES, "publishers"],
        [three, { ...RULES, maxDeviationBps: 0 }, "maxDeviationBps"],
        [three, { ...RULES, maxDeviationBps: 10_001 }, "maxDeviationBps"],
        [three, { ...RULES, maxObservationAge: 0 }, "maxObservationAge"],
      ];
      for (const [publishers, rules, field] of cases) {
        const call = await setPublishersCall(f.feed, publishers, rules);
        await f.registry.connect(f.admins[0]!).propose(call.target, call.data, call.description);
        const id = await f.registry.proposalCount();
        const reason = f.feed.interface.encodeErrorResult("ConsortiumFxFeedInvalidConfig", [field]);
        await expect(f.registry.connect(f.admins[1]!).approve(id), field)
          .to.be.revertedWithCustomError(f.registry, "ConsortiumProposalFailed")
          .withArgs(id, reason);
      }
      const call = await setPublishersCall(f.feed, [...three, f.bank.address], RULES);
      await f.registry.connect(f.admins[0]!).propose(call.target, call.data, call.description);
      const id = await f.registry.proposalCount();
      const reason = f.feed.interface.encodeErrorResult("ConsortiumUnauthorizedAccount", [
        f.bank.address,
        ORACLE,
      ]);
      await expect(f.registry.connect(f.admins[1]!).approve(id))
        .to.be.revertedWithCustomError(f.registry, "ConsortiumProposalFailed")
        .withArgs(id, reason);
    });
  });

  it("refuses a configuration with an unknown role, one currency twice, or bounds that are not positive", async function () {
    const { registry } = await networkHelpers.loadFixture(fixture);
    const factory = await ethers.getContractFactory("ConsortiumFxFeed");
    const r = await registry.getAddress();
    const cases: [unknown[], string][] = [
      [[r, ethers.id("NOBODY"), "0x555344", "0x434e59", 8, MIN, MAX], "publisherRole"],
      [[r, ORACLE, "0x555344", "0x555344", 8, MIN, MAX], "currencies"],
      [[r, ORACLE, "0x555344", "0x434e59", 19, MIN, MAX], "decimals"],
      [[r, ORACLE, "0x555344", "0x434e59", 8, 0n, MAX], "bounds"],
      [[r, ORACLE, "0x555344", "0x434e59", 8, MAX, MIN], "bounds"],
      [[r, ORACLE, "0x555344", "0x434e59", 8, MIN, 2n ** 191n], "bounds"],
    ];
    for (const [args, field] of cases) {
      await expect(ethers.deployContract("ConsortiumFxFeed", args))
        .to.be.revertedWithCustomError(factory, "ConsortiumFxFeedInvalidConfig")
        .withArgs(field);
    }
  });
});

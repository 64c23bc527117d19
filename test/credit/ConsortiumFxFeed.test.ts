/**
 * The consortium's own exchange-rate feed, readable as a Chainlink AggregatorV3Interface.
 */
import { expect } from "chai";
import { network } from "hardhat";

import type { ConsortiumFxFeed } from "../../types/ethers-contracts/index.js";
import { deployConsortium } from "../helpers/consortium.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

const MIN = 5_00000000n;
const MAX = 10_00000000n;

async function fixture() {
  const c = await deployConsortium(ethers);
  const feed = (await ethers.deployContract("ConsortiumFxFeed", [
    await c.registry.getAddress(),
    ethers.id("ORACLE"),
    "0x555344",
    "0x434e59",
    8,
    MIN,
    MAX,
  ])) as unknown as ConsortiumFxFeed;
  return { ...c, feed, oracle: c.members["oracle1"]!, bank: c.members["issuingBank"]! };
}

describe("ConsortiumFxFeed", function () {
  it("reads as a Chainlink aggregator: decimals, description, version", async function () {
    const { feed } = await networkHelpers.loadFixture(fixture);
    expect(await feed.decimals()).to.equal(8n);
    expect(await feed.description()).to.equal("USD / CNY");
    expect(await feed.version()).to.equal(1n);
    expect(await feed.publisherRole()).to.equal(ethers.id("ORACLE"));
    expect([await feed.baseCurrency(), await feed.quoteCurrency()]).to.deep.equal([
      "0x555344",
      "0x434e59",
    ]);
  });

  it("has no data before the first publication", async function () {
    const { feed } = await networkHelpers.loadFixture(fixture);
    await expect(feed.latestRoundData())
      .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedNoData")
      .withArgs(0);
  });

  it("publishes each rate as a new round, dated when it was observed", async function () {
    const { feed, oracle } = await networkHelpers.loadFixture(fixture);
    const observed = (await time.latest()) - 30;
    await expect(feed.connect(oracle).publish(7_10000000n, observed))
      .to.emit(feed, "RatePublished")
      .withArgs(1, 7_10000000n, observed, oracle.address);
    expect(await feed.latestRoundData()).to.deep.equal([
      1n,
      7_10000000n,
      BigInt(observed),
      BigInt(observed),
      1n,
    ]);
    await time.setNextBlockTimestamp(observed + 120);
    await feed.connect(oracle).publish(7_12000000n, observed + 60);
    expect((await feed.latestRoundData())[1]).to.equal(7_12000000n);
    expect((await feed.getRoundData(1))[1]).to.equal(7_10000000n);
    await expect(feed.getRoundData(3))
      .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedNoData")
      .withArgs(3);
  });

  it("refuses publications by members without the publisher role, or suspended", async function () {
    const { feed, oracle, bank, registry, admins } = await networkHelpers.loadFixture(fixture);
    const now = await time.latest();
    await expect(feed.connect(bank).publish(7_10000000n, now))
      .to.be.revertedWithCustomError(feed, "ConsortiumUnauthorizedAccount")
      .withArgs(bank.address, ethers.id("ORACLE"));
    await registry.connect(admins[0]!).suspendMember(oracle.address, "key compromise");
    await expect(feed.connect(oracle).publish(7_10000000n, now))
      .to.be.revertedWithCustomError(feed, "ConsortiumUnauthorizedAccount")
      .withArgs(oracle.address, ethers.id("ORACLE"));
  });

  it("refuses a rate outside its sanity bounds", async function () {
    const { feed, oracle } = await networkHelpers.loadFixture(fixture);
    const now = await time.latest();
    for (const answer of [MIN - 1n, MAX + 1n, 0n, -1n]) {
      await expect(feed.connect(oracle).publish(answer, now))
        .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedAnswerOutOfBounds")
        .withArgs(answer, MIN, MAX);
    }
  });

  it("refuses an observation no newer than the latest, or from the future", async function () {
    const { feed, oracle } = await networkHelpers.loadFixture(fixture);
    const now = await time.latest();
    await feed.connect(oracle).publish(7_10000000n, now);
    await expect(feed.connect(oracle).publish(7_20000000n, now))
      .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedObservationNotNewer")
      .withArgs(now, now);
    const next = (await time.latest()) + 1;
    await time.setNextBlockTimestamp(next);
    await expect(feed.connect(oracle).publish(7_20000000n, next + 100))
      .to.be.revertedWithCustomError(feed, "ConsortiumFxFeedObservationInFuture")
      .withArgs(next + 100, next);
  });

  it("refuses a configuration with an unknown role, one currency twice, or bounds that are not positive", async function () {
    const { registry } = await networkHelpers.loadFixture(fixture);
    const factory = await ethers.getContractFactory("ConsortiumFxFeed");
    const r = await registry.getAddress();
    const cases: [unknown[], string][] = [
      [[r, ethers.id("NOBODY"), "0x555344", "0x434e59", 8, MIN, MAX], "publisherRole"],
      [[r, ethers.id("ORACLE"), "0x555344", "0x555344", 8, MIN, MAX], "currencies"],
      [[r, ethers.id("ORACLE"), "0x555344", "0x434e59", 19, MIN, MAX], "decimals"],
      [[r, ethers.id("ORACLE"), "0x555344", "0x434e59", 8, 0n, MAX], "bounds"],
      [[r, ethers.id("ORACLE"), "0x555344", "0x434e59", 8, MAX, MIN], "bounds"],
    ];
    for (const [args, field] of cases) {
      await expect(ethers.deployContract("ConsortiumFxFeed", args))
        .to.be.revertedWithCustomError(factory, "ConsortiumFxFeedInvalidConfig")
        .withArgs(field);
    }
  });
});

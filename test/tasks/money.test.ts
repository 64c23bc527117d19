import { expect } from "chai";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import type { BalanceResult } from "../../tasks/money/balance.ts";
import type { PublishRateResult } from "../../tasks/money/publishRate.ts";
import type { SetPublishersResult } from "../../tasks/money/setPublishers.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { ConsortiumFxFeed__factory } from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  ethers,
  expectNothingSent,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";
import { publishRate } from "./tradeFlow.ts";

const signers = await ethers.getSigners();
const account = (key: string) => signers[demoMember(key).accountIndex]!.address;

const mint = {
  as: "issuingBank",
  token: "CnyDepositToken",
  to: "issuingBank",
  amount: "1250000.50",
  depositRef: "DEP-2026-0001",
};

describe("money tasks", function () {
  it("mints deposit tokens against a deposit, and shows the balance", async function () {
    const deployment = await caravel();
    const run = await runTask(["money", "mint"], { ...mint, send: true }, deployment);
    succeeded(run);
    expect(run.out[0]).to.equal(
      `Done: mint 1,250,000.50 cCNY to issuingBank (${account("issuingBank")}) against deposit DEP-2026-0001, as issuingBank (${account("issuingBank")}).`,
    );
    const balance = await runTask<BalanceResult>(
      ["money", "balance"],
      { token: "CnyDepositToken", of: "issuingBank" },
      deployment,
    );
    expect(succeeded(balance).balance).to.equal(125_000_050n);
    expect(balance.out).to.deep.equal([
      `issuingBank (${account("issuingBank")}) holds 1,250,000.50 cCNY.`,
    ]);
  });

  it("refuses a mint by a member that is not a bank, and an amount finer than a cent", async function () {
    const deployment = await caravel();
    const notBank = await runTask(
      ["money", "mint"],
      { ...mint, as: "exporter", send: true },
      deployment,
    );
    expect((failed(notBank) as ContractRevertError).revert.errorName).to.equal(
      "ConsortiumUnauthorizedAccount",
    );
    const fine = await expectNothingSent(account("issuingBank"), () =>
      runTask(["money", "mint"], { ...mint, amount: "10.005", send: true }, deployment),
    );
    expect(fine.err).to.deep.equal([
      'Error CARAVEL-001: --amount: "10.005" has 3 decimal places; cCNY amounts take at most 2.',
    ]);
  });

  it("records one publisher's observation, and forms a rate when the third publisher agrees", async function () {
    const deployment = await caravel();
    const first = await runTask<PublishRateResult>(
      ["money", "publish-rate"],
      { as: "oracle1", feed: "UsdCnyFeed", rate: "7.1025", send: true },
      deployment,
    );
    expect(succeeded(first).roundId).to.equal(0n);
    expect(first.out[0]).to.equal(
      `Done: publish the rate 7.1025 CNY per USD, as oracle1 (${account("oracle1")}).`,
    );
    expect(first.out.at(-1)).to.equal(
      "The observation waits: a new rate needs 3 publishers' fresh observations.",
    );
    succeeded(
      await runTask(
        ["money", "publish-rate"],
        { as: "oracle2", feed: "UsdCnyFeed", rate: "7.1000", send: true },
        deployment,
      ),
    );
    const third = await runTask<PublishRateResult>(
      ["money", "publish-rate"],
      { as: "oracle3", feed: "UsdCnyFeed", rate: "7.0990", send: true },
      deployment,
    );
    expect(succeeded(third).roundId).to.equal(1n);
    expect(third.out.at(-1)).to.equal(
      "The observation formed round 1: the feed's rate is the median of its publishers' fresh observations.",
    );
    const feed = ConsortiumFxFeed__factory.connect(
      addressOf(deployment, "UsdCnyFeed"),
      ethers.provider,
    );
    expect((await feed.latestRoundData())[1]).to.equal(7_10000000n);
  });

  it("refuses a rate outside the feed's bounds, or too far from the current rate", async function () {
    const deployment = await caravel();
    const wild = await runTask(
      ["money", "publish-rate"],
      { as: "oracle1", feed: "UsdCnyFeed", rate: "71.025", send: true },
      deployment,
    );
    expect(wild.err[0]).to.equal(
      "Error CARAVEL-542: Refused: a rate of 7102500000 is outside the feed's bounds [500000000, 1000000000].",
    );
    await publishRate(deployment, "7.1000");
    const jump = await runTask(
      ["money", "publish-rate"],
      { as: "oracle4", feed: "UsdCnyFeed", rate: "7.9000" },
      deployment,
    );
    expect(jump.err[0]).to.equal(
      "Error CARAVEL-547: Refused: a rate of 790000000 is 1126 basis points from the current 710000000; the feed accepts at most 1000.",
    );
  });

  it("proposes new feed publishers, which the second administrator's approval installs", async function () {
    const deployment = await caravel();
    const run = await runTask<SetPublishersResult>(
      ["money", "set-publishers"],
      {
        as: "admin1",
        feed: "UsdCnyFeed",
        publishers: "oracle2,oracle3,oracle4",
        minPublishers: "3",
        maxDeviationBps: "500",
        maxObservationAge: "1800",
        send: true,
      },
      deployment,
    );
    const proposalId = succeeded(run).proposalId;
    expect(run.out.at(-1)).to.equal(
      `Proposal ${proposalId} made; it needs 1 more approval(s): npx hardhat consortium approve --proposal ${proposalId} --as <another administrator> --send`,
    );
    const feed = ConsortiumFxFeed__factory.connect(
      addressOf(deployment, "UsdCnyFeed"),
      ethers.provider,
    );
    expect(await feed.publishers()).to.have.length(5); // not yet
    succeeded(
      await runTask(
        ["consortium", "approve"],
        { as: "admin2", proposal: String(proposalId), send: true },
        deployment,
      ),
    );
    expect(await feed.publishers()).to.deep.equal(["oracle2", "oracle3", "oracle4"].map(account));
    expect((await feed.aggregation()).maxDeviationBps).to.equal(500n);
  });

  it("refuses to propose publishers the feed would refuse, before sending anything", async function () {
    const deployment = await caravel();
    const run = await expectNothingSent(signers[0]!.address, () =>
      runTask(
        ["money", "set-publishers"],
        {
          as: "admin1",
          feed: "UsdCnyFeed",
          publishers: "oracle1,oracle2",
          minPublishers: "2",
          maxDeviationBps: "500",
          maxObservationAge: "1800",
          send: true,
        },
        deployment,
      ),
    );
    expect(run.err[0]).to.equal(
      "Error CARAVEL-545: Refused: the feed's minPublishers is unusable.",
    );
  });

  it("refuses a publisher that is not an oracle member", async function () {
    const deployment = await caravel();
    const run = await runTask(
      ["money", "publish-rate"],
      { as: "issuingBank", feed: "UsdCnyFeed", rate: "7.1", send: true },
      deployment,
    );
    expect(run.err[0]).to.equal(
      `Error CARAVEL-101: Refused: issuingBank (${account("issuingBank")}) may not do this: it does not hold the ORACLE role (or it is suspended).`,
    );
  });

  it("refuses a token the deployment does not have", async function () {
    const deployment = await caravel();
    const run = await runTask(
      ["money", "balance"],
      { token: "EurDepositToken", of: "issuingBank" },
      deployment,
    );
    expect(run.err[0]).to.match(
      /^Error CARAVEL-001: --token: the deployment has no contract named "EurDepositToken" \(it has .*CnyDepositToken/,
    );
  });
});

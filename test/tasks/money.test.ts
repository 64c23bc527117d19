import { expect } from "chai";

import { demoMember } from "../../scripts/lib/demoConsortium.ts";
import type { BalanceResult } from "../../tasks/money/balance.ts";
import { ContractRevertError } from "../../tasks/support/decodeRevert.ts";
import { caravel, ethers, expectNothingSent, failed, runTask, succeeded } from "./helpers.ts";

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

  it("publishes a rate within the feed's bounds, and refuses one outside them", async function () {
    const deployment = await caravel();
    const run = await runTask(
      ["money", "publish-rate"],
      { as: "oracle1", feed: "UsdCnyFeed", rate: "7.1025", send: true },
      deployment,
    );
    succeeded(run);
    expect(run.out[0]).to.equal(
      `Done: publish the rate 7.1025 CNY per USD, as oracle1 (${account("oracle1")}).`,
    );
    const wild = await runTask(
      ["money", "publish-rate"],
      { as: "oracle1", feed: "UsdCnyFeed", rate: "71.025", send: true },
      deployment,
    );
    expect(wild.err[0]).to.equal(
      "Error CARAVEL-542: Refused: a rate of 7102500000 is outside the feed's bounds [500000000, 1000000000].",
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

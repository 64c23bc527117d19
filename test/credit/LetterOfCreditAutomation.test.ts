/**
 * The Chainlink Automation-compatible sweep: finds expired credits to release and honoured drawings
 * to settle, in bounded slices, and acts on them through the letter of credit's own public steps.
 */
import { anyUint } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { network } from "hardhat";

import { LcStatus } from "../../lib/trade/enums.ts";
import {
  advised,
  type CreditFixture,
  deployCreditFixture,
  EXPIRY,
  issued,
  presented,
  SHIPPED_ON_BOARD,
  titleToIssuingBank,
} from "./fixtures.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;
const coder = ethers.AbiCoder.defaultAbiCoder();
const DAY = 86_400;
const RETRY_DELAY = 6 * 3600;

async function fixture(): Promise<CreditFixture> {
  return deployCreditFixture(ethers, networkHelpers);
}

function ids(performData: string): bigint[] {
  return [...(coder.decode(["uint256[]"], performData)[0] as bigint[])];
}

function batch(lcIds: bigint[]): string {
  return coder.encode(["uint256[]"], [lcIds]);
}

/** Four credits: 1 expires early, 2 is honoured with title passed, 3 stays operative, 4 is honoured without title. */
async function mixedBook(f: CreditFixture): Promise<[bigint, bigint, bigint, bigint]> {
  const early = await issued(f, {
    expiresAt: SHIPPED_ON_BOARD,
    latestShipmentAt: SHIPPED_ON_BOARD - DAY,
  });
  const paid = await advised(f, { aboutAmount: false });
  const operative = await advised(f);
  const waiting = await advised(f, { aboutAmount: false });
  await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
  for (const lcId of [paid, waiting]) {
    await presented(f, lcId);
    await f.lc.connect(f.advisingBank).examine(lcId);
    await f.lc.connect(f.advisingBank).honour(lcId);
  }
  await titleToIssuingBank(f); // both drawings refer to the same bill: title has passed for both
  return [early, paid, operative, waiting];
}

describe("LetterOfCreditAutomation", function () {
  it("has nothing to do while every credit is operative", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await advised(f);
    const [needed, data] = await f.automation.checkUpkeep("0x");
    expect(needed).to.equal(false);
    expect(ids(data)).to.deep.equal([]);
  });

  it("finds expired credits to release and honoured drawings to settle, and acts on them", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [early, paid, operative, waiting] = await mixedBook(f);
    const earlyHeld = (await f.lc.escrowOf(early)).held;
    const [needed, data] = await f.automation.checkUpkeep("0x");
    expect(needed).to.equal(true);
    expect(ids(data)).to.deep.equal([early, paid, waiting]);

    const tx = await f.automation.connect(f.outsiders[0]!).performUpkeep(data);
    await expect(tx).to.emit(f.lc, "CreditClosed").withArgs(early, earlyHeld);
    await expect(tx).to.emit(f.lc, "DrawingSettled");
    expect(await f.lc.status(early)).to.equal(LcStatus.Closed);
    expect(await f.lc.status(paid)).to.equal(LcStatus.Closed);
    expect(await f.lc.status(waiting)).to.equal(LcStatus.Closed);
    expect(await f.lc.status(operative)).to.equal(LcStatus.Advised);
    const [after] = await f.automation.checkUpkeep("0x");
    expect(after).to.equal(false);
  });

  it("does not offer a drawing whose settlement conditions do not hold", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [, paid, , waiting] = await mixedBook(f);
    await f.bills.setHolder(1n, f.advisingBank.address, ethers.ZeroAddress); // title back with the advising bank
    const [needed, data] = await f.automation.checkUpkeep("0x");
    expect(needed).to.equal(true);
    expect(ids(data)).to.not.include(paid);
    expect(ids(data)).to.not.include(waiting);
  });

  it("checks each credit again: ids that cannot be acted on are skipped without effect", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [, , operative] = await mixedBook(f);
    const tx = await f.automation.performUpkeep(batch([operative, 999n]));
    const receipt = await tx.wait();
    expect(receipt!.logs).to.have.length(0);
    expect(await f.lc.status(operative)).to.equal(LcStatus.Advised);
  });

  it("reports a credit whose action fails and goes on with the others", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [early, paid] = await mixedBook(f);
    await f.registry.connect(f.admins[0]!).suspendMember(f.exporter.address, "sanctions review");
    const reason = f.usdToken.interface.encodeErrorResult("DepositTokenHolderNotPermitted", [
      f.exporter.address,
    ]);
    const tx = await f.automation.performUpkeep(batch([paid, early]));
    const failedAt = (await ethers.provider.getBlock((await tx.wait())!.blockNumber))!.timestamp;
    const retryAt = BigInt(failedAt + RETRY_DELAY);
    await expect(tx).to.emit(f.automation, "UpkeepActionFailed").withArgs(paid, reason, retryAt);
    expect(await f.lc.status(paid)).to.equal(LcStatus.Honoured);
    expect(await f.lc.status(early)).to.equal(LcStatus.Closed);
    expect(await f.automation.retryAt(paid)).to.equal(retryAt);
  });

  it("passes over a credit whose action failed until its retry time, then offers it again", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [, paid] = await mixedBook(f);
    await f.registry.connect(f.admins[0]!).suspendMember(f.exporter.address, "sanctions review");
    await f.automation.performUpkeep(batch([paid]));
    expect(ids((await f.automation.checkUpkeep("0x"))[1])).to.not.include(paid);
    await f.registry.connect(f.admins[0]!).reinstateMember(f.exporter.address);
    await time.increaseTo(await f.automation.retryAt(paid));
    const [, data] = await f.automation.checkUpkeep("0x");
    expect(ids(data)).to.include(paid);
    await expect(f.automation.performUpkeep(data)).to.emit(f.lc, "DrawingSettled");
  });

  it("gets past more than a batch of credits that always fail to the healthy ones behind them", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const stuck: bigint[] = [];
    for (let i = 0; i < 11; i++) stuck.push(await advised(f, { aboutAmount: false }));
    const healthy: bigint[] = [];
    for (let i = 0; i < 2; i++) {
      healthy.push(
        await issued(f, { expiresAt: SHIPPED_ON_BOARD, latestShipmentAt: SHIPPED_ON_BOARD - DAY }),
      );
    }
    await time.increaseTo(SHIPPED_ON_BOARD + 2 * DAY);
    for (const lcId of stuck) {
      await presented(f, lcId);
      await f.lc.connect(f.advisingBank).examine(lcId);
      await f.lc.connect(f.advisingBank).honour(lcId);
    }
    await titleToIssuingBank(f);
    // Every settlement preview passes; every transfer to the suspended beneficiary fails.
    await f.registry.connect(f.admins[0]!).suspendMember(f.exporter.address, "sanctions review");

    const [, first] = await f.automation.checkUpkeep("0x");
    expect(ids(first)).to.deep.equal(stuck.slice(0, 10));
    await f.automation.performUpkeep(first);
    const [, second] = await f.automation.checkUpkeep("0x");
    expect(ids(second)).to.have.members([stuck[10]!, ...healthy]);
    await f.automation.performUpkeep(second);
    for (const lcId of healthy) expect(await f.lc.status(lcId)).to.equal(LcStatus.Closed);
    for (const lcId of stuck) expect(await f.lc.status(lcId)).to.equal(LcStatus.Honoured);
    expect((await f.automation.checkUpkeep("0x"))[0]).to.equal(false);
  });

  it("refuses to act on a credit with too little gas left, so nobody can make a healthy credit fail and be passed over", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [, paid] = await mixedBook(f);
    const needed = await f.automation.ACTION_GAS();
    await expect(f.automation.performUpkeep(batch([paid]), { gasLimit: 200_000 }))
      .to.be.revertedWithCustomError(f.automation, "LetterOfCreditAutomationGasShort")
      .withArgs(anyUint, needed);
    expect(await f.automation.retryAt(paid)).to.equal(0n);
    expect(await f.lc.status(paid)).to.equal(LcStatus.Honoured);
  });

  it("acts on at most 10 credits per upkeep", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcIds: bigint[] = [];
    for (let i = 0; i < 12; i++) lcIds.push(await issued(f));
    await time.increaseTo(EXPIRY + 1);
    const [, first] = await f.automation.checkUpkeep("0x");
    expect(ids(first)).to.deep.equal(lcIds.slice(0, 10));
    await f.automation.performUpkeep(first);
    expect(await f.lc.openCreditCount()).to.equal(2n);
    const [, second] = await f.automation.checkUpkeep("0x");
    expect(ids(second)).to.have.members(lcIds.slice(10));
    await f.automation.performUpkeep(second);
    expect(await f.lc.openCreditCount()).to.equal(0n);
    await expect(f.automation.performUpkeep(batch(lcIds.slice(0, 11))))
      .to.be.revertedWithCustomError(f.automation, "LetterOfCreditAutomationBatchTooLarge")
      .withArgs(11, 10);
  });

  it("looks only at the slice of the open-credit queue its checkData names, at most 200", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const lcIds: bigint[] = [];
    for (let i = 0; i < 6; i++) lcIds.push(await issued(f));
    await time.increaseTo(EXPIRY + 1);
    const slice = (start: number, count: number) =>
      coder.encode(["uint256", "uint256"], [start, count]);
    expect(ids((await f.automation.checkUpkeep(slice(2, 3)))[1])).to.deep.equal(lcIds.slice(2, 5));
    expect(ids((await f.automation.checkUpkeep(slice(4, 1000)))[1])).to.deep.equal(lcIds.slice(4));
    expect((await f.automation.checkUpkeep(slice(9, 5)))[0]).to.equal(false);
    expect(await f.automation.MAX_SCAN()).to.equal(200n);
  });
});

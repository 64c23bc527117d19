/**
 * Scenario tests of pre-shipment advances with the real customs oracle: quorum-signed reports
 * bring the shipment's milestones, out of order and duplicated, and each tranche is released once;
 * a shipment that never departs makes the advance overdue.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { AdvanceStatus } from "../../lib/trade/preShipmentAdvance.ts";
import { customsEvent } from "../oracle/helpers/customsReport.ts";
import { deployOracleSetup, submitNext } from "../oracle/helpers/oracleFixture.ts";
import { DAY, deployAdvanceWorld, fundedAdvance, now, usd } from "./advanceFixture.ts";

const { ethers, networkHelpers, provider } = await network.create();
const { time } = networkHelpers;

async function oracleWorld() {
  const setup = await deployOracleSetup(ethers, provider);
  const w = await deployAdvanceWorld(ethers, {
    consortium: setup.consortium,
    customsAddress: await setup.oracle.getAddress(),
  });
  const id = await fundedAdvance(w, ethers);
  return { setup, w, id };
}

describe("PreShipmentAdvance with the customs oracle", function () {
  it("releases each tranche once when milestones arrive out of order and twice", async function () {
    const { setup, w, id } = await networkHelpers.loadFixture(oracleWorld);
    const t0 = Number(await now(ethers)) - 3 * 3600;
    // The carrier's departure reaches the oracle first; loading and the export declaration's
    // acceptance arrive late (recorded as out of order, never applied), and departure again.
    await (
      await submitNext(setup, [customsEvent(w.shipmentRef, "Departed", t0 + 7200, "GBFXT")])
    ).wait();
    await (
      await submitNext(setup, [
        customsEvent(w.shipmentRef, "Loaded", t0 + 3600, "GBFXT"),
        customsEvent(w.shipmentRef, "DeclarationAccepted", t0, "GBFXT"),
        customsEvent(w.shipmentRef, "Departed", t0 + 7200, "GBFXT"),
      ])
    ).wait();
    expect((await setup.oracle.hasReached(w.shipmentRef, 9)).reached).to.equal(false); // Loaded never applied

    const released: bigint[] = [];
    for (const index of [1n, 0n, 2n]) {
      const tx = await w.advance.connect(w.exporter).claimTranche(id, index);
      await tx.wait();
      released.push((await w.advance.advance(id)).released);
      await expect(w.advance.connect(w.exporter).claimTranche(id, index))
        .to.be.revertedWithCustomError(w.advance, "AdvanceTrancheAlreadyReleased")
        .withArgs(id, index);
    }
    expect(released).to.deep.equal([usd(80_000), usd(140_000), usd(200_000)]);
    expect(await w.token.balanceOf(w.exporter.address)).to.equal(usd(200_000));
  });

  it("releases the declaration and loading tranches in order and holds the departure one back", async function () {
    const { setup, w, id } = await networkHelpers.loadFixture(oracleWorld);
    const t0 = Number(await now(ethers)) - 3 * 3600;
    await (
      await submitNext(setup, [customsEvent(w.shipmentRef, "DeclarationAccepted", t0, "GBFXT")])
    ).wait();
    await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
    await expect(w.advance.connect(w.exporter).claimTranche(id, 1n)).to.be.revertedWithCustomError(
      w.advance,
      "AdvanceMilestoneNotReached",
    );
    await (
      await submitNext(setup, [customsEvent(w.shipmentRef, "Loaded", t0 + 3600, "GBFXT")])
    ).wait();
    await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();
    await expect(w.advance.connect(w.exporter).claimTranche(id, 2n))
      .to.be.revertedWithCustomError(w.advance, "AdvanceMilestoneNotReached")
      .withArgs(id, 2n, 2, w.shipmentRef);
    expect((await w.advance.advance(id)).released).to.equal(usd(140_000));
  });

  it("makes the advance overdue when the shipment never departs", async function () {
    const { setup, w, id } = await networkHelpers.loadFixture(oracleWorld);
    const t0 = Number(await now(ethers)) - 3600;
    await (
      await submitNext(setup, [
        customsEvent(w.shipmentRef, "DeclarationAccepted", t0, "GBFXT"),
        customsEvent(w.shipmentRef, "Loaded", t0 + 60, "GBFXT"),
      ])
    ).wait();
    await (await w.advance.connect(w.exporter).claimTranche(id, 0n)).wait();
    await (await w.advance.connect(w.exporter).claimTranche(id, 1n)).wait();
    await time.increaseTo(w.latestShipmentAt + 10n * BigInt(DAY) + 1n);
    await expect(w.advance.markOverdue(id)).to.emit(w.advance, "AdvanceOverdue");
    const a = await w.advance.advance(id);
    expect(a.status).to.equal(AdvanceStatus.Overdue);
    expect(a.overdueClaim).to.be.greaterThan(usd(140_000));
    await expect(w.advance.connect(w.exporter).claimTranche(id, 2n))
      .to.be.revertedWithCustomError(w.advance, "AdvanceWrongStatus")
      .withArgs(id, AdvanceStatus.Overdue, AdvanceStatus.Funded);
  });
});

/**
 * The open-account trade end to end on the real contracts: the advance on the order, released on
 * the export declaration (30 %) and loading (40 %), the importer's bank's commitment maturing 60
 * days after the bill's date, its voucher carrying the advance's share, and at maturity the
 * advancing bank repaid first, the exporter receiving the rest.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { AdvanceStatus } from "../../lib/trade/preShipmentAdvance.ts";
import { ORDER_AMOUNT, ORDER_ID } from "./commitmentFixture.ts";
import { deployOpenAccountWorld, runOpenAccountTrade } from "./openAccountTrade.ts";

const { ethers, networkHelpers } = await network.create();
const { time } = networkHelpers;

async function world() {
  return deployOpenAccountWorld(ethers);
}

describe("An open-account trade with a pre-shipment advance", function () {
  it("repays the advancing bank first out of the commitment's voucher and pays the exporter the rest", async function () {
    const w = await networkHelpers.loadFixture(world);
    const bankBefore = await w.cnyToken.balanceOf(w.otherBank.address);
    const exporterBefore = await w.cnyToken.balanceOf(w.exporter.address);
    const { advanceId } = await runOpenAccountTrade(w, ethers, time);

    const a = await w.advance.advance(advanceId);
    expect(a.status).to.equal(AdvanceStatus.Repaid);
    expect(a.released).to.equal((ORDER_AMOUNT * 8000n * 7000n) / 10_000n / 10_000n); // 70 % of 80 %
    expect(a.principalRepaid).to.equal(a.released);
    expect(a.interestPaid).to.be.greaterThan(0n);
    // The advancing bank: escrowed the limit, got the interest and the drawn principal back, and
    // still holds the undrawn escrow to withdraw.
    const bankAfter = await w.cnyToken.balanceOf(w.otherBank.address);
    expect(bankAfter).to.equal(bankBefore - a.escrowed + a.principalRepaid + a.interestPaid);
    await (await w.advance.connect(w.otherBank).withdrawEscrow(advanceId)).wait();
    expect(await w.cnyToken.balanceOf(w.otherBank.address)).to.equal(bankBefore + a.interestPaid);
    // The exporter: the tranches, then the order amount less what repaid the advance.
    expect(await w.cnyToken.balanceOf(w.exporter.address)).to.equal(
      exporterBefore + ORDER_AMOUNT - a.interestPaid,
    );
    expect(await w.cnyToken.balanceOf(await w.advance.getAddress())).to.equal(0n);
    expect((await w.commitments.commitment(ORDER_ID)).assigneeShare).to.be.greaterThan(a.released);
  });
});

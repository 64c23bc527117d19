/**
 * Export to and import from other eBL platforms (DCSA PINT 3.0, issue #16): the holder's export
 * request locks the bill, the governance-named gateway completes it (Exported: never moves again)
 * or abandons it (title where it was), and the gateway imports a bill received from another
 * platform, refusing a second copy and re-activating a bill that comes back.
 */
import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { executeGovernance } from "../../lib/chain/governance.ts";
import {
  billIdOf,
  billIssueStruct,
  BillStatus,
  TitleEventKind,
} from "../../lib/trade/billOfLading.ts";
import { foreignCarrierAddress, partyKey, platformBytes4 } from "../../lib/trade/pint.ts";
import { billInput, type BillWorld, deployBillWorld, issueBill } from "./BillOfLading.fixture.ts";
import { readVerifiedTitleChain } from "../../lib/trade/titleChain.ts";

const { ethers, networkHelpers } = await network.create();

const BOLERO = platformBytes4("BOLE");
const RECIPIENT = partyKey({ codeListProvider: "BOLE", partyCode: "ACME-IMPORTS" });
const CHECKSUM = `0x${"ab".repeat(32)}`;

interface InteropWorld extends BillWorld {
  gateway: HardhatEthersSigner;
}

async function interopFixture(): Promise<InteropWorld> {
  const world = await deployBillWorld(ethers);
  const gateway = world.outsiders[2]!;
  await executeGovernance(world.registry, world.admins[0]!, world.admins.slice(1), {
    target: await world.bill.getAddress(),
    data: world.bill.interface.encodeFunctionData("setPintGateway", [gateway.address]),
    description: "Name the PINT gateway",
  });
  return { ...world, gateway };
}

async function exportPending(world: InteropWorld) {
  const issued = await issueBill(world);
  await (
    await world.bill.connect(world.exporter).requestExport(issued.id, BOLERO, RECIPIENT)
  ).wait();
  return issued;
}

describe("BillOfLading export and import (PINT)", () => {
  let world: InteropWorld;
  beforeEach(async () => {
    world = await networkHelpers.loadFixture(interopFixture);
  });

  describe("the PINT gateway account", () => {
    it("is named only by governance", async () => {
      await expect(world.bill.connect(world.admins[0]!).setPintGateway(world.admins[0]!.address))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumOnlyGovernance")
        .withArgs(world.admins[0]!.address);
      expect(await world.bill.pintGateway()).to.equal(world.gateway.address);
    });

    it("is the only account that completes, abandons or imports", async () => {
      const issued = await exportPending(world);
      await expect(world.bill.connect(world.exporter).completeExport(issued.id, CHECKSUM))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingNotPintGateway")
        .withArgs(world.exporter.address, world.gateway.address);
      await expect(world.bill.connect(world.carrier).abandonExport(issued.id, "no answer"))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingNotPintGateway")
        .withArgs(world.carrier.address, world.gateway.address);
      const struct = billIssueStruct(billInput(world));
      await expect(
        world.bill
          .connect(world.carrier)
          .importBill(world.carrier.address, struct, world.importer.address, CHECKSUM),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingNotPintGateway");
    });
  });

  describe("export", () => {
    it("locks the bill while the export is pending: no title operation", async () => {
      const issued = await issueBill(world);
      await expect(world.bill.connect(world.exporter).requestExport(issued.id, BOLERO, RECIPIENT))
        .to.emit(world.bill, "BillExportRequested")
        .withArgs(issued.id, world.exporter.address, BOLERO, RECIPIENT);
      expect(await world.bill.billStatus(issued.id)).to.equal(BillStatus.ExportPending);
      await expect(world.bill.connect(world.exporter).endorse(issued.id, world.importer.address))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedStatus")
        .withArgs(issued.id, BillStatus.ExportPending, BillStatus.Active);
      await expect(
        world.bill.connect(world.exporter).surrenderForDelivery(issued.id),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedStatus");
      await expect(
        world.bill.connect(world.exporter).requestExport(issued.id, BOLERO, RECIPIENT),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedStatus");
    });

    it("is asked for only by the holder, naming a platform and a recipient", async () => {
      const issued = await issueBill(world);
      await expect(world.bill.connect(world.importer).requestExport(issued.id, BOLERO, RECIPIENT))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingNotHolder")
        .withArgs(issued.id, world.importer.address, world.exporter.address);
      await expect(
        world.bill.connect(world.exporter).requestExport(issued.id, "0x00000000", RECIPIENT),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("platform");
      await expect(world.bill.connect(world.exporter).requestExport(issued.id, BOLERO, ZeroHash))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("recipient");
    });

    it("refuses to export a pledged bill", async () => {
      const issued = await issueBill(world);
      await (
        await world.bill.connect(world.exporter).pledge(issued.id, world.issuingBank.address)
      ).wait();
      await expect(
        world.bill.connect(world.issuingBank).requestExport(issued.id, BOLERO, RECIPIENT),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingPledged");
    });

    it("completes after RECE: the bill is exported, recorded, and never moves again here", async () => {
      const issued = await exportPending(world);
      await expect(world.bill.connect(world.gateway).completeExport(issued.id, CHECKSUM))
        .to.emit(world.bill, "BillExported")
        .withArgs(issued.id, world.exporter.address, BOLERO, RECIPIENT, CHECKSUM);
      expect(await world.bill.billStatus(issued.id)).to.equal(BillStatus.Exported);
      const record = await world.bill.exportOf(issued.id);
      expect(record.platform).to.equal(BOLERO);
      expect(record.recipient).to.equal(RECIPIENT);
      expect(record.envelopeChecksum).to.equal(CHECKSUM);
      const chain = await readVerifiedTitleChain(world.bill, issued.id);
      expect(chain.map((e) => TitleEventKind[e.kind])).to.deep.equal([
        TitleEventKind.Issued,
        TitleEventKind.Exported,
      ]);
      expect(chain[1]!.party).to.equal(world.exporter.address);
      await expect(world.bill.connect(world.exporter).endorse(issued.id, world.importer.address))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedStatus")
        .withArgs(issued.id, BillStatus.Exported, BillStatus.Active);
      await expect(
        world.bill.connect(world.gateway).abandonExport(issued.id, "too late"),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedStatus");
    });

    it("refuses to complete with no envelope checksum", async () => {
      const issued = await exportPending(world);
      await expect(world.bill.connect(world.gateway).completeExport(issued.id, ZeroHash))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("envelopeChecksum");
    });

    it("abandons visibly: the holder holds the bill as before and can move it again", async () => {
      const issued = await exportPending(world);
      await expect(
        world.bill.connect(world.gateway).abandonExport(issued.id, "receiver never answered"),
      )
        .to.emit(world.bill, "BillExportAbandoned")
        .withArgs(issued.id, world.exporter.address, "receiver never answered");
      expect(await world.bill.billStatus(issued.id)).to.equal(BillStatus.Active);
      expect(await world.bill.holderOf(issued.id)).to.equal(world.exporter.address);
      expect(await world.bill.titleChainLength(issued.id)).to.equal(1n);
      await (
        await world.bill.connect(world.exporter).endorse(issued.id, world.importer.address)
      ).wait();
      expect(await world.bill.holderOf(issued.id)).to.equal(world.importer.address);
    });

    it("refuses to abandon without a reason", async () => {
      const issued = await exportPending(world);
      await expect(world.bill.connect(world.gateway).abandonExport(issued.id, ""))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("reason");
    });
  });

  describe("import", () => {
    it("issues a bill from another platform to a member, with the imported chain linked", async () => {
      const carrier = foreignCarrierAddress("MSCU", "SMDG");
      const struct = billIssueStruct(billInput(world));
      const id = billIdOf(carrier, struct.blNumber);
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(carrier, struct, world.importer.address, CHECKSUM),
      )
        .to.emit(world.bill, "BillImported")
        .withArgs(id, carrier, world.importer.address, struct.blNumber, CHECKSUM, false);
      expect(await world.bill.billStatus(id)).to.equal(BillStatus.Active);
      expect(await world.bill.holderOf(id)).to.equal(world.importer.address);
      expect(await world.bill.importedChainOf(id)).to.equal(CHECKSUM);
      const chain = await readVerifiedTitleChain(world.bill, id);
      expect(chain.map((e) => [e.party, TitleEventKind[e.kind]])).to.deep.equal([
        [world.importer.address, TitleEventKind.Imported],
      ]);
      expect((await world.bill.billFacts(id)).documentHash).to.equal(struct.documentHash);
      await (
        await world.bill.connect(world.importer).endorse(id, world.issuingBank.address)
      ).wait();
    });

    it("refuses a second copy of a bill this chain holds", async () => {
      const issued = await issueBill(world);
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(world.carrier.address, issued.struct, world.importer.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingActiveCopy")
        .withArgs(issued.id, BillStatus.Active);
      await (
        await world.bill.connect(world.exporter).requestExport(issued.id, BOLERO, RECIPIENT)
      ).wait();
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(world.carrier.address, issued.struct, world.importer.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingActiveCopy")
        .withArgs(issued.id, BillStatus.ExportPending);
    });

    it("re-activates a bill exported from here when it comes back, its chain continuing", async () => {
      const issued = await exportPending(world);
      await (await world.bill.connect(world.gateway).completeExport(issued.id, CHECKSUM)).wait();
      const back = `0x${"cd".repeat(32)}`;
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(world.carrier.address, issued.struct, world.importer.address, back),
      )
        .to.emit(world.bill, "BillImported")
        .withArgs(
          issued.id,
          world.carrier.address,
          world.importer.address,
          issued.blNumber,
          back,
          true,
        );
      expect(await world.bill.billStatus(issued.id)).to.equal(BillStatus.Active);
      expect(await world.bill.holderOf(issued.id)).to.equal(world.importer.address);
      const chain = await readVerifiedTitleChain(world.bill, issued.id);
      expect(chain.map((e) => [e.party, TitleEventKind[e.kind]])).to.deep.equal([
        [world.exporter.address, TitleEventKind.Issued],
        [world.exporter.address, TitleEventKind.Exported],
        [world.importer.address, TitleEventKind.Imported],
      ]);
      await (await world.bill.connect(world.importer).surrenderForDelivery(issued.id)).wait();
    });

    it("refuses a returning bill whose document changed", async () => {
      const issued = await exportPending(world);
      await (await world.bill.connect(world.gateway).completeExport(issued.id, CHECKSUM)).wait();
      const altered = { ...issued.struct, documentHash: `0x${"ee".repeat(32)}` };
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(world.carrier.address, altered, world.importer.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingImportMismatch")
        .withArgs(issued.id, issued.struct.documentHash, altered.documentHash);
    });

    it("refuses an import to an account that is no active member", async () => {
      const struct = billIssueStruct(billInput(world));
      const carrier = foreignCarrierAddress("MSCU", "SMDG");
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(carrier, struct, world.outsider.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.outsider.address);
      await expect(
        world.bill.connect(world.gateway).importBill(carrier, struct, ZeroAddress, CHECKSUM),
      ).to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidRecipient");
    });

    it("imports a bill whose document names no vessel IMO number, but refuses a malformed one", async () => {
      const carrier = foreignCarrierAddress("HMM", "SMDG");
      const unnamed = billIssueStruct({ ...billInput(world), vesselImo: 9074729 });
      const withoutImo = { ...unnamed, vesselImo: 0 };
      await (
        await world.bill
          .connect(world.gateway)
          .importBill(carrier, withoutImo, world.importer.address, CHECKSUM)
      ).wait();
      expect(await world.bill.vesselImoOf(billIdOf(carrier, withoutImo.blNumber))).to.equal(0n);
      const badImo = { ...billIssueStruct(billInput(world)), vesselImo: 9074728 };
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(carrier, badImo, world.importer.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("vesselImo");
    });

    it("refuses an import without a transfer-chain checksum or carrier", async () => {
      const struct = billIssueStruct(billInput(world));
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(world.carrier.address, struct, world.importer.address, ZeroHash),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("transferChainChecksum");
      await expect(
        world.bill
          .connect(world.gateway)
          .importBill(ZeroAddress, struct, world.importer.address, CHECKSUM),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
        .withArgs("carrier");
    });
  });
});

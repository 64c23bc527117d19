import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import {
  shipmentRefOf as daemonShipmentRefOf,
  toOnChainEvent,
} from "../../oracle/events/customsEvent.ts";
import { expect } from "chai";
import {
  type ContractTransactionResponse,
  hexlify,
  keccak256,
  solidityPackedKeccak256,
  toUtf8Bytes,
  ZeroAddress,
  ZeroHash,
} from "ethers";
import { artifacts, network } from "hardhat";

import {
  BillForm,
  billIdOf,
  billIssueStruct,
  type BillIssueStruct,
  BillStatus,
  type BillStatusName,
  carrierOfBillId,
  enumName,
  MAX_BL_NUMBER_LENGTH,
  MAX_REASON_LENGTH,
  MAX_VOYAGE_NUMBER_LENGTH,
  shipmentRefOf,
  TitleEventKind,
  type TitleEventKindName,
  type TitleStep,
  unLocode,
} from "../../lib/trade/billOfLading.ts";
import {
  readVerifiedTitleChain,
  titleChainHeadOf,
  verifyTitleChain,
} from "../../lib/trade/titleChain.ts";
import { roleId } from "../../lib/chain/roles.ts";
import type { BillOfLading } from "../../types/ethers-contracts/index.js";
import {
  shouldBehaveLikeDocumentOfTitle,
  type DocumentOfTitleSubject,
} from "../behaviours/DocumentOfTitle.behavior.ts";
import {
  billInput,
  type BillWorld,
  deployBillWorld,
  issueBill,
  type IssuedBill,
  suspend,
} from "./BillOfLading.fixture.ts";

const { ethers, networkHelpers } = await network.create();

const CARRIER = roleId("CARRIER");
const BANK = roleId("BANK");

async function worldFixture(): Promise<BillWorld> {
  return deployBillWorld(ethers);
}

/** The demo world with one "to order" bill issued to the exporter. */
async function issuedFixture(): Promise<BillWorld & { b: IssuedBill }> {
  const world = await deployBillWorld(ethers);
  return { ...world, b: await issueBill(world) };
}

async function loadIssued() {
  return networkHelpers.loadFixture(issuedFixture);
}

/** A struct that skips the TypeScript validation, to send the contract bad fields. */
function rawIssue(world: BillWorld, overrides: Partial<BillIssueStruct>): BillIssueStruct {
  return { ...billIssueStruct(billInput(world)), ...overrides };
}

async function statusOf(bill: BillOfLading, id: bigint): Promise<BillStatusName> {
  return enumName(BillStatus, await bill.billStatus(id));
}

/** The title chain rebuilt from the bill's logs, verified against its on-chain head and length. */
async function chainOf(bill: BillOfLading, id: bigint): Promise<TitleStep[]> {
  return readVerifiedTitleChain(bill, id);
}

async function kindsOf(bill: BillOfLading, id: bigint): Promise<TitleEventKindName[]> {
  return (await chainOf(bill, id)).map((s) => s.kind);
}

async function blockTimeOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return BigInt(block!.timestamp);
}

/** Every title operation, as one caller would attempt it on bill `id`. */
function everyOperation(
  world: BillWorld,
  id: bigint,
): Record<string, (by: HardhatEthersSigner) => Promise<ContractTransactionResponse>> {
  const { bill } = world;
  return {
    endorse: (by) => bill.connect(by).endorse(id, world.insurer.address),
    endorseInBlank: (by) => bill.connect(by).endorseInBlank(id),
    transferPossession: (by) => bill.connect(by).transferPossession(id, world.insurer.address),
    refuse: (by) => bill.connect(by).refuse(id),
    pledge: (by) => bill.connect(by).pledge(id, world.issuingBank.address),
    releasePledge: (by) => bill.connect(by).releasePledge(id),
    enforcePledge: (by) => bill.connect(by).enforcePledge(id),
    surrenderForDelivery: (by) => bill.connect(by).surrenderForDelivery(id),
    surrenderForAmendment: (by) => bill.connect(by).surrenderForAmendment(id),
    acceptSurrender: (by) => bill.connect(by).acceptSurrender(id),
    rejectSurrender: (by) => bill.connect(by).rejectSurrender(id, "not duly endorsed"),
    amend: (by) => bill.connect(by).amend(id, billIssueStruct(billInput(world))),
    voidBill: (by) => bill.connect(by).voidBill(id, "switched to paper"),
  };
}

/** The status each operation requires (the `expected` of BillOfLadingUnexpectedStatus). */
const REQUIRED_STATUS: Record<string, BillStatusName> = {
  endorse: "Active",
  endorseInBlank: "Active",
  transferPossession: "Active",
  refuse: "Active",
  pledge: "Active",
  releasePledge: "Active",
  enforcePledge: "Active",
  surrenderForDelivery: "Active",
  surrenderForAmendment: "Active",
  acceptSurrender: "SurrenderPending",
  rejectSurrender: "SurrenderPending",
  amend: "SurrenderPending",
  voidBill: "SurrenderPending",
};

describe("BillOfLading", function () {
  shouldBehaveLikeDocumentOfTitle(async (): Promise<DocumentOfTitleSubject> => {
    const world = await loadIssued();
    const { bill, b } = world;
    return {
      token: bill,
      documentId: b.id,
      issuer: world.carrier.address,
      reference: b.blNumber,
      expectedId: billIdOf(world.carrier.address, b.blNumber),
      firstHolder: world.exporter,
      receivers: [world.advisingBank, world.importer],
      stranger: world.insurer,
      moveTitle: (from, to) => bill.connect(from).endorse(b.id, to),
      holderOperations: {
        endorseInBlank: (by) => bill.connect(by).endorseInBlank(b.id),
        pledge: (by) => bill.connect(by).pledge(b.id, world.issuingBank.address),
        surrenderForDelivery: (by) => bill.connect(by).surrenderForDelivery(b.id),
        surrenderForAmendment: (by) => bill.connect(by).surrenderForAmendment(b.id),
      },
      documentHash: async () => (await bill.billFacts(b.id)).documentHash,
      issuedDocumentHash: b.struct.documentHash,
      reissueSameReference: () =>
        bill.connect(world.carrier).issue({ ...b.struct, documentHash: keccak256("0x01") }),
      errors: {
        notHolder: "BillOfLadingNotHolder",
        transferRestricted: "BillOfLadingTransferRestricted",
        operatorsRestricted: "BillOfLadingOperatorsRestricted",
        referenceTaken: "BillOfLadingNumberTaken",
      },
    };
  });

  describe("issue", function () {
    it("issues a to-order bill to the shipper, with its routing facts", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const struct = billIssueStruct(billInput(world));
      const id = billIdOf(world.carrier.address, struct.blNumber);
      const at = await blockTimeOf(world.bill.connect(world.carrier).issue(struct));

      const facts = await world.bill.billFacts(id);
      expect(facts.carrier).to.equal(world.carrier.address);
      expect(facts.shipmentRef).to.equal(shipmentRefOf(world.carrier.address, struct.blNumber));
      expect(facts.shipper).to.equal(world.exporter.address);
      expect(facts.consignee).to.equal(ZeroAddress);
      expect(facts.portOfLoading).to.equal(unLocode("GBFXT"));
      expect(facts.portOfDischarge).to.equal(unLocode("CNSHA"));
      expect(facts.shippedOnBoardAt).to.equal(struct.shippedOnBoardAt);
      expect(facts.documentHash).to.equal(struct.documentHash);
      expect(await world.bill.vesselImoOf(id)).to.equal(9074729n);

      expect(await statusOf(world.bill, id)).to.equal("Active");
      expect(await world.bill.billForm(id)).to.equal(BigInt(BillForm.Order));
      expect(await world.bill.holderOf(id)).to.equal(world.exporter.address);
      expect(await world.bill.ownerOf(id)).to.equal(world.exporter.address);
      expect(await world.bill.pledgorOf(id)).to.equal(ZeroAddress);
      expect(await chainOf(world.bill, id)).to.deep.equal([
        { party: world.exporter.address, kind: "Issued", timestamp: at },
      ]);
    });

    it("issues a straight bill when a consignee is named", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const b = await issueBill(world, { consignee: world.importer.address });
      expect(await world.bill.billForm(b.id)).to.equal(BigInt(BillForm.Straight));
      expect((await world.bill.billFacts(b.id)).consignee).to.equal(world.importer.address);
    });

    it("logs the B/L number and what the chain does not store, and the ERC-721 mint", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const struct = billIssueStruct(billInput(world));
      const id = billIdOf(world.carrier.address, struct.blNumber);
      const tx = world.bill.connect(world.carrier).issue(struct);
      await expect(tx)
        .to.emit(world.bill, "Transfer")
        .withArgs(ZeroAddress, world.exporter.address, id);
      await expect(tx)
        .to.emit(world.bill, "BillIssued")
        .withArgs(
          id,
          world.carrier.address,
          world.exporter.address,
          struct.blNumber,
          world.importer.address,
          "403E",
        );
    });

    it("derives the bill id from the carrier and the B/L number, as the TypeScript helper does", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const b = await issueBill(world, { blNumber: "MRDNGBFXT0001" });
      expect(await world.bill.billIdOf(world.carrier.address, "MRDNGBFXT0001")).to.equal(b.id);
      expect(await world.bill.carrierOf(b.id)).to.equal(world.carrier.address);
      expect(carrierOfBillId(b.id)).to.equal(world.carrier.address);
      const low96 = BigInt(keccak256(toUtf8Bytes("MRDNGBFXT0001"))) & ((1n << 96n) - 1n);
      expect(b.id).to.equal((BigInt(world.carrier.address) << 96n) | low96);
    });

    it("accepts the longest B/L and voyage numbers and UN/LOCODEs with digits 2-9", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const b = await issueBill(world, {
        blNumber: "B".repeat(MAX_BL_NUMBER_LENGTH),
        voyageNumber: "V".repeat(MAX_VOYAGE_NUMBER_LENGTH),
        portOfLoading: "DEHA2",
        portOfDischarge: "US9ZZ",
      });
      expect(await statusOf(world.bill, b.id)).to.equal("Active");
    });

    it("lets two carriers use the same B/L number, as two bills of two shipments", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const first = await issueBill(world, { blNumber: "SAME2403001" });
      const second = await issueBill(world, { blNumber: "SAME2403001" }, world.otherCarrier);
      expect(first.id).to.not.equal(second.id);
      expect((await world.bill.billFacts(second.id)).carrier).to.equal(world.otherCarrier.address);
      // B/L numbers are unique per carrier only: the shipment reference (the customs oracle's key)
      // binds the carrier, so one carrier's customs status never answers for the other's bill.
      const firstRef = (await world.bill.billFacts(first.id)).shipmentRef;
      const secondRef = (await world.bill.billFacts(second.id)).shipmentRef;
      expect(firstRef).to.not.equal(secondRef);
      expect(firstRef).to.equal(shipmentRefOf(world.carrier.address, "SAME2403001"));
      expect(secondRef).to.equal(shipmentRefOf(world.otherCarrier.address, "SAME2403001"));
      expect(await world.bill.shipmentRefOf(world.otherCarrier.address, "SAME2403001")).to.equal(
        secondRef,
      );
    });

    it("stores the shipment reference the oracle daemons derive from the carrier and the B/L number", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const bills = [
        await issueBill(world, { blNumber: "SAME2403002" }),
        await issueBill(world, { blNumber: "SAME2403002" }, world.otherCarrier),
        await issueBill(world, { blNumber: "B-" + "9".repeat(MAX_BL_NUMBER_LENGTH - 2) }),
      ];
      for (const b of bills) {
        const facts = await world.bill.billFacts(b.id);
        const carrier = facts.carrier.toLowerCase() as `0x${string}`;
        // oracle/events/customsEvent.ts: what every node signs for an event about this bill.
        expect(daemonShipmentRefOf(carrier, b.struct.blNumber)).to.equal(facts.shipmentRef);
        const onChain = toOnChainEvent({
          sourceMessageId: "evt-1",
          source: "dcsa-tnt",
          carrier,
          shipmentRef: b.struct.blNumber,
          eventType: "Loaded",
          location: "GBFXT",
          occurredAt: 1_750_000_000,
          sourceDocHash: keccak256("0x01") as `0x${string}`,
        });
        expect(onChain.shipmentRef).to.equal(facts.shipmentRef);
      }
    });

    it("refuses a B/L number the carrier already used, whatever became of that bill", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const b = await issueBill(world);
      await world.bill.connect(world.exporter).surrenderForDelivery(b.id);
      await world.bill.connect(world.carrier).acceptSurrender(b.id);
      const again = { ...b.struct, documentHash: keccak256("0x02") };
      await expect(world.bill.connect(world.carrier).issue(again))
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingNumberTaken")
        .withArgs(world.carrier.address, b.blNumber, b.id);
    });

    it("refuses an issue by anyone but a carrier", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      for (const caller of [world.exporter, world.issuingBank, world.importer, world.outsider]) {
        await expect(world.bill.connect(caller).issue(billIssueStruct(billInput(world))))
          .to.be.revertedWithCustomError(world.bill, "ConsortiumUnauthorizedAccount")
          .withArgs(caller.address, CARRIER);
      }
    });

    it("refuses an issue by a suspended carrier", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      await suspend(world, world.carrier);
      await expect(world.bill.connect(world.carrier).issue(billIssueStruct(billInput(world))))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumUnauthorizedAccount")
        .withArgs(world.carrier.address, CARRIER);
    });

    it("refuses a shipper or consignee that is not an active member", async function () {
      const world = await networkHelpers.loadFixture(worldFixture);
      const send = (overrides: Partial<BillIssueStruct>) =>
        world.bill.connect(world.carrier).issue(rawIssue(world, overrides));
      await expect(send({ shipper: world.outsider.address }))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.outsider.address);
      await expect(send({ consignee: world.outsider.address }))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.outsider.address);
      await suspend(world, world.importer);
      await expect(send({ consignee: world.importer.address }))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.importer.address);
      await suspend(world, world.exporter);
      await expect(send({}))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.exporter.address);
    });

    describe("refuses a malformed field, naming it", function () {
      const ascii = (text: string) => hexlify(toUtf8Bytes(text));
      const cases: [string, string, (w: BillWorld) => Partial<BillIssueStruct>][] = [
        ["an empty B/L number", "blNumber", () => ({ blNumber: "" })],
        ["a B/L number over 20 bytes", "blNumber", () => ({ blNumber: "B".repeat(21) })],
        ["a B/L number with a space", "blNumber", () => ({ blNumber: "MRDN 2403" })],
        ["a B/L number with non-ASCII bytes", "blNumber", () => ({ blNumber: "MRDNÉ2403" })],
        ["no shipper", "shipper", () => ({ shipper: ZeroAddress })],
        ["the shipper as consignee", "consignee", (w) => ({ consignee: w.exporter.address })],
        ["an IMO number with a wrong check digit", "vesselImo", () => ({ vesselImo: 9074728 })],
        ["an IMO number of six digits", "vesselImo", () => ({ vesselImo: 907472 })],
        ["an empty voyage number", "voyageNumber", () => ({ voyageNumber: "" })],
        ["a voyage number over 50 bytes", "voyageNumber", () => ({ voyageNumber: "V".repeat(51) })],
        [
          "a lower-case port of loading",
          "portOfLoading",
          () => ({ portOfLoading: ascii("gbfxt") }),
        ],
        [
          "a port of loading with digit 1",
          "portOfLoading",
          () => ({ portOfLoading: ascii("GBFX1") }),
        ],
        ["a digit in the country part", "portOfLoading", () => ({ portOfLoading: ascii("G2FXT") })],
        ["an empty port of loading", "portOfLoading", () => ({ portOfLoading: "0x0000000000" })],
        [
          "a port of discharge with digit 0",
          "portOfDischarge",
          () => ({ portOfDischarge: ascii("CNSH0") }),
        ],
        ["the same port twice", "portOfDischarge", () => ({ portOfDischarge: ascii("GBFXT") })],
        ["no shipped-on-board date", "shippedOnBoardAt", () => ({ shippedOnBoardAt: 0n })],
        [
          "a shipped-on-board date in the future",
          "shippedOnBoardAt",
          (w) => ({ shippedOnBoardAt: BigInt(w.now + 86_400) }),
        ],
        ["no document hash", "documentHash", () => ({ documentHash: ZeroHash })],
      ];
      for (const [what, field, overrides] of cases) {
        it(`refuses ${what}`, async function () {
          const world = await networkHelpers.loadFixture(worldFixture);
          const struct = rawIssue(world, overrides(world));
          await expect(world.bill.connect(world.carrier).issue(struct))
            .to.be.revertedWithCustomError(world.bill, "BillOfLadingInvalidField")
            .withArgs(field);
        });
      }
    });
  });

  describe("endorse", function () {
    it("endorses the bill to a named endorsee, who holds it now", async function () {
      const { bill, b, exporter, advisingBank } = await loadIssued();
      const tx = bill.connect(exporter).endorse(b.id, advisingBank.address);
      await expect(tx)
        .to.emit(bill, "BillEndorsed")
        .withArgs(b.id, exporter.address, advisingBank.address);
      await expect(tx)
        .to.emit(bill, "Transfer")
        .withArgs(exporter.address, advisingBank.address, b.id);
      expect(await bill.holderOf(b.id)).to.equal(advisingBank.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal(["Issued", "Endorsed"]);
      expect((await chainOf(bill, b.id))[1]!.party).to.equal(advisingBank.address);
    });

    it("lets each endorsee endorse on", async function () {
      const { bill, b, exporter, advisingBank, issuingBank, importer } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, advisingBank.address);
      await bill.connect(advisingBank).endorse(b.id, issuingBank.address);
      await bill.connect(issuingBank).endorse(b.id, importer.address);
      expect(await bill.holderOf(b.id)).to.equal(importer.address);
      expect((await chainOf(bill, b.id)).map((s) => s.party)).to.deep.equal([
        exporter.address,
        advisingBank.address,
        issuingBank.address,
        importer.address,
      ]);
    });

    it("turns a bearer bill back into an order bill (special endorsement)", async function () {
      const { bill, b, exporter, importer } = await loadIssued();
      await bill.connect(exporter).endorseInBlank(b.id);
      await bill.connect(exporter).endorse(b.id, importer.address);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Order));
    });

    it("refuses an endorsement by anyone but the holder", async function () {
      const { bill, b, exporter, importer, carrier } = await loadIssued();
      for (const caller of [importer, carrier]) {
        await expect(bill.connect(caller).endorse(b.id, importer.address))
          .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
          .withArgs(b.id, caller.address, exporter.address);
      }
    });

    it("refuses an endorsement by a suspended holder", async function () {
      const world = await loadIssued();
      await suspend(world, world.exporter);
      await expect(world.bill.connect(world.exporter).endorse(world.b.id, world.importer.address))
        .to.be.revertedWithCustomError(world.bill, "ConsortiumInactiveMember")
        .withArgs(world.exporter.address);
    });

    it("refuses an endorsee that is not an active member", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, outsider, importer } = world;
      await expect(bill.connect(exporter).endorse(b.id, outsider.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(outsider.address);
      await suspend(world, importer);
      await expect(bill.connect(exporter).endorse(b.id, importer.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(importer.address);
    });

    it("refuses to endorse to nobody, to the holder itself or to the carrier", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      for (const recipient of [ZeroAddress, exporter.address, carrier.address]) {
        await expect(bill.connect(exporter).endorse(b.id, recipient))
          .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidRecipient")
          .withArgs(b.id, recipient);
      }
    });

    it("refuses to endorse a straight bill (non-negotiable)", async function () {
      const world = await loadIssued();
      const straight = await issueBill(world, { consignee: world.importer.address });
      await expect(
        world.bill.connect(world.exporter).endorse(straight.id, world.advisingBank.address),
      )
        .to.be.revertedWithCustomError(world.bill, "BillOfLadingUnexpectedForm")
        .withArgs(straight.id, BillForm.Straight);
    });

    it("refuses to endorse an unknown bill", async function () {
      const { bill, exporter, importer } = await loadIssued();
      await expect(bill.connect(exporter).endorse(42n, importer.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedStatus")
        .withArgs(42n, BillStatus.None, BillStatus.Active);
    });
  });

  describe("endorse in blank", function () {
    it("makes the bill a bearer bill, still held by the endorser", async function () {
      const { bill, b, exporter } = await loadIssued();
      await expect(bill.connect(exporter).endorseInBlank(b.id))
        .to.emit(bill, "BillEndorsedInBlank")
        .withArgs(b.id, exporter.address);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Bearer));
      expect(await bill.holderOf(b.id)).to.equal(exporter.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal(["Issued", "EndorsedInBlank"]);
    });

    it("refuses a blank endorsement of a bearer or straight bill", async function () {
      const world = await loadIssued();
      const { bill, b, exporter } = world;
      await bill.connect(exporter).endorseInBlank(b.id);
      await expect(bill.connect(exporter).endorseInBlank(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedForm")
        .withArgs(b.id, BillForm.Bearer);
      const straight = await issueBill(world, { consignee: world.importer.address });
      await expect(bill.connect(exporter).endorseInBlank(straight.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedForm")
        .withArgs(straight.id, BillForm.Straight);
    });

    it("refuses a blank endorsement by a non-holder or a suspended holder", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer } = world;
      await expect(bill.connect(importer).endorseInBlank(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
        .withArgs(b.id, importer.address, exporter.address);
      await suspend(world, exporter);
      await expect(bill.connect(exporter).endorseInBlank(b.id))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(exporter.address);
    });
  });

  describe("transfer of possession", function () {
    it("passes a bearer bill to any active member, who holds it as bearer", async function () {
      const { bill, b, exporter, importer, advisingBank } = await loadIssued();
      await bill.connect(exporter).endorseInBlank(b.id);
      await expect(bill.connect(exporter).transferPossession(b.id, importer.address))
        .to.emit(bill, "BillPossessionTransferred")
        .withArgs(b.id, exporter.address, importer.address);
      await bill.connect(importer).transferPossession(b.id, advisingBank.address);
      expect(await bill.holderOf(b.id)).to.equal(advisingBank.address);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Bearer));
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "EndorsedInBlank",
        "PossessionTransferred",
        "PossessionTransferred",
      ]);
    });

    it("passes a straight bill from the shipper to its consignee only", async function () {
      const world = await loadIssued();
      const { bill, exporter, importer, advisingBank } = world;
      const straight = await issueBill(world, { consignee: importer.address });
      await expect(bill.connect(exporter).transferPossession(straight.id, advisingBank.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotConsignee")
        .withArgs(straight.id, advisingBank.address, importer.address);
      await bill.connect(exporter).transferPossession(straight.id, importer.address);
      expect(await bill.holderOf(straight.id)).to.equal(importer.address);
      await expect(bill.connect(importer).transferPossession(straight.id, importer.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidRecipient")
        .withArgs(straight.id, importer.address);
    });

    it("refuses to transfer an order bill: it passes by endorsement", async function () {
      const { bill, b, exporter, importer } = await loadIssued();
      await expect(bill.connect(exporter).transferPossession(b.id, importer.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedForm")
        .withArgs(b.id, BillForm.Order);
    });

    it("refuses a transfer by a non-holder, by a suspended holder, or to a non-member", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer, outsider, carrier } = world;
      await bill.connect(exporter).endorseInBlank(b.id);
      await expect(bill.connect(importer).transferPossession(b.id, importer.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
        .withArgs(b.id, importer.address, exporter.address);
      await expect(bill.connect(exporter).transferPossession(b.id, outsider.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(outsider.address);
      await expect(bill.connect(exporter).transferPossession(b.id, carrier.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidRecipient")
        .withArgs(b.id, carrier.address);
      await suspend(world, exporter);
      await expect(bill.connect(exporter).transferPossession(b.id, importer.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(exporter.address);
    });
  });

  describe("refusal by the receiving party", function () {
    it("restores the previous holder when the endorsee refuses", async function () {
      const { bill, b, exporter, importer } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, importer.address);
      const tx = bill.connect(importer).refuse(b.id);
      await expect(tx)
        .to.emit(bill, "BillRefused")
        .withArgs(b.id, importer.address, exporter.address);
      await expect(tx).to.emit(bill, "Transfer").withArgs(importer.address, exporter.address, b.id);
      expect(await bill.holderOf(b.id)).to.equal(exporter.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal(["Issued", "Endorsed", "Refused"]);
    });

    it("restores the bearer form when a special endorsement of a bearer bill is refused", async function () {
      const { bill, b, exporter, importer } = await loadIssued();
      await bill.connect(exporter).endorseInBlank(b.id);
      await bill.connect(exporter).endorse(b.id, importer.address);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Order));
      await bill.connect(importer).refuse(b.id);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Bearer));
    });

    it("restores the previous holder when a transfer of possession is refused", async function () {
      const { bill, b, exporter, importer, advisingBank } = await loadIssued();
      await bill.connect(exporter).endorseInBlank(b.id);
      await bill.connect(exporter).transferPossession(b.id, importer.address);
      await bill.connect(importer).transferPossession(b.id, advisingBank.address);
      await bill.connect(advisingBank).refuse(b.id);
      expect(await bill.holderOf(b.id)).to.equal(importer.address);
      expect(await bill.billForm(b.id)).to.equal(BigInt(BillForm.Bearer));
    });

    it("refuses a refusal that is not the very next action after the endorsement or transfer", async function () {
      const { bill, b, exporter, importer, advisingBank, issuingBank } = await loadIssued();
      await expect(bill.connect(exporter).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotRefusable")
        .withArgs(b.id, TitleEventKind.Issued);

      await bill.connect(exporter).endorse(b.id, importer.address);
      await bill.connect(importer).endorseInBlank(b.id);
      await expect(bill.connect(importer).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotRefusable")
        .withArgs(b.id, TitleEventKind.EndorsedInBlank);

      await bill.connect(importer).transferPossession(b.id, advisingBank.address);
      await bill.connect(advisingBank).refuse(b.id);
      await expect(bill.connect(importer).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotRefusable")
        .withArgs(b.id, TitleEventKind.Refused);

      await bill.connect(importer).pledge(b.id, issuingBank.address);
      await bill.connect(issuingBank).releasePledge(b.id);
      await expect(bill.connect(importer).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotRefusable")
        .withArgs(b.id, TitleEventKind.PledgeReleased);
    });

    it("refuses a refusal by anyone but the receiver, or by a suspended receiver", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer } = world;
      await bill.connect(exporter).endorse(b.id, importer.address);
      await expect(bill.connect(exporter).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
        .withArgs(b.id, exporter.address, importer.address);
      await suspend(world, importer);
      await expect(bill.connect(importer).refuse(b.id))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(importer.address);
    });
  });

  describe("pledge", function () {
    it("pledges the bill to a bank, which holds it as security", async function () {
      const { bill, b, exporter, issuingBank } = await loadIssued();
      await expect(bill.connect(exporter).pledge(b.id, issuingBank.address))
        .to.emit(bill, "BillPledged")
        .withArgs(b.id, exporter.address, issuingBank.address);
      expect(await bill.holderOf(b.id)).to.equal(issuingBank.address);
      expect(await bill.pledgorOf(b.id)).to.equal(exporter.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal(["Issued", "Pledged"]);
    });

    it("releases the pledge back to the pledgor", async function () {
      const { bill, b, exporter, issuingBank } = await loadIssued();
      await bill.connect(exporter).pledge(b.id, issuingBank.address);
      await expect(bill.connect(issuingBank).releasePledge(b.id))
        .to.emit(bill, "BillPledgeReleased")
        .withArgs(b.id, issuingBank.address, exporter.address);
      expect(await bill.holderOf(b.id)).to.equal(exporter.address);
      expect(await bill.pledgorOf(b.id)).to.equal(ZeroAddress);
    });

    it("lets the bank enforce the pledge on default and then deal with the bill as holder", async function () {
      const { bill, b, exporter, issuingBank, importer } = await loadIssued();
      await bill.connect(exporter).pledge(b.id, issuingBank.address);
      await expect(bill.connect(issuingBank).enforcePledge(b.id))
        .to.emit(bill, "BillPledgeEnforced")
        .withArgs(b.id, issuingBank.address, exporter.address);
      expect(await bill.holderOf(b.id)).to.equal(issuingBank.address);
      expect(await bill.pledgorOf(b.id)).to.equal(ZeroAddress);
      await bill.connect(issuingBank).endorse(b.id, importer.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "Pledged",
        "PledgeEnforced",
        "Endorsed",
      ]);
    });

    it("freezes the bill in the bank's hands until release or enforcement", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, issuingBank } = world;
      await bill.connect(exporter).pledge(b.id, issuingBank.address);
      const ops = everyOperation(world, b.id);
      for (const name of [
        "endorse",
        "endorseInBlank",
        "pledge",
        "surrenderForDelivery",
        "surrenderForAmendment",
      ]) {
        for (const by of [issuingBank, exporter]) {
          await expect(ops[name]!(by), `${name} by ${by.address}`)
            .to.be.revertedWithCustomError(bill, "BillOfLadingPledged")
            .withArgs(b.id, issuingBank.address);
        }
      }
      await expect(ops.refuse!(issuingBank))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotRefusable")
        .withArgs(b.id, TitleEventKind.Pledged);
    });

    it("refuses a pledge to anyone but an active bank", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer, issuingBank } = world;
      await expect(bill.connect(exporter).pledge(b.id, importer.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumUnauthorizedAccount")
        .withArgs(importer.address, BANK);
      await suspend(world, issuingBank);
      await expect(bill.connect(exporter).pledge(b.id, issuingBank.address))
        .to.be.revertedWithCustomError(bill, "ConsortiumUnauthorizedAccount")
        .withArgs(issuingBank.address, BANK);
    });

    it("refuses a pledge by a non-holder or to the holder itself", async function () {
      const { bill, b, exporter, issuingBank, advisingBank } = await loadIssued();
      await expect(bill.connect(advisingBank).pledge(b.id, issuingBank.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
        .withArgs(b.id, advisingBank.address, exporter.address);
      await bill.connect(exporter).endorse(b.id, advisingBank.address);
      await expect(bill.connect(advisingBank).pledge(b.id, advisingBank.address))
        .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidRecipient")
        .withArgs(b.id, advisingBank.address);
    });

    it("refuses release and enforcement of a bill that is not pledged", async function () {
      const { bill, b, exporter } = await loadIssued();
      await expect(bill.connect(exporter).releasePledge(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotPledged")
        .withArgs(b.id);
      await expect(bill.connect(exporter).enforcePledge(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotPledged")
        .withArgs(b.id);
    });

    it("refuses release and enforcement by anyone but the pledgee, or by a suspended pledgee", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, issuingBank } = world;
      await bill.connect(exporter).pledge(b.id, issuingBank.address);
      for (const name of ["releasePledge", "enforcePledge"] as const) {
        await expect(bill.connect(exporter)[name](b.id))
          .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
          .withArgs(b.id, exporter.address, issuingBank.address);
      }
      await suspend(world, issuingBank);
      for (const name of ["releasePledge", "enforcePledge"] as const) {
        await expect(bill.connect(issuingBank)[name](b.id))
          .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
          .withArgs(issuingBank.address);
      }
    });
  });

  describe("surrender for delivery", function () {
    it("hands the bill to its carrier, pending acceptance", async function () {
      const { bill, b, exporter, importer, carrier } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, importer.address);
      const tx = bill.connect(importer).surrenderForDelivery(b.id);
      await expect(tx)
        .to.emit(bill, "BillSurrenderedForDelivery")
        .withArgs(b.id, importer.address, carrier.address);
      await expect(tx).to.emit(bill, "Transfer").withArgs(importer.address, carrier.address, b.id);
      expect(await statusOf(bill, b.id)).to.equal("SurrenderPending");
      expect(await bill.holderOf(b.id)).to.equal(carrier.address);
    });

    it("accomplishes the bill when the carrier accepts the surrender", async function () {
      const { bill, b, exporter, importer, carrier } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, importer.address);
      await bill.connect(importer).surrenderForDelivery(b.id);
      await expect(bill.connect(carrier).acceptSurrender(b.id))
        .to.emit(bill, "BillSurrenderAccepted")
        .withArgs(b.id, carrier.address, importer.address);
      expect(await statusOf(bill, b.id)).to.equal("Accomplished");
      expect(await bill.holderOf(b.id)).to.equal(carrier.address);
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "Endorsed",
        "SurrenderedForDelivery",
        "SurrenderAccepted",
      ]);
    });

    it("returns the bill to the surrendering holder when the carrier rejects the surrender", async function () {
      const { bill, b, exporter, importer, carrier } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, importer.address);
      await bill.connect(importer).surrenderForDelivery(b.id);
      await expect(bill.connect(carrier).rejectSurrender(b.id, "not duly endorsed"))
        .to.emit(bill, "BillSurrenderRejected")
        .withArgs(b.id, carrier.address, importer.address, "not duly endorsed");
      expect(await statusOf(bill, b.id)).to.equal("Active");
      expect(await bill.holderOf(b.id)).to.equal(importer.address);
      await bill.connect(importer).surrenderForDelivery(b.id);
      expect(await statusOf(bill, b.id)).to.equal("SurrenderPending");
    });

    it("takes a straight bill's surrender for delivery from its consignee only", async function () {
      const world = await loadIssued();
      const { bill, exporter, importer, carrier } = world;
      const straight = await issueBill(world, { consignee: importer.address });
      await expect(bill.connect(exporter).surrenderForDelivery(straight.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotConsignee")
        .withArgs(straight.id, exporter.address, importer.address);
      await bill.connect(exporter).transferPossession(straight.id, importer.address);
      await bill.connect(importer).surrenderForDelivery(straight.id);
      await bill.connect(carrier).acceptSurrender(straight.id);
      expect(await statusOf(bill, straight.id)).to.equal("Accomplished");
    });

    it("freezes a surrendered bill until the carrier answers", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, carrier } = world;
      await bill.connect(exporter).surrenderForDelivery(b.id);
      const ops = everyOperation(world, b.id);
      for (const name of Object.keys(ops).filter((n) => REQUIRED_STATUS[n] === "Active")) {
        for (const by of [carrier, exporter]) {
          await expect(ops[name]!(by), `${name} by ${by.address}`)
            .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedStatus")
            .withArgs(b.id, BillStatus.SurrenderPending, BillStatus.Active);
        }
      }
    });

    it("refuses a surrender by a non-holder or a suspended holder, or to a suspended carrier", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer, carrier } = world;
      await expect(bill.connect(importer).surrenderForDelivery(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotHolder")
        .withArgs(b.id, importer.address, exporter.address);
      await suspend(world, carrier);
      await expect(bill.connect(exporter).surrenderForDelivery(b.id))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(carrier.address);
      await suspend(world, exporter);
      await expect(bill.connect(exporter).surrenderForDelivery(b.id))
        .to.be.revertedWithCustomError(bill, "ConsortiumInactiveMember")
        .withArgs(exporter.address);
    });

    it("refuses acceptance or rejection by anyone but the bill's carrier", async function () {
      const { bill, b, exporter, otherCarrier, importer } = await loadIssued();
      await bill.connect(exporter).surrenderForDelivery(b.id);
      const carrierAddress = carrierOfBillId(b.id);
      for (const caller of [otherCarrier, importer, exporter]) {
        await expect(bill.connect(caller).acceptSurrender(b.id))
          .to.be.revertedWithCustomError(bill, "BillOfLadingNotCarrier")
          .withArgs(b.id, caller.address, carrierAddress);
        await expect(bill.connect(caller).rejectSurrender(b.id, "no"))
          .to.be.revertedWithCustomError(bill, "BillOfLadingNotCarrier")
          .withArgs(b.id, caller.address, carrierAddress);
      }
    });

    it("refuses acceptance or rejection by a suspended carrier", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, carrier } = world;
      await bill.connect(exporter).surrenderForDelivery(b.id);
      await suspend(world, carrier);
      await expect(bill.connect(carrier).acceptSurrender(b.id))
        .to.be.revertedWithCustomError(bill, "ConsortiumUnauthorizedAccount")
        .withArgs(carrier.address, CARRIER);
      await expect(bill.connect(carrier).rejectSurrender(b.id, "no"))
        .to.be.revertedWithCustomError(bill, "ConsortiumUnauthorizedAccount")
        .withArgs(carrier.address, CARRIER);
    });

    it("refuses acceptance of a bill that is not surrendered, or surrendered for amendment", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      await expect(bill.connect(carrier).acceptSurrender(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedStatus")
        .withArgs(b.id, BillStatus.Active, BillStatus.SurrenderPending);
      await bill.connect(exporter).surrenderForAmendment(b.id);
      await expect(bill.connect(carrier).acceptSurrender(b.id))
        .to.be.revertedWithCustomError(bill, "BillOfLadingSurrenderPurposeMismatch")
        .withArgs(b.id, true);
    });

    it("refuses a rejection without a reason or with an overlong one", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      await bill.connect(exporter).surrenderForDelivery(b.id);
      for (const reason of ["", "r".repeat(MAX_REASON_LENGTH + 1)]) {
        await expect(bill.connect(carrier).rejectSurrender(b.id, reason))
          .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidField")
          .withArgs("reason");
      }
    });
  });

  describe("surrender for amendment", function () {
    it("replaces the bill by an amended one issued to the holder who surrendered it", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer, carrier } = world;
      await bill.connect(exporter).endorse(b.id, importer.address);
      await expect(bill.connect(importer).surrenderForAmendment(b.id))
        .to.emit(bill, "BillSurrenderedForAmendment")
        .withArgs(b.id, importer.address, carrier.address);

      const replacement = billIssueStruct(
        billInput(world, { blNumber: `${b.blNumber}A`, portOfDischarge: "CNNGB" }),
      );
      const newId = billIdOf(carrier.address, replacement.blNumber);
      const tx = bill.connect(carrier).amend(b.id, replacement);
      await expect(tx).to.emit(bill, "BillReplaced").withArgs(b.id, newId, importer.address);
      await expect(tx)
        .to.emit(bill, "BillIssued")
        .withArgs(
          newId,
          carrier.address,
          importer.address,
          replacement.blNumber,
          replacement.notifyParty,
          replacement.voyageNumber,
        );
      const at = await blockTimeOf(tx);

      expect(await statusOf(bill, b.id)).to.equal("Replaced");
      expect(await bill.holderOf(b.id)).to.equal(carrier.address);
      expect(await bill.replacedBy(b.id)).to.equal(newId);
      expect(await bill.replaces(newId)).to.equal(b.id);
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "Endorsed",
        "SurrenderedForAmendment",
        "Replaced",
      ]);

      expect(await statusOf(bill, newId)).to.equal("Active");
      expect(await bill.holderOf(newId)).to.equal(importer.address);
      expect((await bill.billFacts(newId)).portOfDischarge).to.equal(unLocode("CNNGB"));
      expect((await bill.billFacts(newId)).shipper).to.equal(exporter.address);
      expect(await chainOf(bill, newId)).to.deep.equal([
        { party: importer.address, kind: "IssuedAsReplacement", timestamp: at },
      ]);
    });

    it("voids the bill surrendered to switch it to paper", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      await bill.connect(exporter).surrenderForAmendment(b.id);
      await expect(bill.connect(carrier).voidBill(b.id, "switched to paper (SWTP)"))
        .to.emit(bill, "BillVoided")
        .withArgs(b.id, carrier.address, exporter.address, "switched to paper (SWTP)");
      expect(await statusOf(bill, b.id)).to.equal("Void");
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "SurrenderedForAmendment",
        "Voided",
      ]);
    });

    it("returns the bill when the carrier rejects a surrender for amendment", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      await bill.connect(exporter).surrenderForAmendment(b.id);
      await bill.connect(carrier).rejectSurrender(b.id, "amendment not agreed");
      expect(await statusOf(bill, b.id)).to.equal("Active");
      expect(await bill.holderOf(b.id)).to.equal(exporter.address);
      await bill.connect(exporter).surrenderForDelivery(b.id);
      await bill.connect(carrier).acceptSurrender(b.id);
      expect(await statusOf(bill, b.id)).to.equal("Accomplished");
    });

    it("refuses to void or amend a bill that was not surrendered for amendment", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, carrier } = world;
      await expect(bill.connect(carrier).voidBill(b.id, "paper"))
        .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedStatus")
        .withArgs(b.id, BillStatus.Active, BillStatus.SurrenderPending);
      await bill.connect(exporter).surrenderForDelivery(b.id);
      await expect(bill.connect(carrier).voidBill(b.id, "paper"))
        .to.be.revertedWithCustomError(bill, "BillOfLadingSurrenderPurposeMismatch")
        .withArgs(b.id, false);
      await expect(bill.connect(carrier).amend(b.id, billIssueStruct(billInput(world))))
        .to.be.revertedWithCustomError(bill, "BillOfLadingSurrenderPurposeMismatch")
        .withArgs(b.id, false);
    });

    it("refuses to void without a reason", async function () {
      const { bill, b, exporter, carrier } = await loadIssued();
      await bill.connect(exporter).surrenderForAmendment(b.id);
      await expect(bill.connect(carrier).voidBill(b.id, ""))
        .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidField")
        .withArgs("reason");
    });

    it("refuses amendment or voiding by anyone but the bill's carrier", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, otherCarrier } = world;
      await bill.connect(exporter).surrenderForAmendment(b.id);
      const carrierAddress = carrierOfBillId(b.id);
      await expect(bill.connect(otherCarrier).amend(b.id, billIssueStruct(billInput(world))))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotCarrier")
        .withArgs(b.id, otherCarrier.address, carrierAddress);
      await expect(bill.connect(exporter).voidBill(b.id, "paper"))
        .to.be.revertedWithCustomError(bill, "BillOfLadingNotCarrier")
        .withArgs(b.id, exporter.address, carrierAddress);
    });

    it("refuses a replacement reusing the old B/L number or carrying a bad field", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, carrier } = world;
      await bill.connect(exporter).surrenderForAmendment(b.id);
      await expect(
        bill.connect(carrier).amend(b.id, { ...b.struct, portOfDischarge: unLocode("CNNGB") }),
      )
        .to.be.revertedWithCustomError(bill, "BillOfLadingNumberTaken")
        .withArgs(carrier.address, b.blNumber, b.id);
      await expect(bill.connect(carrier).amend(b.id, rawIssue(world, { documentHash: ZeroHash })))
        .to.be.revertedWithCustomError(bill, "BillOfLadingInvalidField")
        .withArgs("documentHash");
      expect(await statusOf(bill, b.id)).to.equal("SurrenderPending");
    });
  });

  describe("accomplished, replaced and void bills never move again", function () {
    const ends: [BillStatusName, (w: BillWorld & { b: IssuedBill }) => Promise<void>][] = [
      [
        "Accomplished",
        async ({ bill, b, exporter, carrier }) => {
          await bill.connect(exporter).surrenderForDelivery(b.id);
          await bill.connect(carrier).acceptSurrender(b.id);
        },
      ],
      [
        "Replaced",
        async (w) => {
          await w.bill.connect(w.exporter).surrenderForAmendment(w.b.id);
          await w.bill.connect(w.carrier).amend(w.b.id, billIssueStruct(billInput(w)));
        },
      ],
      [
        "Void",
        async ({ bill, b, exporter, carrier }) => {
          await bill.connect(exporter).surrenderForAmendment(b.id);
          await bill.connect(carrier).voidBill(b.id, "switched to paper");
        },
      ],
    ];
    for (const [end, reach] of ends) {
      it(`refuses every operation on ${end === "Accomplished" ? "an" : "a"} ${end} bill, by its carrier-holder and by anyone`, async function () {
        const world = await loadIssued();
        await reach(world);
        const { bill, b, carrier, exporter } = world;
        const chainBefore = [await bill.titleChainHead(b.id), await bill.titleChainLength(b.id)];
        for (const [name, operation] of Object.entries(everyOperation(world, b.id))) {
          for (const by of [carrier, exporter]) {
            await expect(operation(by), `${name} by ${by.address}`)
              .to.be.revertedWithCustomError(bill, "BillOfLadingUnexpectedStatus")
              .withArgs(b.id, BillStatus[end], BillStatus[REQUIRED_STATUS[name]!]);
          }
        }
        await expect(
          bill.connect(carrier).transferFrom(carrier.address, exporter.address, b.id),
        ).to.be.revertedWithCustomError(bill, "BillOfLadingTransferRestricted");
        expect(await bill.holderOf(b.id)).to.equal(carrier.address);
        expect(await statusOf(bill, b.id)).to.equal(end);
        expect([await bill.titleChainHead(b.id), await bill.titleChainLength(b.id)]).to.deep.equal(
          chainBefore,
        );
      });
    }
  });

  describe("title chain", function () {
    it("records every holder, endorsement, pledge, surrender and refusal, in order, with times", async function () {
      const { bill, b, exporter, importer, advisingBank, issuingBank, carrier } =
        await loadIssued();
      const steps: [HardhatEthersSigner, () => Promise<ContractTransactionResponse>][] = [
        [advisingBank, () => bill.connect(exporter).endorse(b.id, advisingBank.address)],
        [exporter, () => bill.connect(advisingBank).refuse(b.id)],
        [issuingBank, () => bill.connect(exporter).pledge(b.id, issuingBank.address)],
        [exporter, () => bill.connect(issuingBank).releasePledge(b.id)],
        [exporter, () => bill.connect(exporter).endorseInBlank(b.id)],
        [importer, () => bill.connect(exporter).transferPossession(b.id, importer.address)],
        [carrier, () => bill.connect(importer).surrenderForDelivery(b.id)],
        [importer, () => bill.connect(carrier).rejectSurrender(b.id, "unpaid freight")],
        [carrier, () => bill.connect(importer).surrenderForDelivery(b.id)],
        [carrier, () => bill.connect(carrier).acceptSurrender(b.id)],
      ];
      const expected: TitleStep[] = [(await chainOf(bill, b.id))[0]!];
      for (const [party, step] of steps) {
        await networkHelpers.time.increase(3600);
        const at = await blockTimeOf(step());
        const { kind } = (await chainOf(bill, b.id)).at(-1)!;
        expected.push({ party: party.address, kind, timestamp: at });
      }
      const chain = await chainOf(bill, b.id);
      expect(chain).to.deep.equal(expected);
      expect(chain.map((s) => s.kind)).to.deep.equal([
        "Issued",
        "Endorsed",
        "Refused",
        "Pledged",
        "PledgeReleased",
        "EndorsedInBlank",
        "PossessionTransferred",
        "SurrenderedForDelivery",
        "SurrenderRejected",
        "SurrenderedForDelivery",
        "SurrenderAccepted",
      ]);
      expect(await bill.titleChainLength(b.id)).to.equal(11n);
    });

    it("folds every step into the on-chain head, which the logged steps replay to", async function () {
      const { bill, b, exporter, importer } = await loadIssued();
      const heads = [await bill.titleChainHead(b.id)];
      await bill.connect(exporter).endorse(b.id, importer.address);
      heads.push(await bill.titleChainHead(b.id));
      await bill.connect(importer).endorseInBlank(b.id);
      heads.push(await bill.titleChainHead(b.id));
      const steps = await chainOf(bill, b.id);
      expect(heads).to.deep.equal([1, 2, 3].map((n) => titleChainHeadOf(steps.slice(0, n))));
      expect(new Set(heads).size).to.equal(3);
    });

    it("detects a logged step that is missing, altered, reordered or invented", async function () {
      const { bill, b, exporter, importer, advisingBank } = await loadIssued();
      await bill.connect(exporter).endorse(b.id, importer.address);
      await bill.connect(importer).endorse(b.id, advisingBank.address);
      const steps = await chainOf(bill, b.id);
      const onChain = {
        head: await bill.titleChainHead(b.id),
        length: await bill.titleChainLength(b.id),
      };
      expect(verifyTitleChain(steps, onChain)).to.deep.equal({ verified: true });
      const [issued, first, second] = steps as [TitleStep, TitleStep, TitleStep];
      const tampered: [string, TitleStep[], RegExp][] = [
        ["missing", [issued, second], /a step is missing/],
        [
          "altered party",
          [issued, { ...first, party: exporter.address }, second],
          /altered or reordered/,
        ],
        [
          "altered time",
          [issued, { ...first, timestamp: first.timestamp + 1n }, second],
          /altered or reordered/,
        ],
        [
          "altered kind",
          [issued, { ...first, kind: "PossessionTransferred" }, second],
          /altered or reordered/,
        ],
        ["reordered", [issued, second, first], /altered or reordered/],
        ["invented", [...steps, second], /a step is invented/],
      ];
      for (const [what, chain, reason] of tampered) {
        const check = verifyTitleChain(chain, onChain);
        expect(check.verified, what).to.equal(false);
        expect(check.verified ? "" : check.reason, what).to.match(reason);
      }
    });

    it("starts the chain of an amended bill with its issue as a replacement", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, carrier } = world;
      await bill.connect(exporter).surrenderForAmendment(b.id);
      const amended = billIssueStruct({ ...billInput(world), blNumber: "MRDN24031999" });
      await bill.connect(carrier).amend(b.id, amended);
      const replacementId = await bill.billIdOf(carrier.address, "MRDN24031999");
      expect(await kindsOf(bill, b.id)).to.deep.equal([
        "Issued",
        "SurrenderedForAmendment",
        "Replaced",
      ]);
      expect((await chainOf(bill, b.id)).at(-1)!.party).to.equal(carrier.address);
      const replacedAt = (await chainOf(bill, b.id)).at(-1)!.timestamp;
      expect(await chainOf(bill, replacementId)).to.deep.equal([
        { party: exporter.address, timestamp: replacedAt, kind: "IssuedAsReplacement" },
      ]);
    });

    it("has an empty chain for an unknown bill: zero head, no steps", async function () {
      const { bill } = await loadIssued();
      expect(await bill.titleChainHead(7n)).to.equal(ZeroHash);
      expect(await bill.titleChainLength(7n)).to.equal(0n);
    });
  });

  describe("views of an unknown bill", function () {
    it("answers None / nobody, or reverts where a bill is required", async function () {
      const { bill } = await loadIssued();
      expect(await bill.billStatus(9n)).to.equal(BigInt(BillStatus.None));
      expect(await bill.holderOf(9n)).to.equal(ZeroAddress);
      expect(await bill.pledgorOf(9n)).to.equal(ZeroAddress);
      expect(await bill.replacedBy(9n)).to.equal(0n);
      for (const read of [
        () => bill.billFacts(9n),
        () => bill.billForm(9n),
        () => bill.vesselImoOf(9n),
      ]) {
        await expect(read())
          .to.be.revertedWithCustomError(bill, "BillOfLadingNonexistent")
          .withArgs(9n);
      }
      await expect(bill.ownerOf(9n))
        .to.be.revertedWithCustomError(bill, "ERC721NonexistentToken")
        .withArgs(9n);
    });
  });

  describe("ERC-721", function () {
    it("keeps no per-account balance: balanceOf refuses, naming the account", async function () {
      const { bill, exporter } = await loadIssued();
      for (const owner of [exporter.address, ZeroAddress]) {
        await expect(bill.balanceOf(owner))
          .to.be.revertedWithCustomError(bill, "BillOfLadingBalanceNotKept")
          .withArgs(owner);
      }
    });

    it("logs every change of holder as an ERC-721 Transfer, from which holdings are counted", async function () {
      const world = await loadIssued();
      const { bill, b, exporter, importer } = world;
      const second = await issueBill(world);
      await bill.connect(exporter).endorse(b.id, importer.address);
      await bill.connect(exporter).endorse(second.id, importer.address);
      await bill.connect(importer).refuse(second.id);
      const held = new Map<string, number>();
      for (const log of await bill.queryFilter(bill.filters.Transfer(), 0)) {
        const { from, to } = log.args;
        if (from !== ZeroAddress) held.set(from, (held.get(from) ?? 0) - 1);
        held.set(to, (held.get(to) ?? 0) + 1);
      }
      expect(held.get(exporter.address)).to.equal(1);
      expect(held.get(importer.address)).to.equal(1);
      expect(await bill.holderOf(b.id)).to.equal(importer.address);
      expect(await bill.holderOf(second.id)).to.equal(exporter.address);
    });

    it("supports ERC-165, ERC-721 and the bill interfaces", async function () {
      const { bill } = await loadIssued();
      const interfaceIdOf = (signatures: string[]) =>
        "0x" +
        signatures
          .map((s) => BigInt(keccak256(toUtf8Bytes(s)).slice(0, 10)))
          .reduce((a, b) => a ^ b, 0n)
          .toString(16)
          .padStart(8, "0");
      const title = interfaceIdOf([
        "billFacts(uint256)",
        "billStatus(uint256)",
        "holderOf(uint256)",
        "pledgorOf(uint256)",
      ]);
      expect(await bill.supportsInterface("0x01ffc9a7")).to.equal(true); // ERC-165
      expect(await bill.supportsInterface("0x80ac58cd")).to.equal(true); // ERC-721
      expect(await bill.supportsInterface(title)).to.equal(true);
      expect(await bill.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("storage", function () {
    it("packs the hot state of a bill in one word, laid out as documented", async function () {
      const { bill, b, exporter, issuingBank } = await loadIssued();
      await bill.connect(exporter).endorseInBlank(b.id);
      await bill.connect(exporter).pledge(b.id, issuingBank.address);
      const layout = await storageLayout();
      const statesSlot = BigInt(layout.storage.find((v) => v.label === "_states")!.slot);
      const word = BigInt(
        await ethers.provider.getStorage(
          await bill.getAddress(),
          solidityPackedKeccak256(["uint256", "uint256"], [b.id, statesSlot]),
        ),
      );
      const field = (offset: bigint, bits: bigint) => (word >> offset) & ((1n << bits) - 1n);
      expect(field(0n, 160n)).to.equal(BigInt(issuingBank.address));
      expect(field(160n, 8n)).to.equal(BigInt(BillStatus.Active));
      expect(field(168n, 8n)).to.equal(2n | 4n); // BEARER | PLEDGED
      expect(field(176n, 32n)).to.equal(3n); // Issued, EndorsedInBlank, Pledged
      expect(field(208n, 48n)).to.equal(b.struct.shippedOnBoardAt);
    });

    it("writes the title-chain head and link at issue, so that no move fills an empty slot", async function () {
      const { bill, b, exporter } = await loadIssued();
      const layout = await storageLayout();
      const wordOf = async (label: string) => {
        const slot = BigInt(layout.storage.find((v) => v.label === label)!.slot);
        return BigInt(
          await ethers.provider.getStorage(
            await bill.getAddress(),
            solidityPackedKeccak256(["uint256", "uint256"], [b.id, slot]),
          ),
        );
      };
      expect(await wordOf("_titleHeads")).to.equal(BigInt(await bill.titleChainHead(b.id)));
      const link = await wordOf("_titleLinks");
      expect(link >> 255n).to.equal(1n); // the marker: never zero
      expect(link & ((1n << 160n) - 1n)).to.equal(0n); // no previous holder yet
      expect((link >> 160n) & 0xffn).to.equal(BigInt(TitleEventKind.Issued));
      await bill.connect(exporter).endorseInBlank(b.id);
      expect((await wordOf("_titleLinks")) >> 160n).to.equal(
        (1n << 95n) | BigInt(TitleEventKind.EndorsedInBlank),
      );
    });

    it("keeps the cold facts of a bill in four slots", async function () {
      const layout = await storageLayout();
      const record = Object.values(layout.types).find((t) =>
        t.label.endsWith("struct BillOfLading.BillRecord"),
      );
      expect(record?.numberOfBytes).to.equal("128");
      const slots = new Set(record!.members!.map((m) => m.slot));
      expect(slots.size).to.equal(4);
    });
  });
});

interface StorageLayout {
  storage: { label: string; slot: string }[];
  types: Record<string, { label: string; numberOfBytes: string; members?: { slot: string }[] }>;
}

async function storageLayout(): Promise<StorageLayout> {
  const { readFile } = await import("node:fs/promises");
  const artifact = await artifacts.readArtifact("BillOfLading");
  const outputPath = await artifacts.getBuildInfoOutputPath(artifact.buildInfoId!);
  const output = JSON.parse(await readFile(outputPath!, "utf8")) as {
    output: { contracts: Record<string, Record<string, { storageLayout: StorageLayout }>> };
  };
  return output.output.contracts[artifact.inputSourceName!]![artifact.contractName]!.storageLayout;
}

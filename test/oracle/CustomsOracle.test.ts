import { expect } from "chai";
import { concat, Signature, Wallet, ZeroAddress, id } from "ethers";
import { network } from "hardhat";
import { hashTypedData } from "viem";

import { SIGNATURE_BATCH_VERIFIER_ADDRESS } from "../../deploy/acceleratorAddress.ts";
import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { executeGovernance } from "../../lib/chain/governance.ts";
import { roleId } from "../../lib/chain/roles.ts";
import { readStorageLayout } from "../accelerator/helpers/storageLayout.ts";
import {
  CUSTOMS_REPORT_TYPES,
  CustomsEventType,
  customsEvent,
  locode,
  reportDigest,
  shipmentRef,
  signReportWith,
  type CustomsEventInput,
} from "./helpers/customsReport.ts";
import {
  COMMITTEE_THRESHOLD,
  deployOracleSetup,
  submitNext,
  type OracleSetup,
} from "./helpers/oracleFixture.ts";

const { ethers, networkHelpers, provider } = await network.create();

const ORACLE = roleId("ORACLE");
const DAY = 86_400;

async function setupFixture(): Promise<OracleSetup> {
  return deployOracleSetup(ethers, provider);
}

/** A time some weeks before the chain's clock, so every event is in the past. */
async function pastTime(daysAgo = 40): Promise<number> {
  return (await networkHelpers.time.latest()) - daysAgo * DAY;
}

async function changeCommittee(setup: OracleSetup, members: string[], threshold: number) {
  const { registry, admins } = setup.consortium;
  return executeGovernance(registry, admins[0]!, admins.slice(1), {
    target: await setup.oracle.getAddress(),
    data: setup.oracle.interface.encodeFunctionData("setCommittee", [members, threshold]),
    description: `Customs oracle committee: ${threshold} of ${members.length}`,
  });
}

describe("CustomsOracle", function () {
  describe("deployment and committee", function () {
    it("starts at epoch 1 with the committee and threshold given at deployment", async function () {
      const { oracle, oracles } = await networkHelpers.loadFixture(setupFixture);
      const [members, threshold, epoch] = await oracle.committee();
      expect(members).to.deep.equal(oracles.map((o) => o.address));
      expect(threshold).to.equal(BigInt(COMMITTEE_THRESHOLD));
      expect(epoch).to.equal(1n);
      expect(await oracle.epoch()).to.equal(1n);
      expect(await oracle.lastSequence()).to.equal(0n);
    });

    it("calls the accelerator at its fixed address when deployed with address 0", async function () {
      const { oracle } = await networkHelpers.loadFixture(setupFixture);
      expect(await oracle.signatureVerifier()).to.equal(SIGNATURE_BATCH_VERIFIER_ADDRESS);
    });

    it("calls a configured verifier address on chains without the fixed one", async function () {
      const { consortium } = await networkHelpers.loadFixture(setupFixture);
      const shim = await ethers.deployContract("SignatureBatchVerifier");
      const oracle = await ethers.deployContract("CustomsOracle", [
        await consortium.registry.getAddress(),
        await shim.getAddress(),
        [],
        0,
      ]);
      expect(await oracle.signatureVerifier()).to.equal(await shim.getAddress());
    });

    it("refuses reports plainly when nothing answers at the verifier address", async function () {
      const { consortium, oracles, domain } = await networkHelpers.loadFixture(setupFixture);
      const nowhere = new Wallet(id("no verifier here")).address;
      const oracle = await ethers.deployContract("CustomsOracle", [
        await consortium.registry.getAddress(),
        nowhere,
        oracles.map((o) => o.address),
        3,
      ]);
      const events = [customsEvent(shipmentRef("BL-0"), "Loaded", await pastTime())];
      const signatures = await signReportWith(
        oracles.slice(0, 3),
        { ...domain, verifyingContract: await oracle.getAddress() },
        {
          epoch: 1,
          sequence: 1,
          events,
        },
      );
      await expect(oracle.connect(oracles[0]!).submitReport(1, 1, events, signatures))
        .to.be.revertedWithCustomError(oracle, "SignatureBatchCallsNoVerifier")
        .withArgs(nowhere);
    });

    it("publishes its EIP-712 domain", async function () {
      const { oracle } = await networkHelpers.loadFixture(setupFixture);
      const domain = await oracle.eip712Domain();
      expect(domain.name).to.equal("CaravelCustomsOracle");
      expect(domain.version).to.equal("1");
      expect(domain.verifyingContract).to.equal(await oracle.getAddress());
    });

    it("without a first committee, refuses reports until governance sets one", async function () {
      const { consortium, oracles } = await networkHelpers.loadFixture(setupFixture);
      const oracle = await ethers.deployContract("CustomsOracle", [
        await consortium.registry.getAddress(),
        ZeroAddress,
        [],
        0,
      ]);
      expect(await oracle.epoch()).to.equal(0n);
      const [members, threshold] = await oracle.committee();
      expect([members, threshold]).to.deep.equal([[], 0n]);
      const event = customsEvent(shipmentRef("BL-1"), "DeclarationAccepted", await pastTime());
      await expect(
        oracle.connect(oracles[0]!).submitReport(0, 1, [event], "0x"),
      ).to.be.revertedWithCustomError(oracle, "CustomsOracleNoCommittee");
    });

    it("refuses a committee change by anyone but the registry, even an administrator", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const { oracle, oracles, consortium } = setup;
      const members = oracles.slice(0, 3).map((o) => o.address);
      for (const caller of [consortium.admins[0]!, oracles[0]!]) {
        await expect(oracle.connect(caller).setCommittee(members, 2))
          .to.be.revertedWithCustomError(oracle, "ConsortiumOnlyGovernance")
          .withArgs(caller.address);
      }
      expect(await oracle.epoch()).to.equal(1n);
    });

    it("changes the committee through governance, bumping the epoch", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const members = setup.oracles.slice(1, 4).map((o) => o.address);
      const proposalId = await changeCommittee(setup, members, 2);
      expect(proposalId).to.be.greaterThan(0n);
      const [current, threshold, epoch] = await setup.oracle.committee();
      expect(current).to.deep.equal(members);
      expect([threshold, epoch]).to.deep.equal([2n, 2n]);
      const filter = setup.oracle.filters.CustomsCommitteeChanged(2);
      const [log] = await setup.oracle.queryFilter(filter);
      expect(log!.args.members).to.deep.equal(members);
      expect(log!.args.threshold).to.equal(2n);
    });

    describe("refuses an invalid committee", function () {
      async function deployWith(members: string[], threshold: number) {
        const { consortium } = await networkHelpers.loadFixture(setupFixture);
        return ethers.deployContract("CustomsOracle", [
          await consortium.registry.getAddress(),
          ZeroAddress,
          members,
          threshold,
        ]);
      }

      it("with more than MAX_COMMITTEE_SIZE members", async function () {
        const { oracle } = await networkHelpers.loadFixture(setupFixture);
        const many = Array.from({ length: 33 }, (_, i) => new Wallet(id(`member ${i}`)).address);
        await expect(deployWith(many, 17))
          .to.be.revertedWithCustomError(oracle, "CustomsOracleInvalidCommitteeSize")
          .withArgs(33, 32);
      });

      it("with a threshold that is not a majority, or above the size", async function () {
        const { oracle, oracles } = await networkHelpers.loadFixture(setupFixture);
        const five = oracles.map((o) => o.address);
        for (const threshold of [0, 2, 6]) {
          await expect(deployWith(five, threshold))
            .to.be.revertedWithCustomError(oracle, "CustomsOracleInvalidThreshold")
            .withArgs(threshold, 5);
        }
      });

      it("with the zero address or a member listed twice", async function () {
        const { oracle, oracles } = await networkHelpers.loadFixture(setupFixture);
        const [a, b] = oracles.map((o) => o.address);
        await expect(deployWith([a!, ZeroAddress, b!], 2))
          .to.be.revertedWithCustomError(oracle, "CustomsOracleInvalidMember")
          .withArgs(1, ZeroAddress);
        await expect(deployWith([a!, b!, a!], 2))
          .to.be.revertedWithCustomError(oracle, "CustomsOracleInvalidMember")
          .withArgs(2, a!);
      });

      it("with a member that does not hold the ORACLE role", async function () {
        const { oracle, oracles, consortium } = await networkHelpers.loadFixture(setupFixture);
        const bank = consortium.members.issuingBank!.address;
        await expect(deployWith([oracles[0]!.address, bank, oracles[1]!.address], 2))
          .to.be.revertedWithCustomError(oracle, "CustomsOracleMemberNotOracle")
          .withArgs(bank);
      });

      it("through governance too: the proposal fails and nothing changes", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const members = setup.oracles.map((o) => o.address);
        await expect(changeCommittee(setup, members, 2)).to.be.revertedWithCustomError(
          setup.consortium.registry,
          "ConsortiumProposalFailed",
        );
        expect(await setup.oracle.epoch()).to.equal(1n);
      });
    });
  });

  describe("reports", function () {
    it("applies a report signed by 3 of 5 and names the signers", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const { oracle, oracles, domain } = setup;
      const ref = shipmentRef("MRDN-BL-0001");
      const at = await pastTime();
      const events = [customsEvent(ref, "DeclarationAccepted", at, "GBFXT")];
      const signers = [oracles[4]!, oracles[0]!, oracles[2]!];
      const digest = reportDigest(domain, { epoch: 1, sequence: 1, events });
      await expect(submitNext(setup, events, signers))
        .to.emit(oracle, "CustomsReportAccepted")
        .withArgs(1, 1, digest, 0b10101, 1)
        .and.to.emit(oracle, "CustomsStatusChanged")
        .withArgs(ref, CustomsEventType.DeclarationAccepted, at);
      expect(await oracle.lastSequence()).to.equal(1n);
      expect(await oracle.customsStatus(ref)).to.deep.equal([
        BigInt(CustomsEventType.DeclarationAccepted),
        BigInt(at),
      ]);
    });

    it("records where each shipment was cleared: clearance() answers the time and the UN/LOCODE", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const { oracle } = setup;
      const ref = shipmentRef("MRDN-BL-0002");
      const at = await pastTime();
      expect(await oracle.clearance(ref)).to.deep.equal([false, 0n, "0x0000000000"]);
      await submitNext(setup, [
        customsEvent(ref, "DeclarationAccepted", at, "CNSHA"),
        customsEvent(ref, "Released", at + 60, "CNSHA"),
      ]);
      expect(await oracle.clearance(ref)).to.deep.equal([false, 0n, "0x0000000000"]);
      await submitNext(setup, [customsEvent(ref, "Cleared", at + 120, "CNSHA")]);
      expect(await oracle.clearance(ref)).to.deep.equal([true, BigInt(at + 120), locode("CNSHA")]);
      // A clearance that is not applied (nothing follows Cleared) leaves the place as it was.
      await submitNext(setup, [customsEvent(ref, "Cleared", at + 180, "GBFXT")]);
      expect(await oracle.clearance(ref)).to.deep.equal([true, BigInt(at + 120), locode("CNSHA")]);
    });

    it("keeps two carriers' shipments under one B/L number apart: a clearance of one does not move the other", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const { oracle } = setup;
      const [carrierA, carrierB] = [Wallet.createRandom().address, Wallet.createRandom().address];
      const refA = shipmentRefOf(carrierA, "SAME2403001");
      const refB = shipmentRefOf(carrierB, "SAME2403001");
      const at = await pastTime();
      await submitNext(setup, [
        customsEvent(refB, "Arrived", at, "NLRTM"),
        customsEvent(refA, "DeclarationAccepted", at, "CNSHA"),
        customsEvent(refA, "Cleared", at + 60, "CNSHA"),
      ]);
      expect((await oracle.clearance(refA))[0]).to.equal(true);
      expect(await oracle.clearance(refB)).to.deep.equal([false, 0n, "0x0000000000"]);
      expect(await oracle.customsStatus(refB)).to.deep.equal([
        BigInt(CustomsEventType.Arrived),
        BigInt(at),
      ]);
    });

    it("accepts more than the threshold, and any committee member as submitter", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const event = customsEvent(shipmentRef("BL-2"), "Loaded", await pastTime());
      await expect(submitNext(setup, [event], setup.oracles, setup.oracles[3]!))
        .to.emit(setup.oracle, "CustomsReportAccepted")
        .withArgs(
          1,
          1,
          reportDigest(setup.domain, { epoch: 1, sequence: 1, events: [event] }),
          0b11111,
          1,
        );
    });

    it("computes the digest a wallet signs with eth_signTypedData_v4, and viem's", async function () {
      const setup = await networkHelpers.loadFixture(setupFixture);
      const at = await pastTime();
      const events = [
        customsEvent(shipmentRef("BL-3"), "Released", at, "GBFXT"),
        customsEvent(shipmentRef("BL-4"), "Cleared", at + 60, "CNSHA"),
      ];
      const onChain = await setup.oracle.reportDigest(7, 42, events);
      expect(onChain).to.equal(reportDigest(setup.domain, { epoch: 7, sequence: 42, events }));
      const viemDigest = hashTypedData({
        domain: {
          name: "CaravelCustomsOracle",
          version: "1",
          chainId: Number(setup.domain.chainId),
          verifyingContract: (await setup.oracle.getAddress()) as `0x${string}`,
        },
        types: CUSTOMS_REPORT_TYPES,
        primaryType: "CustomsReport",
        message: {
          epoch: 7,
          sequence: 42n,
          events: events.map((e) => ({
            shipmentRef: e.shipmentRef as `0x${string}`,
            eventType: e.eventType,
            location: e.location as `0x${string}`,
            occurredAt: Number(e.occurredAt),
            sourceDocHash: e.sourceDocHash as `0x${string}`,
            sourceMessageId: e.sourceMessageId as `0x${string}`,
          })),
        },
      });
      expect(onChain).to.equal(viemDigest);
      // A wallet's eth_signTypedData_v4 signature over the report recovers through the digest.
      const [signature] = [
        await setup.oracles[0]!.signTypedData(setup.domain, CUSTOMS_REPORT_TYPES, {
          epoch: 7,
          sequence: 42,
          events,
        }),
      ];
      expect(ethers.recoverAddress(onChain, signature!)).to.equal(setup.oracles[0]!.address);
    });

    describe("refusals (each leaves the oracle as it was)", function () {
      async function refusedWith(
        setup: OracleSetup,
        send: () => Promise<unknown>,
        error: string,
        args: unknown[],
      ) {
        const before = await setup.oracle.lastSequence();
        await expect(send())
          .to.be.revertedWithCustomError(setup.oracle, error)
          .withArgs(...args);
        expect(await setup.oracle.lastSequence()).to.equal(before);
      }

      it("a report naming an old epoch", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const events = [customsEvent(shipmentRef("BL-5"), "Loaded", await pastTime())];
        const oldSignatures = await signReportWith(setup.oracles.slice(0, 3), setup.domain, {
          epoch: 1,
          sequence: 1,
          events,
        });
        await changeCommittee(
          setup,
          setup.oracles.map((o) => o.address),
          3,
        );
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[0]!).submitReport(1, 1, events, oldSignatures),
          "CustomsOracleWrongEpoch",
          [1, 2],
        );
      });

      it("a replayed report", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const events = [customsEvent(shipmentRef("BL-6"), "Loaded", await pastTime())];
        const signatures = await signReportWith(setup.oracles.slice(0, 3), setup.domain, {
          epoch: 1,
          sequence: 1,
          events,
        });
        await setup.oracle.connect(setup.oracles[0]!).submitReport(1, 1, events, signatures);
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[1]!).submitReport(1, 1, events, signatures),
          "CustomsOracleReportReplayed",
          [1, 1],
        );
      });

      it("a report that skips a sequence number", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const events = [customsEvent(shipmentRef("BL-7"), "Loaded", await pastTime())];
        const signatures = await signReportWith(setup.oracles.slice(0, 3), setup.domain, {
          epoch: 1,
          sequence: 2,
          events,
        });
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[0]!).submitReport(1, 2, events, signatures),
          "CustomsOracleSequenceGap",
          [2, 1],
        );
      });

      it("a submitter outside the committee, even a signer-approved report", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const bank = setup.consortium.members.issuingBank!;
        const events = [customsEvent(shipmentRef("BL-8"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, setup.oracles.slice(0, 3), bank),
          "CustomsOracleSubmitterNotInCommittee",
          [bank.address],
        );
      });

      it("a suspended committee member as submitter", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const [oracle1] = setup.oracles;
        await setup.consortium.registry
          .connect(setup.consortium.admins[0]!)
          .suspendMember(oracle1!.address, "audit");
        const events = [customsEvent(shipmentRef("BL-9"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, setup.oracles.slice(1, 4), oracle1),
          "CustomsOracleSubmitterInactive",
          [oracle1!.address],
        );
      });

      it("a duplicate signer", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const [o1, o2] = setup.oracles;
        const events = [customsEvent(shipmentRef("BL-10"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, [o1!, o2!, o1!]),
          "CustomsOracleDuplicateSigner",
          [2, o1!.address],
        );
      });

      it("a signer outside the committee", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const outsider = setup.consortium.outsiders[0]!;
        const events = [customsEvent(shipmentRef("BL-11"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, [setup.oracles[0]!, outsider, setup.oracles[1]!]),
          "CustomsOracleSignerNotInCommittee",
          [1, outsider.address],
        );
      });

      it("a former member's signature after a committee change", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const [o1, o2, o3, , o5] = setup.oracles;
        await changeCommittee(
          setup,
          [o1!, o2!, o3!].map((o) => o.address),
          2,
        );
        const events = [customsEvent(shipmentRef("BL-12"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, [o1!, o5!]),
          "CustomsOracleSignerNotInCommittee",
          [1, o5!.address],
        );
      });

      it("signatures over a different report", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const at = await pastTime();
        const signed = [customsEvent(shipmentRef("BL-13"), "Loaded", at)];
        const sent = [customsEvent(shipmentRef("BL-13"), "Cleared", at)];
        const signatures = await signReportWith(setup.oracles.slice(0, 3), setup.domain, {
          epoch: 1,
          sequence: 1,
          events: signed,
        });
        const digest = reportDigest(setup.domain, { epoch: 1, sequence: 1, events: sent });
        const recovered = ethers.recoverAddress(
          digest,
          Signature.from({
            r: signatures.slice(0, 66),
            yParityAndS: `0x${signatures.slice(66, 130)}`,
          }),
        );
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[0]!).submitReport(1, 1, sent, signatures),
          "CustomsOracleSignerNotInCommittee",
          [0, recovered],
        );
      });

      it("fewer signatures than the threshold", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const events = [customsEvent(shipmentRef("BL-14"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, setup.oracles.slice(0, 2)),
          "CustomsOracleQuorumNotMet",
          [2, 3],
        );
        await refusedWith(
          setup,
          () => submitNext(setup, events, []),
          "CustomsOracleQuorumNotMet",
          [0, 3],
        );
      });

      it("a signature by a member suspended since the committee was set", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const [o1, o2, o3] = setup.oracles;
        await setup.consortium.registry
          .connect(setup.consortium.admins[0]!)
          .suspendMember(o2!.address, "key compromise");
        const events = [customsEvent(shipmentRef("BL-15"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, [o1!, o2!, o3!]),
          "CustomsOracleSignerInactive",
          [o2!.address],
        );
      });

      it("a signature by a member who has since lost the ORACLE role", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const [o1, o2, o3] = setup.oracles;
        // ORACLE is revoked only by governance (ConsortiumRoleNeedsGovernance otherwise).
        const { registry, admins } = setup.consortium;
        await executeGovernance(registry, admins[0]!, [admins[1]!], {
          target: await registry.getAddress(),
          data: registry.interface.encodeFunctionData("revokeRole", [ORACLE, o3!.address]),
          description: "Revoke ORACLE",
        });
        const events = [customsEvent(shipmentRef("BL-16"), "Loaded", await pastTime())];
        await refusedWith(
          setup,
          () => submitNext(setup, events, [o1!, o2!, o3!]),
          "CustomsOracleSignerInactive",
          [o3!.address],
        );
      });

      it("a malformed or high-s signature", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const events = [customsEvent(shipmentRef("BL-17"), "Loaded", await pastTime())];
        const good = await signReportWith(setup.oracles.slice(0, 3), setup.domain, {
          epoch: 1,
          sequence: 1,
          events,
        });
        const garbage = concat([good.slice(0, 130), `0x${"00".repeat(32)}${"11".repeat(32)}`]);
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[0]!).submitReport(1, 1, events, garbage),
          "CustomsOracleMalformedSignature",
          [1],
        );
        await refusedWith(
          setup,
          () =>
            setup.oracle
              .connect(setup.oracles[0]!)
              .submitReport(1, 1, events, concat([good, "0x00"])),
          "CustomsOracleMalformedSignatures",
          [193],
        );
      });

      it("an empty report, or one with more than MAX_EVENTS_PER_REPORT events", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        await refusedWith(
          setup,
          () => submitNext(setup, []),
          "CustomsOracleEventCountOutOfRange",
          [0, 512],
        );
        const at = await pastTime();
        const many = Array.from({ length: 513 }, (_, i) =>
          customsEvent(shipmentRef(`BL-M-${i}`), "Loaded", at),
        );
        await refusedWith(
          setup,
          () => setup.oracle.connect(setup.oracles[0]!).submitReport(1, 1, many, "0x"),
          "CustomsOracleEventCountOutOfRange",
          [513, 512],
        );
      });

      it("a malformed event: type None, no shipment reference, time 0", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const at = await pastTime();
        const good = customsEvent(shipmentRef("BL-18"), "Loaded", at);
        const cases: [CustomsEventInput, unknown[]][] = [
          [{ ...good, eventType: CustomsEventType.None }, [1, good.shipmentRef, 0, at]],
          [
            { ...good, shipmentRef: ethers.ZeroHash },
            [1, ethers.ZeroHash, CustomsEventType.Loaded, at],
          ],
          [{ ...good, occurredAt: 0n }, [1, good.shipmentRef, CustomsEventType.Loaded, 0]],
        ];
        for (const [bad, args] of cases) {
          await refusedWith(
            setup,
            () => submitNext(setup, [good, bad]),
            "CustomsOracleMalformedEvent",
            args,
          );
        }
      });

      it("an event dated after the block time plus the allowed drift", async function () {
        const setup = await networkHelpers.loadFixture(setupFixture);
        const now = await networkHelpers.time.latest();
        const future = now + 3600;
        const event = customsEvent(shipmentRef("BL-19"), "Loaded", future);
        await expect(submitNext(setup, [event]))
          .to.be.revertedWithCustomError(setup.oracle, "CustomsOracleEventInFuture")
          .withArgs(
            0,
            future,
            (value: bigint) => value >= BigInt(now + 900) && value <= BigInt(now + 905),
          );
      });
    });
  });

  describe("storage", function () {
    it("keeps the committee pointer, epoch and last sequence in one slot, one slot per shipment, and one per cleared shipment for where it was cleared", async function () {
      const layout = await readStorageLayout("CustomsOracle");
      const byLabel = new Map(layout.storage.map((s) => [s.label, s]));
      const committee = byLabel.get("_committee")!;
      const shipments = byLabel.get("_shipments")!;
      expect(layout.types![committee.type]!.numberOfBytes).to.equal("32");
      expect(BigInt(shipments.slot)).to.equal(BigInt(committee.slot) + 1n);
      // The clearance location, written once per shipment when it is cleared (settlement
      // compares it with the bill's port of discharge); besides these, only EIP712's long-name
      // fallbacks, which a 20-byte name never uses.
      expect(layout.storage.map((s) => s.label).sort()).to.deep.equal(
        ["_clearedAt", "_committee", "_nameFallback", "_shipments", "_versionFallback"].sort(),
      );
      const clearedAt = byLabel.get("_clearedAt")!;
      expect(layout.types![clearedAt.type]!.label).to.equal("mapping(bytes32 => bytes5)");
      const valueType = Object.values(layout.types!).find((t) => t.label === "ShipmentState");
      expect(valueType?.numberOfBytes).to.equal("32");
    });
  });
});

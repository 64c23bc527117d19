import { expect } from "chai";
import { network } from "hardhat";

import type { CustomsTransitionsHarness } from "../../types/ethers-contracts/index.js";
import {
  CustomsEventType,
  customsEvent,
  eventTypeName,
  shipmentRef,
  type CustomsEventInput,
  type CustomsEventTypeName,
} from "./helpers/customsReport.ts";
import { deployOracleSetup, submitNext, type OracleSetup } from "./helpers/oracleFixture.ts";

const { ethers, networkHelpers, provider } = await network.create();

const DAY = 86_400;

/** Outcomes of `CustomsTransitions.applyEvent`, mirroring the Solidity enum. */
const Outcome = { Applied: 0n, Duplicate: 1n, OutOfOrder: 2n, Refused: 3n } as const;

type Name = CustomsEventTypeName;
const CUSTOMS: Name[] = [
  "DeclarationAccepted",
  "DeclarationRejected",
  "UnderControl",
  "DocumentsRequired",
  "Detained",
  "Released",
];
const TRANSPORT: Name[] = ["Loaded", "Departed", "Arrived", "Discharged"];
const ALL: Name[] = [...CUSTOMS, "Cleared", "GoodsExited", ...TRANSPORT];

/**
 * THE specification of the status machine: from each status, the event types that may
 * follow, at origin (goods not yet exited or transported) and at destination. Every cell of
 * the 13 × 13 matrix on both sides is checked against the contract.
 */
const ALLOWED: Record<"origin" | "destination", Partial<Record<Name, Name[]>>> = {
  origin: {
    None: ALL,
    DeclarationAccepted: [
      "UnderControl",
      "DocumentsRequired",
      "Detained",
      "DeclarationRejected",
      "Released",
      "Cleared",
      ...TRANSPORT,
    ],
    DeclarationRejected: ["DeclarationAccepted"],
    UnderControl: ["DocumentsRequired", "Detained", "DeclarationRejected", "Released"],
    DocumentsRequired: ["UnderControl", "Detained", "DeclarationRejected", "Released"],
    Detained: ["UnderControl", "DocumentsRequired", "DeclarationRejected", "Released"],
    Released: ["GoodsExited", ...TRANSPORT, "Cleared"],
    Cleared: [],
  },
  destination: {
    DeclarationAccepted: [
      "UnderControl",
      "DocumentsRequired",
      "Detained",
      "DeclarationRejected",
      "Released",
      "Cleared",
    ],
    DeclarationRejected: ["DeclarationAccepted"],
    UnderControl: ["DocumentsRequired", "Detained", "DeclarationRejected", "Released"],
    DocumentsRequired: ["UnderControl", "Detained", "DeclarationRejected", "Released"],
    Detained: ["UnderControl", "DocumentsRequired", "DeclarationRejected", "Released"],
    Released: ["Cleared"],
    Cleared: [],
    GoodsExited: [...TRANSPORT, ...CUSTOMS],
    Loaded: ["Departed", "Arrived", "Discharged", ...CUSTOMS],
    Departed: ["Arrived", "Discharged", ...CUSTOMS],
    Arrived: ["Departed", "Discharged", ...CUSTOMS],
    Discharged: ["Loaded", ...CUSTOMS],
  },
};

async function harnessFixture() {
  return (await ethers.deployContract(
    "CustomsTransitionsHarness",
  )) as unknown as CustomsTransitionsHarness;
}

async function oracleFixture(): Promise<OracleSetup> {
  return deployOracleSetup(ethers, provider);
}

/** A state word in `status` on the given side, entered at time `at`. */
async function stateIn(
  harness: CustomsTransitionsHarness,
  status: Name,
  side: "origin" | "destination",
  at: number,
) {
  let state = 0n;
  if (side === "destination") state = await harness.enter(state, CustomsEventType.Loaded, at - DAY);
  if (status !== "None") state = await harness.enter(state, CustomsEventType[status], at);
  return state;
}

describe("Customs status machine", function () {
  describe("transition table", function () {
    for (const side of ["origin", "destination"] as const) {
      for (const [from, allowed] of Object.entries(ALLOWED[side]) as [Name, Name[]][]) {
        it(`at ${side}, from ${from} allows exactly: ${allowed.length === 0 ? "nothing" : allowed.join(", ")}`, async function () {
          const harness = await networkHelpers.loadFixture(harnessFixture);
          const at = 1_750_000_000;
          const state = await stateIn(harness, from, side, at);
          const [status, , destinationSide] = await harness.decode(state);
          expect([eventTypeName(status), destinationSide]).to.deep.equal([
            from,
            side === "destination",
          ]);
          for (const to of ALL) {
            const expected = allowed.includes(to);
            expect(
              await harness.isAllowed(
                CustomsEventType[from],
                side === "destination",
                CustomsEventType[to],
              ),
              `${from} → ${to}`,
            ).to.equal(expected);
            const [next, outcome] = await harness.applyEvent(
              state,
              CustomsEventType[to],
              at + 3600,
            );
            expect(outcome, `${from} → ${to}`).to.equal(
              expected ? Outcome.Applied : Outcome.Refused,
            );
            if (!expected) expect(next).to.equal(state);
          }
        });
      }
    }

    it("never lets an event of type None through", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      for (const side of [false, true]) {
        for (const from of ["None", ...ALL] as Name[]) {
          expect(
            await harness.isAllowed(CustomsEventType[from], side, CustomsEventType.None),
          ).to.equal(false);
        }
      }
    });
  });

  describe("judging an event", function () {
    it("applies an allowed event: status, since, and the first day reached", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const at = 1_750_012_345;
      const [next, outcome] = await harness.applyEvent(
        0n,
        CustomsEventType.DeclarationAccepted,
        at,
      );
      expect(outcome).to.equal(Outcome.Applied);
      const [status, since] = await harness.decode(next);
      expect([status, since]).to.deep.equal([
        BigInt(CustomsEventType.DeclarationAccepted),
        BigInt(at),
      ]);
      expect(await harness.reached(next, CustomsEventType.DeclarationAccepted)).to.deep.equal([
        true,
        BigInt(at - (at % DAY)),
      ]);
      expect(await harness.reached(next, CustomsEventType.Released)).to.deep.equal([false, 0n]);
    });

    it("ignores the exact event that set the current status (a duplicate)", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const state = await stateIn(harness, "Departed", "destination", 1_750_000_000);
      const [next, outcome] = await harness.applyEvent(
        state,
        CustomsEventType.Departed,
        1_750_000_000,
      );
      expect([next, outcome]).to.deep.equal([state, Outcome.Duplicate]);
    });

    it("records an event older than the current status without moving it", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const state = await stateIn(harness, "Departed", "destination", 1_750_000_000);
      for (const late of ["Arrived", "Loaded", "Departed"] as Name[]) {
        const [next, outcome] = await harness.applyEvent(
          state,
          CustomsEventType[late],
          1_749_999_000,
        );
        expect([next, outcome], late).to.deep.equal([state, Outcome.OutOfOrder]);
      }
    });

    it("accepts an allowed event at the same second as the current status", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const state = await stateIn(harness, "Released", "origin", 1_750_000_000);
      const [, outcome] = await harness.applyEvent(
        state,
        CustomsEventType.GoodsExited,
        1_750_000_000,
      );
      expect(outcome).to.equal(Outcome.Applied);
    });

    it("keeps the first day of a status when the shipment enters it again", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const first = 1_750_000_000;
      let state = 0n;
      for (const [type, at] of [
        ["Loaded", first],
        ["Departed", first + DAY],
        ["Arrived", first + 5 * DAY],
        ["Departed", first + 6 * DAY],
      ] as [Name, number][]) {
        let outcome: bigint;
        [state, outcome] = await harness.applyEvent(state, CustomsEventType[type], at);
        expect(outcome).to.equal(Outcome.Applied);
      }
      expect(await harness.reached(state, CustomsEventType.Departed)).to.deep.equal([
        true,
        BigInt(first + DAY - ((first + DAY) % DAY)),
      ]);
      expect((await harness.decode(state))[1]).to.equal(BigInt(first + 6 * DAY));
    });

    it("answers Cleared's time exactly (it is terminal, so it is `since`)", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const state = await stateIn(harness, "Released", "destination", 1_750_000_000);
      const [next] = await harness.applyEvent(state, CustomsEventType.Cleared, 1_750_054_321);
      expect(await harness.reached(next, CustomsEventType.Cleared)).to.deep.equal([
        true,
        1_750_054_321n,
      ]);
    });

    it("answers None as never reached", async function () {
      const harness = await networkHelpers.loadFixture(harnessFixture);
      const state = await stateIn(harness, "Loaded", "destination", 1_750_000_000);
      expect(await harness.reached(state, CustomsEventType.None)).to.deep.equal([false, 0n]);
    });
  });

  describe("through the oracle", function () {
    const REALISTIC: [Name, string][] = [
      ["DeclarationAccepted", "GBFXT"],
      ["Released", "GBFXT"],
      ["GoodsExited", "GBFXT"],
      ["Loaded", "GBFXT"],
      ["Departed", "GBFXT"],
      ["Arrived", "CNSHA"],
      ["Discharged", "CNSHA"],
      ["DeclarationAccepted", "CNSHA"],
      ["UnderControl", "CNSHA"],
      ["Released", "CNSHA"],
      ["Cleared", "CNSHA"],
    ];

    function realisticEvents(ref: string, start: number): CustomsEventInput[] {
      return REALISTIC.map(([type, location], i) =>
        customsEvent(ref, type, start + i * DAY + 3600, location),
      );
    }

    it("accepts the realistic export-to-import flow in order, one report per event", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0001");
      const start = (await networkHelpers.time.latest()) - 30 * DAY;
      const events = realisticEvents(ref, start);
      for (const event of events) {
        await expect(submitNext(setup, [event]))
          .to.emit(setup.oracle, "CustomsStatusChanged")
          .withArgs(ref, event.eventType, event.occurredAt);
        expect(await setup.oracle.customsStatus(ref)).to.deep.equal([
          BigInt(event.eventType),
          event.occurredAt,
        ]);
      }
      const cleared = events.at(-1)!;
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Cleared)).to.deep.equal([
        true,
        cleared.occurredAt,
      ]);
      const loaded = events[3]!;
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Loaded)).to.deep.equal([
        true,
        loaded.occurredAt - (loaded.occurredAt % BigInt(DAY)),
      ]);
      // Released was first reached at export: its first day stays the export release day.
      const exportRelease = events[1]!;
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Released)).to.deep.equal([
        true,
        exportRelease.occurredAt - (exportRelease.occurredAt % BigInt(DAY)),
      ]);
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Detained)).to.deep.equal([
        false,
        0n,
      ]);
    });

    it("accepts the whole flow in one report, each event moving the status once", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0002");
      const events = realisticEvents(ref, (await networkHelpers.time.latest()) - 30 * DAY);
      const receipt = await (await submitNext(setup, events)).wait();
      const changes = receipt!.logs
        .map((log) => setup.oracle.interface.parseLog(log))
        .filter((parsed) => parsed?.name === "CustomsStatusChanged");
      expect(changes.map((c) => eventTypeName(c!.args.status))).to.deep.equal(
        REALISTIC.map(([type]) => type),
      );
      expect((await setup.oracle.customsStatus(ref))[0]).to.equal(BigInt(CustomsEventType.Cleared));
    });

    it("ignores a report's events delivered again in a later report", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0003");
      const at = (await networkHelpers.time.latest()) - 10 * DAY;
      const event = customsEvent(ref, "Loaded", at, "GBFXT");
      await submitNext(setup, [event]);
      const before = await setup.oracle.customsStatus(ref);
      await expect(submitNext(setup, [event]))
        .to.emit(setup.oracle, "CustomsEventDuplicate")
        .withArgs(ref, CustomsEventType.Loaded, at)
        .and.not.to.emit(setup.oracle, "CustomsStatusChanged");
      expect(await setup.oracle.customsStatus(ref)).to.deep.equal(before);
      expect(await setup.oracle.lastSequence()).to.equal(2n);
    });

    it("records an out-of-order event and keeps the later status", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0004");
      const at = (await networkHelpers.time.latest()) - 10 * DAY;
      const departed = customsEvent(ref, "Departed", at, "GBFXT");
      const lateLoaded = customsEvent(ref, "Loaded", at - 7200, "GBFXT");
      await expect(submitNext(setup, [departed, lateLoaded]))
        .to.emit(setup.oracle, "CustomsEventOutOfOrder")
        .withArgs(ref, CustomsEventType.Loaded, at - 7200, CustomsEventType.Departed, at);
      expect(await setup.oracle.customsStatus(ref)).to.deep.equal([
        BigInt(CustomsEventType.Departed),
        BigInt(at),
      ]);
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Loaded)).to.deep.equal([
        false,
        0n,
      ]);
    });

    it("refuses Cleared while the goods are held, then clears them after release", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0005");
      const at = (await networkHelpers.time.latest()) - 10 * DAY;
      await submitNext(setup, [
        customsEvent(ref, "Discharged", at),
        customsEvent(ref, "DeclarationAccepted", at + 3600),
        customsEvent(ref, "UnderControl", at + 7200),
      ]);
      const prematureClear = customsEvent(ref, "Cleared", at + 10_800);
      await expect(submitNext(setup, [prematureClear]))
        .to.emit(setup.oracle, "CustomsTransitionRefused")
        .withArgs(ref, CustomsEventType.Cleared, at + 10_800, CustomsEventType.UnderControl);
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Cleared)).to.deep.equal([
        false,
        0n,
      ]);
      await submitNext(setup, [
        customsEvent(ref, "Released", at + 14_400),
        customsEvent(ref, "Cleared", at + 18_000),
      ]);
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Cleared)).to.deep.equal([
        true,
        BigInt(at + 18_000),
      ]);
    });

    it("moves nothing after Cleared", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("MRDN-BL-2025-0006");
      const at = (await networkHelpers.time.latest()) - 10 * DAY;
      await submitNext(setup, [
        customsEvent(ref, "Released", at),
        customsEvent(ref, "Cleared", at + 60),
      ]);
      for (const late of ["UnderControl", "Detained", "DeclarationAccepted", "Arrived"] as Name[]) {
        await expect(submitNext(setup, [customsEvent(ref, late, at + 3600)]))
          .to.emit(setup.oracle, "CustomsTransitionRefused")
          .withArgs(ref, CustomsEventType[late], at + 3600, CustomsEventType.Cleared);
      }
      expect(await setup.oracle.customsStatus(ref)).to.deep.equal([
        BigInt(CustomsEventType.Cleared),
        BigInt(at + 60),
      ]);
    });

    it("answers an unknown shipment with (None, 0) and never reached", async function () {
      const setup = await networkHelpers.loadFixture(oracleFixture);
      const ref = shipmentRef("NEVER-HEARD-OF");
      expect(await setup.oracle.customsStatus(ref)).to.deep.equal([0n, 0n]);
      expect(await setup.oracle.hasReached(ref, CustomsEventType.Cleared)).to.deep.equal([
        false,
        0n,
      ]);
    });
  });
});

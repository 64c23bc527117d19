import { expect } from "chai";

import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { customsEventTypeName } from "../../tasks/oracle/customsOracle.ts";
import type { CommitteeResult } from "../../tasks/oracle/committee.ts";
import type { ReportsResult } from "../../tasks/oracle/reports.ts";
import type { ShipmentResult } from "../../tasks/oracle/shipment.ts";
import { formatTime } from "../../tasks/support/output.ts";
import { CustomsOracle__factory } from "../../types/ethers-contracts/index.js";
import {
  CustomsEventType,
  customsDomain,
  customsEvent,
  type CustomsEventInput,
  type CustomsEventTypeName,
  signReportWith,
} from "../oracle/helpers/customsReport.ts";
import {
  addressOf,
  caravel,
  chainTime,
  type Deployment,
  ethers,
  failed,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const oracleSigner = (n: number) => signers[demoMember(`oracle${n}`).accountIndex]!;

const BL = "MRDN2611GB0042";
const REF = shipmentRefOf(signers[demoMember("carrier").accountIndex]!.address, BL);

async function customsOracle(deployment: Deployment) {
  return CustomsOracle__factory.connect(addressOf(deployment, "CustomsOracle"), ethers.provider);
}

/** Have oracles 1-3 sign and oracle 1 submit the next report with `events`. */
async function submit(deployment: Deployment, events: CustomsEventInput[]): Promise<void> {
  const oracle = await customsOracle(deployment);
  const [, , epoch] = await oracle.committee();
  const sequence = (await oracle.lastSequence()) + 1n;
  const { chainId } = await ethers.provider.getNetwork();
  const report = { epoch, sequence, events };
  const signatures = await signReportWith(
    [oracleSigner(1), oracleSigner(2), oracleSigner(3)],
    customsDomain(chainId, await oracle.getAddress()),
    report,
  );
  await (
    await oracle.connect(oracleSigner(1)).submitReport(epoch, sequence, events, signatures)
  ).wait();
}

/**
 * The platform with bill BL issued, and two reports: the voyage (loaded, departed), then
 * arrival and clearance at Shanghai, plus a late "loaded" that the oracle refuses.
 */
async function reported(): Promise<{ deployment: Deployment; t0: number }> {
  const deployment = await caravel();
  succeeded(
    await runTask(
      ["bill", "issue"],
      {
        as: "carrier",
        bill: BL,
        shipper: "exporter",
        vesselImo: "9321483",
        voyage: "042W",
        loading: "GBFXT",
        discharge: "CNSHA",
        document: "0x" + "11".repeat(32),
        send: true,
      },
      deployment,
    ),
  );
  const t0 = (await chainTime()) - 10 * 3600;
  const at = (hours: number) => t0 + hours * 3600;
  const event = (type: CustomsEventTypeName, hours: number, place: string) =>
    customsEvent(REF, type, at(hours), place);
  await submit(deployment, [event("Loaded", 0, "GBFXT"), event("Departed", 1, "GBFXT")]);
  await submit(deployment, [
    event("Arrived", 2, "CNSHA"),
    event("DeclarationAccepted", 3, "CNSHA"),
    event("Cleared", 4, "CNSHA"),
    event("Loaded", 5, "CNSHA"),
  ]);
  return { deployment, t0 };
}

describe("oracle tasks", function () {
  it("name the customs event types as contracts/types/CustomsTypes.sol orders them", function () {
    const named = Object.entries(CustomsEventType).map(([, value]) => [
      customsEventTypeName(BigInt(value)),
      value,
    ]);
    expect(named).to.deep.equal(Object.entries(CustomsEventType));
    expect(() => customsEventTypeName(BigInt(named.length))).to.throw(/unknown customs event type/);
  });

  describe("oracle committee", function () {
    it("shows the demo committee, its threshold and epoch, and the installed verifier", async function () {
      const deployment = await caravel();
      const run = await runTask<CommitteeResult>(["oracle", "committee"], {}, deployment);
      const result = succeeded(run);
      expect(result.members.map((m) => m.key)).to.deep.equal([
        "oracle1",
        "oracle2",
        "oracle3",
        "oracle4",
        "oracle5",
      ]);
      expect(result.members.every((m) => m.activeOracle)).to.equal(true);
      expect(result).to.deep.include({
        epoch: 1n,
        threshold: 3n,
        lastSequence: 0n,
        lastReportAt: null,
      });
      expect(result.verifierHasCode).to.equal(true);
      expect(run.out[0]).to.equal(
        `Customs oracle ${result.oracle}: committee epoch 1, any 3 of 5 sign a report.`,
      );
      expect(run.out).to.include("No report accepted yet.");
    });

    it("flags a committee member that no longer holds the ORACLE role", async function () {
      const deployment = await caravel();
      succeeded(
        await runTask(
          ["consortium", "suspend"],
          { as: "admin1", member: "oracle2", reason: "key compromised", send: true },
          deployment,
        ),
      );
      const run = await runTask<CommitteeResult>(["oracle", "committee"], {}, deployment);
      expect(succeeded(run).members[1]).to.deep.include({ key: "oracle2", activeOracle: false });
      expect(run.out[2]).to.equal(
        `   1. oracle2 (${oracleSigner(2).address})  — NOT an active ORACLE member: its signatures are refused`,
      );
    });

    it("counts the reports accepted", async function () {
      const { deployment } = await reported();
      const result = succeeded(
        await runTask<CommitteeResult>(["oracle", "committee"], {}, deployment),
      );
      expect(result.lastSequence).to.equal(2n);
      expect(result.lastReportAt).to.be.a("number");
    });
  });

  describe("oracle reports", function () {
    it("lists the last reports, newest first, with their signers and what each event did", async function () {
      const { deployment, t0 } = await reported();
      const run = await runTask<ReportsResult>(["oracle", "reports"], { last: "1" }, deployment);
      const [report] = succeeded(run).reports;
      expect(succeeded(run).reports).to.have.length(1);
      expect(report).to.deep.include({ epoch: 1n, sequence: 2n, eventCount: 4n });
      expect(report!.submitter).to.equal(oracleSigner(1).address);
      expect(report!.signers).to.deep.equal([1, 2, 3].map((n) => oracleSigner(n).address));
      expect(report!.events.map((e) => [e.outcome, e.eventType, e.keptStatus])).to.deep.equal([
        ["status-changed", "Arrived", null],
        ["status-changed", "DeclarationAccepted", null],
        ["status-changed", "Cleared", null],
        ["transition-refused", "Loaded", "Cleared"],
      ]);
      expect(report!.events.every((e) => e.blNumber === BL)).to.equal(true);
      expect(run.out[1]).to.match(/^ {2}signed by oracle1, oracle2, oracle3; tx 0x[0-9a-f]{64}$/);
      expect(run.out.at(-1)).to.equal(
        `  - shipment ${BL}: Loaded: may not follow Cleared, status stays Cleared (occurred ${formatTime(t0 + 5 * 3600)})`,
      );
      const all = succeeded(
        await runTask<ReportsResult>(["oracle", "reports"], { last: "5" }, deployment),
      );
      expect(all.reports.map((r) => r.sequence)).to.deep.equal([2n, 1n]);
    });

    it("says when there is no report yet, and refuses a count of zero", async function () {
      const deployment = await caravel();
      const none = await runTask(["oracle", "reports"], { last: "5" }, deployment);
      expect(none.out).to.deep.equal(["No customs report accepted yet."]);
      const zero = await runTask(["oracle", "reports"], { last: "0" }, deployment);
      expect(zero.err).to.deep.equal(["Error CARAVEL-001: --last: must be at least 1."]);
    });
  });

  describe("oracle shipment", function () {
    it("gives a shipment's status, its clearance and its events, found by B/L number", async function () {
      const { deployment, t0 } = await reported();
      const run = await runTask<ShipmentResult>(
        ["oracle", "shipment"],
        { shipment: BL },
        deployment,
      );
      const result = succeeded(run);
      expect(result).to.deep.include({
        shipmentRef: REF,
        blNumber: BL,
        status: "Cleared",
        since: t0 + 4 * 3600,
        clearedAt: t0 + 4 * 3600,
        clearedWhere: "CNSHA",
      });
      expect(result.events.map((e) => e.eventType)).to.deep.equal([
        "Loaded",
        "Departed",
        "Arrived",
        "DeclarationAccepted",
        "Cleared",
        "Loaded",
      ]);
      expect(run.out[0]).to.match(
        new RegExp(`^Shipment ${BL} \\(${REF}\\): Cleared since .* UTC\\.$`),
      );
      expect(run.out[1]).to.match(/^ {2}Cleared by customs at CNSHA on .* UTC\.$/);
    });

    it("finds the same shipment by its reference", async function () {
      const { deployment } = await reported();
      const result = succeeded(
        await runTask<ShipmentResult>(["oracle", "shipment"], { shipment: REF }, deployment),
      );
      expect(result.status).to.equal("Cleared");
    });

    it("says when the oracle never heard of a shipment", async function () {
      const deployment = await caravel();
      const run = await runTask<ShipmentResult>(
        ["oracle", "shipment"],
        { shipment: REF },
        deployment,
      );
      expect(succeeded(run)).to.deep.include({ status: "None", since: null, clearedAt: null });
      expect(run.out).to.deep.equal([`Shipment ${REF}: the customs oracle has no event for it.`]);
    });

    it("needs the bill to name a shipment by B/L number: the reference binds its carrier", async function () {
      const deployment = await caravel();
      const run = await runTask(["oracle", "shipment"], { shipment: "MRDN0000" }, deployment);
      expect(run.err[0]).to.include('No bill of lading numbered "MRDN0000" on this chain.');
    });

    it("refuses something that is neither a B/L number nor a reference", async function () {
      const deployment = await caravel();
      const run = await runTask(["oracle", "shipment"], { shipment: "MRDN 0042" }, deployment);
      failed(run);
      expect(run.err).to.deep.equal([
        'Error CARAVEL-001: --shipment: "MRDN 0042" is neither a B/L number nor a shipment reference (0x + 64 hex digits).',
      ]);
    });
  });
});

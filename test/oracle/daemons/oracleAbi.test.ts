import { expect } from "chai";
import { artifacts } from "hardhat";
import { decodeFunctionData, encodeFunctionData, type Abi, type Hex } from "viem";
import { customsOracleAbi } from "../../../oracle/chain/oracleAbi.ts";
import {
  encodeSubmitReport,
  reportEventWords,
  reportFromCalldata,
  sourceMessageIdOfWords,
} from "../../../oracle/chain/reportCalldata.ts";
import {
  CUSTOMS_EVENT_TYPES,
  eventKey,
  sourceDocHashOf,
  toOnChainEvent,
} from "../../../oracle/events/customsEvent.ts";

/** An ABI item without Solidity's `internalType` annotations, for comparison. */
function plain(item: unknown): unknown {
  if (Array.isArray(item)) return item.map(plain);
  if (item !== null && typeof item === "object") {
    return Object.fromEntries(
      Object.entries(item)
        .filter(([key]) => key !== "internalType")
        .map(([key, value]) => [key, plain(value)]),
    );
  }
  return item;
}

describe("CustomsOracle ABI used by the daemons", function () {
  it("matches the compiled contract, item for item", async function () {
    const compiled = (await artifacts.readArtifact("CustomsOracle")).abi as Abi;
    for (const item of customsOracleAbi) {
      // Named items (functions, events, errors) by name; the constructor by its type.
      const match = compiled.find(
        (c) =>
          c.type === item.type &&
          ("name" in item ? "name" in c && c.name === item.name : !("name" in c)),
      );
      expect(match, `${item.type} ${"name" in item ? item.name : ""}`).to.not.equal(undefined);
      expect(plain(match)).to.deep.equal(plain(item));
    }
    // Generated from the artifact (scripts/generate-oracle-abi.ts): nothing of it is left out.
    expect(plain(customsOracleAbi)).to.deep.equal(plain(compiled));
  });
});

describe("reportFromCalldata", function () {
  const events = Array.from({ length: 7 }, (_, i) =>
    toOnChainEvent({
      sourceMessageId: `calldata-${i}`,
      source: "canonical",
      carrier: "0x00000000000000000000000000000000000a11ce",
      shipmentRef: `SHIP-${i % 3}`,
      eventType: CUSTOMS_EVENT_TYPES[i % CUSTOMS_EVENT_TYPES.length]!,
      location: i % 2 === 0 ? "GBFXT" : "CNSHA",
      occurredAt: 1_767_225_600 + i * 3_600,
      sourceDocHash: sourceDocHashOf(`body ${i}`),
    }),
  );
  const call = (n: number) =>
    encodeFunctionData({
      abi: customsOracleAbi,
      functionName: "submitReport",
      args: [3, 41n, events.slice(0, n), `0x${"11".repeat(65 * 3)}`],
    });

  it("reads the epoch, the sequence and each event's key as viem's decoder and eventKey do", function () {
    for (const n of [0, 1, 7]) {
      const decoded = decodeFunctionData({ abi: customsOracleAbi, data: call(n) });
      const [epoch, sequence, decodedEvents] = decoded.args as [number, bigint, typeof events];
      expect(reportFromCalldata(call(n))).to.deep.equal({
        epoch,
        sequence,
        eventKeys: decodedEvents.map((e) => eventKey(e)),
      });
    }
  });

  it("gives each event's six words in place, its sourceMessageId the last of them", function () {
    const report = reportEventWords(call(7))!;
    expect(report.events.map((words) => sourceMessageIdOfWords(words))).to.deep.equal(
      events.map((e) => e.sourceMessageId),
    );
  });

  it("encodes a report as viem's generic encoder does", function () {
    for (const n of [0, 1, 7]) {
      for (const signatures of [
        "0x",
        `0x${"ab".repeat(64 * 3)}`,
        `0x${"cd".repeat(65)}`,
      ] as const) {
        expect(encodeSubmitReport(3, 41n, events.slice(0, n), signatures)).to.equal(
          encodeFunctionData({
            abi: customsOracleAbi,
            functionName: "submitReport",
            args: [3, 41n, events.slice(0, n), signatures],
          }),
        );
      }
    }
  });

  it("answers undefined for another function or calldata cut short", function () {
    const other = encodeFunctionData({ abi: customsOracleAbi, functionName: "lastSequence" });
    expect(reportFromCalldata(other)).to.equal(undefined);
    const full = call(7);
    expect(reportFromCalldata(full.slice(0, full.length - 64 * 2 - 2 * 65 * 3) as Hex)).to.equal(
      undefined,
    );
    expect(reportFromCalldata(full.slice(0, 10 + 64 * 3) as Hex)).to.equal(undefined);
  });
});

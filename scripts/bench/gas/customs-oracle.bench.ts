/**
 * Gas per customs event in the customs oracle, with a 3-of-5 committee, over a realistic feed:
 * 100 shipments from export declaration to import clearance (about a dozen events each: export
 * customs, goods exited, loading, departure, sometimes a transshipment, arrival, discharge,
 * import customs with sometimes documents required or a hold, release, clearance), their
 * journeys overlapping in time, so most events update a shipment that already exists.
 *
 * The same feed is submitted in reports of 1, 10 and 100 events, each to a fresh oracle on
 * the same chain; the measure is the sum of the reports' receipt gasUsed (all-in: 21,000 base,
 * calldata, three signatures checked by one call to the accelerator, role checks, the shipment
 * updates and their events) divided by the number of events. Baseline: one report per event.
 *
 * How many distinct shipments a report touches decides how many storage reads are cold, so it
 * is printed too. In the realistic feed (100 shipments, a new one every ~6 hours) a report of
 * 100 events touches about 40 shipments. A second, "busy port" feed (1,000 shipments, a new one
 * every ~36 minutes, reports of 100 only) shows the case where nearly every event of a report
 * is about a different shipment.
 *
 * Run: npx hardhat run scripts/bench/gas/customs-oracle.bench.ts
 */
import { HDNodeWallet, type SigningKey } from "ethers";
import { network } from "hardhat";

import {
  customsDomain,
  customsEvent,
  reportDigest,
  signDigestWith,
  type CustomsEventInput,
  type CustomsEventTypeName,
} from "../../../test/oracle/helpers/customsReport.ts";
import { deployOracleSetup } from "../../../test/oracle/helpers/oracleFixture.ts";
import { shipmentRefOf } from "../../../lib/trade/billOfLading.ts";
import type { CustomsOracle } from "../../../types/ethers-contracts/index.js";

const BENCH = "customs-oracle";
const BATCH_SIZES = [1, 10, 100] as const;
const SHIPMENTS = 100;
const BUSY_SHIPMENTS = 1000;
const HOUR = 3600;
const DAY = 24 * HOUR;
/** Hardhat's default accounts (the demo consortium's oracles are accounts 10..14). */
const DEFAULT_MNEMONIC = "test test test test test test test test test test test junk";

const { ethers, provider, networkHelpers } = await network.create();

function line(metric: string, value: number, unit: string, baseline?: number): void {
  const record: Record<string, string | number> = { bench: BENCH, metric, value, unit };
  if (baseline !== undefined) {
    record.baseline = baseline;
    record.ratio = Number((value / baseline).toFixed(4));
  }
  console.log(JSON.stringify(record));
}

/** A small deterministic PRNG (mulberry32), so every run measures the same feed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One shipment's events, from the export declaration at `start` to import clearance. */
function journey(ref: string, start: number, random: () => number): CustomsEventInput[] {
  const events: CustomsEventInput[] = [];
  let t = start;
  const at = (type: CustomsEventTypeName, location: string, minHours: number, maxHours: number) => {
    t += Math.round((minHours + random() * (maxHours - minHours)) * HOUR);
    events.push(customsEvent(ref, type, t, location));
  };
  at("DeclarationAccepted", "GBFXT", 0, 0);
  at("Released", "GBFXT", 2, 24);
  at("GoodsExited", "GBFXT", 6, 24);
  at("Loaded", "GBFXT", 12, 48);
  at("Departed", "GBFXT", 6, 24);
  if (random() < 0.25) {
    at("Arrived", "SGSIN", 5 * 24, 10 * 24);
    at("Discharged", "SGSIN", 6, 24);
    at("Loaded", "SGSIN", 24, 72);
    at("Departed", "SGSIN", 6, 24);
  }
  at("Arrived", "CNSHA", 10 * 24, 25 * 24);
  at("Discharged", "CNSHA", 6, 24);
  at("DeclarationAccepted", "CNSHA", 2, 24);
  if (random() < 0.2) at("DocumentsRequired", "CNSHA", 24, 48);
  if (random() < 0.5) at("UnderControl", "CNSHA", 1, 24);
  at("Released", "CNSHA", 1, 48);
  at("Cleared", "CNSHA", 1, 24);
  return events;
}

/** The carrier of the benchmark's bills (a shipment reference binds carrier and B/L number). */
const BENCH_CARRIER = "0x00000000000000000000000000000000000a11ce";

interface Feed {
  events: CustomsEventInput[];
  refs: string[];
}

/** `shipments` journeys, a new one every ~`spacing` seconds, all events sorted by time. */
function realisticFeed(end: number, shipments: number, spacing: number, seed: number): Feed {
  const random = prng(seed);
  const refs: string[] = [];
  const all: CustomsEventInput[] = [];
  const firstStart = end - 120 * DAY;
  for (let i = 0; i < shipments; i++) {
    const ref = shipmentRefOf(BENCH_CARRIER, `MRDN-BL-${seed}-${String(i).padStart(5, "0")}`);
    refs.push(ref);
    all.push(...journey(ref, firstStart + Math.round(i * spacing * (0.5 + random())), random));
  }
  all.sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  return { events: all, refs };
}

const setup = await deployOracleSetup(ethers, provider);
const keys: SigningKey[] = setup.oracles.map((oracle, i) => {
  const wallet = HDNodeWallet.fromPhrase(DEFAULT_MNEMONIC, undefined, `m/44'/60'/0'/0/${10 + i}`);
  if (wallet.address !== oracle.address) throw new Error(`oracle ${i + 1}: unexpected account`);
  return wallet.signingKey;
});
const { chainId } = await ethers.provider.getNetwork();

interface Measurement {
  perEvent: number;
  perReport: number;
  distinctPerReport: number;
}

/** Submit `feed` to a fresh oracle in reports of `batch` events; checks every event applied. */
async function measure(feed: Feed, batch: number): Promise<Measurement> {
  const oracle = (await ethers.deployContract("CustomsOracle", [
    await setup.consortium.registry.getAddress(),
    ethers.ZeroAddress,
    setup.oracles.map((o) => o.address),
    3,
  ])) as unknown as CustomsOracle;
  const domain = customsDomain(chainId, await oracle.getAddress());
  let gas = 0n;
  let reports = 0;
  let distinct = 0;
  let statusChanges = 0;
  for (let start = 0; start < feed.events.length; start += batch) {
    const events = feed.events.slice(start, start + batch);
    const sequence = reports + 1;
    // Three of the five sign, a different three each time, in committee order (the order
    // the daemons put signatures in: one comparison per signature in the verifier).
    const signers = [0, 1, 2, 3, 4].filter((i) => (i + reports) % 5 < 3);
    const digest = reportDigest(domain, { epoch: 1, sequence, events });
    const signatures = signDigestWith(
      signers.map((i) => keys[i]!),
      digest,
    );
    const submitter = setup.oracles[signers[0]!]!;
    const receipt = await (
      await oracle.connect(submitter).submitReport(1, sequence, events, signatures)
    ).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`report ${sequence} failed`);
    gas += receipt.gasUsed;
    reports += 1;
    distinct += new Set(events.map((e) => e.shipmentRef)).size;
    statusChanges += receipt.logs.filter(
      (log) => oracle.interface.parseLog(log)?.name === "CustomsStatusChanged",
    ).length;
  }
  // The feed is realistic only if the machine took every event: all moved a status, and
  // every shipment ended cleared.
  if (statusChanges !== feed.events.length) {
    throw new Error(
      `batch ${batch}: ${statusChanges} status changes for ${feed.events.length} events`,
    );
  }
  for (const ref of feed.refs) {
    const [status] = await oracle.customsStatus(ref);
    if (status !== 6n) throw new Error(`batch ${batch}: shipment ${ref} ended in status ${status}`);
  }
  return {
    perEvent: Number((Number(gas) / feed.events.length).toFixed(1)),
    perReport: Math.round(Number(gas) / reports),
    distinctPerReport: Number((distinct / reports).toFixed(1)),
  };
}

const now = await networkHelpers.time.latest();
const feed = realisticFeed(now, SHIPMENTS, 6 * HOUR, 20_251_124);
line("feed.events", feed.events.length, "events");
line(
  "feed.eventsPerShipment",
  Number((feed.events.length / SHIPMENTS).toFixed(2)),
  "events/shipment",
);

let perEventAtBatch1: number | undefined;
for (const batch of BATCH_SIZES) {
  const m = await measure(feed, batch);
  line(`gasPerEvent.batch${batch}`, m.perEvent, "gas/event", perEventAtBatch1);
  line(`gasPerReport.batch${batch}`, m.perReport, "gas/report");
  line(`distinctShipmentsPerReport.batch${batch}`, m.distinctPerReport, "shipments/report");
  perEventAtBatch1 ??= m.perEvent;
}

const busy = realisticFeed(now, BUSY_SHIPMENTS, 36 * 60, 20_251_125);
line("busyPort.feed.events", busy.events.length, "events");
const busyMeasure = await measure(busy, 100);
line("busyPort.gasPerEvent.batch100", busyMeasure.perEvent, "gas/event", perEventAtBatch1);
line(
  "busyPort.distinctShipmentsPerReport.batch100",
  busyMeasure.distinctPerReport,
  "shipments/report",
);

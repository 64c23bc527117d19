/**
 * The Caravel demo: deploys the platform on the embedded in-process Hardhat network,
 * onboards the consortium, and runs the trade's story, printing a timeline a trade-finance
 * person can follow, with the gas of each step.
 */
import hre from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { AbiCatalogue } from "../../lib/chain/abiCatalogue.ts";
import { RevertDecoder } from "../../lib/chain/decodeRevert.ts";
import { findRevertData } from "../../lib/chain/revertData.ts";
import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { deployCaravel } from "../dev/deployCaravel.ts";
import { documentsOfTheTrade } from "./chapters/documentsOfTheTrade.ts";
import {
  aCreditPaidOnClearance,
  aCreditRefusedForDiscrepancies,
  preparingTheMoney,
} from "./chapters/letterOfCredit.ts";
import { openAccountTrade } from "./chapters/openAccountTrade.ts";
import { supplyChainFinance } from "./chapters/supplyChainFinance.ts";
import { DemoOracleNetwork } from "./DemoOracleNetwork.ts";
import { type DemoContext, memberNames } from "./DemoContext.ts";
import { Timeline, type Writer } from "./Timeline.ts";

/** The demo's story starts on Monday 2 March 2026, 08:00 UTC. */
export const DEMO_START = "2026-03-02T08:00:00Z";

/**
 * Run the story on `connection`, a chain that is also served over JSON-RPC at `rpcUrl` (the
 * oracle daemons talk to it there, as they would to any node).
 */
export async function runDemo(
  connection: NetworkConnection,
  rpcUrl: string,
  write: Writer,
  /** Told the deployed addresses (by deploy/demo/Caravel.ts's names) before the story goes on. */
  onDeployed?: (addresses: Record<string, string>) => void,
): Promise<Timeline> {
  const { ethers, networkHelpers } = connection;
  const timeline = new Timeline(ethers.provider, write);
  const advanceTo = async (isoDateTime: string) => {
    await networkHelpers.time.increaseTo(Math.floor(Date.parse(isoDateTime) / 1000));
  };
  const startsAt = Math.floor(Date.parse(DEMO_START) / 1000);
  if ((await ethers.provider.getBlock("latest"))!.timestamp < startsAt) await advanceTo(DEMO_START);

  write("Caravel: cross-border trade finance on a consortium chain (in-process Hardhat network)");
  timeline.chapter("The consortium");
  const signers = await ethers.getSigners();
  const addresses = await deployCaravel(connection);
  onDeployed?.(addresses);
  const members = Object.fromEntries(
    DEMO_MEMBERS.map((m) => [m.key, signers[m.accountIndex]!] as const),
  );
  const nameOf = memberNames(members);
  // Refusals are explained with the operator tasks' sentences, decoded from the custom error.
  const decoder = new RevertDecoder(await AbiCatalogue.load(hre.artifacts), nameOf);
  const explain = (error: unknown): string => {
    const data = findRevertData(error);
    const decoded = data === undefined ? undefined : decoder.decode(data);
    if (decoded === undefined) return error instanceof Error ? error.message : String(error);
    return `${decoded.sentence} [${decoded.errorName}]`;
  };
  const ctx: DemoContext = { connection, timeline, addresses, members, nameOf, advanceTo, explain };
  await timeline.note(
    "administrators",
    `deployed ${Object.keys(addresses).join(", ")}; onboarded ${DEMO_MEMBERS.length} members, each proposed by one administrator and approved by another`,
  );
  for (const m of DEMO_MEMBERS) {
    write(`    ${m.name} (${m.country}, ${m.registrationId}): ${m.roles.join(", ")}`);
  }

  await documentsOfTheTrade(ctx);
  await preparingTheMoney(ctx);
  ctx.timeline.chapter("The oracle network");
  const oracles = await DemoOracleNetwork.start(ctx, rpcUrl);
  try {
    await aCreditPaidOnClearance(ctx, oracles);
  } finally {
    await oracles.stop();
  }
  await aCreditRefusedForDiscrepancies(ctx);
  await supplyChainFinance(ctx);
  await openAccountTrade(ctx);

  const totalGas = timeline.entries.reduce((sum, e) => sum + e.gasUsed, 0n);
  timeline.chapter("Done");
  write(
    `${timeline.entries.filter((e) => e.outcome === "done").length} steps on chain, ` +
      `${timeline.entries.filter((e) => e.outcome === "refused").length} refused as they should be, ` +
      `${totalGas.toLocaleString("en-US")} gas in all.`,
  );
  return timeline;
}

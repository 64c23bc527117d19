/**
 * The console's first page with many trades indexed: N letters of credit applied for on a
 * fresh chain (CARAVEL_BENCH_TRADES, default 10,000), indexed by the indexer on its embedded
 * database, then the trades page opened in Chromium. Prints, as JSON lines: how long the
 * indexer took to index them, how long the first page's query takes (median of 20), and how
 * long the page takes from navigation until the table of the first 50 trades is on screen
 * (median of 5 loads).
 *
 * Usage: npx hardhat run scripts/bench/console/trades-page.bench.ts   (needs Chromium)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium } from "playwright-core";

import { loadMemberNames } from "../../../console/memberNames.ts";
import { startConsole } from "../../../console/server.ts";
import { freePort, startIndexer } from "../../../indexer/indexerProcess.ts";
import { buildConsole, CHROMIUM } from "../../../test/console/consoleHarness.ts";
import { deploymentOf } from "../../../test/tasks/helpers.ts";
import { startDemoChain } from "../../demo/demoChain.ts";
import { demoMember } from "../../../lib/chain/demoConsortium.ts";
import { deployCaravel } from "../../dev/deployCaravel.ts";
import { buildTerms, endOfLocalDay } from "../../../lib/trade/letterOfCredit.ts";

const TRADES = Number(process.env.CARAVEL_BENCH_TRADES ?? "10000");
const BATCH = 100;

function report(metric: string, value: number, unit: string) {
  console.log(
    JSON.stringify({
      bench: "console-trades-page",
      metric,
      value: Math.round(value * 10) / 10,
      unit,
      trades: TRADES,
    }),
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const chain = await startDemoChain();
const database = mkdtempSync(path.join(tmpdir(), "caravel-bench-indexer-"));
try {
  const { ethers } = chain.connection;
  const addresses = await deployCaravel(chain.connection);
  const deployment = await deploymentOf(addresses);
  const signers = await ethers.getSigners();
  const who = (key: string) => signers[demoMember(key).accountIndex]!;
  const importer = who("importer");
  const lc = await ethers.getContractAt("LetterOfCredit", addresses["letterOfCredit"]!);
  const terms = buildTerms({
    beneficiary: who("exporter").address,
    issuingBank: who("issuingBank").address,
    advisingBank: who("advisingBank").address,
    settlementToken: addresses["usdDeposit"]!,
    currency: "USD",
    amount: 25_000_000n,
    expiresAt: endOfLocalDay("2027-05-29", 0),
    placeOfExpiry: "GBLON",
    latestShipmentAt: endOfLocalDay("2027-03-31", 0),
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: "Surgical-grade precision instruments, HS 9018.90",
    advisingFee: 150_000n,
  });
  let nonce = await ethers.provider.getTransactionCount(importer.address);
  const gasLimit = (await lc.connect(importer).applyForCredit.estimateGas(terms)) * 2n;
  // A hundred applications a block: sent with automining off, then mined together.
  await chain.connection.provider.request({ method: "evm_setAutomine", params: [false] });
  for (let sent = 0; sent < TRADES; sent += BATCH) {
    const batch = Math.min(BATCH, TRADES - sent);
    const txs = await Promise.all(
      Array.from({ length: batch }, () =>
        lc.connect(importer).applyForCredit(terms, { nonce: nonce++, gasLimit }),
      ),
    );
    await chain.connection.provider.request({ method: "evm_mine" });
    await txs.at(-1)!.wait();
  }
  await chain.connection.provider.request({ method: "evm_setAutomine", params: [true] });
  if ((await lc.creditCount()) !== BigInt(TRADES))
    throw new Error("not every credit was applied for");

  const started = performance.now();
  const indexer = await startIndexer({
    rpcUrl: chain.rpcUrl,
    deploymentDirectory: deployment.directory,
    databaseDirectory: database,
    port: await freePort(),
  });
  try {
    await indexer.caughtUpTo(await ethers.provider.getBlockNumber(), 1_800_000);
    report("indexing", (performance.now() - started) / 1000, "s");

    const queries: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await (await fetch(`${indexer.url}/caravel/trades?limit=50`)).json();
      queries.push(performance.now() - t0);
    }
    report("first-page-query-median", median(queries), "ms");

    buildConsole();
    const served = await startConsole({
      port: 0,
      indexerUrl: indexer.url,
      oracleNodes: [],
      network: "localhost",
      members: loadMemberNames(undefined, "localhost"),
    });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      const loads: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await page.goto(`${served.url}/?load=${i}#/`);
        await page
          .getByText(`${TRADES.toLocaleString("en-US").replace(/,/g, "")} trades`)
          .waitFor({ timeout: 60_000 });
        await page.getByRole("row").nth(50).waitFor();
        loads.push(performance.now() - t0);
      }
      report("first-page-render-median", median(loads), "ms");
      report("first-page-render-max", Math.max(...loads), "ms");
    } finally {
      await browser.close();
      await served.close();
    }
  } finally {
    await indexer.stop();
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await chain.stop();
  rmSync(database, { recursive: true, force: true });
}

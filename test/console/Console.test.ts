import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { toBeHex, zeroPadValue } from "ethers";
import type { Page } from "playwright-core";

import { REPOSITORY_ROOT } from "../../indexer/deployment.ts";
import { formatAmount } from "../../console/src/format.ts";
import { DEMO_MEMBERS, demoMember } from "../../lib/chain/demoConsortium.ts";
import { BillStatus, enumName } from "../../lib/trade/enums.ts";
import { buildTerms, endOfLocalDay } from "../../lib/trade/letterOfCredit.ts";
import { demoIndexed, type DemoIndexed } from "../indexer/demoIndexed.ts";
import {
  CHROMIUM,
  type ConsoleUnderTest,
  removeScreenshots,
  SCREENSHOTS,
  startConsoleUnderTest,
} from "./consoleHarness.ts";

const AXE = readFileSync(
  path.join(REPOSITORY_ROOT, "node_modules", "axe-core", "axe.min.js"),
  "utf8",
);

let demo: DemoIndexed;
let under: ConsoleUnderTest;
let page: Page;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical violations on the page as it stands. */
async function seriousViolations(): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    );
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function expectAccessible(name: string): Promise<void> {
  expect(await seriousViolations(), `axe on the ${name} page`).to.deep.equal([]);
  await screenshot(name);
}

/** A third credit's terms, for the tests that apply for one (and revert it). */
function sparePartsTerms(who: (key: string) => { address: string }) {
  return buildTerms({
    beneficiary: who("exporter").address,
    issuingBank: who("issuingBank").address,
    advisingBank: who("advisingBank").address,
    settlementToken: demo.addresses["usdDeposit"]!,
    currency: "USD",
    amount: 10_000_00n,
    expiresAt: endOfLocalDay("2027-05-29", 0),
    placeOfExpiry: "GBLON",
    latestShipmentAt: endOfLocalDay("2027-03-31", 0),
    portOfLoading: "GBFXT",
    portOfDischarge: "CNSHA",
    countryOfOrigin: "GB",
    incoterm: "CIF",
    goodsDescription: "Spare parts",
    advisingFee: 0n,
  });
}

describe("the web console in Chromium, after the demo's trades", function () {
  this.timeout(300_000);

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      console.log(
        `    SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`,
      );
      this.skip();
    }
    removeScreenshots();
    demo = await demoIndexed();
    await demo.caughtUp();
    under = await startConsoleUnderTest(demo);
    page = await under.browser.newPage({ viewport: { width: 1200, height: 900 } });
  });

  after(async function () {
    await under?.close();
  });

  it("lists the demo's two credits, both closed, with their parties by name", async function () {
    await page.goto(`${under.console.url}/#/`);
    await page.getByRole("table").getByText("2 trades").waitFor();
    for (const lcId of ["1", "2"]) {
      const row = page.getByRole("row").filter({ hasText: `Credit ${lcId}` });
      expect(await row.textContent()).to.include("Closed");
      expect(await row.textContent()).to.include("Huangpu Medical Equipment Co., Ltd.");
      expect(await row.textContent()).to.include("Albion Precision Instruments Ltd");
    }
    await expectAccessible("trades");
  });

  it("updates the open trades page as blocks arrive: a new application appears, and goes with a reorganisation", async function () {
    const { ethers, provider } = demo.chain.connection;
    const signers = await ethers.getSigners();
    const who = (key: string) => signers[demoMember(key).accountIndex]!;
    const lc = await ethers.getContractAt("LetterOfCredit", demo.addresses["letterOfCredit"]!);
    await page.goto(`${under.console.url}/#/`);
    await page.getByRole("table").getByText("2 trades").waitFor();

    const snapshot = await provider.request({ method: "evm_snapshot" });
    const terms = sparePartsTerms(who);
    await (await lc.connect(who("importer")).applyForCredit(terms)).wait();
    await page.getByRole("table").getByText("3 trades").waitFor({ timeout: 20_000 });
    const row = page.getByRole("row").filter({ hasText: "Credit 3" });
    expect(await row.textContent()).to.include("Applied");

    await provider.request({ method: "evm_revert", params: [snapshot] });
    for (let i = 0; i < 3; i++) await provider.request({ method: "evm_mine" });
    await page.getByRole("table").getByText("2 trades").waitFor({ timeout: 20_000 });
  });

  it("shows a new application's next step as the issue command naming the issuing bank's member name", async function () {
    const { ethers, provider } = demo.chain.connection;
    const signers = await ethers.getSigners();
    const who = (key: string) => signers[demoMember(key).accountIndex]!;
    const lc = await ethers.getContractAt("LetterOfCredit", demo.addresses["letterOfCredit"]!);
    const snapshot = await provider.request({ method: "evm_snapshot" });
    try {
      await (await lc.connect(who("importer")).applyForCredit(sparePartsTerms(who))).wait();
      await page.goto(`${under.console.url}/#/trade/3`);
      await page.getByRole("heading", { name: "Credit 3: Applied" }).waitFor({ timeout: 20_000 });
      const next = page.getByRole("region", { name: "Next step" });
      await next.getByText("The issuing bank issues the credit").waitFor();
      expect((await next.locator("code").allTextContents()).map((t) => t.trim())).to.deep.equal([
        "npx hardhat credit issue --as issuingBank --credit 3 --network localhost --send",
      ]);
    } finally {
      await provider.request({ method: "evm_revert", params: [snapshot] });
      for (let i = 0; i < 3; i++) await provider.request({ method: "evm_mine" });
    }
  });

  it("finds credit 1 from the keyboard and shows its timeline: documents, customs clearance, payment", async function () {
    await page.goto(`${under.console.url}/#/`);
    await page.getByLabel("Credit number, B/L number or shipment reference").focus();
    await page.keyboard.type("1");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Credit 1: Closed" }).waitFor();
    const timeline = await page.getByRole("list").filter({ hasText: "applied to" }).textContent();
    expect(timeline).to.include(
      "Huangpu Medical Equipment Co., Ltd. applied to Pudong Commercial Bank",
    );
    expect(timeline).to.include(
      "B/L MOLU2026000512: Meridian Ocean Lines A/S issued B/L MOLU2026000512",
    );
    expect(timeline).to.include("shipment MOLU2026000512: Cleared");
    expect(timeline).to.include("paid Albion Precision Instruments Ltd");
    expect(await page.getByText("Nothing left to do: the credit is closed.").count()).to.equal(1);
    await expectAccessible("trade");
  });

  it("shows credit 2's refusal with the bank that refused", async function () {
    await page.goto(`${under.console.url}/#/trade/2`);
    await page.getByRole("heading", { name: "Credit 2: Closed" }).waitFor();
    expect(await page.locator("ol.timeline").textContent()).to.match(
      /(Thames Trade Bank plc|Pudong Commercial Bank) refused presentation 0/,
    );
  });

  it("finds a bill by its B/L number and shows its title chain, as the bill of lading has it", async function () {
    const bills = await demo.chain.connection.ethers.getContractAt(
      "BillOfLading",
      demo.addresses["billOfLading"]!,
    );
    const [issued] = await bills.queryFilter(bills.filters.BillIssued(), 0);
    const blNumber = issued!.args.blNumber;
    const status = enumName(BillStatus, await bills.billStatus(issued!.args.billId));
    await page.goto(`${under.console.url}/#/`);
    await page.getByLabel("Credit number, B/L number or shipment reference").fill(blNumber);
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { name: `B/L ${blNumber}: ${status}` }).waitFor();
    const chain = await page.locator("ol.timeline li").allTextContents();
    expect(chain[0]).to.include(`Meridian Ocean Lines A/S issued B/L ${blNumber}`);
    const logs = await demo.chain.connection.ethers.provider.getLogs({
      address: demo.addresses["billOfLading"]!,
      topics: [null, zeroPadValue(toBeHex(issued!.args.billId), 32)],
      fromBlock: 0,
    });
    expect(chain.length).to.equal(logs.length);
    expect(await page.locator(".graph canvas").count()).to.be.greaterThan(0);
    await expectAccessible("bill");
  });

  it("shows the shipment's route and its customs events, cleared at Shanghai", async function () {
    await page.goto(`${under.console.url}/#/trade/1`);
    await page.getByRole("link", { name: "MOLU2026000512" }).last().click();
    await page.getByRole("heading", { name: "Shipment B/L MOLU2026000512: Cleared" }).waitFor();
    const events = await page.getByRole("table").textContent();
    expect(events).to.include("status now Cleared");
    await expectAccessible("shipment");
  });

  it("finds the demo's invoice by seller, buyer and number, financed once, by the fingerprint alone", async function () {
    await page.goto(`${under.console.url}/#/`);
    await page.getByLabel("Seller tax id").fill("GB123456789");
    await page.getByLabel("Buyer tax id").fill("91310101MA1FPX1234");
    await page.getByLabel("Invoice number").fill("api 2026/0417");
    const asked: string[] = [];
    page.on("request", (r) => asked.push(r.url()));
    await page.getByRole("button", { name: "Find the invoice" }).click();
    await page.getByText("Thames Trade Bank plc financed the invoice").waitFor();
    expect(
      await page.getByText("Albion Precision Instruments Ltd registered the invoice").count(),
    ).to.equal(1);
    // Only the console's own server saw the fields; it asks the indexer by fingerprint.
    expect(asked.every((u) => u.startsWith(under.console.url))).to.equal(true);
  });

  it("shows the demo's payable with its four vouchers, holders and values as the contract has them", async function () {
    const { ethers } = demo.chain.connection;
    const vouchers = await ethers.getContractAt(
      "PayableVoucher",
      demo.addresses["payableVoucher"]!,
    );
    const token = await ethers.getContractAt("DepositToken", demo.addresses["cnyDeposit"]!);
    const [symbol, decimals] = [await token.symbol(), Number(await token.decimals())];
    const money = (value: bigint) => formatAmount(value.toString(), decimals, symbol);
    const members = (await (await fetch(`${demo.indexer.url}/caravel/members`)).json()) as {
      members: { account: string; name: string }[];
    };
    const nameOf = (account: string) =>
      members.members.find((m) => m.account === account.toLowerCase())!.name;

    await page.goto(`${under.console.url}/#/payables`);
    await page.getByLabel("Payable number").fill("1");
    await page.getByRole("button", { name: "Show the payable" }).click();
    await page.getByRole("heading", { name: "Payable 1: Settled" }).waitFor();
    const table = page.getByRole("table", { name: /vouchers of payable 1/ });
    const rows = table.getByRole("row").filter({ has: page.getByRole("rowheader") });
    expect(await rows.count()).to.equal(4);
    for (let v = (await vouchers.payableOf(1n)).rootVoucher; v !== 0n;) {
      const facts = await vouchers.voucher(v);
      const redeemed = (await vouchers.queryFilter(vouchers.filters.VoucherRedeemed(v), 0)).reduce(
        (sum, e) => sum + e.args.amount,
        0n,
      );
      const cells = await rows
        .filter({ has: page.getByRole("rowheader", { name: `#${v}`, exact: true }) })
        .getByRole("cell")
        .allTextContents();
      expect(cells.slice(0, 4), `voucher #${v}`).to.deep.equal([
        facts.parent === 0n ? "the payable (first voucher)" : `#${facts.parent}`,
        nameOf(facts.holder),
        money(facts.value),
        money(redeemed),
      ]);
      v = facts.next;
    }
    // What the demo tells: Albion kept CNY 7,000,000 and was paid it at maturity.
    expect(await table.textContent()).to.include("CNY 7,000,000.00");
    expect(await page.getByText("Nothing left to do: every holder was paid.").count()).to.equal(1);
    expect(await page.locator(".graph canvas").count()).to.be.greaterThan(0);
    await expectAccessible("payable");
  });

  it("links an invoice that backs a payable to the payable's page", async function () {
    await page.goto(`${under.console.url}/#/`);
    await page.getByLabel("Seller tax id").fill("GB 123 4567 89");
    await page.getByLabel("Buyer tax id").fill("91310101MA1FPX1234");
    await page.getByLabel("Invoice number").fill("API-2026/0601");
    await page.getByRole("button", { name: "Find the invoice" }).click();
    await page.getByRole("link", { name: "payable 1" }).click();
    await page.getByRole("heading", { name: "Payable 1: Settled" }).waitFor();
  });

  it("names each demo member by the name the tasks take in --as, for its account on this chain", async function () {
    const signers = await demo.chain.connection.ethers.getSigners();
    const { memberNames } = (await (await fetch(`${under.console.url}/api/config`)).json()) as {
      memberNames: Record<string, string>;
    };
    for (const member of DEMO_MEMBERS) {
      const account = signers[member.accountIndex]!.address.toLowerCase();
      expect(memberNames[account], member.key).to.equal(member.key);
    }
  });

  it("shows an oracle node going down and coming back", async function () {
    await page.goto(`${under.console.url}/#/oracle`);
    await page.getByText("5 of 5 nodes up").waitFor({ timeout: 20_000 });
    await expectAccessible("oracle");
    await under.oracles.stop(1);
    await page.getByText("4 of 5 nodes up").waitFor({ timeout: 20_000 });
    const row = page.getByRole("row").filter({ hasText: new URL(under.oracles.urls[1]!).host });
    expect((await row.getByRole("cell").nth(0).textContent())?.trim()).to.equal("down");
    await screenshot("oracle-node-down");
    await under.oracles.restart(1);
    await page.getByText("5 of 5 nodes up").waitFor({ timeout: 20_000 });
    expect((await row.getByRole("cell").nth(0).textContent())?.trim()).to.equal("up");
    expect(await page.locator(".chart canvas").count()).to.be.greaterThanOrEqual(3);
  });
});

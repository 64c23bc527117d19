import { expect } from "chai";

import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { BillStatus, CustomsEventType, enumName, LcStatus } from "../../lib/trade/enums.ts";
import { demoIndexed, type DemoIndexed } from "./demoIndexed.ts";

let demo: DemoIndexed;

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${demo.indexer.url}${path}`);
  expect(response.status, `${path}: ${await response.clone().text()}`).to.equal(200);
  return (await response.json()) as T;
}

interface BillRow {
  billId: string;
  blNumber: string;
  holder: string;
  status: string;
  shipmentRef: string;
}

interface TradeRow {
  lcId: string;
  applicant: string;
  beneficiary: string;
  issuingBank: string;
  advisingBank: string | null;
  status: string;
  appliedAt: string;
}

describe("the indexer (Ponder on PGlite) after the demo's trades", function () {
  this.timeout(300_000);
  before(async function () {
    demo = await demoIndexed();
  });

  it("lists every credit with its parties and the status the contract reports", async function () {
    const lc = await demo.chain.connection.ethers.getContractAt(
      "LetterOfCredit",
      demo.addresses["letterOfCredit"]!,
    );
    const { trades, total } = await get<{ trades: TradeRow[]; total: number }>("/caravel/trades");
    const count = Number(await lc.creditCount());
    expect(total).to.equal(count);
    expect(count).to.be.greaterThanOrEqual(2);
    for (const trade of trades) {
      const parties = await lc.parties(BigInt(trade.lcId));
      expect(trade.status).to.equal(enumName(LcStatus, await lc.status(BigInt(trade.lcId))));
      expect(trade.applicant).to.equal(parties.applicant.toLowerCase());
      expect(trade.beneficiary).to.equal(parties.beneficiary.toLowerCase());
      expect(trade.issuingBank).to.equal(parties.issuingBank.toLowerCase());
    }
  });

  it("finds a party's trades, and only theirs, by status and by date", async function () {
    const signers = await demo.chain.connection.ethers.getSigners();
    const exporter = signers[demoMember("exporter").accountIndex]!.address.toLowerCase();
    const insurer = signers[demoMember("insurer").accountIndex]!.address.toLowerCase();
    const all = await get<{ trades: TradeRow[] }>(`/caravel/trades?party=${exporter}`);
    expect(all.trades.map((t) => t.lcId).sort()).to.deep.equal(["1", "2"]);
    expect(all.trades.every((t) => t.beneficiary === exporter)).to.equal(true);
    const none = await get<{ trades: TradeRow[] }>(`/caravel/trades?party=${insurer}`);
    expect(none.trades).to.deep.equal([]);
    const closed = await get<{ trades: TradeRow[] }>("/caravel/trades?status=Closed");
    expect(closed.trades.map((t) => t.lcId).sort()).to.deep.equal(["1", "2"]);
    const first = all.trades.find((t) => t.lcId === "1")!;
    const since = await get<{ trades: TradeRow[] }>(
      `/caravel/trades?from=${BigInt(first.appliedAt) + 1n}`,
    );
    expect(since.trades.map((t) => t.lcId)).to.not.include("1");
  });

  it("keeps each bill's holder, status and shipment as the bill of lading reports them", async function () {
    const bills = await demo.chain.connection.ethers.getContractAt(
      "BillOfLading",
      demo.addresses["billOfLading"]!,
    );
    const issued = await bills.queryFilter(bills.filters.BillIssued(), 0);
    const { bills: rows } = await get<{ bills: BillRow[] }>("/caravel/bills");
    expect(rows.length).to.equal(issued.length);
    for (const e of issued) {
      const row = rows.find((r) => r.blNumber === e.args.blNumber)!;
      const billId = e.args.billId;
      expect(row.billId).to.equal(billId.toString());
      expect(row.status).to.equal(enumName(BillStatus, await bills.billStatus(billId)));
      expect(row.holder).to.equal((await bills.holderOf(billId)).toLowerCase());
      expect(row.shipmentRef).to.equal((await bills.billFacts(billId)).shipmentRef);
      const { logs } = await get<{ logs: { name: string }[] }>(`/caravel/bills/${billId}`);
      const onChain = await bills.queryFilter(bills.filters.BillIssued(billId), 0);
      expect(logs[0]!.name).to.equal("BillIssued");
      expect(onChain.length).to.equal(1);
    }
  });

  it("keeps each shipment's customs status as the oracle reports it, and every report", async function () {
    const oracle = await demo.chain.connection.ethers.getContractAt(
      "CustomsOracle",
      demo.addresses["customsOracle"]!,
    );
    const signers = await demo.chain.connection.ethers.getSigners();
    const carrier = signers[demoMember("carrier").accountIndex]!.address;
    const shipmentRef = shipmentRefOf(carrier, "MOLU2026000512");
    const { shipment, events } = await get<{
      shipment: { status: string };
      events: { eventType: string }[];
    }>(`/caravel/shipments/${shipmentRef}`);
    const [status] = await oracle.customsStatus(shipmentRef);
    expect(shipment.status).to.equal(enumName(CustomsEventType, status));
    expect(shipment.status).to.equal("Cleared");
    expect(events.map((e) => e.eventType)).to.include("Cleared");
    const accepted = await oracle.queryFilter(oracle.filters.CustomsReportAccepted(), 0);
    const { reports } = await get<{ reports: { sequence: string }[] }>(
      "/caravel/reports?last=1000",
    );
    expect(reports.map((r) => r.sequence).sort()).to.deep.equal(
      accepted.map((r) => r.args.sequence.toString()).sort(),
    );
  });

  it("answers a malformed query with a 400 naming the parameter", async function () {
    const response = await fetch(`${demo.indexer.url}/caravel/trades?party=exporter`);
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: string }).error).to.equal(
      'party: "exporter" is not 0x + 40 hex digits',
    );
  });

  it("drops what a reorganisation removed: a deposit mined, reverted and replaced by other blocks", async function () {
    const { ethers, provider } = demo.chain.connection;
    const signers = await ethers.getSigners();
    const bank = signers[demoMember("issuingBank").accountIndex]!;
    const token = await ethers.getContractAt("DepositToken", demo.addresses["cnyDeposit"]!);
    const depositRef = ethers.id("reorg-test-deposit");
    const minted = async () => {
      const { logs } = await get<{ logs: { topics: string[] }[] }>(
        `/caravel/logs?address=${demo.addresses["cnyDeposit"]!.toLowerCase()}&name=DepositMinted`,
      );
      return logs.some((l) => l.topics[3] === depositRef);
    };

    const before = await ethers.provider.getBlockNumber();
    const snapshot = await provider.request({ method: "evm_snapshot" });
    await (await token.connect(bank).mint(bank.address, 1n, depositRef)).wait();
    await demo.caughtUp();
    expect(await minted(), "the deposit is indexed").to.equal(true);

    await provider.request({ method: "evm_revert", params: [snapshot] });
    for (let i = 0; i < 3; i++) await provider.request({ method: "evm_mine" });
    await demo.caughtUp();
    expect(await minted(), "the deposit is gone with its block").to.equal(false);
    const { logs } = await get<{ logs: { blockNumber: string }[] }>(
      `/caravel/logs?address=${demo.addresses["cnyDeposit"]!.toLowerCase()}&fromBlock=${before + 1}`,
    );
    expect(logs).to.deep.equal([]);
  });
});

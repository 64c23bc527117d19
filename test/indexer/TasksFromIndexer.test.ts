import { expect } from "chai";

import type { HistoryResult } from "../../tasks/bill/history.ts";
import type { ReportsResult } from "../../tasks/oracle/reports.ts";
import type { ShipmentResult } from "../../tasks/oracle/shipment.ts";
import type { TradeStatusResult } from "../../tasks/trade/status.ts";
import { demoIndexed, type DemoIndexed, freePort } from "./demoIndexed.ts";

let demo: DemoIndexed;

/** The B/L numbers the demo's carrier issued, read from the chain. */
async function demoBills(): Promise<string[]> {
  const bills = await demo.chain.connection.ethers.getContractAt(
    "BillOfLading",
    demo.addresses["billOfLading"]!,
  );
  const issued = await bills.queryFilter(bills.filters.BillIssued(), 0);
  return issued.map((e) => e.args.blNumber);
}

describe("the history tasks read the indexer when one is configured, with the chain's answers", function () {
  this.timeout(300_000);
  before(async function () {
    demo = await demoIndexed();
    await demo.caughtUp();
  });

  for (const credit of ["1", "2"]) {
    it(`trade status of the demo's credit ${credit}: the same timeline from the indexer as from the chain`, async function () {
      const fromChain = await demo.task<TradeStatusResult>(
        ["trade", "status"],
        { credit },
        "chain",
      );
      const fromIndexer = await demo.task<TradeStatusResult>(
        ["trade", "status"],
        { credit },
        "indexer",
      );
      expect(fromChain.timeline.length).to.be.greaterThan(8);
      expect(fromChain.timeline.map((e) => e.source)).to.include.members([
        "credit",
        "bill",
        "certificate",
      ]);
      expect(fromIndexer).to.deep.equal(fromChain);
    });
  }

  it("trade status of the paid credit includes the customs events the oracle network reported", async function () {
    const status = await demo.task<TradeStatusResult>(
      ["trade", "status"],
      { credit: "1" },
      "indexer",
    );
    const customs = status.timeline.filter((e) => e.source === "customs").map((e) => e.text);
    expect(customs.some((t) => t.includes("Cleared: status now Cleared"))).to.equal(true);
  });

  it("bill history of every bill the demo issued: the same title chain and facts from the indexer", async function () {
    const bills = await demoBills();
    expect(bills).to.include.members(["MOLU2026000417", "MOLU2026000512"]);
    for (const bill of bills) {
      const fromChain = await demo.task<HistoryResult>(["bill", "history"], { bill }, "chain");
      const fromIndexer = await demo.task<HistoryResult>(["bill", "history"], { bill }, "indexer");
      expect(fromChain.voyageNumber, bill).to.not.equal("");
      expect(fromIndexer, bill).to.deep.equal(fromChain);
    }
  });

  it("oracle reports: every report, its signers and events, the same from the indexer", async function () {
    const fromChain = await demo.task<ReportsResult>(
      ["oracle", "reports"],
      { last: "1000" },
      "chain",
    );
    const fromIndexer = await demo.task<ReportsResult>(
      ["oracle", "reports"],
      { last: "1000" },
      "indexer",
    );
    expect(fromChain.reports.length).to.be.greaterThan(0);
    expect(fromChain.reports.flatMap((r) => r.events).length).to.be.greaterThan(0);
    expect(fromIndexer).to.deep.equal(fromChain);
  });

  it("oracle shipment: the shipment's events and their times, the same from the indexer", async function () {
    const args = { shipment: "MOLU2026000512" };
    const fromChain = await demo.task<ShipmentResult>(["oracle", "shipment"], args, "chain");
    const fromIndexer = await demo.task<ShipmentResult>(["oracle", "shipment"], args, "indexer");
    expect(fromChain.events.length).to.be.greaterThan(2);
    expect(fromIndexer).to.deep.equal(fromChain);
  });

  it("refuses to answer from an indexer that cannot be reached, naming it", async function () {
    // A port nothing listens on.
    const url = `http://127.0.0.1:${await freePort()}`;
    const error = await demo.task(["oracle", "reports"], { last: "1" }, { indexerUrl: url }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).to.include(`The indexer at ${url} cannot be reached`);
  });
});

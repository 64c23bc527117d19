import { expect } from "chai";

import { startDemoChain } from "../../scripts/demo/demoChain.ts";
import { runDemo } from "../../scripts/demo/runDemo.ts";

describe("npm run demo", function () {
  it("tells the whole story on the in-process network, refusing exactly what must be refused", async function () {
    const chain = await startDemoChain();
    const lines: string[] = [];
    const timeline = await runDemo(chain.connection, chain.rpcUrl, (line) =>
      lines.push(line),
    ).finally(() => chain.stop());

    const refused = timeline.entries.filter((e) => e.outcome === "refused");
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes("BillOfLadingNotHolder")),
    );
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes("InvoiceRegistryAlreadyFinanced")),
    );
    expect(lines.join("\n")).to.include(
      "surrender accepted by Meridian Ocean Lines A/S: accomplished",
    );
    expect(lines.join("\n")).to.include(
      "the issued document is valid, an altered copy is hash mismatch",
    );
    const story = lines.join("\n");
    // Letter of credit 1: paid by the automation sweep once the oracle network reported clearance.
    expect(story).to.match(
      /oracle network .* signed reports on chain carrying (\d+) of the feed's \1 distinct events/,
    );
    expect(story).to.include("shipment MOLU2026000512 cleared by Shanghai customs");
    expect(story).to.include("credit #1 is Closed: Albion Precision received CNY 1,773,750.00");
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes("LetterOfCreditCustomsNotCleared")),
    );
    // The presentation claimed its invoice in the document-financing guard: no bank finances it.
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some(
        (t) =>
          t.includes("presented under credit #1") && t.includes("DocumentAlreadyBacksFacility"),
      ),
    );
    // Letter of credit 2: refused with every discrepancy, escrow returned at expiry.
    expect(story).to.include(
      "presented later than the presentation period after shipment (art. 14c)",
    );
    expect(story).to.include(
      "credit #2 is Closed: escrowed CNY 569,500.00 = paid CNY 1,500.00 + refunded CNY 568,000.00",
    );
    // Open account: the advance released on the customs milestones, an invoice that does not match
    // the order refused naming the field, the advancing bank repaid first out of the commitment.
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes("CommitmentDocumentsMismatch") && t.includes("amount")),
    );
    expect(story).to.match(
      /advance 1 is Repaid: Thames Trade Bank received CNY 700,000\.00 principal \+ CNY [\d,]+\.\d\d interest first/,
    );
    // Supply-chain finance: a payable split down three tiers, discounted, paid at maturity.
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some((t) => t.includes("InvoiceRegistryBacksVoucher")),
    );
    // A copy of a backing invoice, registered from another account, is refused financing too.
    expect(refused.map((e) => e.text)).to.satisfy((texts: string[]) =>
      texts.some(
        (t) =>
          t.includes("registered from Suzhou Precision's account") &&
          t.includes("InvoiceRegistryBacksVoucher"),
      ),
    );
    expect(story).to.match(
      /split tree read from the contract: #1 Albion Precision Instruments Ltd CNY 7,000,000.00 \(from #0\); #2 Suzhou Precision Castings CNY 2,000,000.00 \(from #1\); #3 Kunshan Fasteners CNY 0.00 \(from #2\); #4 Pudong Commercial Bank CNY 1,000,000.00 \(from #3\)/,
    );
    expect(story).to.include(
      "the books balance: confirmed CNY 10,000,000.00 = funded CNY 10,000,000.00 = paid out CNY 10,000,000.00",
    );
    for (const entry of timeline.entries.filter((e) => e.outcome === "done")) {
      expect(entry.gasUsed, entry.text).to.be.greaterThan(0n);
    }
  });
});

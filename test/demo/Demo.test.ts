import { expect } from "chai";
import { network } from "hardhat";

import { DEMO_START, runDemo } from "../../scripts/demo/runDemo.ts";

describe("npm run demo", function () {
  it("tells the whole story on the in-process network, refusing exactly what must be refused", async function () {
    const connection = await network.create({
      network: "hardhat",
      override: { initialDate: DEMO_START },
    });
    const lines: string[] = [];
    const timeline = await runDemo(connection, (line) => lines.push(line));
    await connection.close();

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
    for (const entry of timeline.entries.filter((e) => e.outcome === "done")) {
      expect(entry.gasUsed, entry.text).to.be.greaterThan(0n);
    }
  });
});

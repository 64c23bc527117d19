import { expect } from "chai";
import { readFileSync } from "node:fs";

import { operatorErrorIndex } from "../../lib/chain/revertTable.ts";

describe("Operator error runbook (docs/OPERATIONS.md#operator-errors)", function () {
  it("lists every operator error code with its title, and no code that does not exist", function () {
    const runbook = readFileSync("docs/OPERATIONS.md", "utf8");
    const section = runbook.slice(runbook.indexOf("## Operator errors"));
    const listed = [...section.matchAll(/^\| (CARAVEL-\d+) \| (.+) \|$/gm)].map((m) => ({
      code: m[1]!,
      title: m[2]!,
    }));
    expect(listed).to.deep.equal(operatorErrorIndex());
  });
});

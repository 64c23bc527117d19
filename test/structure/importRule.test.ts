/**
 * The import rule (eslint.config.js, docs/ARCHITECTURE.md "Folders and the import rule") bites:
 * ESLint's Node API lints small fixture sources as if they sat at the given path in the tree, and
 * an import running the wrong way is reported while one running the right way is not.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { ESLint } from "eslint";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Fixture {
  /** Where the fixture pretends to live, relative to the project root. */
  file: string;
  source: string;
}

/** The `no-restricted-imports` messages ESLint reports for `fixture`. */
async function restrictedImports(fixture: Fixture): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(fixture.source, {
    filePath: path.join(ROOT, fixture.file),
  });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const uses = (specifier: string, name = "thing") =>
  `import { ${name} } from "${specifier}";\n\nexport const used = ${name};\n`;

describe("the import rule (eslint.config.js)", function () {
  this.timeout(60_000);

  const refused: [string, Fixture][] = [
    [
      "lib/ importing an operator task",
      { file: "lib/chain/fixture.ts", source: uses("../../tasks/support/context.ts") },
    ],
    [
      "lib/ importing a dev script",
      { file: "lib/trade/fixture.ts", source: uses("../../scripts/dev/anvil.ts") },
    ],
    [
      "lib/ importing the oracle daemons",
      { file: "lib/fixture.ts", source: uses("../oracle/events/customsEvent.ts") },
    ],
    [
      "lib/ re-exporting from deploy/",
      {
        file: "lib/net/fixture.ts",
        source: `export { x } from "../../deploy/modules/Money.ts";\n`,
      },
    ],
    [
      "a production Ignition module importing the demo consortium",
      {
        file: "deploy/modules/Fixture.ts",
        source: uses("../../lib/chain/demoConsortium.ts", "DEMO_MEMBERS"),
      },
    ],
    [
      "a production Ignition module importing a demo module",
      { file: "deploy/modules/Fixture.ts", source: uses("../demo/DemoConsortium.ts") },
    ],
    [
      "an operator task importing a dev script",
      { file: "tasks/credit/fixture.ts", source: uses("../../scripts/dev/deployCaravel.ts") },
    ],
    [
      "an operator task importing the oracle daemons",
      { file: "tasks/oracle/fixture.ts", source: uses("../../oracle/events/customsEvent.ts") },
    ],
    [
      "the oracle daemons importing an operator task",
      { file: "oracle/ingest/fixture.ts", source: uses("../../tasks/support/output.ts") },
    ],
    [
      "oracle/chain/ importing oracle/node/",
      { file: "oracle/chain/fixture.ts", source: uses("../node/oracleNode.ts") },
    ],
    [
      "the indexer importing an operator task",
      { file: "indexer/src/fixture.ts", source: uses("../../tasks/support/history.ts") },
    ],
    [
      "a console component importing the oracle daemons",
      { file: "console/src/fixture.tsx", source: uses("../../oracle/node/oracleNode.ts") },
    ],
    [
      "a dev script importing an operator task",
      { file: "scripts/demo/fixture.ts", source: uses("../../tasks/support/action.ts") },
    ],
    [
      "the eBL gateway importing the oracle daemons",
      { file: "gateway/dcsa/fixture.ts", source: uses("../../oracle/node/oracleNode.ts") },
    ],
    [
      "lib/ importing the eBL gateway",
      { file: "lib/trade/fixture.ts", source: uses("../../gateway/gateway.ts") },
    ],
  ];

  for (const [what, fixture] of refused) {
    it(`reports ${what}`, async function () {
      const messages = await restrictedImports(fixture);
      expect(messages, fixture.source).to.have.length(1);
      expect(messages[0]).to.include("import rule");
    });
  }

  const allowed: [string, Fixture][] = [
    [
      "lib/ importing lib/ and the generated contract types",
      {
        file: "lib/chain/fixture.ts",
        source:
          uses("../trade/enums.ts") +
          `import type { Z } from "../../types/ethers-contracts/index.js";\nexport type Y = Z;\n`,
      },
    ],
    [
      "an operator task importing a sibling group of tasks (tasks/oracle/, not oracle/)",
      { file: "tasks/trade/fixture.ts", source: uses("../oracle/customsOracle.ts") },
    ],
    [
      "a demo Ignition module importing a production one and the demo consortium",
      {
        file: "deploy/demo/Fixture.ts",
        source:
          uses("../modules/Consortium.ts") +
          `import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";\nexport const m = DEMO_MEMBERS;\n`,
      },
    ],
    [
      "oracle/chain/ importing the daemons' observability and lib/",
      {
        file: "oracle/chain/fixture.ts",
        source:
          uses("../observability/nodeMetrics.ts") +
          `import { redactUrl } from "../../lib/net/redaction.ts";\nexport const r = redactUrl;\n`,
      },
    ],
    [
      "the console importing the indexer it starts and lib/",
      {
        file: "console/fixture.ts",
        source:
          uses("../indexer/indexerProcess.ts") +
          `import { LcStatus } from "../lib/trade/enums.ts";\nexport const s = LcStatus;\n`,
      },
    ],
    [
      "the eBL gateway importing lib/ and itself",
      {
        file: "gateway/dcsa/fixture.ts",
        source:
          uses("../gateway.ts", "Gateway") +
          `import { Secret } from "../../lib/config/secret.ts";\nexport const k = Secret;\n`,
      },
    ],
    [
      "a test importing anything",
      { file: "test/tasks/fixture.ts", source: uses("../../tasks/support/action.ts") },
    ],
  ];

  for (const [what, fixture] of allowed) {
    it(`accepts ${what}`, async function () {
      expect(await restrictedImports(fixture), fixture.source).to.deep.equal([]);
    });
  }
});

/**
 * The one error base (lib/errors/caravelError.ts), viem-style: short message, details, runbook
 * code, cause chain with `walk`; the tasks' errors and the daemons' ConfigError, PeerError and
 * UsageError are all CaravelErrors.
 */
import { expect } from "chai";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { UsageError } from "../../oracle/cli/args.ts";
import { ConfigError } from "../../oracle/config/loadConfig.ts";
import { PeerError } from "../../oracle/consensus/peerClient.ts";

describe("CaravelError: one error base for tasks and daemons", function () {
  it("writes the short message, meta messages, details and runbook line into the message", function () {
    const error = new CaravelError("The chain cannot be reached.", {
      code: TASK_ERRORS.NETWORK_UNREACHABLE,
      metaMessages: ["URL: http://127.0.0.1:8545"],
      details: "ECONNREFUSED",
    });
    expect(error.shortMessage).to.equal("The chain cannot be reached.");
    expect(error.code).to.equal("CARAVEL-006");
    expect(error.message.split("\n")).to.deep.equal([
      "The chain cannot be reached.",
      "URL: http://127.0.0.1:8545",
      "Details: ECONNREFUSED",
      "Runbook: docs/OPERATIONS.md#operator-errors (CARAVEL-006 The chain cannot be reached)",
    ]);
  });

  it("walks the cause chain to the innermost cause, or to the first that matches", function () {
    const root = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    const middle = new Error("fetch failed", { cause: root });
    const error = new CaravelError("The chain cannot be reached.", {
      code: TASK_ERRORS.NETWORK_UNREACHABLE,
      cause: middle,
    });
    expect(error.walk()).to.equal(root);
    expect(error.walk((e) => e instanceof Error && e.message === "fetch failed")).to.equal(middle);
    expect(error.walk((e) => e instanceof RangeError)).to.equal(null);
  });

  it("stops walking at a cycle", function () {
    const a = new Error("a");
    const error = new CaravelError("x", { code: TASK_ERRORS.INVALID_INPUT, cause: a });
    (a as { cause?: unknown }).cause = error;
    expect(error.walk()).to.equal(a);
  });

  it("makes the daemons' configuration error a CaravelError naming every field at fault", function () {
    const error = new ConfigError([
      { field: "chain.rpcUrl", message: "must be a URL", source: "node.json" },
      { field: "http.port", message: "must be a port", source: "CARAVEL_HTTP_PORT" },
    ]);
    expect(error).to.be.instanceOf(CaravelError);
    expect(error.name).to.equal("ConfigError");
    expect(error.code).to.equal("CARAVEL-020");
    expect(error.message).to.match(
      /^invalid oracle node configuration:\n {2}- chain\.rpcUrl: must be a URL \(node\.json\)\n {2}- http\.port: must be a port \(CARAVEL_HTTP_PORT\)\n/,
    );
  });

  it("makes a peer's failure a CaravelError that keeps its cause", function () {
    const cause = new Error("timed out");
    const error = new PeerError("oracle2", "timed out", { cause });
    expect(error).to.be.instanceOf(CaravelError);
    expect(error.name).to.equal("PeerError");
    expect(error.code).to.equal("CARAVEL-021");
    expect(error.shortMessage).to.equal("peer oracle2: timed out");
    expect(error.walk()).to.equal(cause);
  });

  it("makes a CLI usage error a CaravelError", function () {
    const error = new UsageError("--config needs a value");
    expect(error).to.be.instanceOf(CaravelError);
    expect(error.name).to.equal("UsageError");
    expect(error.code).to.equal("CARAVEL-022");
    expect(error.shortMessage).to.equal("--config needs a value");
  });
});

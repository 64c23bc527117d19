/**
 * Caliper workload module: submits, one per Caliper transaction, the contract calls that
 * caliper.bench.ts prepared for the round (a JSON file of `{ contract, verb, args }`), in order,
 * through Caliper's Ethereum connector (so Caliper measures send-to-receipt latency and
 * throughput itself). Calls are prepared ahead because they are real Caravel operations that must
 * succeed: bills with fresh numbers, invoices with fingerprints, customs reports signed by the
 * oracle committee with consecutive sequence numbers.
 *
 * CommonJS because Caliper loads workload modules with `require`.
 */
"use strict";

const { readFileSync } = require("node:fs");
const { WorkloadModuleBase } = require("@hyperledger/caliper-core");

class ReplayWorkload extends WorkloadModuleBase {
  constructor() {
    super();
    /** @type {{ contract: string, verb: string, args: unknown[] }[]} */
    this.calls = [];
    this.next = 0;
  }

  async initializeWorkloadModule(
    workerIndex,
    totalWorkers,
    roundIndex,
    roundArguments,
    sutAdapter,
    sutContext,
  ) {
    await super.initializeWorkloadModule(
      workerIndex,
      totalWorkers,
      roundIndex,
      roundArguments,
      sutAdapter,
      sutContext,
    );
    const file = roundArguments.callsFile;
    if (typeof file !== "string") throw new Error("round argument callsFile: expected a file path");
    this.calls = JSON.parse(readFileSync(file, "utf8"));
    if (!Array.isArray(this.calls) || this.calls.length === 0) {
      throw new Error(`round argument callsFile: ${file} holds no calls`);
    }
  }

  async submitTransaction() {
    const call = this.calls[this.next];
    if (call === undefined) {
      throw new Error(
        `round ${this.roundIndex}: more transactions asked than the ${this.calls.length} prepared`,
      );
    }
    this.next += 1;
    return this.sutAdapter.sendRequests({
      contract: call.contract,
      verb: call.verb,
      args: call.args,
      readOnly: false,
    });
  }
}

function createWorkloadModule() {
  return new ReplayWorkload();
}

module.exports.createWorkloadModule = createWorkloadModule;

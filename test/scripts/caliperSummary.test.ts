import { expect } from "chai";

import { parseSummaryRow } from "../../scripts/bench/caliper/caliperLaunch.ts";

// The summary table as Caliper 0.6 prints it at the end of a round (copied from a run's log).
const TABLE = `
2026.12.05-01:04:52.118 info  [caliper] [report-builder] 	### All test results ###
+------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
| Name       | Succ | Fail | Send Rate (TPS) | Max Latency (s) | Min Latency (s) | Avg Latency (s) | Throughput (TPS) |
|------------|------|------|-----------------|-----------------|-----------------|-----------------|------------------|
| issue-bill | 5    | 0    | 18.9            | 0.07            | 0.04            | 0.05            | 15.2             |
+------------+------+------+-----------------+-----------------+-----------------+-----------------+------------------+
`;

describe("Caliper benchmark: reading Caliper's summary table", () => {
  it("reads every column of the round's row", () => {
    expect(parseSummaryRow(TABLE, "issue-bill")).to.deep.equal({
      label: "issue-bill",
      succeeded: 5,
      failed: 0,
      sendRateTps: 18.9,
      maxLatencyS: 0.07,
      minLatencyS: 0.04,
      avgLatencyS: 0.05,
      throughputTps: 15.2,
    });
  });

  it("refuses a log with no row for the round, naming the round", () => {
    expect(() => parseSummaryRow(TABLE, "endorse-bill")).to.throw(
      /no summary row for round endorse-bill/,
    );
  });

  it("refuses a row whose figure is not a number, naming the column", () => {
    const broken = TABLE.replace("| 18.9 ", "| n/a  ");
    expect(() => parseSummaryRow(broken, "issue-bill")).to.throw(
      /Send Rate "n\/a" is not a number/,
    );
  });
});

import { expect } from "chai";
import type { Hex } from "viem";
import type { ChainSnapshot } from "../../../oracle/chain/snapshot.ts";
import { LeaderPipeline } from "../../../oracle/consensus/pipeline.ts";
import type { ProposalOutcome } from "../../../oracle/consensus/leader.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import { Outbox } from "../../../oracle/queue/outbox.ts";
import { tempStore, type TempStore } from "../ingest/helpers/fixtures.ts";

const snapshot: ChainSnapshot = {
  epoch: 1,
  lastSequence: 0n,
  headBlock: 10n,
  observedAtMs: Date.now(),
  headReadAtMs: Date.now(),
};

const hooks = {
  pollIfDue: () => undefined,
  submit: () => undefined,
  latestSnapshot: () => snapshot,
};

describe("Leader pipeline: telling the node whether a round found work", function () {
  let store: TempStore;
  beforeEach(function () {
    store = tempStore("caravel-pipeline-");
  });
  afterEach(function () {
    store.close();
  });

  function pipelineWith(outcomes: ProposalOutcome[], pipelinedMinEvents?: number) {
    const asked: bigint[] = [];
    const minEvents: number[] = [];
    const pipeline = new LeaderPipeline({
      outbox: new Outbox(store.db),
      proposer: {
        propose: async (
          _epoch: number,
          sequence: bigint,
          _round: number,
          _exclude: ReadonlySet<Hex>,
          min?: number,
        ) => {
          asked.push(sequence);
          minEvents.push(min ?? 0);
          return outcomes.shift() ?? { status: "empty" };
        },
      },
      ...(pipelinedMinEvents === undefined ? {} : { pipelinedMinEvents }),
      pipelineDepth: 3,
      leaderTurnMs: 5_000,
      metrics: {
        reportsProposed: new MetricsRegistry().counter({ name: "t_total", help: "t" }),
      },
      logger: createLogger({ name: "test", level: "silent" }),
    });
    return { pipeline, asked, minEvents };
  }

  it("answers idle when the round found nothing to propose and nothing of its own is in flight", async function () {
    const { pipeline, asked } = pipelineWith([{ status: "empty" }]);
    expect(await pipeline.lead(snapshot, 1, hooks)).to.equal("idle");
    expect(asked).to.deep.equal([1n]);
  });

  it("answers busy when a proposal could not reach a quorum (the node keeps asking at its pace)", async function () {
    const { pipeline } = pipelineWith([
      {
        status: "no-quorum",
        epoch: 1,
        sequence: 1n,
        digest: `0x${"44".repeat(32)}`,
        signed: 1,
        detail: "one member signed",
      },
    ]);
    expect(await pipeline.lead(snapshot, 1, hooks)).to.equal("busy");
  });

  it("answers busy while a report of its own is on its way to the chain", async function () {
    const outbox = new Outbox(store.db);
    outbox.enqueue({
      digest: `0x${"11".repeat(32)}` as Hex,
      epoch: 1,
      sequence: 1n,
      eventKeys: [`0x${"22".repeat(32)}` as Hex],
      signatures: `0x${"33".repeat(64)}` as Hex,
    });
    const { pipeline } = pipelineWith([{ status: "empty" }]);
    expect(await pipeline.lead(snapshot, 1, hooks)).to.equal("busy");
  });

  it("asks for the pipelined minimum of events only behind its own report in flight", async function () {
    const outbox = new Outbox(store.db);
    outbox.enqueue({
      digest: `0x${"11".repeat(32)}` as Hex,
      epoch: 1,
      sequence: 1n,
      eventKeys: [`0x${"22".repeat(32)}` as Hex],
      signatures: `0x${"33".repeat(64)}` as Hex,
    });
    const { pipeline, asked, minEvents } = pipelineWith([{ status: "empty" }], 128);
    expect(await pipeline.lead(snapshot, 1, hooks)).to.equal("busy");
    expect(asked).to.deep.equal([2n]);
    expect(minEvents, "sequence 2 is behind its own report for 1").to.deep.equal([128]);
  });

  it("proposes the chain's next sequence with any number of events", async function () {
    const { pipeline, asked, minEvents } = pipelineWith([{ status: "empty" }], 128);
    await pipeline.lead(snapshot, 1, hooks);
    expect(asked).to.deep.equal([1n]);
    expect(minEvents).to.deep.equal([0]);
  });
});

/**
 * An oracle node's start-up checks (oracle/node/startupChecks.ts): the chain and the committee on
 * it must be the configured ones, or the node refuses to start naming the field.
 */
import { expect } from "chai";

import type { ChainClients } from "../../../oracle/chain/clients.ts";
import { ConfigError } from "../../../oracle/config/loadConfig.ts";
import type { NodeConfig } from "../../../oracle/config/schema.ts";
import type { Committee } from "../../../oracle/consensus/committee.ts";
import {
  checkChainId,
  checkCommittee,
  type StartupCheckDeps,
} from "../../../oracle/node/startupChecks.ts";
import { createLogger } from "../../../oracle/observability/logger.ts";

const A = "0x00000000000000000000000000000000000000a1";
const B = "0x00000000000000000000000000000000000000b2";
const C = "0x00000000000000000000000000000000000000c3";

function deps(chain: {
  chainId: number;
  members: string[];
  threshold: number;
  epoch: number;
}): StartupCheckDeps {
  const clients = {
    publicClient: {
      getChainId: async () => chain.chainId,
      readContract: async () => [chain.members, chain.threshold, chain.epoch],
    },
  } as unknown as ChainClients;
  const config = {
    chain: {
      chainId: 31337,
      oracleAddress: "0x0000000000000000000000000000000000000123",
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 1,
    },
  } as unknown as NodeConfig;
  const committee = { addresses: [A, B], threshold: 2 } as unknown as Committee;
  return {
    config,
    clients,
    committee,
    logger: createLogger({ name: "test", level: "error" }),
    signal: new AbortController().signal,
  };
}

function problemsOf(error: unknown): string[] {
  expect(error).to.be.instanceOf(ConfigError);
  return (error as ConfigError).problems.map((p) => `${p.field}: ${p.message}`);
}

describe("oracle node start-up checks", function () {
  it("accepts the configured committee, whatever the order and case of its addresses", async function () {
    const epoch = await checkCommittee(
      deps({
        chainId: 31337,
        members: [B.toUpperCase().replace("0X", "0x"), A],
        threshold: 2,
        epoch: 4,
      }),
    );
    expect(epoch).to.equal(4);
  });

  it("refuses a committee on chain that is not the configured one, naming both sides", async function () {
    const error = await checkCommittee(
      deps({ chainId: 31337, members: [A, C], threshold: 2, epoch: 5 }),
    ).catch((e: unknown) => e);
    expect(problemsOf(error)).to.deep.equal([
      `committee.members: the oracle's committee of epoch 5 is not the configured one; not on chain: ${B}; on chain but not configured: ${C}`,
    ]);
  });

  it("refuses another threshold on chain", async function () {
    const error = await checkCommittee(
      deps({ chainId: 31337, members: [A, B], threshold: 1, epoch: 5 }),
    ).catch((e: unknown) => e);
    expect(problemsOf(error)).to.deep.equal([
      "committee.threshold: the oracle's threshold in epoch 5 is 1, not 2",
    ]);
  });

  it("refuses an RPC endpoint serving another chain", async function () {
    const error = await checkChainId(
      deps({ chainId: 1, members: [A, B], threshold: 2, epoch: 1 }),
    ).catch((e: unknown) => e);
    expect(problemsOf(error)).to.deep.equal([
      "chain.chainId: the RPC endpoint serves chain 1, not 31337",
    ]);
  });
});

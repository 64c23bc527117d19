import { expect } from "chai";
import { network } from "hardhat";

import { isBehindStateCache, stateReadBlockNumber } from "../../scripts/bench/day/stateReadAge.ts";

describe("The day's chain: reads of states EDR no longer caches", function () {
  it("finds the block number a state read names, in its place for each method", function () {
    expect(stateReadBlockNumber("eth_call", [{ to: "0x01" }, "0x1f"])).to.equal(31n);
    expect(stateReadBlockNumber("eth_getBalance", ["0x01", "0x0a"])).to.equal(10n);
    expect(stateReadBlockNumber("eth_getStorageAt", ["0x01", "0x0", "0x10"])).to.equal(16n);
    // EIP-1898's block object by number.
    expect(stateReadBlockNumber("eth_call", [{ to: "0x01" }, { blockNumber: "0x2" }])).to.equal(2n);
  });

  it("finds none in a tag, a block hash, a missing block or a method that reads no state", function () {
    expect(stateReadBlockNumber("eth_call", [{ to: "0x01" }, "latest"])).to.equal(undefined);
    expect(stateReadBlockNumber("eth_call", [{ to: "0x01" }, "pending"])).to.equal(undefined);
    expect(stateReadBlockNumber("eth_call", [{ to: "0x01" }])).to.equal(undefined);
    expect(
      stateReadBlockNumber("eth_call", [{ to: "0x01" }, { blockHash: `0x${"ab".repeat(32)}` }]),
    ).to.equal(undefined);
    expect(stateReadBlockNumber("eth_getBlockByNumber", ["0x1", false])).to.equal(undefined);
    expect(stateReadBlockNumber("eth_getLogs", [{ fromBlock: "0x1" }])).to.equal(undefined);
  });

  it("counts a read behind the cache once the block is as many blocks back as the cache holds", function () {
    expect(isBehindStateCache(100n, 100n, 256)).to.equal(false);
    expect(isBehindStateCache(100n, 355n, 256)).to.equal(false);
    expect(isBehindStateCache(100n, 356n, 256)).to.equal(true);
  });

  it("answers a read of a block whose state left EDR's cache with that block's value", async function () {
    // EDR reads its cache's size when the chain is made; the day sets 256 (day.ts).
    const before = process.env.__EDR_MAX_CACHED_STATES;
    process.env.__EDR_MAX_CACHED_STATES = "2";
    const connection = await network.create("hardhat");
    if (before === undefined) delete process.env.__EDR_MAX_CACHED_STATES;
    else process.env.__EDR_MAX_CACHED_STATES = before;
    try {
      const { provider } = connection;
      const [from] = (await provider.request({ method: "eth_accounts" })) as string[];
      const to = "0x00000000000000000000000000000000000c0ffe";
      const balances: { block: string; balance: string }[] = [];
      for (let i = 1; i <= 6; i += 1) {
        await provider.request({
          method: "eth_sendTransaction",
          params: [{ from, to, value: `0x${(i * 1000).toString(16)}` }],
        });
        balances.push({
          block: (await provider.request({ method: "eth_blockNumber" })) as string,
          balance: (await provider.request({
            method: "eth_getBalance",
            params: [to, "latest"],
          })) as string,
        });
      }
      // Every block's state but the last two has left the cache; each is rebuilt exactly.
      for (const { block, balance } of balances) {
        expect(await provider.request({ method: "eth_getBalance", params: [to, block] })).to.equal(
          balance,
        );
      }
      expect(BigInt(balances[0]!.balance)).to.equal(1000n);
      expect(BigInt(balances[5]!.balance)).to.equal(21_000n);
    } finally {
      await connection.close();
    }
  });
});

import { expect } from "chai";
import { type Hex, numberToHex, ResponseBodyTooLargeError } from "viem";

import { DayLedger } from "../../scripts/bench/day/ledger.ts";
import {
  inBoundedPages,
  logsInBoundedRanges,
  receiptGasOf,
  type RpcBatch,
  type RpcCall,
} from "../../scripts/bench/day/rpcPaging.ts";

const hashOf = (n: number): Hex => numberToHex(n, { size: 32 });

/**
 * A JSON-RPC server in memory that answers as viem's HTTP client does: a response whose JSON is
 * over `maxBytes` is refused whole with `ResponseBodyTooLargeError`. Receipts carry `logBytes`
 * bytes of logs each (a `registerBatch` of 100 invoices carries about 50 kB).
 */
function boundedChain(options: { maxBytes: number; logBytes: (hash: Hex) => number }) {
  const requests: RpcCall[][] = [];
  const batch: RpcBatch = async (calls) => {
    requests.push([...calls]);
    const results = calls.map((call) => {
      if (call.method === "eth_getTransactionReceipt") {
        const hash = call.params[0] as Hex;
        return {
          transactionHash: hash,
          gasUsed: numberToHex(21_000n + BigInt(hash)),
          status: BigInt(hash) % 97n === 0n ? "0x0" : "0x1",
          logs: "x".repeat(options.logBytes(hash)),
        };
      }
      if (call.method === "eth_getLogs") {
        const { fromBlock, toBlock } = call.params[0] as { fromBlock: Hex; toBlock: Hex };
        const logs = [];
        for (let b = BigInt(fromBlock); b <= BigInt(toBlock); b++) {
          // Block b holds b % 5 logs of 1 kB each.
          for (let i = 0n; i < b % 5n; i++)
            logs.push({ blockNumber: Number(b), data: "y".repeat(1000) });
        }
        return logs;
      }
      throw new Error(`unexpected ${call.method}`);
    });
    const size = JSON.stringify(results).length;
    if (size > options.maxBytes) {
      throw new ResponseBodyTooLargeError({ size, maxSize: options.maxBytes } as never);
    }
    return results;
  };
  return { batch, requests };
}

describe("the trading day's bounded reads (scripts/bench/day/rpcPaging.ts)", function () {
  it("reads every receipt of a day whose pages would be over the response bound, halving the pages that are", async function () {
    // Receipts of 53 kB, pages of 200: 10.6 MB a page, over a 10 MiB bound (the crash at 0.03).
    const hashes = Array.from({ length: 1_000 }, (_, i) => hashOf(i + 1));
    const chain = boundedChain({ maxBytes: 10_485_760, logBytes: () => 53_000 });
    const receipts = await receiptGasOf(hashes, chain.batch, { pageSize: 200 });
    expect(receipts).to.have.length(1_000);
    receipts.forEach((r, i) => {
      expect(r.gasUsed).to.equal(21_000n + BigInt(i + 1));
      expect(r.succeeded).to.equal((i + 1) % 97 !== 0);
    });
    // Each page of 200 was refused and read as two of 100.
    expect(chain.requests.filter((r) => r.length === 100)).to.have.length(10);
  });

  it("keeps the order of the answers when only some pages are over the bound", async function () {
    const hashes = Array.from({ length: 300 }, (_, i) => hashOf(i + 1));
    // Every 50th receipt is huge: only the pages holding one are halved, down to where it fits.
    const chain = boundedChain({
      maxBytes: 100_000,
      logBytes: (hash) => (BigInt(hash) % 50n === 0n ? 60_000 : 100),
    });
    const receipts = await receiptGasOf(hashes, chain.batch, { pageSize: 64 });
    expect(receipts.map((r) => r.gasUsed)).to.deep.equal(hashes.map((h) => 21_000n + BigInt(h)));
  });

  it("refuses with the item's name when one receipt alone is over the bound", async function () {
    const chain = boundedChain({
      maxBytes: 1_000,
      logBytes: (h) => (h === hashOf(3) ? 5_000 : 10),
    });
    const hashes = [1, 2, 3, 4].map(hashOf);
    let refusal: unknown;
    try {
      await receiptGasOf(hashes, chain.batch, { pageSize: 4 });
    } catch (error) {
      refusal = error;
    }
    expect(String(refusal)).to.contain(hashOf(3)).and.to.contain("over the response bound");
  });

  it("refuses a missing receipt naming its transaction", async function () {
    const batch: RpcBatch = async (calls) => calls.map(() => null);
    let refusal: unknown;
    try {
      await receiptGasOf([hashOf(7)], batch, { pageSize: 10 });
    } catch (error) {
      refusal = error;
    }
    expect(String(refusal)).to.contain(`no receipt for ${hashOf(7)}`);
  });

  it("reads every log of a block range in chain order, halving the ranges whose answer is too large", async function () {
    const chain = boundedChain({ maxBytes: 20_000, logBytes: () => 0 });
    const blocks: number[] = [];
    await logsInBoundedRanges<{ blockNumber: number }>(hashOf(1), 3n, 200n, chain.batch, {
      blocksPerPage: 50,
      onLogs: (logs) => blocks.push(...logs.map((l) => l.blockNumber)),
    });
    const expected: number[] = [];
    for (let b = 3; b <= 200; b++) for (let i = 0; i < b % 5; i++) expected.push(b);
    expect(blocks).to.deep.equal(expected);
    // 50 blocks hold about 100 kB of logs: the 4 ranges of 50 were each halved, some again.
    expect(chain.requests.length).to.be.greaterThan(4 + 8);
  });

  it("passes every other failure on at once, without halving", async function () {
    let calls = 0;
    let refusal: unknown;
    try {
      await inBoundedPages(
        [1, 2, 3, 4],
        async () => {
          calls += 1;
          throw new Error("connection refused");
        },
        { pageSize: 4 },
      );
    } catch (error) {
      refusal = error;
    }
    expect(String(refusal)).to.contain("connection refused");
    expect(calls).to.equal(1);
  });
});

describe("the trading day's ledger (scripts/bench/day/ledger.ts)", function () {
  it("sums each record's transactions' gas and gives each operation's series in record order", async function () {
    const ledger = new DayLedger();
    ledger.record("bill issue", 1, [hashOf(1)]);
    ledger.record("onboard", 100, [hashOf(2), hashOf(3)]);
    ledger.record("bill issue", 1, [hashOf(4)]);
    ledger.record("drawdown", 1, [hashOf(5), hashOf(6), hashOf(7)]);
    expect(ledger.records).to.equal(4);
    expect(ledger.transactions).to.equal(7);
    const asked: Hex[][] = [];
    await ledger.resolveGas(async (hashes) => {
      asked.push([...hashes]);
      return hashes.map((h) => BigInt(h) * 1_000n);
    }, 3);
    expect(asked).to.deep.equal([
      [hashOf(1), hashOf(2), hashOf(3)],
      [hashOf(4), hashOf(5), hashOf(6)],
      [hashOf(7)],
    ]);
    const operations = ledger.operations();
    expect([...operations.keys()]).to.deep.equal(["bill issue", "onboard", "drawdown"]);
    expect(operations.get("bill issue")).to.deep.equal({ items: [1, 1], gas: [1_000, 4_000] });
    expect(operations.get("onboard")).to.deep.equal({ items: [100], gas: [5_000] });
    expect(operations.get("drawdown")).to.deep.equal({ items: [1], gas: [18_000] });
  });

  it("gives every record's operation and hashes after the gas when made to keep them, and refuses them otherwise", async function () {
    const kept = new DayLedger({ keepHashes: true });
    const dropped = new DayLedger();
    for (const ledger of [kept, dropped]) {
      ledger.record("bill issue", 1, [hashOf(1)]);
      ledger.record("drawdown", 1, [hashOf(2), hashOf(3)]);
      await ledger.resolveGas(async (hashes) => hashes.map(() => 21_000n));
    }
    expect(kept.recordedOperations()).to.deep.equal([
      { operation: "bill issue", hashes: [hashOf(1)] },
      { operation: "drawdown", hashes: [hashOf(2), hashOf(3)] },
    ]);
    expect(() => dropped.recordedOperations()).to.throw(/keepHashes/);
  });

  it("keeps a day of a million transactions in under 64 MB of buffers", async function () {
    const ledger = new DayLedger();
    for (let i = 0; i < 1_000_000; i++) {
      ledger.record(`operation ${i % 40}`, 1 + (i % 100), [hashOf(i + 1)]);
    }
    // 32 bytes of hash and 7 of bookkeeping a transaction, buffers doubling as they grow.
    expect(ledger.bytes).to.be.lessThan(64 * 1024 * 1024);
    expect(ledger.transactions).to.equal(1_000_000);
  });

  it("refuses a record that is not a transaction hash, naming the operation, and keeps the others", function () {
    const ledger = new DayLedger();
    ledger.record("bill issue", 1, [hashOf(1)]);
    expect(() => ledger.record("bill endorse", 1, ["0x1234" as Hex])).to.throw(
      /bill endorse.*not a transaction hash/,
    );
    expect(ledger.records).to.equal(1);
    expect(ledger.transactions).to.equal(1);
  });
});

import { expect } from "chai";
import { network } from "hardhat";

import {
  groupCommit,
  type GroupCommitProvider,
  type RequestProvider,
} from "../../scripts/bench/day/groupCommit.ts";

type Receipt = { blockNumber: string; gasUsed: string; status: string };

/** Init code that stores 1 in slot 0 and deploys an empty contract: a transaction with gas of its own. */
const STORING_INIT_CODE = "0x6001600055600080f3";
/** Init code that reverts with the one-byte return data 0x01. */
const REVERTING_INIT_CODE = "0x60016000526001601ffd";

describe("groupCommit (the day's chain: many transactions to a block)", function () {
  let accounts: string[];
  let chain: GroupCommitProvider;
  let close: () => Promise<void>;

  beforeEach(async function () {
    const connection = await network.create("hardhat");
    accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
    chain = await groupCommit(connection.provider);
    close = () => connection.close();
  });

  afterEach(async function () {
    await close();
  });

  const deploy = (from: string, data: string) =>
    chain.request({
      method: "eth_sendTransaction",
      params: [{ from, data, gas: "0x100000" }],
    }) as Promise<string>;
  const receiptOf = async (hash: string) =>
    (await chain.request({ method: "eth_getTransactionReceipt", params: [hash] })) as Receipt;

  it("answers a send only once the block holding it is mined", async function () {
    const hash = await deploy(accounts[0]!, STORING_INIT_CODE);
    const receipt = await receiptOf(hash);
    expect(receipt).to.not.equal(null);
    expect(receipt.status).to.equal("0x1");
  });

  it("mines the sends that arrive together into fewer blocks than sends, each gas as its own", async function () {
    // The gas of one such transaction alone in its block.
    const alone = await receiptOf(await deploy(accounts[0]!, STORING_INIT_CODE));
    const before = chain.stats.blocks;
    const hashes = await Promise.all(
      accounts.slice(1, 11).map((from) => deploy(from, STORING_INIT_CODE)),
    );
    const receipts = await Promise.all(hashes.map(receiptOf));
    const blocks = new Set(receipts.map((r) => r.blockNumber));
    expect(blocks.size).to.be.lessThan(hashes.length);
    expect(chain.stats.blocks - before).to.equal(blocks.size);
    for (const receipt of receipts) expect(receipt.gasUsed).to.equal(alone.gasUsed);
  });

  it("answers a reverted transaction with its hash and a receipt of status 0", async function () {
    const hash = await deploy(accounts[0]!, REVERTING_INIT_CODE);
    expect((await receiptOf(hash)).status).to.equal("0x0");
  });

  it("answers a block read from its cache until the next block, then from the chain", async function () {
    const first = (await chain.request({ method: "eth_blockNumber" })) as string;
    const hits = chain.stats.cacheHits;
    expect(await chain.request({ method: "eth_blockNumber" })).to.equal(first);
    expect(chain.stats.cacheHits).to.equal(hits + 1);
    await deploy(accounts[0]!, STORING_INIT_CODE);
    const next = (await chain.request({ method: "eth_blockNumber" })) as string;
    expect(BigInt(next)).to.equal(BigInt(first) + 1n);
  });

  it("refuses a send the chain refuses, and leaves no block behind", async function () {
    const head = (await chain.request({ method: "eth_blockNumber" })) as string;
    const stranger = "0x000000000000000000000000000000000000dEaD";
    const refusal = await deploy(stranger, STORING_INIT_CODE).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).to.be.instanceOf(Error);
    expect((refusal as Error).message).to.match(/unknown account|sender/i);
    expect(await chain.request({ method: "eth_blockNumber" })).to.equal(head);
  });

  describe("a send answered just as the miner stops", function () {
    /**
     * A chain in memory: `evm_mine` puts the pool into a block. When the first block is mined, a
     * second send (B) enters the pool at once, but its answer comes `hops` microtasks later: for
     * some `hops` it comes after the miner's last look at what waits and before the miner stops.
     */
    function chainWithLateAnswer(hops: number, sendB: () => void): RequestProvider {
      const blocks: string[][] = [[]];
      let pool: string[] = [];
      return {
        async request({ method, params }) {
          const [first] = (params ?? []) as unknown[];
          switch (method) {
            case "evm_setAutomine":
              return true;
            case "eth_blockNumber":
              return `0x${(blocks.length - 1).toString(16)}`;
            case "evm_mine":
              blocks.push(pool);
              pool = [];
              if (blocks.length === 2) sendB();
              return "0x0";
            case "eth_getBlockByNumber":
              return { transactions: blocks[Number(first)] };
            case "eth_sendTransaction": {
              const hash = (first as { data: string }).data;
              pool.push(hash);
              if (hash === "0xb") for (let i = 0; i < hops; i++) await null;
              return hash;
            }
            default:
              throw new Error(`the in-memory chain has no ${method}`);
          }
        },
      };
    }

    for (let hops = 0; hops <= 12; hops++) {
      it(`mines a send whose answer comes ${hops} microtasks after the block before it`, async function () {
        let answerB: Promise<unknown> | undefined;
        const wrapped: { chain?: GroupCommitProvider } = {};
        const inMemory = chainWithLateAnswer(hops, () => {
          answerB = wrapped.chain!.request({
            method: "eth_sendTransaction",
            params: [{ data: "0xb" }],
          });
        });
        const late = await groupCommit(inMemory);
        wrapped.chain = late;
        await late.request({ method: "eth_sendTransaction", params: [{ data: "0xa" }] });
        const stranded = new Promise((resolve) => setTimeout(() => resolve("stranded"), 500));
        expect(await Promise.race([answerB, stranded])).to.equal("0xb");
      });
    }
  });
});

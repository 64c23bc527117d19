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
  let connection: Awaited<ReturnType<typeof network.create>>;
  let close: () => Promise<void>;

  beforeEach(async function () {
    connection = await network.create("hardhat");
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

  it("gives a send that names no fees the fees Hardhat's own handler gives it", async function () {
    // One send straight to the chain (Hardhat's automatic gas-price handler fills its fees), one
    // through the miner: the same head, so the same fees.
    type Tx = { maxFeePerGas: string; maxPriorityFeePerGas: string };
    const direct = (await connection.provider.request({
      method: "eth_sendTransaction",
      params: [{ from: accounts[1]!, data: STORING_INIT_CODE, gas: "0x100000" }],
    })) as string;
    const grouped = await deploy(accounts[2]!, STORING_INIT_CODE);
    const txOf = async (hash: string) =>
      (await chain.request({ method: "eth_getTransactionByHash", params: [hash] })) as Tx;
    const [byHandler, byMiner] = await Promise.all([txOf(direct), txOf(grouped)]);
    expect(byMiner.maxFeePerGas).to.equal(byHandler.maxFeePerGas);
    expect(byMiner.maxPriorityFeePerGas).to.equal(byHandler.maxPriorityFeePerGas);
  });

  describe("the fees of sends that name none", function () {
    /** A chain in memory that records what reaches it; its next base fee is 64 wei. */
    function recordingChain(reward: string) {
      const seen: { method: string; params: unknown[] }[] = [];
      let pool: string[] = [];
      const blocks: string[][] = [[]];
      const provider: RequestProvider = {
        async request({ method, params }) {
          seen.push({ method, params: (params ?? []) as unknown[] });
          switch (method) {
            case "evm_setAutomine":
              return true;
            case "eth_blockNumber":
              return `0x${(blocks.length - 1).toString(16)}`;
            case "eth_feeHistory":
              return { oldestBlock: "0x0", baseFeePerGas: ["0x38", "0x40"], reward: [[reward]] };
            case "eth_maxPriorityFeePerGas":
              return "0x5";
            case "evm_mine":
              blocks.push(pool);
              pool = [];
              return "0x0";
            case "eth_getBlockByNumber":
              return { transactions: blocks[Number((params as unknown[])[0])] };
            case "eth_sendTransaction": {
              const hash = `0x${seen.length.toString(16)}`;
              pool.push(hash);
              return hash;
            }
            default:
              throw new Error(`the in-memory chain has no ${method}`);
          }
        },
      };
      return { provider, seen };
    }

    it("sends them to the chain with the handler's fees, from one fee history per block", async function () {
      const { provider, seen } = recordingChain("0x2");
      const grouped = await groupCommit(provider);
      await Promise.all(
        ["0xa", "0xb", "0xc"].map((data) =>
          grouped.request({ method: "eth_sendTransaction", params: [{ data }] }),
        ),
      );
      const sends = seen.filter((r) => r.method === "eth_sendTransaction");
      expect(sends).to.have.length(3);
      for (const { params } of sends) {
        // The next block's base fee, capped for three full blocks: 64 × (9/8)² = 81.
        expect(params[0]).to.include({ maxFeePerGas: "0x51", maxPriorityFeePerGas: "0x2" });
      }
      expect(seen.filter((r) => r.method === "eth_feeHistory")).to.have.length(1);
    });

    it("asks for the suggested tip when the last block's median tip is zero", async function () {
      const { provider, seen } = recordingChain("0x0");
      const grouped = await groupCommit(provider);
      await grouped.request({ method: "eth_sendTransaction", params: [{ data: "0xa" }] });
      const send = seen.find((r) => r.method === "eth_sendTransaction")!;
      expect(send.params[0]).to.include({ maxFeePerGas: "0x51", maxPriorityFeePerGas: "0x5" });
    });

    it("leaves the fees a send names as they are", async function () {
      const { provider, seen } = recordingChain("0x2");
      const grouped = await groupCommit(provider);
      const named = { data: "0xa", maxFeePerGas: "0x99", maxPriorityFeePerGas: "0x3" };
      await grouped.request({ method: "eth_sendTransaction", params: [named] });
      expect(seen.find((r) => r.method === "eth_sendTransaction")!.params[0]).to.deep.equal(named);
      expect(seen.some((r) => r.method === "eth_feeHistory")).to.equal(false);
    });
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

    /** Sends that name their fees go to the chain as they come (no fee history is read). */
    const NAMED_FEES = { maxFeePerGas: "0x2", maxPriorityFeePerGas: "0x1" };

    for (let hops = 0; hops <= 12; hops++) {
      it(`mines a send whose answer comes ${hops} microtasks after the block before it`, async function () {
        let answerB: Promise<unknown> | undefined;
        const wrapped: { chain?: GroupCommitProvider } = {};
        const inMemory = chainWithLateAnswer(hops, () => {
          answerB = wrapped.chain!.request({
            method: "eth_sendTransaction",
            params: [{ data: "0xb", ...NAMED_FEES }],
          });
        });
        const late = await groupCommit(inMemory);
        wrapped.chain = late;
        await late.request({
          method: "eth_sendTransaction",
          params: [{ data: "0xa", ...NAMED_FEES }],
        });
        const stranded = new Promise((resolve) => setTimeout(() => resolve("stranded"), 500));
        expect(await Promise.race([answerB, stranded])).to.equal("0xb");
      });
    }
  });
});

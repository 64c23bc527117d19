/**
 * The logs bloom test the chain watcher uses to skip `eth_getLogs` for heads that cannot hold an
 * oracle log, against blooms built bit by bit and against the bloom of a real block.
 */
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, toHex, type Hex } from "viem";
import { bloomBitsOf, logsBloomFilter } from "../../../oracle/chain/logsBloom.ts";

const ORACLE: Hex = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const OTHER: Hex = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
const TOPIC = keccak256(toHex("CustomsReportAccepted(uint64,uint64,bytes32,uint256)"));
const OTHER_TOPIC = keccak256(toHex("Transfer(address,address,uint256)"));

/** A bloom with the bits of `values` set (as a node sets them for a log's address and topics). */
function bloomOf(values: readonly Hex[]): Hex {
  const bytes = new Uint8Array(256);
  for (const value of values) for (const { byte, mask } of bloomBitsOf(value)) bytes[byte]! |= mask;
  return toHex(bytes);
}

describe("logsBloomFilter", function () {
  const mayHold = logsBloomFilter(ORACLE, [TOPIC]);

  it("rules out an empty bloom", function () {
    expect(mayHold(bloomOf([]))).to.equal(false);
  });

  it("rules out a bloom of another contract's logs", function () {
    expect(mayHold(bloomOf([OTHER, OTHER_TOPIC]))).to.equal(false);
  });

  it("rules out a bloom holding the oracle's address but none of the topics it follows", function () {
    expect(mayHold(bloomOf([ORACLE, OTHER_TOPIC]))).to.equal(false);
  });

  it("rules out a bloom holding the topic from another contract only", function () {
    expect(mayHold(bloomOf([OTHER, TOPIC]))).to.equal(false);
  });

  it("admits a bloom holding the oracle's address and a followed topic", function () {
    expect(mayHold(bloomOf([OTHER, OTHER_TOPIC, ORACLE, TOPIC]))).to.equal(true);
  });

  it("admits (reads the logs of) a malformed bloom rather than skip it", function () {
    expect(mayHold("0x1234")).to.equal(true);
  });

  it("sets the bits a node sets: a real block's bloom admits the log it was built from", async function () {
    const connection = await network.create("hardhat");
    try {
      const provider = connection.provider;
      const [from] = (await provider.request({ method: "eth_accounts" })) as Hex[];
      // A contract whose constructor emits LOG1 with topic TOPIC: PUSH32 TOPIC, PUSH1 0, DUP1, LOG1 (offset 0, size 0, topic TOPIC), STOP.
      const initCode: Hex = `0x7f${TOPIC.slice(2)}600080a100`;
      const hash = (await provider.request({
        method: "eth_sendTransaction",
        params: [{ from, data: initCode }],
      })) as Hex;
      const receipt = (await provider.request({
        method: "eth_getTransactionReceipt",
        params: [hash],
      })) as { contractAddress: Hex; logsBloom: Hex; logs: unknown[] };
      expect(receipt.logs).to.have.length(1);
      const block = (await provider.request({
        method: "eth_getBlockByNumber",
        params: ["latest", false],
      })) as { logsBloom: Hex };
      expect(logsBloomFilter(receipt.contractAddress, [TOPIC])(block.logsBloom)).to.equal(true);
      expect(logsBloomFilter(receipt.contractAddress, [OTHER_TOPIC])(block.logsBloom)).to.equal(
        false,
      );
      expect(logsBloomFilter(OTHER, [TOPIC])(block.logsBloom)).to.equal(false);
    } finally {
      await connection.close();
    }
  });
});

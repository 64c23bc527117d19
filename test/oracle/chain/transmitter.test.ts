import { expect } from "chai";
import { parseTransaction, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { transmitterAccount } from "../../../oracle/chain/clients.ts";
import { Secret } from "../../../oracle/config/secrets.ts";

describe("The transmitter account", function () {
  it("signs exactly the bytes viem's own private-key account signs, report-sized calldata included", async function () {
    for (const size of [0, 1, 135, 136, 98_372]) {
      const key = generatePrivateKey();
      const data = `0x${Buffer.from(
        Array.from({ length: size }, (_, i) => (i * 7 + size) % 256),
      ).toString("hex")}` as Hex;
      const transaction = {
        chainId: 31_337,
        type: "eip1559" as const,
        to: "0x00000000000000000000000000000000000CA5E1" as const,
        data,
        gas: 5_000_000n,
        nonce: size,
        maxFeePerGas: 2_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      };
      const ours = await transmitterAccount(new Secret(key)).signTransaction(transaction);
      const viems = await privateKeyToAccount(key).signTransaction(transaction);
      expect(ours, `calldata of ${size} bytes`).to.equal(viems);
      expect(parseTransaction(ours).data ?? "0x").to.equal(size === 0 ? "0x" : data);
    }
  });
});

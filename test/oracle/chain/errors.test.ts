/** How chain errors are sorted into what the submitter does about them. */
import { expect } from "chai";
import { InvalidParamsRpcError, RpcRequestError } from "viem";
import { classifyChainError } from "../../../oracle/chain/errors.ts";

/** An error as viem raises it for a JSON-RPC error response from the node. */
function rpcError(code: number, message: string): InvalidParamsRpcError {
  return new InvalidParamsRpcError(
    new RpcRequestError({ body: {}, error: { code, message }, url: "http://127.0.0.1:8545" }),
  );
}

describe("classifyChainError", function () {
  it("sorts Hardhat's refusal of a sender who cannot pay as insufficient funds", function () {
    // The words of Hardhat's node when the transmitter's balance is below the transaction's cost.
    const error = rpcError(
      -32602,
      "Sender doesn't have enough funds to send tx. The max upfront cost is: 257279861971816 and the sender's balance is: 0.",
    );
    expect(classifyChainError(error)).to.equal("insufficient-funds");
  });

  it("sorts geth's refusal of a sender who cannot pay as insufficient funds", function () {
    const error = rpcError(-32000, "insufficient funds for gas * price + value");
    expect(classifyChainError(error)).to.equal("insufficient-funds");
  });

  it("leaves an unrecognised refusal as other", function () {
    expect(classifyChainError(rpcError(-32602, "invalid chain id"))).to.equal("other");
  });
});

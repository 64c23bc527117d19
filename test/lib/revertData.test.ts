/**
 * The one revert decoder (lib/chain/revertData.ts), shared by the tasks (ethers) and the oracle
 * daemons (viem): revert data found wherever either library puts it, decoded the same way.
 */
import { expect } from "chai";
import { type Abi, encodeErrorResult, parseAbi } from "viem";

import { decodeErrorData, findRevertData } from "../../lib/chain/revertData.ts";

const ABI: Abi = parseAbi([
  "error CustomsOracleSequenceGap(uint64 expected, uint64 got)",
  "error LetterOfCreditUnexpectedStatus(uint256 creditId, uint8 status)",
  "error Tagged(uint8[] codes)",
]);

describe("lib/chain/revertData: one revert decoder for ethers and viem", function () {
  const gap = encodeErrorResult({
    abi: ABI,
    errorName: "CustomsOracleSequenceGap",
    args: [7n, 9n],
  });

  it("finds the revert data viem keeps as `raw` down the cause chain", function () {
    const viemLike = new Error("outer", { cause: new Error("inner", { cause: { raw: gap } }) });
    expect(findRevertData(viemLike)).to.equal(gap);
  });

  it("finds the revert data ethers keeps under info.error.data", function () {
    expect(findRevertData({ info: { error: { data: gap } } })).to.equal(gap);
  });

  it("stops at a cycle instead of recursing forever", function () {
    const a: Record<string, unknown> = {};
    a["cause"] = { cause: a };
    expect(findRevertData(a)).to.equal(undefined);
  });

  it("decodes a custom error by name, in order and by parameter name", function () {
    const decoded = decodeErrorData(ABI, gap)!;
    expect(decoded.errorName).to.equal("CustomsOracleSequenceGap");
    expect(decoded.signature).to.equal("CustomsOracleSequenceGap(uint64,uint64)");
    expect(decoded.argList).to.deep.equal([7n, 9n]);
    expect(decoded.args).to.deep.equal({ expected: 7n, got: 9n });
  });

  it("gives small integers as bigints, as ethers does, so the revert table reads them alike", function () {
    const data = encodeErrorResult({
      abi: ABI,
      errorName: "LetterOfCreditUnexpectedStatus",
      args: [3n, 4],
    });
    expect(decodeErrorData(ABI, data)!.args).to.deep.equal({ creditId: 3n, status: 4n });
    const tagged = encodeErrorResult({ abi: ABI, errorName: "Tagged", args: [[1, 2]] });
    expect(decodeErrorData(ABI, tagged)!.args).to.deep.equal({ codes: [1n, 2n] });
  });

  it("names the built-in errors' parameters as the revert table reads them", function () {
    const panic = encodeErrorResult({
      abi: parseAbi(["error Panic(uint256)"]),
      errorName: "Panic",
      args: [0x11n],
    });
    expect(decodeErrorData(ABI, panic)!.args).to.deep.equal({ code: 0x11n });
  });

  it("decodes nothing from a bare revert or an error the ABI does not declare", function () {
    expect(decodeErrorData(ABI, "0x")).to.equal(undefined);
    expect(decodeErrorData(ABI, "0xdeadbeef")).to.equal(undefined);
  });
});

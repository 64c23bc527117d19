import { expect } from "chai";
import { HDNodeWallet } from "ethers";

import { loadMemberNames } from "../../console/memberNames.ts";
import { type MemberNamer, payableNextStep } from "../../console/src/describe.ts";
import { demoMember } from "../../lib/chain/demoConsortium.ts";

/** The account of a demo member: its index of the default Hardhat mnemonic. */
function demoAccount(key: string): string {
  return HDNodeWallet.fromPhrase(
    "test test test test test test test test test test test junk",
    undefined,
    `m/44'/60'/0'/0/${demoMember(key).accountIndex}`,
  ).address;
}

const demoNames = loadMemberNames(undefined, "localhost").byAccount;
const demoNamer: MemberNamer = (account) => demoNames[account.toLowerCase()];

const payable = {
  payableId: "7",
  obligor: demoAccount("importer"),
  amount: "1000000000",
  funded: "0",
  redeemed: "0",
  decimals: 2,
  currency: "CNY",
  maturity: "2000",
};

describe("the console's next step for a payable", function () {
  it("asks the demo obligor to fund what is not yet funded, as the fund command naming its member name", function () {
    const steps = payableNextStep(
      { ...payable, status: "Confirmed", funded: "250000000" },
      "Huangpu Medical",
      demoNamer,
      "localhost",
      1000,
    );
    expect(steps).to.deep.equal([
      {
        what: "Huangpu Medical, the obligor, pays in the CNY 7,500,000.00 not yet funded",
        command:
          "npx hardhat voucher fund --as importer --payable 7 --amount 7500000.00 --network localhost --send",
      },
    ]);
  });

  it("offers a sweep of an overdue payable's partial funding beside funding the rest", function () {
    const steps = payableNextStep(
      { ...payable, status: "Overdue", funded: "400000000", redeemed: "100000000" },
      "Huangpu Medical",
      demoNamer,
      "consortium",
      3000,
    );
    expect(steps.map((s) => ("command" in s ? s.command : s.unnamed))).to.deep.equal([
      "npx hardhat voucher fund --as importer --payable 7 --amount 6000000.00 --network consortium --send",
      "npx hardhat voucher sweep --as importer --payable 7 --network consortium --send",
    ]);
  });

  it("sweeps a funded payable from maturity, and has nothing to do before it or once settled", function () {
    const funded = { ...payable, status: "Funded", funded: payable.amount };
    expect(payableNextStep(funded, "x", demoNamer, "localhost", 1999)).to.deep.equal([]);
    expect(payableNextStep(funded, "x", demoNamer, "localhost", 2000)).to.deep.equal([
      {
        what: "Any member has the holders paid what the funding covers",
        command: "npx hardhat voucher sweep --as importer --payable 7 --network localhost --send",
      },
    ]);
    const settled = { ...funded, status: "Settled", redeemed: payable.amount };
    expect(payableNextStep(settled, "x", demoNamer, "localhost", 5000)).to.deep.equal([]);
  });

  it("explains instead of a fund command when the obligor's account has no member name", function () {
    const stranger = "0x00000000000000000000000000000000000000AB";
    const steps = payableNextStep(
      { ...payable, obligor: stranger, status: "Due" },
      "0x0000…00AB",
      demoNamer,
      "localhost",
      1000,
    );
    expect(steps).to.deep.equal([
      {
        what: "0x0000…00AB, the obligor, pays in the CNY 10,000,000.00 not yet funded",
        unnamed: `no member name for ${stranger}: add it to your members file`,
      },
    ]);
  });
});

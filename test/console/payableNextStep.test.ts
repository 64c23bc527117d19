import { expect } from "chai";

import { payableNextStep } from "../../console/src/describe.ts";

const payable = {
  payableId: "7",
  amount: "1000000000",
  funded: "0",
  redeemed: "0",
  decimals: 2,
  currency: "CNY",
  maturity: "2000",
};

describe("the console's next step for a payable", function () {
  it("asks the obligor to fund what is not yet funded, as the exact fund command", function () {
    const steps = payableNextStep(
      { ...payable, status: "Confirmed", funded: "250000000" },
      "Huangpu Medical",
      "localhost",
      1000,
    );
    expect(steps).to.deep.equal([
      {
        what: "Huangpu Medical, the obligor, pays in the CNY 7,500,000.00 not yet funded",
        command:
          "npx hardhat voucher fund --as <obligor> --payable 7 --amount 7500000.00 --network localhost --send",
      },
    ]);
  });

  it("offers a sweep of an overdue payable's partial funding beside funding the rest", function () {
    const steps = payableNextStep(
      { ...payable, status: "Overdue", funded: "400000000", redeemed: "100000000" },
      "Huangpu Medical",
      "consortium",
      3000,
    );
    expect(steps.map((s) => s.command)).to.deep.equal([
      "npx hardhat voucher fund --as <obligor> --payable 7 --amount 6000000.00 --network consortium --send",
      "npx hardhat voucher sweep --as <any member> --payable 7 --network consortium --send",
    ]);
  });

  it("sweeps a funded payable from maturity, and has nothing to do before it or once settled", function () {
    const funded = { ...payable, status: "Funded", funded: payable.amount };
    expect(payableNextStep(funded, "x", "localhost", 1999)).to.deep.equal([]);
    expect(payableNextStep(funded, "x", "localhost", 2000).map((s) => s.command)).to.deep.equal([
      "npx hardhat voucher sweep --as <any member> --payable 7 --network localhost --send",
    ]);
    const settled = { ...funded, status: "Settled", redeemed: payable.amount };
    expect(payableNextStep(settled, "x", "localhost", 5000)).to.deep.equal([]);
  });
});

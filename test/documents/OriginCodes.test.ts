import { expect } from "chai";
import { network } from "hardhat";

import { ISO_3166_ALPHA2 } from "../../lib/iso/iso3166.ts";
import { ascii } from "./documentsFixture.ts";

const { ethers } = await network.create();

describe("OriginCodes", function () {
  it("accepts exactly the 249 assigned ISO 3166-1 alpha-2 codes of lib/iso/iso3166.ts", async function () {
    const harness = await ethers.deployContract("OriginCodesHarness");
    const accepted = (await harness.acceptedCountryCodes()).map((code) =>
      Buffer.from(code.slice(2), "hex").toString("ascii"),
    );
    expect(ISO_3166_ALPHA2.size).to.equal(249);
    expect(accepted).to.deep.equal([...ISO_3166_ALPHA2].sort());
  });

  it("refuses lower case, digits and the zero code", async function () {
    const harness = await ethers.deployContract("OriginCodesHarness");
    for (const code of [ascii("gb", 2), ascii("G1", 2), ascii("", 2), ascii("G", 2)]) {
      expect(await harness.isCountryCode(code), code).to.equal(false);
    }
  });
});

/**
 * lib/chain/roles.ts mirrors contracts/consortium/ConsortiumRoles.sol: every role id the contracts
 * declare is the one TypeScript computes for the same name, and the governed roles agree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { id } from "ethers";

import { GOVERNED_ROLE_NAMES, MEMBER_ROLE_NAMES, roleId } from "../../lib/chain/roles.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = readFileSync(path.join(ROOT, "contracts/consortium/ConsortiumRoles.sol"), "utf8");

/** `bytes32 internal constant NAME = keccak256("TEXT");` declarations, name to text. */
const declared = new Map(
  [...SOURCE.matchAll(/bytes32 internal constant (\w+) = keccak256\("(\w+)"\);/g)].map((m) => [
    m[1]!,
    m[2]!,
  ]),
);

describe("lib/chain/roles.ts mirrors ConsortiumRoles.sol", function () {
  it("declares in Solidity every member role TypeScript names, hashed from the same text", function () {
    for (const name of MEMBER_ROLE_NAMES) {
      expect(declared.get(name), name).to.equal(name);
      expect(roleId(name)).to.equal(id(name));
    }
  });

  it("names in TypeScript every role Solidity declares", function () {
    const extra = [...declared.keys()].filter(
      (name) => !(MEMBER_ROLE_NAMES as readonly string[]).includes(name),
    );
    expect(extra.sort()).to.deep.equal(["ADMINISTRATOR", "GOVERNANCE", "OBLIGOR"]);
    for (const name of extra) {
      expect(roleId(name as "OBLIGOR" | "ADMINISTRATOR" | "GOVERNANCE")).to.equal(id(name));
    }
  });

  it("governs the roles whose bits GOVERNED_ROLE_BITS sets", function () {
    const bits = /GOVERNED_ROLE_BITS = ([\d |]+);/.exec(SOURCE)![1]!;
    const mask = bits.split("|").reduce((acc, bit) => acc | Number(bit.trim()), 0);
    const governed = MEMBER_ROLE_NAMES.filter((_, i) => (mask & (1 << i)) !== 0);
    expect(governed).to.deep.equal([...GOVERNED_ROLE_NAMES]);
  });
});

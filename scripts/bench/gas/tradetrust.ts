/**
 * TradeTrust token-registry v5 (`@tradetrust-tt/token-registry`, the reference open-source eBL),
 * deployed from the ABI and bytecode its npm package ships (`dist/artifacts`: its own build, solc
 * 0.8.22 as the bytecode metadata says, with its own optimizer settings; we have no solc 0.8.22 to
 * rebuild it, and its sources need OpenZeppelin upgradeable 5.x, which this project does not use),
 * and measured in the same process and chain as Caravel's bill of lading: `gasUsed` of each
 * receipt, all-in. Remarks are empty (its cheapest case).
 *
 * Its title moves, and what each costs end to end:
 * - mint: `TradeTrustToken.mint(beneficiary, holder, tokenId, remark)` — deploys the token's
 *   title-escrow clone and mints to it.
 * - transferHolder: `TitleEscrow.transferHolder(newHolder, remark)` by the holder.
 * - transferBeneficiary: its v5 flow for a beneficiary who is not the holder: the beneficiary
 *   `nominate`s, then the holder calls `transferBeneficiary`: the sum of both receipts.
 * - transferOwners: `TitleEscrow.transferOwners(nominee, newHolder, remark)` by a party that is
 *   both beneficiary and holder: title and possession to the next party in one transaction (what a
 *   Caravel endorsement of an order bill does).
 * - returnToIssuer: `TitleEscrow.returnToIssuer(remark)` by the beneficiary-holder; then the
 *   registry accepts it (`burn`, which shreds the escrow) or rejects it (`restore`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import type { BaseContract, ContractTransactionResponse, InterfaceAbi, Signer } from "ethers";
import { ContractFactory, Contract } from "ethers";

interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

// The package's `exports` map hides its artifacts and package.json, so they are read from disk
// beside its entry point (<root>/dist/index.js).
const PACKAGE_ROOT = join(
  dirname(createRequire(import.meta.url).resolve("@tradetrust-tt/token-registry")),
  "..",
);
function artifact(path: string): Artifact {
  return JSON.parse(
    readFileSync(join(PACKAGE_ROOT, "dist", "artifacts", path), "utf8"),
  ) as Artifact;
}
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }
).version;

/** The compiler version in the CBOR metadata at the end of a contract's bytecode. */
function solcVersionOf(bytecode: string): string {
  const hex = bytecode.slice(-10, -4); // ...64736f6c6343 ("solc", bytes3 version) | version | 0033
  return `${parseInt(hex.slice(0, 2), 16)}.${parseInt(hex.slice(2, 4), 16)}.${parseInt(hex.slice(4, 6), 16)}`;
}

type Measured = Record<string, number>;

async function gasOf(pending: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await pending).wait();
  if (receipt === null) throw new Error("transaction was dropped");
  return Number(receipt.gasUsed);
}

/** A contract with an untyped interface: ethers resolves its methods from the ABI at run time. */
type Dynamic = BaseContract &
  Record<string, (...args: unknown[]) => Promise<ContractTransactionResponse>>;

export interface TradeTrustParties {
  issuer: Signer;
  /** First beneficiary-holder of every minted document. */
  shipper: Signer & { address: string };
  /** Receivers that never held a TradeTrust document, then hold one. */
  bankA: Signer & { address: string };
  bankB: Signer & { address: string };
  buyer: Signer & { address: string };
}

export interface TradeTrustMeasurement {
  packageVersion: string;
  solcVersion: string;
  gas: Measured;
}

/** Deploys TradeTrust's registry + title-escrow factory and measures its title moves. */
export async function measureTradeTrust(p: TradeTrustParties): Promise<TradeTrustMeasurement> {
  const escrowArtifact = artifact("TitleEscrow.sol/TitleEscrow.json");
  const factoryArtifact = artifact("TitleEscrowFactory.sol/TitleEscrowFactory.json");
  const tokenArtifact = artifact("TradeTrustToken.sol/TradeTrustToken.json");
  const factory = await new ContractFactory(
    factoryArtifact.abi,
    factoryArtifact.bytecode,
    p.issuer,
  ).deploy();
  await factory.waitForDeployment();
  const token = (await new ContractFactory(
    tokenArtifact.abi,
    tokenArtifact.bytecode,
    p.issuer,
  ).deploy("TradeTrust bills of lading", "TTBL", await factory.getAddress())) as unknown as Dynamic;
  await token.waitForDeployment();
  const escrowOf = async (tokenId: bigint, as: Signer): Promise<Dynamic> =>
    new Contract(
      String(
        await (factory as unknown as Dynamic).getFunction("getEscrowAddress")(
          await token.getAddress(),
          tokenId,
        ),
      ),
      escrowArtifact.abi,
      as,
    ) as unknown as Dynamic;
  const gas: Measured = {};
  const none = "0x";
  const mint = (id: bigint) =>
    gasOf(token.getFunction("mint")(p.shipper.address, p.shipper.address, id, none));

  gas["mint.first"] = await mint(1n);
  gas["mint.repeat"] = await mint(2n);
  await mint(3n);

  // Title and possession to the next party in one step (an endorsement): to a first-time, then a repeat receiver.
  const e1 = await escrowOf(1n, p.shipper);
  gas["transferOwners.first-time-receiver"] = await gasOf(
    e1.getFunction("transferOwners")(p.bankA.address, p.bankA.address, none),
  );
  const e2 = await escrowOf(2n, p.shipper);
  gas["transferOwners.repeat-receiver"] = await gasOf(
    e2.getFunction("transferOwners")(p.bankA.address, p.bankA.address, none),
  );

  // Possession only: the beneficiary keeps title (bank A holds both on 1 and 2).
  const e1a = await escrowOf(1n, p.bankA);
  gas["transferHolder.first-time-receiver"] = await gasOf(
    e1a.getFunction("transferHolder")(p.buyer.address, none),
  );
  const e2a = await escrowOf(2n, p.bankA);
  gas["transferHolder.repeat-receiver"] = await gasOf(
    e2a.getFunction("transferHolder")(p.buyer.address, none),
  );

  // Title while someone else holds it: bank A (beneficiary) nominates, the buyer (holder) transfers.
  const nominateFirst = await gasOf(e1a.getFunction("nominate")(p.bankB.address, none));
  const e1b = await escrowOf(1n, p.buyer);
  const transferFirst = await gasOf(e1b.getFunction("transferBeneficiary")(p.bankB.address, none));
  gas["transferBeneficiary.first-time-receiver"] = nominateFirst + transferFirst;
  gas["transferBeneficiary.first-time-receiver.nominate"] = nominateFirst;
  gas["transferBeneficiary.first-time-receiver.transfer"] = transferFirst;
  const nominateRepeat = await gasOf(e2a.getFunction("nominate")(p.bankB.address, none));
  const e2b = await escrowOf(2n, p.buyer);
  const transferRepeat = await gasOf(e2b.getFunction("transferBeneficiary")(p.bankB.address, none));
  gas["transferBeneficiary.repeat-receiver"] = nominateRepeat + transferRepeat;

  // Return to the issuer (the beneficiary-holder of document 3: the shipper), then accept (burn) or reject (restore).
  const e3 = await escrowOf(3n, p.shipper);
  gas["returnToIssuer"] = await gasOf(e3.getFunction("returnToIssuer")(none));
  gas["reject-return (restore)"] = await gasOf(token.getFunction("restore")(3n, none));
  gas["returnToIssuer.again"] = await gasOf(e3.getFunction("returnToIssuer")(none));
  gas["accept-return (burn, shreds the escrow)"] = await gasOf(token.getFunction("burn")(3n, none));

  return {
    packageVersion: PACKAGE_VERSION,
    solcVersion: solcVersionOf(tokenArtifact.bytecode),
    gas,
  };
}

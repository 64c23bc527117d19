/**
 * Test fixture: the demo consortium, the accelerator installed at its fixed address, and a
 * customs oracle whose committee is the five demo ORACLE members with threshold 3.
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { ZeroAddress, type TypedDataDomain } from "ethers";
import { artifacts } from "hardhat";

import { installAcceleratorAt, type RequestProvider } from "../../../deploy/installAccelerator.ts";
import type { CustomsOracle } from "../../../types/ethers-contracts/index.js";
import { deployConsortium, memberSigner, type Consortium } from "../../helpers/consortium.ts";
import {
  customsDomain,
  signReportWith,
  type CustomsEventInput,
  type CustomsReportInput,
} from "./customsReport.ts";

export interface OracleSetup {
  consortium: Consortium;
  oracle: CustomsOracle;
  /** The five committee members, oracle1..oracle5. */
  oracles: HardhatEthersSigner[];
  domain: TypedDataDomain;
}

export const COMMITTEE_THRESHOLD = 3;

export async function deployOracleSetup(
  ethers: HardhatEthers,
  provider: RequestProvider,
): Promise<OracleSetup> {
  const consortium = await deployConsortium(ethers);
  const shim = await artifacts.readArtifact("SignatureBatchVerifier");
  await installAcceleratorAt(provider, shim.deployedBytecode);
  const oracles = [1, 2, 3, 4, 5].map((n) => memberSigner(consortium, `oracle${n}`));
  const oracle = (await ethers.deployContract("CustomsOracle", [
    await consortium.registry.getAddress(),
    ZeroAddress,
    oracles.map((o) => o.address),
    COMMITTEE_THRESHOLD,
  ])) as unknown as CustomsOracle;
  const { chainId } = await ethers.provider.getNetwork();
  return { consortium, oracle, oracles, domain: customsDomain(chainId, await oracle.getAddress()) };
}

/**
 * Sign the next report (current epoch, lastSequence + 1) with `signers` and submit it as
 * `submitter`. Returns the transaction response.
 */
export async function submitNext(
  setup: OracleSetup,
  events: CustomsEventInput[],
  signers: readonly HardhatEthersSigner[] = setup.oracles.slice(0, COMMITTEE_THRESHOLD),
  submitter: HardhatEthersSigner = setup.oracles[0]!,
) {
  const report: CustomsReportInput = {
    epoch: await setup.oracle.epoch(),
    sequence: (await setup.oracle.lastSequence()) + 1n,
    events,
  };
  const signatures = await signReportWith(signers, setup.domain, report);
  return setup.oracle
    .connect(submitter)
    .submitReport(report.epoch, report.sequence, report.events, signatures);
}

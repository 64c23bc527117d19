/**
 * Customs events for task tests: a report signed by three of the demo oracle committee and
 * submitted by the first, as the oracle daemons would.
 */
import { demoMember } from "../../lib/chain/demoConsortium.ts";
import { CustomsOracle__factory } from "../../types/ethers-contracts/index.js";
import {
  customsDomain,
  type CustomsEventInput,
  signReportWith,
} from "../oracle/helpers/customsReport.ts";
import { addressOf, type Deployment, ethers } from "./helpers.ts";

export async function submitCustomsReport(
  deployment: Deployment,
  events: CustomsEventInput[],
): Promise<void> {
  const signers = await ethers.getSigners();
  const oracleSigner = (n: number) => signers[demoMember(`oracle${n}`).accountIndex]!;
  const oracle = CustomsOracle__factory.connect(
    addressOf(deployment, "CustomsOracle"),
    ethers.provider,
  );
  const [, , epoch] = await oracle.committee();
  const sequence = (await oracle.lastSequence()) + 1n;
  const { chainId } = await ethers.provider.getNetwork();
  const report = { epoch, sequence, events };
  const signatures = await signReportWith(
    [oracleSigner(1), oracleSigner(2), oracleSigner(3)],
    customsDomain(chainId, await oracle.getAddress()),
    report,
  );
  await (
    await oracle.connect(oracleSigner(1)).submitReport(epoch, sequence, events, signatures)
  ).wait();
}

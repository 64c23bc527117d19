/**
 * `oracle committee`: who signs customs reports — the committee's members (and whether each
 * still holds the ORACLE role), its threshold and epoch — how far the reports have got, and
 * which signature verifier checks them.
 */
import { z } from "zod";

import { roleId } from "../../lib/chain/roles.ts";
import { operatorAction } from "../support/action.ts";
import { formatTime } from "../support/output.ts";
import { deployedRegistry } from "../consortium/registry.ts";
import { deployedCustomsOracle } from "./customsOracle.ts";

export interface CommitteeResult {
  oracle: string;
  epoch: bigint;
  threshold: bigint;
  members: { address: string; key: string | null; activeOracle: boolean }[];
  lastSequence: bigint;
  /** When the last report was accepted (null before the first). */
  lastReportAt: number | null;
  verifier: string;
  /** Whether code is deployed at the verifier's address (a native precompile has none). */
  verifierHasCode: boolean;
}

export default operatorAction({
  options: () => z.object({}),
  async run(_args, ctx): Promise<CommitteeResult> {
    const oracle = await deployedCustomsOracle(ctx);
    const registry = await deployedRegistry(ctx);
    const [members, threshold, epoch] = await oracle.committee();
    const oracleRole = roleId("ORACLE");
    const accepted = await oracle.queryFilter(oracle.filters.CustomsReportAccepted(), 0);
    const last = accepted.at(-1);
    const verifier = await oracle.signatureVerifier();
    return {
      oracle: await oracle.getAddress(),
      epoch,
      threshold,
      members: await Promise.all(
        members.map(async (address) => ({
          address,
          key: ctx.members.nameOf(address) ?? null,
          activeOracle: await registry.hasActiveRole(oracleRole, address),
        })),
      ),
      lastSequence: await oracle.lastSequence(),
      lastReportAt: last === undefined ? null : (await last.getBlock()).timestamp,
      verifier,
      verifierHasCode: (await ctx.ethers.provider.getCode(verifier)) !== "0x",
    };
  },
  render(r, ctx) {
    if (r.members.length === 0) {
      return [`Customs oracle ${r.oracle}: no committee yet; governance installs one.`];
    }
    return [
      `Customs oracle ${r.oracle}: committee epoch ${r.epoch}, any ${r.threshold} of ${r.members.length} sign a report.`,
      ...r.members.map(
        (m, i) =>
          `  ${String(i).padStart(2)}. ${ctx.party(m.address)}${m.activeOracle ? "" : "  — NOT an active ORACLE member: its signatures are refused"}`,
      ),
      r.lastReportAt === null
        ? "No report accepted yet."
        : `Reports accepted: ${r.lastSequence}, the last at ${formatTime(r.lastReportAt)}.`,
      `Signature verifier at ${r.verifier}${r.verifierHasCode ? "" : " (no code there: a native precompile, or not installed)"}.`,
    ];
  },
});

/** The certificate-of-origin registry as the origin tasks see it. */
import { CertificateOfOriginRegistry__factory } from "../../types/ethers-contracts/index.js";
import type { CertificateOfOriginRegistry } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";

export const ORIGIN_REGISTRY = "CertificateOfOriginRegistry";

/** ICertificateOfOriginRegistry.Verdict names, in enum order. */
export const VERDICTS = ["Unknown", "Valid", "Revoked", "Expired", "HashMismatch"] as const;
export type VerdictName = (typeof VERDICTS)[number];

export function verdictName(verdict: bigint): VerdictName {
  const name = VERDICTS[Number(verdict)];
  if (name === undefined) throw new Error(`unknown verdict ${verdict}`);
  return name;
}

export async function deployedOriginRegistry(
  ctx: TaskContext,
): Promise<CertificateOfOriginRegistry> {
  return CertificateOfOriginRegistry__factory.connect(
    await ctx.deployed(ORIGIN_REGISTRY),
    ctx.ethers.provider,
  );
}

/** The printed number of certificate `certificateId`, from its CertificateIssued event. */
export async function certificateNumberOf(
  registry: CertificateOfOriginRegistry,
  certificateId: string,
): Promise<string | null> {
  const [issued] = await registry.queryFilter(registry.filters.CertificateIssued(certificateId), 0);
  return issued?.args.number ?? null;
}

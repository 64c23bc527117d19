/**
 * `credit waive`: the applicant waives the discrepancies of a refused presentation (UCP 600
 * art. 16b); or, with `--condition`, the party a settlement condition protects waives it —
 * the issuing bank the passing of title (`title`), the applicant customs clearance (`customs`).
 */
import { z } from "zod";

import { SettlementCondition } from "../../lib/trade/enums.ts";
import { creditStep } from "./operation.ts";

const condition = z.string().transform((v, ctx) => {
  const given = v.trim().toLowerCase();
  if (given === "") return null;
  if (given === "title") return SettlementCondition.TitleToIssuingBank;
  if (given === "customs") return SettlementCondition.CustomsClearance;
  ctx.addIssue({
    code: z.ZodIssueCode.custom,
    message: `"${v}" is not a settlement condition (title or customs)`,
  });
  return z.NEVER;
});

export default creditStep({
  options: () => ({ condition }),
  call: (lc, lcId, args) =>
    args.condition === null
      ? {
          data: lc.interface.encodeFunctionData("waiveDiscrepancies", [lcId]),
          action: `waive the discrepancies of the refused presentation under credit ${lcId}`,
        }
      : {
          data: lc.interface.encodeFunctionData("waiveSettlementCondition", [lcId, args.condition]),
          action: `waive ${args.condition === SettlementCondition.CustomsClearance ? "customs clearance" : "the passing of title to the issuing bank"} as a condition of settling credit ${lcId}`,
        },
});

/**
 * `credit refuse`: the examining bank refuses the presentation in one notice stating every
 * discrepancy (UCP 600 art. 16c-d): those the chain found, and its own, given as short codes
 * (longer text is hashed).
 */
import { z } from "zod";

import { bankDiscrepancy } from "../../lib/trade/letterOfCredit.ts";
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({
    discrepancies: z.string().transform((v) =>
      v
        .split(",")
        .map((d) => d.trim())
        .filter((d) => d !== ""),
    ),
  }),
  call: (lc, lcId, args) => ({
    data: lc.interface.encodeFunctionData("refuse", [
      lcId,
      args.discrepancies.map((d) => bankDiscrepancy(d)),
    ]),
    action:
      args.discrepancies.length === 0
        ? `refuse the presentation under credit ${lcId} for the discrepancies the chain found`
        : `refuse the presentation under credit ${lcId}, adding ${args.discrepancies.join(", ")}`,
  }),
});

/**
 * `bill surrender`: the holder surrenders a bill to its carrier, to take delivery of the
 * goods (DCSA SURRENDER_FOR_DELIVERY) or to have it amended (SURRENDER_FOR_AMENDMENT).
 */
import { z } from "zod";

import { billOperation } from "./operation.ts";

export default billOperation({
  options: () => ({
    for: z.string().transform((v, ctx) => {
      const purpose = v.trim().toLowerCase();
      if (purpose !== "delivery" && purpose !== "amendment") {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `"${v}" is not a purpose of surrender (delivery or amendment)`,
        });
        return z.NEVER;
      }
      return purpose;
    }),
  }),
  call: (bills, bill, args) => ({
    data:
      args.for === "delivery"
        ? bills.interface.encodeFunctionData("surrenderForDelivery", [bill.billId])
        : bills.interface.encodeFunctionData("surrenderForAmendment", [bill.billId]),
    action: `surrender bill ${bill.blNumber} to its carrier for ${args.for}`,
  }),
});

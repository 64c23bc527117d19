/**
 * `voucher sweep`: anyone pays a matured payable's holders their claimable shares, at most
 * `--batch` vouchers per call (the Automation upkeep does the same); the next call goes on.
 */
import { z } from "zod";

import { wholeNumber } from "../support/inputs.ts";
import { voucherStep } from "./operation.ts";
import { payableId } from "./voucherContract.ts";

export default voucherStep({
  options: () => ({ payable: payableId, batch: z.string().default("50").pipe(wholeNumber()) }),
  async call(vouchers, args) {
    return {
      data: vouchers.interface.encodeFunctionData("sweep", [args.payable, args.batch]),
      action: `pay the holders of payable ${args.payable}, ${args.batch} vouchers at most`,
    };
  },
});

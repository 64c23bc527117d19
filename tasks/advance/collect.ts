/** `advance collect`: redeem the voucher share an advance holds (at maturity): the bank first, the surplus to the exporter (anyone). */
import { advanceStep } from "./operation.ts";
import { advanceId } from "./advanceContract.ts";

export default advanceStep({
  options: () => ({ id: advanceId }),
  async call(advance, args) {
    return {
      data: advance.interface.encodeFunctionData("collectVoucher", [args.id]),
      action: `collect the voucher share of advance ${args.id}`,
    };
  },
});

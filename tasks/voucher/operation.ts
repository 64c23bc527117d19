/** A voucher step that is one call as one member (tasks/support/contractStep.ts). */
import { contractStep } from "../support/contractStep.ts";
import { deployedPayableVoucher, PAYABLE_VOUCHER } from "./voucherContract.ts";

export const voucherStep = contractStep(PAYABLE_VOUCHER, deployedPayableVoucher);

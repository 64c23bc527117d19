/**
 * Ignition module "DemoAdvanceAssignment": governance names the pre-shipment advance contract the
 * assignee of proceeds the payment commitments pay (UCP 600 art. 39 by analogy: the advance on an
 * order is repaid first out of the commitment on it), and the commitments contract the payer whose
 * proceeds repay advances on orders. (The letter of credit names it in `DemoCreditFinance`.)
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEMO_ADMINISTRATOR_INDEXES } from "../../lib/chain/demoConsortium.ts";
import { AdvanceSourceKind } from "../../lib/trade/preShipmentAdvance.ts";
import type { GovernedConsortiumProvider } from "../modules/LetterOfCredit.ts";
import type { PaymentCommitmentProvider } from "../modules/PaymentCommitment.ts";
import type { PreShipmentAdvanceProvider } from "../modules/PreShipmentAdvance.ts";
import { keyedEncoder, keyedGovernance } from "./proposeAndApprove.ts";

export function demoAdvanceAssignmentModule(
  consortium: GovernedConsortiumProvider,
  advances: PreShipmentAdvanceProvider,
  commitments: PaymentCommitmentProvider,
) {
  return buildModule("DemoAdvanceAssignment", (m) => {
    const { registry } = m.useModule(consortium);
    const { preShipmentAdvance } = m.useModule(advances);
    const { paymentCommitment } = m.useModule(commitments);
    const proposer = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[0]);
    const approver = m.getAccount(DEMO_ADMINISTRATOR_INDEXES[1]);
    const govern = keyedGovernance(m, registry, proposer, approver);
    const encode = keyedEncoder(m);
    govern(
      "advance_order_payer",
      preShipmentAdvance,
      encode("advance_order_payer", preShipmentAdvance, "setProceedsPayer", [
        AdvanceSourceKind.PurchaseOrder,
        paymentCommitment,
      ]),
      "The payment commitments' proceeds repay advances on orders",
    );
    govern(
      "commitment_assignee",
      paymentCommitment,
      encode("commitment_assignee", paymentCommitment, "setProceedsAssignee", [preShipmentAdvance]),
      "The pre-shipment advances are the assignee the payment commitments pay first",
    );
    return { preShipmentAdvance };
  });
}

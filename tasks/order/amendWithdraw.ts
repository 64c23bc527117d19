/** `order amend withdraw`: the proposer withdraws its pending amendment of the order. */
import { orderStep } from "./step.ts";

export default orderStep(
  "withdrawAmendment",
  (id) => `withdraw the pending amendment of order ${id}`,
);

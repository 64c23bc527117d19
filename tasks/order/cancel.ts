/**
 * `order cancel`: a party agrees to cancel the order; the order is cancelled when the other party
 * has agreed too (the second `order cancel`).
 */
import { orderStep } from "./step.ts";

export default orderStep("cancel", (id) => `agree to cancel purchase order ${id}`);

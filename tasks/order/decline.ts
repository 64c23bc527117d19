/** `order decline`: the exporter declines an issued purchase order; a pending amendment lapses. */
import { orderStep } from "./step.ts";

export default orderStep("decline", (id) => `decline purchase order ${id}`);

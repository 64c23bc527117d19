/** `order accept`: the exporter accepts an issued purchase order, before its latest shipment date. */
import { orderStep } from "./step.ts";

export default orderStep("accept", (id) => `accept purchase order ${id}`);

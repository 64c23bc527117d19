/** `advance bind-shipment`: the exporter names the shipment (carrier + B/L or booking number) before its first tranche. */
import { z } from "zod";

import { advanceStep } from "./operation.ts";
import { advanceId } from "./advanceContract.ts";

export default advanceStep({
  options: (m) => ({
    id: advanceId,
    carrier: m.party,
    bl: z.string({ required_error: "is required" }).trim().min(1, "is required"),
  }),
  async call(advance, args, ctx) {
    return {
      data: advance.interface.encodeFunctionData("bindShipment", [args.id, args.carrier, args.bl]),
      action: `bind advance ${args.id} to shipment ${args.bl} with ${ctx.party(args.carrier)}`,
    };
  },
});

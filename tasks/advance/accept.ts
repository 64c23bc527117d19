/** `advance accept`: the exporter accepts an offer, binding the shipment (carrier + B/L or booking number) now or later. */
import { z } from "zod";

import { advanceStep } from "./operation.ts";
import { advanceId } from "./advanceContract.ts";

export default advanceStep({
  options: (m) => ({ id: advanceId, carrier: m.optionalParty, bl: z.string().trim().default("") }),
  async call(advance, args, ctx) {
    const carrier = args.carrier ?? "0x0000000000000000000000000000000000000000";
    return {
      data: advance.interface.encodeFunctionData("accept", [args.id, carrier, args.bl]),
      action: `accept advance ${args.id}${args.carrier === null ? "" : `, shipment ${args.bl} with ${ctx.party(carrier)}`}`,
    };
  },
});

/**
 * `credit settle`: pay the honoured drawing of a credit once its conditions hold (anyone may;
 * the upkeep normally does it). Refused, with what it waits for, until then.
 */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("settle", [lcId]),
    action: `settle the honoured drawing under credit ${lcId}`,
  }),
});

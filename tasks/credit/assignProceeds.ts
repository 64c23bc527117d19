/**
 * `credit assign-proceeds`: the beneficiary assigns the credit's proceeds to the assignee
 * consortium governance named (UCP 600 art. 39), irrevocably: every later settlement pays the
 * assignee first what it is owed (a pre-shipment advance), the beneficiary the rest.
 */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("assignProceeds", [lcId]),
    action: `assign the proceeds of credit ${lcId} to the consortium's proceeds assignee`,
  }),
});

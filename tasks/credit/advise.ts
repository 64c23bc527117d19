/** `credit advise`: the advising bank advises the credit to the beneficiary (UCP 600 art. 9). */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("advise", [lcId]),
    action: `advise credit ${lcId} to its beneficiary`,
  }),
});

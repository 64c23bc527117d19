/** `credit release`: return the undrawn balance of an expired credit to the issuing bank. */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("release", [lcId]),
    action: `release the undrawn balance of credit ${lcId} to the issuing bank`,
  }),
});

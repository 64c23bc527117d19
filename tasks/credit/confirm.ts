/** `credit confirm`: the confirming bank adds its undertaking to the credit (UCP 600 art. 8). */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("confirm", [lcId]),
    action: `confirm credit ${lcId}`,
  }),
});

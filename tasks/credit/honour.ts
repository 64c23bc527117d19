/** `credit honour`: the examining bank honours a complying presentation (UCP 600 art. 15). */
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({}),
  call: (lc, lcId) => ({
    data: lc.interface.encodeFunctionData("honour", [lcId]),
    action: `honour the presentation under credit ${lcId}`,
  }),
});

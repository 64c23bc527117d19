/** `credit reject-amendment`: the beneficiary rejects a proposed amendment (UCP 600 art. 10c). */
import { wholeNumber } from "../support/inputs.ts";
import { creditStep } from "./operation.ts";

export default creditStep({
  options: () => ({ amendment: wholeNumber() }),
  call: (lc, lcId, args) => ({
    data: lc.interface.encodeFunctionData("rejectAmendment", [lcId, args.amendment]),
    action: `reject amendment ${args.amendment} of credit ${lcId}`,
  }),
});

/**
 * `bill export`: the holder asks to export a bill to a party on another eBL platform (DCSA PINT
 * 3.0). On chain the request locks the bill and records the platform and the recipient's key;
 * with `--gateway` (and `--send`) the task then hands the recipient's identity to the
 * consortium's gateway (`POST /v1/pint/exports`), which builds, signs and sends the envelope,
 * and completes or abandons the export on the receiver's signed answer.
 */
import { z } from "zod";

import { CaravelError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";
import { type IdentifyingCode, partyKey, platformBytes4 } from "../../lib/trade/pint.ts";
import { operatorAction } from "../support/action.ts";
import { perform, renderOutcome } from "../support/transactions.ts";
import { billOptions } from "./billInput.ts";
import { BILL_OF_LADING, deployedBillOfLading, findBill } from "./billRegistry.ts";
import type { BillOperationResult } from "./operation.ts";

const platformCode = z
  .string()
  .regex(/^[\x21-\x7e]{1,4}$/, "a DCSA eBL platform code: 1 to 4 characters, e.g. BOLE");
const codeText = (max: number) =>
  z.string().min(1, "required").max(max, `at most ${max} characters`);

export default operatorAction({
  options: (m) =>
    z.object({
      as: m.member,
      ...billOptions(m),
      platform: platformCode,
      recipientName: codeText(70),
      recipientProvider: codeText(100),
      recipientCode: codeText(150),
      recipientList: z.string().max(100),
      gateway: z.union([z.literal(""), z.string().url("a URL, e.g. http://127.0.0.1:8790")]),
    }),
  async run(args, ctx): Promise<BillOperationResult> {
    const code: IdentifyingCode = {
      codeListProvider: args.recipientProvider,
      partyCode: args.recipientCode,
      ...(args.recipientList === "" ? {} : { codeListName: args.recipientList }),
    };
    const bills = await deployedBillOfLading(ctx);
    const bill = await findBill(ctx, bills, args.bill, args.carrier);
    const outcome = await perform(ctx, {
      as: args.as,
      contract: BILL_OF_LADING,
      to: await bills.getAddress(),
      data: bills.interface.encodeFunctionData("requestExport", [
        bill.billId,
        platformBytes4(args.platform),
        partyKey(code),
      ]),
      action: `ask to export bill ${bill.blNumber} to ${args.recipientName} (${code.codeListProvider} ${code.partyCode}) on eBL platform ${args.platform}`,
    });
    if (outcome.sent && args.gateway !== "") {
      const recipient = {
        partyName: args.recipientName,
        eblPlatform: args.platform,
        identifyingCodes: [code],
      };
      let response: Response;
      try {
        response = await fetch(new URL("/v1/pint/exports", args.gateway), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ billId: bill.billId.toString(), recipient }),
        });
      } catch (error) {
        throw new CaravelError(
          `the gateway at ${args.gateway} cannot be reached; the bill waits for export`,
          {
            code: TASK_ERRORS.PEER_UNAVAILABLE,
            cause: error,
          },
        );
      }
      if (response.status !== 202) {
        throw new CaravelError(`the gateway did not take the export (HTTP ${response.status})`, {
          code: TASK_ERRORS.PEER_UNAVAILABLE,
          details: await response.text(),
        });
      }
    }
    return { bill, outcome };
  },
  render: (result, ctx) => renderOutcome(ctx, result.outcome),
});

/**
 * The bill of lading as the bill tasks see it: the deployed contract, and a bill found by
 * its B/L number as printed (and its carrier, when more than one carrier used the number).
 */
import { billIdOf } from "../../lib/trade/billOfLading.ts";
import { BillOfLading__factory } from "../../types/ethers-contracts/index.js";
import type { BillOfLading } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";
import { CaravelError, InvalidInputError, TASK_ERRORS } from "../../lib/errors/caravelError.ts";

export const BILL_OF_LADING = "BillOfLading";

export async function deployedBillOfLading(ctx: TaskContext): Promise<BillOfLading> {
  return BillOfLading__factory.connect(await ctx.deployed(BILL_OF_LADING), ctx.ethers.provider);
}

export interface BillRef {
  billId: bigint;
  blNumber: string;
  carrier: string;
}

/**
 * The bill numbered `blNumber` by `carrier`, or, with no carrier given, by whichever carrier
 * issued a bill with that number on this chain.
 */
export async function findBill(
  ctx: TaskContext,
  bills: BillOfLading,
  blNumber: string,
  carrier: string | null,
): Promise<BillRef> {
  if (carrier !== null) {
    const billId = billIdOf(carrier, blNumber);
    if ((await bills.billStatus(billId)) === 0n) {
      throw new CaravelError(
        `No bill of lading numbered "${blNumber}" was issued by ${ctx.party(carrier)}.`,
        { code: TASK_ERRORS.NOT_FOUND },
      );
    }
    return { billId, blNumber, carrier };
  }
  const issued = await bills.queryFilter(bills.filters.BillIssued(), 0);
  const carriers = [
    ...new Set(issued.filter((e) => e.args.blNumber === blNumber).map((e) => e.args.carrier)),
  ];
  if (carriers.length === 0) {
    throw new CaravelError(`No bill of lading numbered "${blNumber}" on this chain.`, {
      code: TASK_ERRORS.NOT_FOUND,
      metaMessages: ["Check the B/L number exactly as printed (case and punctuation count)."],
    });
  }
  if (carriers.length > 1) {
    throw new InvalidInputError(
      "--carrier",
      `bills numbered "${blNumber}" were issued by ${carriers.map((c) => ctx.party(c)).join(" and ")}: name the carrier`,
    );
  }
  return { billId: billIdOf(carriers[0]!, blNumber), blNumber, carrier: carriers[0]! };
}

/**
 * The customs oracle as the oracle tasks see it: the deployed contract, the event types of
 * contracts/types/CustomsTypes.sol by name (lib/trade/enums.ts), and shipments named by their B/L numbers where
 * the bill of lading knows them (a shipment reference is keccak256 of the B/L number).
 */
import { shipmentRefOf } from "../../lib/trade/billOfLading.ts";
import { CustomsEventType } from "../../lib/trade/enums.ts";
import { CustomsOracle__factory } from "../../types/ethers-contracts/index.js";
import type { CustomsOracle } from "../../types/ethers-contracts/index.js";
import type { TaskContext } from "../support/context.ts";
import type { History } from "../support/history.ts";
import { BILL_OF_LADING, deployedBillOfLading } from "../bill/billRegistry.ts";

export const CUSTOMS_ORACLE = "CustomsOracle";

/** A `CustomsEventType` by name; "None" is the enum's zero (no status yet). */
export type CustomsEventTypeName = keyof typeof CustomsEventType;

/** The name of an on-chain `CustomsEventType` value. */
export function customsEventTypeName(value: bigint): CustomsEventTypeName {
  const name = (Object.keys(CustomsEventType) as CustomsEventTypeName[]).find(
    (key) => BigInt(CustomsEventType[key]) === value,
  );
  if (name === undefined) throw new Error(`unknown customs event type ${value}`);
  return name;
}

export async function deployedCustomsOracle(ctx: TaskContext): Promise<CustomsOracle> {
  return CustomsOracle__factory.connect(await ctx.deployed(CUSTOMS_ORACLE), ctx.ethers.provider);
}

/**
 * B/L numbers by shipment reference, for the bills the deployment's bill of lading issued
 * (empty when the deployment has no bill of lading).
 */
export async function blNumbersByShipmentRef(
  ctx: TaskContext,
  history: History,
): Promise<Map<string, string>> {
  const known = new Map<string, string>();
  if (!Object.keys(ctx.book().futures).some((f) => f.endsWith(`#${BILL_OF_LADING}`))) {
    return known;
  }
  const bills = await deployedBillOfLading(ctx);
  const issued = await history.logs({
    address: await bills.getAddress(),
    iface: bills.interface,
    names: ["BillIssued"],
  });
  for (const log of issued) {
    const blNumber = String(log.parsed.args.getValue("blNumber"));
    known.set(shipmentRefOf(String(log.parsed.args.getValue("carrier")), blNumber), blNumber);
  }
  return known;
}

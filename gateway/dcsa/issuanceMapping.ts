/**
 * From a DCSA eBL 3.0 issuance request (already valid against `IssuanceRequest`) to the chain's
 * `BillIssue`: what the chain keeps of a bill is its routing data and the document's hash; the
 * document itself stays in the gateway's store.
 *
 * How parties become members: a party on this platform is named by an identifying code whose
 * `codeListProvider` is the platform's code (`platform.code`) and whose `partyCode` is the member's
 * address — `issueTo` (the first holder: the chain's shipper), a straight bill's consignee, the
 * first notify party. The vessel's IMO number, which a DCSA document does not carry, comes from
 * the carrier's fleet list (`carriers[].vessels`). A request this mapping cannot use is answered
 * BREQ (the carrier must correct it) or REFU (this platform cannot deliver it), naming the path.
 */
import { getAddress, isAddress, zeroAddress, type Address, type Hex } from "viem";

import {
  isReference,
  isUnLocode,
  MAX_BL_NUMBER_LENGTH,
  MAX_VOYAGE_NUMBER_LENGTH,
} from "../../lib/trade/billOfLading.ts";
import type { CarrierConfig } from "../config/schema.ts";

/** `IBillOfLading.BillIssue` as viem takes it. */
export interface BillIssueArgs {
  blNumber: string;
  shipper: Address;
  consignee: Address;
  notifyParty: Address;
  vesselImo: number;
  voyageNumber: string;
  portOfLoading: Hex;
  portOfDischarge: Hex;
  shippedOnBoardAt: number;
  documentHash: Hex;
}

/** One reason an issuance request cannot be issued. */
export interface IssuanceProblem {
  /** ISSU's opposites: BREQ (the request is wrong), REFU (this platform cannot issue it). */
  code: "BREQ" | "REFU";
  /** JSONPath of the value at fault. */
  path: string;
  reason: string;
}

export type IssuanceMapping =
  { ok: true; bill: BillIssueArgs } | { ok: false; problems: IssuanceProblem[] };

interface IdentifyingCode {
  codeListProvider?: string;
  partyCode?: string;
}

interface PartyLike {
  identifyingCodes?: IdentifyingCode[];
}

type Json = Record<string, unknown>;

/** The member address a party names on platform `code`, if it names one. */
export function memberAddressOf(party: PartyLike | undefined, code: string): Address | undefined {
  const entry = party?.identifyingCodes?.find((c) => c.codeListProvider === code);
  if (entry?.partyCode === undefined || !isAddress(entry.partyCode, { strict: false })) {
    return undefined;
  }
  return getAddress(entry.partyCode);
}

/** A UN/LOCODE as the chain's bytes5. */
function locodeBytes(code: string): Hex {
  return `0x${Buffer.from(code, "ascii").toString("hex")}`;
}

/** Unix seconds of the start (UTC) of an ISO date `YYYY-MM-DD`. */
function dateSeconds(date: string): number | undefined {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Maps `request` for `carrier` on platform `platformCode`; `documentHash` is the stored
 * document's hash and `nowSeconds` the chain's time (a shipment date after it is refused).
 */
export function mapIssuance(
  request: Json,
  carrier: CarrierConfig,
  platformCode: string,
  documentHash: Hex,
  nowSeconds: number,
): IssuanceMapping {
  const problems: IssuanceProblem[] = [];
  const breq = (path: string, reason: string): void => {
    problems.push({ code: "BREQ", path, reason });
  };
  const document = request.document as Json;
  const issueTo = request.issueTo as Json & PartyLike;

  const blNumber = document.transportDocumentReference as string;
  if (!isReference(blNumber, MAX_BL_NUMBER_LENGTH)) {
    breq(
      "$.document.transportDocumentReference",
      `must be 1..${MAX_BL_NUMBER_LENGTH} printable ASCII characters without spaces`,
    );
  }
  if (issueTo.sendToPlatform !== platformCode) {
    problems.push({
      code: "REFU",
      path: "$.issueTo.sendToPlatform",
      reason: `this platform is ${platformCode}; it cannot issue to ${String(issueTo.sendToPlatform)}`,
    });
  }
  const shipper = memberAddressOf(issueTo, platformCode);
  if (shipper === undefined) {
    breq(
      "$.issueTo.identifyingCodes",
      `must name the member's address with codeListProvider ${platformCode}`,
    );
  }

  const parties = (document.documentParties ?? {}) as Json;
  let consignee: Address = zeroAddress;
  if (document.isToOrder !== true) {
    const named = memberAddressOf(parties.consignee as PartyLike | undefined, platformCode);
    if (named === undefined) {
      breq(
        "$.document.documentParties.consignee.identifyingCodes",
        `a straight bill's consignee must name a member's address with codeListProvider ${platformCode}`,
      );
    } else {
      consignee = named;
    }
  }
  const notifyParties = (parties.notifyParties ?? []) as PartyLike[];
  const notifyParty = memberAddressOf(notifyParties[0], platformCode) ?? zeroAddress;

  const transports = (document.transports ?? {}) as Json;
  const voyage = ((transports.vesselVoyages ?? []) as Json[])[0];
  const vesselName = voyage?.vesselName as string | undefined;
  const vesselImo = vesselName === undefined ? undefined : carrier.vessels[vesselName];
  if (vesselImo === undefined) {
    breq(
      "$.document.transports.vesselVoyages[0].vesselName",
      `vessel ${JSON.stringify(vesselName ?? null)} is not in carrier ${carrier.id}'s fleet list (no IMO number)`,
    );
  }
  const voyageNumber = (voyage?.carrierExportVoyageNumber as string | undefined) ?? "";
  if (!isReference(voyageNumber, MAX_VOYAGE_NUMBER_LENGTH)) {
    breq(
      "$.document.transports.vesselVoyages[0].carrierExportVoyageNumber",
      `must be 1..${MAX_VOYAGE_NUMBER_LENGTH} printable ASCII characters without spaces`,
    );
  }
  const loading = (transports.portOfLoading as Json | undefined)?.UNLocationCode as
    string | undefined;
  const discharge = (transports.portOfDischarge as Json | undefined)?.UNLocationCode as
    string | undefined;
  if (loading === undefined || !isUnLocode(loading)) {
    breq("$.document.transports.portOfLoading.UNLocationCode", "must be given as a UN/LOCODE");
  }
  if (discharge === undefined || !isUnLocode(discharge)) {
    breq("$.document.transports.portOfDischarge.UNLocationCode", "must be given as a UN/LOCODE");
  } else if (discharge === loading) {
    breq(
      "$.document.transports.portOfDischarge.UNLocationCode",
      "must differ from the port of loading",
    );
  }
  const dateField =
    document.shippedOnBoardDate !== undefined ? "shippedOnBoardDate" : "receivedForShipmentDate";
  const date = document[dateField] as string | undefined;
  const shippedOnBoardAt = date === undefined ? undefined : dateSeconds(date);
  if (shippedOnBoardAt === undefined) {
    breq(
      "$.document.shippedOnBoardDate",
      "a shipped-on-board or received-for-shipment date is required",
    );
  } else if (shippedOnBoardAt > nowSeconds) {
    breq(`$.document.${dateField}`, `${date} is in the future`);
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    bill: {
      blNumber,
      shipper: shipper!,
      consignee,
      notifyParty,
      vesselImo: vesselImo!,
      voyageNumber,
      portOfLoading: locodeBytes(loading!),
      portOfDischarge: locodeBytes(discharge!),
      shippedOnBoardAt: shippedOnBoardAt!,
      documentHash,
    },
  };
}

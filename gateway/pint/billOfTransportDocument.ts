/**
 * A DCSA transport document's routing facts as the `BillIssue` the contract keeps. Throws an
 * error naming the document field that is missing or unusable.
 */
import { type Address, stringToHex, zeroAddress } from "viem";

import { transportDocumentHash } from "../../lib/trade/pint.ts";
import { isImoNumber, isUnLocode } from "../../lib/trade/billOfLading.ts";
import type { BillIssueArgs } from "./pintChain.ts";
import { partyAddress, type PartyDirectory } from "./parties.ts";

interface DocumentParty {
  partyName?: string;
  identifyingCodes?: { codeListProvider: string; partyCode: string; codeListName?: string }[];
}

interface TransportDocumentFacts {
  transportDocumentReference?: string;
  carrierCode?: string;
  carrierCodeListProvider?: string;
  isToOrder?: boolean;
  shippedOnBoardDate?: string;
  receivedForShipmentDate?: string;
  transports?: {
    portOfLoading?: { UNLocationCode?: string };
    portOfDischarge?: { UNLocationCode?: string };
    vesselVoyages?: { vesselIMONumber?: string; carrierExportVoyageNumber?: string }[];
  };
  documentParties?: { shipper?: DocumentParty; consignee?: DocumentParty };
}

export class TransportDocumentError extends Error {
  override readonly name = "TransportDocumentError";
  readonly field: string;
  constructor(field: string, reason: string) {
    super(`transportDocument.${field}: ${reason}`);
    this.field = field;
  }
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined || value === null || value === "")
    throw new TransportDocumentError(field, "missing");
  return value;
}

function unLocodeBytes(code: string | undefined, field: string) {
  const text = required(code, field);
  if (!isUnLocode(text)) throw new TransportDocumentError(field, `"${text}" is not a UN/LOCODE`);
  return stringToHex(text, { size: 5 });
}

/**
 * The carrier's address and the `BillIssue` of `transportDocument`, arriving for `holder`. A
 * straight bill passes only to its consignee, so the member it arrives for is its consignee here
 * (the document may name that party by codes of another list than this platform's).
 */
export function billOfTransportDocument(
  transportDocument: Record<string, unknown>,
  directory: PartyDirectory,
  holder: Address,
): { carrier: Address; bill: BillIssueArgs } {
  const td = transportDocument as TransportDocumentFacts;
  const carrier = directory.carrierAddress(
    required(td.carrierCode, "carrierCode"),
    required(td.carrierCodeListProvider, "carrierCodeListProvider"),
  );
  const voyage = td.transports?.vesselVoyages?.[0];
  const imoText = voyage?.vesselIMONumber;
  const vesselImo = imoText === undefined ? 0 : Number(imoText);
  if (imoText !== undefined && !isImoNumber(vesselImo)) {
    throw new TransportDocumentError(
      "transports.vesselVoyages[0].vesselIMONumber",
      `"${imoText}" is not an IMO number`,
    );
  }
  const date = td.shippedOnBoardDate ?? td.receivedForShipmentDate;
  const shippedOnBoardAt = Math.floor(
    Date.parse(`${required(date, "shippedOnBoardDate")}T00:00:00Z`) / 1000,
  );
  if (!Number.isFinite(shippedOnBoardAt))
    throw new TransportDocumentError("shippedOnBoardDate", `"${date}" is not a date`);
  const shipper = partyAddress(
    directory,
    required(td.documentParties?.shipper, "documentParties.shipper"),
  );
  if (td.isToOrder !== true) required(td.documentParties?.consignee, "documentParties.consignee");
  const consignee = td.isToOrder === true ? zeroAddress : holder;
  return {
    carrier,
    bill: {
      blNumber: required(td.transportDocumentReference, "transportDocumentReference"),
      shipper,
      consignee,
      notifyParty: zeroAddress,
      vesselImo,
      voyageNumber: required(
        voyage?.carrierExportVoyageNumber,
        "transports.vesselVoyages[0].carrierExportVoyageNumber",
      ),
      portOfLoading: unLocodeBytes(
        td.transports?.portOfLoading?.UNLocationCode,
        "transports.portOfLoading.UNLocationCode",
      ),
      portOfDischarge: unLocodeBytes(
        td.transports?.portOfDischarge?.UNLocationCode,
        "transports.portOfDischarge.UNLocationCode",
      ),
      shippedOnBoardAt,
      documentHash: transportDocumentHash(transportDocument),
    },
  };
}

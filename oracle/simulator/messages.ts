/**
 * Builders for the three wire formats, shaped like the published samples: WCO DMS 3.6 RES
 * notifications (namespaced, as the XSDs require), DCSA TNT 3.0 events, and Caravel's canonical
 * declaration links.
 */

export interface WcoResponseSpec {
  functionCode: string;
  functionalReferenceId: string;
  /** Unix seconds. */
  issuedAt: number;
  declarationId: string;
  declarationRef: string;
}

/** yyyyMMddHHmmssZ (WCO formatCode 304). */
export function wcoDateTime(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19).replace(/[-:T]/g, "")}Z`;
}

export function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** A WCO DMS RES notification with one or more responses. */
export function wcoNotification(responses: readonly WcoResponseSpec[]): string {
  const body = responses
    .map(
      (r) => `	<resp:Response xmlns:resp="urn:wco:datamodel:WCO:RES-DMS:2">
		<resp:FunctionCode>${r.functionCode}</resp:FunctionCode>
		<resp:FunctionalReferenceID>${r.functionalReferenceId}</resp:FunctionalReferenceID>
		<resp:IssueDateTime>
			<_2_2:DateTimeString formatCode="304" xmlns:_2_2="urn:wco:datamodel:WCO:Response_DS:DMS:2">${wcoDateTime(r.issuedAt)}</_2_2:DateTimeString>
		</resp:IssueDateTime>
		<resp:Declaration>
			<resp:FunctionalReferenceID>${r.declarationRef}</resp:FunctionalReferenceID>
			<resp:ID>${r.declarationId}</resp:ID>
			<resp:VersionID>1</resp:VersionID>
		</resp:Declaration>
	</resp:Response>
`,
    )
    .join("");
  return `<md:MetaData xmlns:md="urn:wco:datamodel:WCO:DocumentMetaData-DMS:2">
	<md:WCODataModelVersionCode>3.6</md:WCODataModelVersionCode>
	<md:WCOTypeName>RES</md:WCOTypeName>
	<md:ResponsibleCountryCode/>
	<md:ResponsibleAgencyName/>
	<md:AgencyAssignedCustomizationCode/>
	<md:AgencyAssignedCustomizationVersionCode/>
${body}</md:MetaData>
`;
}

export interface DcsaEventSpec {
  eventId: string;
  eventTypeCode: "TRANSPORT" | "EQUIPMENT" | "SHIPMENT";
  classifier: "ACT" | "EST" | "PLN";
  /** ARRI/DEPA for TRANSPORT, LOAD/DISC/GTIN/... for EQUIPMENT, CONF/... for SHIPMENT. */
  code: string;
  /** Unix seconds. */
  occurredAt: number;
  location: string;
  transportDocumentRef: string;
  /** The code of the carrier that issued the B/L (the event's originating party). */
  carrierCode: string;
  bookingRef: string;
  equipmentRef: string;
  vessel: { imo: string; name: string; voyage: string };
}

const SUBTYPE_FIELD = {
  TRANSPORT: "transportEventTypeCode",
  EQUIPMENT: "equipmentEventTypeCode",
  SHIPMENT: "shipmentEventTypeCode",
} as const;

/** One DCSA TNT 3 event object. */
export function dcsaEvent(e: DcsaEventSpec): Record<string, unknown> {
  const event: Record<string, unknown> = {
    eventRouting: {
      originatingParty: {
        partyCode: e.carrierCode,
        codeListProvider: "SMDG",
        codeListName: "LCL",
        partyFunction: "CA",
      },
    },
    eventID: e.eventId,
    eventDateTime: rfc3339(e.occurredAt),
    eventUpdatedDateTime: rfc3339(e.occurredAt + 60),
    eventLocation: { UNLocationCode: e.location, facilityTypeCode: "POTE" },
    eventClassification: {
      eventTypeCode: e.eventTypeCode,
      eventClassifierCode: e.classifier,
      [SUBTYPE_FIELD[e.eventTypeCode]]: e.code,
    },
    shipmentDetails: {
      documentReference: { typeCode: "BKG", reference: e.bookingRef },
      additionalDocumentReferences: [{ typeCode: "TRD", reference: e.transportDocumentRef }],
    },
  };
  if (e.eventTypeCode === "TRANSPORT") {
    event.transportDetails = {
      transportCall: {
        modeOfTransport: "VESSEL",
        exportVoyageNumberOrReference: { carrierVoyageNumber: e.vessel.voyage },
        vesselTransport: { vesselIMONumber: e.vessel.imo, vesselName: e.vessel.name },
      },
    };
  }
  if (e.eventTypeCode === "EQUIPMENT") {
    event.equipmentDetails = {
      equipmentReference: e.equipmentRef,
      ISOEquipmentCode: "22GP",
      emptyIndicatorCode: "LADEN",
    };
  }
  return event;
}

/** A canonical declaration ↔ B/L link. */
export function declarationLink(link: {
  messageId: string;
  declarationId: string;
  carrier: string;
  shipmentRef: string;
  procedure: "export" | "import";
  location: string;
  linkedAt: number;
}): string {
  return JSON.stringify({
    kind: "declaration-link",
    messageId: link.messageId,
    declarationId: link.declarationId,
    carrier: link.carrier,
    shipmentRef: link.shipmentRef,
    procedure: link.procedure,
    location: link.location,
    linkedAt: rfc3339(link.linkedAt),
  });
}

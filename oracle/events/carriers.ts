/**
 * Which consortium member each carrier code names. The chain binds a shipment to the carrier that
 * issued its bill by the carrier's member address (`CustomsShipmentRef`: keccak256 of the address
 * and the B/L number), which no other member can claim. Customs and transport messages name a
 * carrier by code instead: DCSA Track & Trace 3 events by their originating party
 * (`eventRouting.originatingParty.partyCode`, an SMDG liner code or a SCAC, function CA), and
 * Caravel's canonical messages and declaration links by the same code. Each node maps codes to
 * addresses from its configuration (`carriers`), as it keeps its committee's URLs: every node must
 * map alike, or it derives other shipment references and signs none of the others' events.
 */
import type { Address } from "viem";
import { IngestRejection } from "../ingest/rejection.ts";

/** A carrier code: an SMDG liner code or a SCAC, 2-10 upper-case letters or digits. */
export const CARRIER_CODE_PATTERN = /^[A-Z0-9]{2,10}$/;
/** A carrier's member address as records keep it: 0x and 40 lower-case hex digits. */
export const CARRIER_ADDRESS_PATTERN = /^0x[0-9a-f]{40}$/;

/** Carrier code → the carrier's member address (lower case). */
export type CarrierDirectory = ReadonlyMap<string, Address>;

/**
 * A directory from configuration entries; throws naming the entry when a code or an address is
 * malformed or when two codes name one address (one member, one code, so that a shipment has one
 * reference whichever source reports it).
 */
export function carrierDirectory(entries: Readonly<Record<string, string>>): CarrierDirectory {
  const directory = new Map<string, Address>();
  const codeOf = new Map<string, string>();
  for (const [code, address] of Object.entries(entries)) {
    if (!CARRIER_CODE_PATTERN.test(code)) {
      throw new Error(
        `ingest.carriers.${code}: a carrier code is 2-10 upper-case letters or digits`,
      );
    }
    const lower = address.toLowerCase();
    if (!CARRIER_ADDRESS_PATTERN.test(lower)) {
      throw new Error(
        `ingest.carriers.${code}: "${address}" is not an address (0x + 40 hex digits)`,
      );
    }
    const other = codeOf.get(lower);
    if (other !== undefined) {
      throw new Error(`ingest.carriers.${code}: ${address} is carrier ${other} already`);
    }
    codeOf.set(lower, code);
    directory.set(code, lower as Address);
  }
  return directory;
}

/** The member address of carrier `code`, or a refusal naming `field`. */
export function resolveCarrier(directory: CarrierDirectory, field: string, code: string): Address {
  const address = directory.get(code);
  if (address === undefined) {
    throw new IngestRejection(
      "unknown_carrier",
      field,
      `carrier "${code.slice(0, 20)}" is not a consortium carrier this node knows (configuration: ingest.carriers)`,
    );
  }
  return address;
}

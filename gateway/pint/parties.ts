/**
 * Who is who across platforms: the consortium members this platform knows by their DCSA
 * identifying codes (from the gateway's configuration), and how a transport document's parties
 * and carrier become the addresses the contract stores.
 */
import type { Address } from "viem";

import {
  foreignCarrierAddress,
  foreignPartyAddress,
  type IdentifyingCode,
} from "../../lib/trade/pint.ts";
import type { PintParty } from "./envelope.ts";

/** A consortium member as the gateway's configuration lists it. */
export interface KnownMember {
  address: Address;
  partyName: string;
  identifyingCodes: IdentifyingCode[];
  /** Carrier codes (e.g. SMDG "MSC") under which this member issues, if it is a carrier. */
  carrierCodes?: { carrierCode: string; carrierCodeListProvider: string }[];
}

export interface PartyDirectory {
  /** The member any of `codes` identifies (codes that name two members identify nobody). */
  memberOf(codes: readonly IdentifyingCode[]): Address | undefined;
  /** This platform's party for `address`, for transactions it signs. */
  partyOf(address: Address): PintParty;
  /** The address of the carrier `carrierCode` names: a member, or a derived foreign address. */
  carrierAddress(carrierCode: string, carrierCodeListProvider: string): Address;
}

const sameCode = (a: IdentifyingCode, b: IdentifyingCode): boolean =>
  a.codeListProvider === b.codeListProvider &&
  a.partyCode === b.partyCode &&
  (a.codeListName ?? "") === (b.codeListName ?? "");

/** A directory over the configured members of platform `platform`. */
export function createPartyDirectory(
  platform: string,
  members: readonly KnownMember[],
): PartyDirectory {
  const byAddress = new Map(members.map((m) => [m.address.toLowerCase(), m]));
  return {
    memberOf(codes) {
      const found = new Set(
        members
          .filter((m) => m.identifyingCodes.some((own) => codes.some((c) => sameCode(own, c))))
          .map((m) => m.address),
      );
      return found.size === 1 ? [...found][0] : undefined;
    },
    partyOf(address) {
      const member = byAddress.get(address.toLowerCase());
      if (member === undefined) {
        return {
          partyName: address,
          eblPlatform: platform,
          identifyingCodes: [{ codeListProvider: "ZZZ", codeListName: "EVM", partyCode: address }],
        };
      }
      return {
        partyName: member.partyName,
        eblPlatform: platform,
        identifyingCodes: member.identifyingCodes,
      };
    },
    carrierAddress(carrierCode, carrierCodeListProvider) {
      const member = members.find((m) =>
        (m.carrierCodes ?? []).some(
          (c) =>
            c.carrierCode === carrierCode && c.carrierCodeListProvider === carrierCodeListProvider,
        ),
      );
      return member?.address ?? foreignCarrierAddress(carrierCode, carrierCodeListProvider);
    },
  };
}

/** A document party (shipper, consignee) as an address: the member it names, else a derived one. */
export function partyAddress(
  directory: PartyDirectory,
  party: { partyName?: string; identifyingCodes?: IdentifyingCode[] },
): Address {
  const codes = party.identifyingCodes ?? [];
  const member = directory.memberOf(codes);
  if (member !== undefined) return member;
  const code = codes[0] ?? {
    codeListProvider: "ZZZ",
    codeListName: "partyName",
    partyCode: party.partyName ?? "",
  };
  return foreignPartyAddress(code);
}

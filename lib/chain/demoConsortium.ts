/**
 * The deterministic demo consortium of the local network: who is who, by account index of
 * the default Hardhat mnemonic. Used by the Ignition deployment, the demo, the tasks and
 * the tests, so "the issuing bank" means the same account everywhere.
 *
 * The trade it is built for: precision instruments exported from the United Kingdom
 * (Felixstowe) to an importer in China (Shanghai), paid under a letter of credit issued in
 * Shanghai and advised in London.
 */
import type { MemberRoleName } from "./roles.ts";

export interface DemoMember {
  /** Stable key used by tasks (`--as issuingBank`) and scripts. */
  key: string;
  /** Index of the account in the default Hardhat mnemonic. */
  accountIndex: number;
  name: string;
  /** LEI (20 characters) or national registry number. */
  registrationId: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  roles: MemberRoleName[];
}

/** Consortium administrators: accounts 0, 1 and 2; any two approve governance proposals. */
export const DEMO_ADMINISTRATOR_INDEXES = [0, 1, 2] as const;
export const DEMO_APPROVAL_THRESHOLD = 2;

export const DEMO_MEMBERS: readonly DemoMember[] = [
  {
    key: "issuingBank",
    accountIndex: 3,
    name: "Pudong Commercial Bank",
    registrationId: "300300C1PUDONGBK0012",
    country: "CN",
    roles: ["BANK"],
  },
  {
    key: "advisingBank",
    accountIndex: 4,
    name: "Thames Trade Bank plc",
    registrationId: "213800THAMESTRADE071",
    country: "GB",
    roles: ["BANK"],
  },
  {
    key: "exporter",
    accountIndex: 5,
    name: "Albion Precision Instruments Ltd",
    registrationId: "GB-COH-08123456",
    country: "GB",
    roles: ["EXPORTER"],
  },
  {
    key: "importer",
    accountIndex: 6,
    name: "Huangpu Medical Equipment Co., Ltd.",
    registrationId: "91310101MA1FPX1234",
    country: "CN",
    roles: ["IMPORTER"],
  },
  {
    key: "carrier",
    accountIndex: 7,
    name: "Meridian Ocean Lines A/S",
    registrationId: "549300MERIDIANOL0042",
    country: "DK",
    roles: ["CARRIER"],
  },
  {
    key: "chamber",
    accountIndex: 8,
    name: "London Chamber of Commerce and Industry",
    registrationId: "GB-COH-00000001",
    country: "GB",
    roles: ["CHAMBER"],
  },
  {
    key: "customs",
    accountIndex: 9,
    name: "Shanghai Customs District",
    registrationId: "CN-GACC-2200",
    country: "CN",
    roles: ["CUSTOMS"],
  },
  ...[1, 2, 3, 4, 5].map((n): DemoMember => ({
    key: `oracle${n}`,
    accountIndex: 9 + n,
    name: `Caravel Oracle Node ${n}`,
    registrationId: `CARAVEL-ORACLE-${n}`,
    country: (["SG", "GB", "CN", "NL", "AE"] as const)[n - 1]!,
    roles: ["ORACLE"],
  })),
  {
    key: "insurer",
    accountIndex: 15,
    name: "Harbourside Marine Insurance Ltd",
    registrationId: "213800HARBOURSIDE019",
    country: "GB",
    roles: ["INSURER"],
  },
];

/** The demo member with this key (throws a clear error for an unknown key). */
export function demoMember(key: string): DemoMember {
  const found = DEMO_MEMBERS.find((m) => m.key === key);
  if (found === undefined) {
    const known = DEMO_MEMBERS.map((m) => m.key).join(", ");
    throw new Error(`unknown consortium member "${key}" (known: ${known})`);
  }
  return found;
}

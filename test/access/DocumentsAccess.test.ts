/**
 * Access matrix of the trade-document registries: every restricted function, called by every
 * demo member that must not call it, by an outsider and by a suspended member who would
 * otherwise be allowed, is refused with the error that names the caller and the role missing.
 * Each function's rightful caller succeeds, so the table is not vacuous.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionResponse } from "ethers";
import { id, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { DEMO_MEMBERS } from "../../lib/chain/demoConsortium.ts";
import { invoiceIdOf } from "../../lib/trade/invoiceFingerprint.ts";
import { type MemberRoleName, roleId } from "../../lib/chain/roles.ts";
import {
  ascii,
  deployDocuments,
  type DocumentsFixture,
  suspend,
} from "../documents/documentsFixture.ts";

const { ethers, networkHelpers } = await network.create();

const CERTIFICATE = "LCCI/2025/GB-ACCESS";
const REGISTERED = { exact: id("invoice A exact"), identity: id("invoice A identity") };
const FINANCED = { exact: id("invoice B exact"), identity: id("invoice B identity") };
const FRESH = { exact: id("invoice C exact"), identity: id("invoice C identity") };

async function certificateRequest(f: DocumentsFixture, number: string) {
  const now = await networkHelpers.time.latest();
  return {
    number,
    exporter: f.members["exporter"]!.address,
    consignee: f.members["importer"]!.address,
    hsCodes: [901890],
    countryOfOrigin: ascii("GB", 2),
    originCriterion: ascii("WO", 4),
    tradeAgreement: ascii("NON-PREFERENTIAL", 16),
    issuedAt: now - 60,
    validUntil: now + 180 * 24 * 3600,
    documentHash: keccak256(toUtf8Bytes(number)),
  };
}

/** A certificate issued by the demo chamber, invoice A registered and invoice B financed by the advising bank. */
async function fixture(): Promise<DocumentsFixture> {
  const f = await deployDocuments(ethers);
  await (
    await f.origin.connect(f.members["chamber"]!).issue(await certificateRequest(f, CERTIFICATE))
  ).wait();
  const exporter = f.invoices.connect(f.members["exporter"]!);
  await (await exporter.register(REGISTERED)).wait();
  await (await exporter.register(FINANCED)).wait();
  await (
    await f.invoices
      .connect(f.members["advisingBank"]!)
      .finance(f.members["exporter"]!.address, FINANCED)
  ).wait();
  return f;
}

interface RestrictedFunction {
  name: string;
  role: MemberRoleName;
  /** The demo member entitled to call it in the fixture's state. */
  rightful: string;
  /** Demo members who hold the role but are not the party entitled, with the error they get. */
  wrongParty: Record<string, string>;
  /** A member outside the demo set who holds the role but is not the party entitled. */
  otherParty?: { who: "otherChamber" | "otherExporter"; error: string };
  call: (f: DocumentsFixture, caller: HardhatEthersSigner) => Promise<ContractTransactionResponse>;
  target: (f: DocumentsFixture) => DocumentsFixture["origin"] | DocumentsFixture["invoices"];
}

const RESTRICTED: RestrictedFunction[] = [
  {
    name: "CertificateOfOriginRegistry.issue",
    role: "CHAMBER",
    rightful: "chamber",
    wrongParty: {},
    call: async (f, caller) =>
      f.origin.connect(caller).issue(await certificateRequest(f, "LCCI/2025/GB-NEW")),
    target: (f) => f.origin,
  },
  {
    name: "CertificateOfOriginRegistry.revoke",
    role: "CHAMBER",
    rightful: "chamber",
    wrongParty: {},
    otherParty: { who: "otherChamber", error: "CertificateOfOriginNotIssuer" },
    call: async (f, caller) => f.origin.connect(caller).revoke(id(CERTIFICATE), "issued in error"),
    target: (f) => f.origin,
  },
  {
    name: "CertificateOfOriginRegistry.reissue",
    role: "CHAMBER",
    rightful: "chamber",
    wrongParty: {},
    call: async (f, caller) =>
      f.origin
        .connect(caller)
        .reissue(id(CERTIFICATE), await certificateRequest(f, "LCCI/2025/GB-CORR")),
    target: (f) => f.origin,
  },
  {
    name: "InvoiceRegistry.register",
    role: "EXPORTER",
    rightful: "exporter",
    wrongParty: {},
    call: async (f, caller) => f.invoices.connect(caller).register(FRESH),
    target: (f) => f.invoices,
  },
  {
    name: "InvoiceRegistry.finance",
    role: "BANK",
    rightful: "issuingBank",
    wrongParty: {},
    call: async (f, caller) =>
      f.invoices.connect(caller).finance(f.members["exporter"]!.address, REGISTERED),
    target: (f) => f.invoices,
  },
  {
    name: "InvoiceRegistry.financeBatch",
    role: "BANK",
    rightful: "issuingBank",
    wrongParty: {},
    call: async (f, caller) =>
      f.invoices
        .connect(caller)
        .financeBatch([{ seller: f.members["exporter"]!.address, fingerprints: REGISTERED }]),
    target: (f) => f.invoices,
  },
  {
    name: "InvoiceRegistry.markRepaid",
    role: "BANK",
    rightful: "advisingBank",
    wrongParty: { issuingBank: "InvoiceRegistryNotFinancingBank" },
    call: async (f, caller) =>
      f.invoices
        .connect(caller)
        .markRepaid(invoiceIdOf(f.members["exporter"]!.address, FINANCED.identity)),
    target: (f) => f.invoices,
  },
  {
    name: "InvoiceRegistry.cancel",
    role: "EXPORTER",
    rightful: "exporter",
    wrongParty: {},
    otherParty: { who: "otherExporter", error: "InvoiceRegistryUnknownFingerprint" },
    call: async (f, caller) => f.invoices.connect(caller).cancel(REGISTERED.identity),
    target: (f) => f.invoices,
  },
];

describe("Documents access matrix", function () {
  for (const fn of RESTRICTED) {
    describe(fn.name, function () {
      it(`lets ${fn.rightful} (${fn.role}) call it`, async function () {
        const f = await networkHelpers.loadFixture(fixture);
        await (await fn.call(f, f.members[fn.rightful]!)).wait();
      });

      for (const member of DEMO_MEMBERS) {
        const holdsRole = member.roles.includes(fn.role);
        const wrongPartyError = fn.wrongParty[member.key];
        if (holdsRole && wrongPartyError === undefined) continue;
        const label = `${member.key} (${member.roles.join(", ")})`;
        it(`refuses ${label}`, async function () {
          const f = await networkHelpers.loadFixture(fixture);
          const caller = f.members[member.key]!;
          const refusal = expect(fn.call(f, caller)).to.be.revertedWithCustomError(
            fn.target(f),
            wrongPartyError ?? "ConsortiumUnauthorizedAccount",
          );
          if (wrongPartyError === undefined)
            await refusal.withArgs(caller.address, roleId(fn.role));
          else await refusal;
        });
      }

      const otherParty = fn.otherParty;
      if (otherParty !== undefined) {
        it(`refuses ${otherParty.who}, who holds ${fn.role} but is not the party entitled`, async function () {
          const f = await networkHelpers.loadFixture(fixture);
          await expect(fn.call(f, f[otherParty.who])).to.be.revertedWithCustomError(
            fn.target(f),
            otherParty.error,
          );
        });
      }

      it("refuses a consortium administrator, who is no member", async function () {
        const f = await networkHelpers.loadFixture(fixture);
        const admin = f.admins[0]!;
        await expect(fn.call(f, admin))
          .to.be.revertedWithCustomError(fn.target(f), "ConsortiumUnauthorizedAccount")
          .withArgs(admin.address, roleId(fn.role));
      });

      it("refuses an outsider", async function () {
        const f = await networkHelpers.loadFixture(fixture);
        const outsider = f.strangers[0]!;
        await expect(fn.call(f, outsider))
          .to.be.revertedWithCustomError(fn.target(f), "ConsortiumUnauthorizedAccount")
          .withArgs(outsider.address, roleId(fn.role));
      });

      it(`refuses ${fn.rightful} while suspended`, async function () {
        const f = await networkHelpers.loadFixture(fixture);
        const rightful = f.members[fn.rightful]!;
        await suspend(f, rightful.address);
        await expect(fn.call(f, rightful))
          .to.be.revertedWithCustomError(fn.target(f), "ConsortiumUnauthorizedAccount")
          .withArgs(rightful.address, roleId(fn.role));
      });
    });
  }
});

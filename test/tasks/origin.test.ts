import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { demoMember } from "../../lib/chain/demoConsortium.ts";
import type { IssueResult } from "../../tasks/origin/issue.ts";
import type { VerifyResult } from "../../tasks/origin/verify.ts";
import { ContractRevertError } from "../../lib/chain/decodeRevert.ts";
import { InvalidInputError } from "../../lib/errors/caravelError.ts";
import { CertificateOfOriginRegistry__factory } from "../../types/ethers-contracts/index.js";
import {
  addressOf,
  caravel,
  chainDate,
  type Deployment,
  ethers,
  expectNothingSent,
  failed,
  networkHelpers,
  runTask,
  succeeded,
} from "./helpers.ts";

const signers = await ethers.getSigners();
const chamber = signers[demoMember("chamber").accountIndex]!.address;
const exporter = signers[demoMember("exporter").accountIndex]!.address;
const importer = signers[demoMember("importer").accountIndex]!.address;
const carrier = signers[demoMember("carrier").accountIndex]!.address;

const documents = mkdtempSync(path.join(tmpdir(), "caravel-origin-"));
after(() => rmSync(documents, { recursive: true, force: true }));
const certificateFile = path.join(documents, "LCCI-2026-000123.pdf");
const certificateText = "Certificate of origin LCCI-2026-000123: 40 infusion pumps, origin GB";
writeFileSync(certificateFile, certificateText);
const alteredFile = path.join(documents, "altered.pdf");
writeFileSync(alteredFile, certificateText.replace("40", "400"));

const NUMBER = "LCCI-2026-000123";
const certificateId = keccak256(toUtf8Bytes(NUMBER));

async function issueOptions() {
  return {
    as: "chamber",
    number: NUMBER,
    exporter: "exporter",
    consignee: "importer",
    hsCodes: "901832, 9018.90",
    origin: "GB",
    criterion: "lst",
    validUntil: await chainDate(180),
    document: certificateFile,
  };
}

async function originRegistry(deployment: Deployment) {
  return CertificateOfOriginRegistry__factory.connect(
    addressOf(deployment, "CertificateOfOriginRegistry"),
    ethers.provider,
  );
}

async function issued(): Promise<Deployment> {
  const deployment = await caravel();
  succeeded(
    await runTask(["origin", "issue"], { ...(await issueOptions()), send: true }, deployment),
  );
  return deployment;
}

function revertOf(error: unknown): ContractRevertError {
  expect(error).to.be.instanceOf(ContractRevertError);
  return error as ContractRevertError;
}

describe("origin tasks", function () {
  describe("origin issue", function () {
    it("simulates by default and sends nothing", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(chamber, async () =>
        runTask<IssueResult>(["origin", "issue"], await issueOptions(), deployment),
      );
      expect(succeeded(run).outcome.sent).to.equal(false);
      expect(run.out[0]).to.match(
        /^Dry run: the chain would accept this — issue certificate of origin LCCI-2026-000123 \(GB origin, LST under NON-PREFERENTIAL\) for exporter/,
      );
      expect(await (await originRegistry(deployment)).statusOf(certificateId)).to.equal(0n);
    });

    it("with --send issues the certificate with the document's hash, dated today on the chain", async function () {
      const deployment = await caravel();
      const run = await runTask<IssueResult>(
        ["origin", "issue"],
        { ...(await issueOptions()), send: true },
        deployment,
      );
      const result = succeeded(run);
      expect(result.certificateId).to.equal(certificateId);
      const record = await (await originRegistry(deployment)).certificate(certificateId);
      expect(record.issuer).to.equal(chamber);
      expect(record.exporter).to.equal(exporter);
      expect(record.consignee).to.equal(importer);
      expect(record.hsCodes).to.deep.equal([901832n, 901890n]);
      expect(record.documentHash).to.equal(keccak256(toUtf8Bytes(certificateText)));
      expect(record.issuedAt % 86_400n).to.equal(0n);
      expect(new Date(Number(record.issuedAt) * 1000).toISOString().slice(0, 10)).to.equal(
        await chainDate(),
      );
      expect(record.validUntil % 86_400n).to.equal(86_399n);
      expect(
        run.out.some((l) =>
          l.startsWith("  event CertificateOfOriginRegistry.CertificateIssued(certificateId: "),
        ),
      ).to.equal(true);
      expect(run.out.at(-1)).to.match(
        new RegExp(
          `^Certificate LCCI-2026-000123: id ${certificateId}, issued .* UTC, valid until .* 23:59:59 UTC, document 0x`,
        ),
      );
    });

    const badInputs: [string, Record<string, string>, string][] = [
      [
        "an HS code of four digits",
        { hsCodes: "9018" },
        '--hs-codes: "9018" is not a 6-digit HS subheading of chapters 01-97 (e.g. 901819 or 9018.19).',
      ],
      [
        "an HS code in the reserved chapter 77",
        { hsCodes: "770100" },
        '--hs-codes: "770100" is not a 6-digit HS subheading',
      ],
      [
        "a country code that is not assigned",
        { origin: "UK" },
        '--origin: "UK" is not an assigned ISO 3166-1 alpha-2 country code.',
      ],
      [
        "an unknown origin criterion",
        { criterion: "XX" },
        '--criterion: "XX" is not an origin criterion (WO, PE, PSR, CTC, RVC, ACU, DMI, LST).',
      ],
      [
        "a malformed trade agreement",
        { agreement: "-RCEP" },
        '--agreement: "-RCEP" is not a trade agreement code',
      ],
      [
        "a date in the wrong format",
        { validUntil: "20/05/2027" },
        '--valid-until: "20/05/2027" is not a date as YYYY-MM-DD (e.g. 2026-12-31).',
      ],
      [
        "an issue date that does not exist",
        { issuedOn: "2026-02-29" },
        '--issued-on: "2026-02-29" is not a date as YYYY-MM-DD',
      ],
      [
        "a certificate number with a leading space",
        { number: " LCCI-1" },
        '--number: " LCCI-1" is not a certificate number',
      ],
      [
        "a document that is not there",
        { document: "missing.pdf" },
        '--document: no file at "missing.pdf"',
      ],
      [
        "an unknown exporter",
        { exporter: "albion" },
        '--exporter: no consortium member is named "albion"',
      ],
    ];
    for (const [what, override, message] of badInputs) {
      it(`refuses ${what} before sending anything, naming the option`, async function () {
        const deployment = await caravel();
        const run = await expectNothingSent(chamber, async () =>
          runTask(
            ["origin", "issue"],
            { ...(await issueOptions()), ...override, send: true },
            deployment,
          ),
        );
        expect(failed(run)).to.be.instanceOf(InvalidInputError);
        expect(run.err).to.have.length(1);
        expect(run.err[0]!.startsWith(`Error CARAVEL-00`)).to.equal(true);
        expect(run.err[0]).to.include(message);
      });
    }

    it("refuses an issuer that is not a chamber of commerce, naming the role", async function () {
      const deployment = await caravel();
      const run = await expectNothingSent(exporter, async () =>
        runTask(
          ["origin", "issue"],
          { ...(await issueOptions()), as: "exporter", send: true },
          deployment,
        ),
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("ConsortiumUnauthorizedAccount");
      expect(run.err[0]).to.equal(
        `Error CARAVEL-101: Refused: exporter (${exporter}) may not do this: it does not hold the CHAMBER role (or it is suspended).`,
      );
    });

    it("refuses a certificate number that is taken", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["origin", "issue"],
        { ...(await issueOptions()), send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal("CertificateOfOriginNumberTaken");
      expect(run.err[0]).to.equal(
        'Error CARAVEL-302: Refused: a certificate numbered "LCCI-2026-000123" exists already.',
      );
    });

    it("refuses a consignee that is not an importer", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["origin", "issue"],
        { ...(await issueOptions()), consignee: "carrier", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-303: Refused: the consignee carrier (${carrier}) is not an active IMPORTER member.`,
      );
    });

    it("refuses a criterion the trade agreement does not allow", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["origin", "issue"],
        { ...(await issueOptions()), agreement: "RCEP", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        "Error CARAVEL-309: Refused: origin criterion LST cannot be stated under RCEP.",
      );
    });

    it("refuses an issue date in the future", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["origin", "issue"],
        { ...(await issueOptions()), issuedOn: await chainDate(2), send: true },
        deployment,
      );
      expect(revertOf(failed(run)).revert.errorName).to.equal(
        "CertificateOfOriginInvalidIssueDate",
      );
      expect(run.err[0]).to.match(
        /^Error CARAVEL-310: Refused: the issue date \d{4}-\d\d-\d\d 00:00:00 UTC is later than the chain's time /,
      );
    });
  });

  describe("origin verify", function () {
    it("finds an issued certificate valid, and its document genuine", async function () {
      const deployment = await issued();
      const run = await runTask<VerifyResult>(
        ["origin", "verify"],
        { number: NUMBER, document: certificateFile },
        deployment,
      );
      const result = succeeded(run);
      expect(result.verdict).to.equal("Valid");
      expect(result.certificate).to.deep.include({
        issuer: chamber,
        countryOfOrigin: "GB",
        originCriterion: "LST",
        tradeAgreement: "NON-PREFERENTIAL",
        hsCodes: ["901832", "901890"],
        revokedAt: null,
      });
      expect(run.out[0]).to.equal(
        "Valid: certificate LCCI-2026-000123 is in force and the document is the one issued.",
      );
      expect(run.out).to.include(
        "  origin GB, criterion LST under NON-PREFERENTIAL, HS 901832, 901890",
      );
    });

    it("says an altered document is not the one issued", async function () {
      const deployment = await issued();
      const run = await runTask<VerifyResult>(
        ["origin", "verify"],
        { number: NUMBER, document: alteredFile },
        deployment,
      );
      expect(succeeded(run).verdict).to.equal("HashMismatch");
      expect(run.out[0]).to.equal(
        "HashMismatch: the document presented is NOT the certificate LCCI-2026-000123 that was issued.",
      );
    });

    it("says a certificate past its validity has expired", async function () {
      const deployment = await issued();
      await networkHelpers.time.increase(200 * 86_400);
      const run = await runTask<VerifyResult>(["origin", "verify"], { number: NUMBER }, deployment);
      expect(succeeded(run).verdict).to.equal("Expired");
    });

    it("says an unknown number is unknown", async function () {
      const deployment = await issued();
      const run = await runTask<VerifyResult>(
        ["origin", "verify"],
        { number: "LCCI-2026-999999" },
        deployment,
      );
      expect(succeeded(run).verdict).to.equal("Unknown");
      expect(run.out).to.deep.equal([
        'Unknown: no certificate of origin is numbered "LCCI-2026-999999".',
      ]);
    });
  });

  describe("origin revoke", function () {
    it("revokes with a reason that verify then shows", async function () {
      const deployment = await issued();
      const run = await runTask(
        ["origin", "revoke"],
        {
          as: "chamber",
          number: NUMBER,
          reason: "goods re-exported, origin not conferred",
          send: true,
        },
        deployment,
      );
      succeeded(run);
      expect(run.out).to.include(
        `  event CertificateOfOriginRegistry.CertificateRevoked(certificateId: ${certificateId}, issuer: chamber (${chamber}), reason: "goods re-exported, origin not conferred")`,
      );
      const verified = await runTask<VerifyResult>(
        ["origin", "verify"],
        { number: NUMBER, document: certificateFile },
        deployment,
      );
      expect(succeeded(verified).verdict).to.equal("Revoked");
      expect(
        verified.out.some((l) =>
          /^ {2}revoked on .* UTC: "goods re-exported, origin not conferred"$/.test(l),
        ),
      ).to.equal(true);
    });

    it("refuses to revoke twice", async function () {
      const deployment = await issued();
      const args = { as: "chamber", number: NUMBER, reason: "error in HS codes", send: true };
      succeeded(await runTask(["origin", "revoke"], args, deployment));
      const run = await expectNothingSent(chamber, () =>
        runTask(["origin", "revoke"], args, deployment),
      );
      expect(run.err[0]).to.equal(
        "Error CARAVEL-315: Refused: the certificate was revoked already.",
      );
    });

    it("refuses an unknown certificate", async function () {
      const deployment = await caravel();
      const run = await runTask(
        ["origin", "revoke"],
        { as: "chamber", number: NUMBER, reason: "error", send: true },
        deployment,
      );
      expect(run.err[0]).to.equal(
        `Error CARAVEL-313: Refused: no certificate of origin has id ${certificateId}.`,
      );
    });

    it("refuses a reason longer than the registry keeps", async function () {
      const deployment = await issued();
      const run = await expectNothingSent(chamber, () =>
        runTask(
          ["origin", "revoke"],
          { as: "chamber", number: NUMBER, reason: "x".repeat(281), send: true },
          deployment,
        ),
      );
      expect(run.err).to.deep.equal(["Error CARAVEL-001: --reason: is longer than 280 bytes."]);
    });
  });
});

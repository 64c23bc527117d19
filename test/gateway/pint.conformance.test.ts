/**
 * DCSA's PINT conformance scenarios, as this project's tests. The scenario list is DCSA's own
 * (dcsaorg/Conformance-Gateway, pint/.../PintScenarioListBuilder.java): "Transfer scenarios"
 * (with 0 and 2 additional documents), "Receiver validation scenarios" and "Receiver error
 * response scenarios", each named here after the actions it chains (SenderTransmissionClass,
 * ScenarioClass, RetryType, SenderDocumentTransmissionTypeCode as DCSA names them). Caravel plays
 * the receiving platform against a scripted sender, and the sending platform against a scripted
 * receiver that checks every request against EBL_PINT_v3.0.0.yaml as DCSA's suite does.
 */
import { expect } from "chai";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import {
  buildEnvelope,
  type BuiltEnvelope,
  type PintParty,
  type PintTransaction,
} from "../../gateway/pint/envelope.ts";
import { createPintSigner, type PintSigner, unverifiedPayload } from "../../gateway/pint/jws.ts";
import { billIdOf, billIssueStruct } from "../../lib/trade/billOfLading.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import { partyKey, platformBytes4, transportDocumentHash } from "../../lib/trade/pint.ts";
import { startHardhatChain, type TestChain } from "../oracle/daemons/helpers/chains.ts";
import {
  answerOf,
  call,
  foreignParty,
  freshReference,
  issuedElsewhereEnvelope,
  pintTransportDocument,
} from "./pintDocuments.ts";
import {
  haveDcsaSamples,
  memberCode,
  type Platform,
  platformKeys,
  startPlatform,
} from "./pintPlatform.ts";

const SENDER = "BOLE";
const RECEIVER = "WAVE";

describe("DCSA PINT conformance scenarios (PintScenarioListBuilder)", function () {
  let chain: TestChain;
  let caravel: Platform;
  let sender: PintSigner;
  let receiverSigner: PintSigner;
  let forger: PintSigner;
  let recipient: PintParty;
  let stub: Server;
  let stubAnswers: ((req: IncomingMessage, body: unknown) => { status: number; body?: unknown })[] =
    [];
  const stubProblems: string[] = [];
  const peers: Record<string, string> = {};

  before(async function () {
    if (!haveDcsaSamples()) {
      console.log(
        "    skipped: DCSA's PINT specification is not in the shared folder (set CARAVEL_SHARED_DIR)",
      );
      this.skip();
    }
    chain = await startHardhatChain();
    const [senderKeys, receiverKeys] = await Promise.all([
      platformKeys(SENDER),
      platformKeys(RECEIVER),
    ]);
    sender = await createPintSigner(SENDER, senderKeys.privateJwk);
    receiverSigner = await createPintSigner(RECEIVER, receiverKeys.privateJwk);
    forger = await createPintSigner(SENDER, (await platformKeys(SENDER)).privateJwk);
    caravel = await startPlatform({
      code: "CRVA",
      rpcUrl: chain.rpcUrl,
      keys: await platformKeys("CRVA"),
      trusted: [
        { platform: SENDER, jwk: senderKeys.publicJwk },
        { platform: RECEIVER, jwk: receiverKeys.publicJwk },
      ],
      peers,
      carrierCodes: [{ carrierCode: "HMM", carrierCodeListProvider: "SMDG" }],
    });
    recipient = caravel.party("importer");
    caravelCarrier = caravel.world.carrier.address as `0x${string}`;
    // DCSA's receiving side, scripted per test: each request is checked against the spec, then
    // answered by the next scripted answer.
    stub = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const body = text === "" ? undefined : (JSON.parse(text) as unknown);
        if (req.method === "POST" && req.url === "/v3/envelopes") {
          stubProblems.push(...caravel.validate("EblEnvelope", body));
          const envelope = body as {
            envelopeManifestSignedContent: string;
            envelopeTransferChain: string[];
          };
          stubProblems.push(
            ...caravel.validate(
              "EnvelopeManifest",
              unverifiedPayload(envelope.envelopeManifestSignedContent),
            ),
          );
          for (const entry of envelope.envelopeTransferChain) {
            const payload = unverifiedPayload(entry) as { issuanceManifestSignedContent?: string };
            stubProblems.push(...caravel.validate("EnvelopeTransferChainEntry", payload));
            if (payload.issuanceManifestSignedContent !== undefined) {
              stubProblems.push(
                ...caravel.validate(
                  "IssuanceManifest",
                  unverifiedPayload(payload.issuanceManifestSignedContent),
                ),
              );
            }
          }
        }
        const next = stubAnswers.shift();
        const reply =
          next === undefined ? { status: 500, body: { error: "unscripted" } } : next(req, body);
        if (reply.body === undefined) res.writeHead(reply.status).end();
        else
          res
            .writeHead(reply.status, { "content-type": "application/json" })
            .end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
    peers[RECEIVER] = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  });

  after(async () => {
    stub?.close();
    await caravel?.stop();
    await chain?.stop();
  });

  // The sample's carrier (SMDG "HMM") is this platform's demo carrier: bills it issued elsewhere
  // arrive under the carrier's own address.
  let caravelCarrier: `0x${string}`;
  const post = (body: unknown) => call(`${caravel.url}/v3/envelopes`, "POST", body);
  const code = (reply: { body: unknown }) => answerOf(reply.body).responseCode;
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  function issuanceTransactions(to: PintParty = recipient): PintTransaction[] {
    const carrier = foreignParty(SENDER, "CARRIER");
    const shipper = foreignParty(SENDER, "SHIPPER");
    return [
      { actionCode: "ISSUE", actor: carrier, recipient: shipper, actionDateTime: at(30) },
      { actionCode: "ENDORSE", actor: shipper, recipient: to, actionDateTime: at(20) },
    ];
  }

  /** SenderTransmissionClass.VALID_ISSUANCE: the bill issued on the sender's platform comes here at once. */
  function validIssuance(
    reference: string,
    transactions = issuanceTransactions(),
    signer = sender,
  ) {
    return issuedElsewhereEnvelope({
      signer,
      transportDocument: pintTransportDocument(reference),
      recipient,
      transactions,
    });
  }

  /** SenderTransmissionClass.VALID_TRANSFER: a chain of two entries, the bill having moved on the sender's platform first. */
  async function validTransfer(
    reference: string,
    last?: PintTransaction[],
  ): Promise<BuiltEnvelope> {
    const holder = foreignParty(SENDER, "HOLDER");
    const first = await issuedElsewhereEnvelope({
      signer: sender,
      transportDocument: pintTransportDocument(reference),
      recipient: holder,
      transactions: issuanceTransactions(holder),
    });
    return buildEnvelope({
      transportDocument: first.envelope.transportDocument,
      priorChain: first.envelope.envelopeTransferChain,
      transactions: last ?? [
        { actionCode: "ENDORSE", actor: holder, recipient, actionDateTime: at(10) },
      ],
      signer: sender,
    });
  }

  const documents = (reference: string) => [
    {
      name: "commercial-invoice.pdf",
      mediaType: "application/pdf",
      content: new TextEncoder().encode(`invoice ${reference}`),
    },
    {
      name: "packing-list.pdf",
      mediaType: "application/pdf",
      content: new TextEncoder().encode(`packing list ${reference}`),
    },
  ];

  const putDocument = (reference: string, checksum: string, content: Uint8Array | string) =>
    call(
      `${caravel.url}/v3/envelopes/${reference}/additional-documents/${checksum}`,
      "PUT",
      typeof content === "string" ? content : Buffer.from(content).toString("base64"),
    );
  const finish = (reference: string) =>
    call(`${caravel.url}/v3/envelopes/${reference}/finish-transfer`, "PUT");

  describe("Transfer scenarios — receiving platform, 0 additional documents, ReceiverStateSetup(NO_ISSUES)", () => {
    it("InitiateAndCloseTransfer(RECE) with VALID_ISSUANCE", async () => {
      const reference = freshReference("C");
      const reply = await post((await validIssuance(reference)).envelope);
      expect([reply.status, code(reply)]).to.deep.equal([200, "RECE"]);
      expect(
        caravel.validate("EnvelopeTransferFinishedResponse", answerOf(reply.body)),
      ).to.deep.equal([]);
    });

    for (const retry of ["NO_CHANGE", "RESIGN", "MANIPULATE"] as const) {
      for (const transmission of ["VALID_ISSUANCE", "VALID_TRANSFER"] as const) {
        if (retry === "NO_CHANGE" && transmission === "VALID_TRANSFER") continue; // not in DCSA's list
        const expected = retry === "MANIPULATE" ? "DISE" : "DUPE";
        it(`InitiateAndCloseTransfer(RECE) with ${transmission} - RetryTransfer(${expected}, VALID_TRANSFER, ${retry})`, async () => {
          const reference = freshReference("C");
          const transactions = issuanceTransactions();
          const lastStep: PintTransaction[] = [
            {
              actionCode: "ENDORSE",
              actor: foreignParty(SENDER, "HOLDER"),
              recipient,
              actionDateTime: at(10),
            },
          ];
          const build = () =>
            transmission === "VALID_ISSUANCE"
              ? validIssuance(reference, transactions)
              : validTransfer(reference, lastStep);
          const original = await build();
          expect(code(await post(original.envelope))).to.equal("RECE");
          let again: BuiltEnvelope = original;
          if (retry === "RESIGN") again = await build(); // same payloads, fresh signatures
          if (retry === "MANIPULATE") {
            // A step slipped in before the handover: same bill, a history the receiver never accepted.
            const base = transmission === "VALID_ISSUANCE" ? transactions : lastStep;
            const manipulated: PintTransaction[] = [
              ...base.slice(0, -1),
              { actionCode: "SIGN", actor: base.at(-1)!.actor, actionDateTime: at(5) },
              base.at(-1)!,
            ];
            again =
              transmission === "VALID_ISSUANCE"
                ? await validIssuance(reference, manipulated)
                : await validTransfer(reference, manipulated);
          }
          if (retry !== "NO_CHANGE")
            expect(again.lastEntryChecksum).to.not.equal(original.lastEntryChecksum);
          const reply = await post(again.envelope);
          expect(code(reply)).to.equal(expected);
          const billId = await caravel.chain.billIdOf(caravelCarrier, reference);
          expect(await caravel.world.bill.titleChainLength(billId)).to.equal(1n);
          expect(await caravel.world.bill.holderOf(billId)).to.equal(
            caravel.world.importer.address,
          );
        });
      }
    }

    it("InitiateAndCloseTransfer(RECE) with VALID_TRANSFER", async () => {
      const reply = await post((await validTransfer(freshReference("C"))).envelope);
      expect(code(reply)).to.equal("RECE");
    });

    it("InitiateAndCloseTransfer(BSIG, SIGNATURE_ISSUE) - InitiateAndCloseTransfer(RECE)", async () => {
      const reference = freshReference("C");
      const forged = await validIssuance(reference, issuanceTransactions(), forger);
      const refused = await post(forged.envelope);
      expect([refused.status, code(refused)]).to.deep.equal([422, "BSIG"]);
      expect(code(await post((await validIssuance(reference)).envelope))).to.equal("RECE");
    });

    it("InitiateAndCloseTransfer(BENV, WRONG_RECIPIENT_PLATFORM)", async () => {
      const reference = freshReference("C");
      const elsewhere = { ...recipient, eblPlatform: "IQAX" };
      const reply = await post(
        (await validIssuance(reference, issuanceTransactions(elsewhere))).envelope,
      );
      expect([reply.status, code(reply)]).to.deep.equal([422, "BENV"]);
    });
  });

  describe("Transfer scenarios — receiving platform, ReceiverStateSetup(INVALID_RECIPIENT)", () => {
    it("InitiateAndCloseTransfer(BENV)", async () => {
      const unknown: PintParty = {
        partyName: "Unknown",
        eblPlatform: "CRVA",
        identifyingCodes: [memberCode("CRVA", "unknown")],
      };
      const reply = await post(
        (await validIssuance(freshReference("C"), issuanceTransactions(unknown))).envelope,
      );
      expect(code(reply)).to.equal("BENV");
    });
  });

  describe("Transfer scenarios — receiving platform, 2 additional documents", () => {
    async function initiate(reference: string) {
      const built = await issuedElsewhereEnvelope({
        signer: sender,
        transportDocument: pintTransportDocument(reference),
        recipient,
        transactions: issuanceTransactions(),
        additionalDocuments: documents(reference),
      });
      const started = await post(built.envelope);
      expect(started.status).to.equal(201);
      const body = started.body as {
        envelopeReference: string;
        missingAdditionalDocumentChecksums: string[];
      };
      return { built, ...body };
    }

    it("InitiateTransfer(2) - TransferDocument - TransferDocument - CloseTransfer(RECE)", async () => {
      const { built, envelopeReference, missingAdditionalDocumentChecksums } = await initiate(
        freshReference("D"),
      );
      expect(missingAdditionalDocumentChecksums).to.have.length(2);
      for (const d of built.documents)
        expect((await putDocument(envelopeReference, d.checksum, d.content)).status).to.equal(204);
      const closed = await finish(envelopeReference);
      expect(code(closed)).to.equal("RECE");
      expect(answerOf(closed.body).receivedAdditionalDocumentChecksums).to.have.members(
        built.documents.map((d) => d.checksum),
      );
    });

    it("InitiateTransfer(2) - TransferDocument - RetryTransfer(1) - TransferDocument - CloseTransfer(RECE) | RetryTransfer(RECE)", async () => {
      const reference = freshReference("D");
      const { built, envelopeReference } = await initiate(reference);
      await putDocument(
        envelopeReference,
        built.documents[0]!.checksum,
        built.documents[0]!.content,
      );
      const retried = await post(built.envelope);
      expect(retried.status).to.equal(201);
      const { envelopeReference: again, missingAdditionalDocumentChecksums } = retried.body as {
        envelopeReference: string;
        missingAdditionalDocumentChecksums: string[];
      };
      expect(missingAdditionalDocumentChecksums).to.deep.equal([built.documents[1]!.checksum]);
      await putDocument(again, built.documents[1]!.checksum, built.documents[1]!.content);
      const retryAndClose = await post(built.envelope);
      expect(code(retryAndClose)).to.equal("RECE");
      expect(
        await caravel.chain.billStatus(await caravel.chain.billIdOf(caravelCarrier, reference)),
      ).to.equal(BillStatus.Active);
    });

    for (const kind of ["CORRUPTED_DOCUMENT", "UNRELATED_DOCUMENT"] as const) {
      it(`InitiateTransfer(2) - TransferDocument - TransferDocument(${kind}) - RetryTransfer(1) - TransferDocument - CloseTransfer(RECE)`, async () => {
        const { built, envelopeReference } = await initiate(freshReference("D"));
        await putDocument(
          envelopeReference,
          built.documents[0]!.checksum,
          built.documents[0]!.content,
        );
        const bad =
          kind === "CORRUPTED_DOCUMENT"
            ? await putDocument(
                envelopeReference,
                built.documents[1]!.checksum,
                Buffer.from("not the packing list").toString("base64"),
              )
            : await putDocument(
                envelopeReference,
                "ab".repeat(32),
                Buffer.from("an unrelated file").toString("base64"),
              );
        expect([bad.status, code(bad)]).to.deep.equal([409, "INCD"]);
        const retried = await post(built.envelope);
        const { envelopeReference: again, missingAdditionalDocumentChecksums } = retried.body as {
          envelopeReference: string;
          missingAdditionalDocumentChecksums: string[];
        };
        expect(missingAdditionalDocumentChecksums).to.deep.equal([built.documents[1]!.checksum]);
        await putDocument(again, built.documents[1]!.checksum, built.documents[1]!.content);
        expect(code(await finish(again))).to.equal("RECE");
      });
    }

    it("InitiateTransfer(2) - TransferDocument - CloseTransfer(MDOC) - RetryTransfer(1) - TransferDocument - CloseTransfer(RECE)", async () => {
      const { built, envelopeReference } = await initiate(freshReference("D"));
      await putDocument(
        envelopeReference,
        built.documents[0]!.checksum,
        built.documents[0]!.content,
      );
      const early = await finish(envelopeReference);
      expect([early.status, code(early)]).to.deep.equal([409, "MDOC"]);
      expect(answerOf(early.body).missingAdditionalDocumentChecksums).to.deep.equal([
        built.documents[1]!.checksum,
      ]);
      const retried = await post(built.envelope);
      const { envelopeReference: again } = retried.body as { envelopeReference: string };
      await putDocument(again, built.documents[1]!.checksum, built.documents[1]!.content);
      expect(code(await finish(again))).to.equal("RECE");
    });
  });

  describe("Receiver validation scenarios", () => {
    it("ReceiverValidation: a member's identifying code is answered with its name (200)", async () => {
      const reply = await call(
        `${caravel.url}/v3/receiver-validation`,
        "POST",
        memberCode("CRVA", "importer"),
      );
      expect(reply.status).to.equal(200);
      expect(caravel.validate("ReceiverValidationResponse", reply.body)).to.deep.equal([]);
      expect(reply.body).to.deep.equal({ partyName: "importer of CRVA" });
    });

    it("ReceiverValidation: an unknown code is answered 404 with an ErrorResponse", async () => {
      const reply = await call(
        `${caravel.url}/v3/receiver-validation`,
        "POST",
        memberCode("CRVA", "nobody"),
      );
      expect(reply.status).to.equal(404);
      expect(caravel.validate("ErrorResponse", reply.body)).to.deep.equal([]);
    });
  });

  describe("Receiver error response scenarios", () => {
    it("ErrorResponse: a request the receiver cannot process is answered with a schema-valid ErrorResponse", async () => {
      const reply = await call(
        `${caravel.url}/v3/envelopes/unknown/additional-documents/${"cd".repeat(32)}`,
        "PUT",
        "AAAA",
      );
      expect(reply.status).to.equal(404);
      expect(caravel.validate("ErrorResponse", reply.body)).to.deep.equal([]);
    });
  });

  describe("Transfer scenarios — sending platform (Caravel sends to DCSA's scripted receiver)", () => {
    const signed = (responseCode: string, extra: Record<string, unknown> = {}) =>
      receiverSigner.sign({
        lastEnvelopeTransferChainEntrySignedContentChecksum: lastChecksum,
        responseCode,
        ...extra,
      });
    let lastChecksum = "";

    /** A bill issued on Caravel and asked for export by its holder to WAVE's importer. */
    async function exportPending(documentCount = 0): Promise<bigint> {
      const reference = freshReference("X");
      const td = pintTransportDocument(reference);
      const struct = billIssueStruct({
        blNumber: reference,
        shipper: caravel.world.exporter.address,
        consignee: "to order",
        notifyParty: "none",
        vesselImo: 9074729,
        voyageNumber: "402E",
        portOfLoading: "DKAAR",
        portOfDischarge: "DEBRV",
        shippedOnBoardAt: Math.floor(Date.parse("2023-12-19T00:00:00Z") / 1000),
        documentHash: transportDocumentHash(td),
      });
      await (await caravel.world.bill.connect(caravel.world.carrier).issue(struct)).wait();
      const billId = billIdOf(caravel.world.carrier.address, reference);
      caravel.store.rememberBill(billId, { transportDocument: td, transferChain: [] });
      const to = foreignParty(RECEIVER, "IMPORTER");
      await (
        await caravel.world.bill
          .connect(caravel.world.exporter)
          .requestExport(billId, platformBytes4(RECEIVER), partyKey(to.identifyingCodes[0]!))
      ).wait();
      await caravel.sender.prepareExport(
        billId,
        to,
        documentCount === 0 ? [] : documents(reference),
      );
      lastChecksum = caravel.store.outbound(billId)!.lastEntryChecksum;
      return billId;
    }

    beforeEach(() => {
      stubAnswers = [];
      stubProblems.length = 0;
    });

    for (const [answerCode, outcome, status] of [
      ["RECE", "received", BillStatus.Exported],
      ["DUPE", "received", BillStatus.Exported],
      ["BSIG", "abandoned", BillStatus.Active],
      ["BENV", "abandoned", BillStatus.Active],
      ["DISE", "abandoned", BillStatus.Active],
    ] as const) {
      it(`InitiateAndCloseTransfer(${answerCode}): the envelope is valid, and the bill is ${outcome}`, async () => {
        const billId = await exportPending();
        const jws = await signed(answerCode);
        stubAnswers = [
          () => ({ status: answerCode === "RECE" || answerCode === "DUPE" ? 200 : 422, body: jws }),
        ];
        expect(await caravel.sender.attempt(billId)).to.equal(outcome);
        expect(stubProblems).to.deep.equal([]);
        expect(await caravel.chain.billStatus(billId)).to.equal(status);
      });
    }

    it("InitiateTransfer(2) - TransferDocument - TransferDocument - CloseTransfer(MDOC) - TransferDocument - CloseTransfer(RECE): the sender resends what is missing", async () => {
      const billId = await exportPending(2);
      const sent = caravel.store.outbound(billId)!;
      const [first, second] = sent.documents.map((d) => d.checksum);
      const mdoc = await signed("MDOC", { missingAdditionalDocumentChecksums: [second] });
      const rece = await signed("RECE", { receivedAdditionalDocumentChecksums: [first, second] });
      const putPaths: string[] = [];
      stubAnswers = [
        () => ({
          status: 201,
          body: {
            envelopeReference: "ref-1",
            transportDocumentChecksum: "0".repeat(64),
            lastEnvelopeTransferChainEntrySignedContentChecksum: lastChecksum,
            missingAdditionalDocumentChecksums: [first, second],
          },
        }),
        (req) => (putPaths.push(req.url!), { status: 204 }),
        (req) => (putPaths.push(req.url!), { status: 204 }),
        () => ({ status: 409, body: mdoc }),
        (req) => (putPaths.push(req.url!), { status: 204 }),
        () => ({ status: 200, body: rece }),
      ];
      expect(await caravel.sender.attempt(billId)).to.equal("received");
      expect(putPaths).to.deep.equal([
        `/v3/envelopes/ref-1/additional-documents/${first}`,
        `/v3/envelopes/ref-1/additional-documents/${second}`,
        `/v3/envelopes/ref-1/additional-documents/${second}`,
      ]);
      expect(stubProblems).to.deep.equal([]);
    });

    it("an unsigned or forged answer decides nothing: the transfer is retried", async () => {
      const billId = await exportPending();
      const forged = await forger.sign({
        lastEnvelopeTransferChainEntrySignedContentChecksum: lastChecksum,
        responseCode: "RECE",
      });
      stubAnswers = [() => ({ status: 200, body: forged })];
      expect(await caravel.sender.attempt(billId)).to.equal("sending");
      expect(await caravel.chain.billStatus(billId)).to.equal(BillStatus.ExportPending);
    });
  });
});

/**
 * Two Caravel platforms on two chains — Hardhat's in-process network (platform CRVA) and anvil
 * (platform CRVB) — each with its consortium, bill contract and gateway, hand one bill
 * A → B → A over PINT 3.0. The title chain read across both platforms is continuous, each
 * platform can move the bill only while it holds it, and a replayed envelope is answered DUPE.
 * The sender's failures leave title where it was: a receiver that never answers, a refusal, and
 * a gateway restart in the middle of a transfer.
 */
import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { jwsChecksum, type TransferChainEntry } from "../../gateway/pint/envelope.ts";
import { unverifiedPayload } from "../../gateway/pint/jws.ts";
import { billIdOf, billIssueStruct, TitleEventKind } from "../../lib/trade/billOfLading.ts";
import { BillStatus } from "../../lib/trade/enums.ts";
import {
  foreignCarrierAddress,
  partyKey,
  platformBytes4,
  transportDocumentHash,
} from "../../lib/trade/pint.ts";
import { startAnvil, startHardhatChain, type TestChain } from "../oracle/daemons/helpers/chains.ts";
import { answerOf, call, freshReference, pintTransportDocument } from "./pintDocuments.ts";
import {
  haveDcsaSamples,
  memberCode,
  type Platform,
  platformKeys,
  startPlatform,
} from "./pintPlatform.ts";
import { readVerifiedTitleChain } from "../../lib/trade/titleChain.ts";

type Role = "exporter" | "importer" | "issuingBank" | "advisingBank";

describe("PINT between two Caravel platforms (Hardhat network and anvil)", function () {
  let chainA: TestChain;
  let chainB: TestChain;
  let a: Platform;
  let b: Platform;
  let silent: Server;
  const peersA: Record<string, string> = {};
  const peersB: Record<string, string> = {};

  before(async function () {
    if (!haveDcsaSamples()) {
      console.log(
        "    skipped: DCSA's PINT specification is not in the shared folder (set CARAVEL_SHARED_DIR)",
      );
      this.skip();
    }
    [chainA, chainB] = await Promise.all([startHardhatChain(), startAnvil()]);
    const [keysA, keysB] = await Promise.all([platformKeys("CRVA"), platformKeys("CRVB")]);
    a = await startPlatform({
      code: "CRVA",
      rpcUrl: chainA.rpcUrl,
      keys: keysA,
      trusted: [{ platform: "CRVB", jwk: keysB.publicJwk }],
      peers: peersA,
      carrierCodes: [{ carrierCode: "HMM", carrierCodeListProvider: "SMDG" }],
      retry: { initialDelayMs: 20, maxDelayMs: 50, maxAttempts: 2 },
      requestTimeoutMs: 2_000,
    });
    b = await startPlatform({
      code: "CRVB",
      rpcUrl: chainB.rpcUrl,
      keys: keysB,
      trusted: [{ platform: "CRVA", jwk: keysA.publicJwk }],
      peers: peersB,
    });
    // A platform that takes the request and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    Object.assign(peersA, {
      CRVB: b.url,
      CRVC: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
    });
    Object.assign(peersB, { CRVA: a.url });
  });

  after(async () => {
    silent?.closeAllConnections();
    silent?.close();
    await a?.stop();
    await b?.stop();
    await Promise.all([chainA?.stop(), chainB?.stop()]);
  });

  /** A bill issued on A by its carrier (SMDG "HMM") to A's exporter, its document in A's gateway. */
  async function issueOnA(reference: string): Promise<bigint> {
    const td = pintTransportDocument(reference);
    const struct = billIssueStruct({
      blNumber: reference,
      shipper: a.world.exporter.address,
      consignee: "to order",
      notifyParty: "none",
      vesselImo: 9074729,
      voyageNumber: "402E",
      portOfLoading: "DKAAR",
      portOfDischarge: "DEBRV",
      shippedOnBoardAt: Math.floor(Date.parse("2023-12-19T00:00:00Z") / 1000),
      documentHash: transportDocumentHash(td),
    });
    await (await a.world.bill.connect(a.world.carrier).issue(struct)).wait();
    const billId = billIdOf(a.world.carrier.address, reference);
    a.store.rememberBill(billId, { transportDocument: td, transferChain: [] });
    return billId;
  }

  async function requestExport(
    platform: Platform,
    holder: Role,
    billId: bigint,
    to: Platform,
    recipient: Role,
  ) {
    await (
      await platform.world.bill
        .connect(platform.world[holder])
        .requestExport(billId, platformBytes4(to.code), partyKey(memberCode(to.code, recipient)))
    ).wait();
    await platform.sender.prepareExport(billId, to.party(recipient));
  }

  it("hands one bill A → B → A: continuous title chain, one platform in control at a time, replay answered DUPE", async () => {
    const reference = freshReference("AB");
    const billA = await issueOnA(reference);

    // A → B: A's exporter endorses the bill to B's importer.
    await requestExport(a, "exporter", billA, b, "importer");
    await expect(
      a.world.bill.connect(a.world.exporter).endorse(billA, a.world.importer.address),
    ).to.be.revertedWithCustomError(a.world.bill, "BillOfLadingUnexpectedStatus");
    expect(await a.sender.attempt(billA), a.store.outbound(billA)?.lastError).to.equal("received");
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.Exported);
    const billB = billIdOf(foreignCarrierAddress("HMM", "SMDG"), reference);
    expect(await b.chain.billStatus(billB)).to.equal(BillStatus.Active);
    expect(await b.world.bill.holderOf(billB)).to.equal(b.world.importer.address);
    const sentByA = a.store.outbound(billA)!;
    expect(await b.chain.importedChainOf(billB)).to.equal(`0x${sentByA.lastEntryChecksum}`);
    expect((await a.chain.exportOf(billA)).envelopeChecksum).to.equal(
      `0x${sentByA.lastEntryChecksum}`,
    );

    // Only B can move it now.
    await expect(a.world.bill.connect(a.world.exporter).endorse(billA, a.world.importer.address))
      .to.be.revertedWithCustomError(a.world.bill, "BillOfLadingUnexpectedStatus")
      .withArgs(billA, BillStatus.Exported, BillStatus.Active);
    const replay = await call(`${b.url}/v3/envelopes`, "POST", sentByA.envelope);
    expect(answerOf(replay.body).responseCode).to.equal("DUPE");
    await (
      await b.world.bill.connect(b.world.importer).endorse(billB, b.world.issuingBank.address)
    ).wait();

    // B → A: B's bank endorses it to A's advising bank; the bill comes back to life on A.
    await requestExport(b, "issuingBank", billB, a, "advisingBank");
    expect(await b.sender.attempt(billB), b.store.outbound(billB)?.lastError).to.equal("received");
    expect(await b.chain.billStatus(billB)).to.equal(BillStatus.Exported);
    await expect(
      b.world.bill.connect(b.world.issuingBank).endorse(billB, b.world.importer.address),
    ).to.be.revertedWithCustomError(b.world.bill, "BillOfLadingUnexpectedStatus");
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.Active);
    expect(await a.world.bill.holderOf(billA)).to.equal(a.world.advisingBank.address);
    const stepsA = await readVerifiedTitleChain(a.world.bill, billA);
    expect(stepsA.map((s) => [s.party, TitleEventKind[s.kind]])).to.deep.equal([
      [a.world.exporter.address, TitleEventKind.Issued],
      [a.world.exporter.address, TitleEventKind.Exported],
      [a.world.advisingBank.address, TitleEventKind.Imported],
    ]);

    // The transfer chain across both platforms: each entry follows the previous one, and every
    // transaction's actor is the previous transaction's recipient — no gap, no fork.
    const chain = b.store.outbound(billB)!.envelope.envelopeTransferChain;
    expect(chain).to.have.length(2);
    const entries = chain.map((jws) => unverifiedPayload(jws) as TransferChainEntry);
    expect(entries.map((e) => e.eblPlatform)).to.deep.equal(["CRVA", "CRVB"]);
    expect(entries[1]!.previousEnvelopeTransferChainEntrySignedContentChecksum).to.equal(
      jwsChecksum(chain[0]!),
    );
    const transactions = entries.flatMap((e) => e.transactions);
    expect(transactions.map((t) => t.actionCode)).to.deep.equal([
      "ISSUE",
      "ENDORSE",
      "ENDORSE",
      "ENDORSE",
    ]);
    expect(transactions.map((t) => t.recipient!.partyName)).to.deep.equal([
      "exporter of CRVA",
      "importer of CRVB",
      "issuingBank of CRVB",
      "advisingBank of CRVA",
    ]);
    for (let i = 1; i < transactions.length; i++) {
      expect(transactions[i]!.actor.partyName).to.equal(transactions[i - 1]!.recipient!.partyName);
    }
    expect(await a.chain.importedChainOf(billA)).to.equal(`0x${jwsChecksum(chain[1]!)}`);

    // And A can move it again.
    await (
      await a.world.bill.connect(a.world.advisingBank).endorse(billA, a.world.importer.address)
    ).wait();
  });

  it("leaves title where it was when the receiver never answers: retried, then abandoned visibly", async () => {
    const billA = await issueOnA(freshReference("NA"));
    await (
      await a.world.bill
        .connect(a.world.exporter)
        .requestExport(billA, platformBytes4("CRVC"), partyKey(memberCode("CRVC", "importer")))
    ).wait();
    await a.sender.prepareExport(billA, {
      partyName: "importer of CRVC",
      eblPlatform: "CRVC",
      identifyingCodes: [memberCode("CRVC", "importer")],
    });
    expect(await a.sender.attempt(billA)).to.equal("sending");
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.ExportPending);
    expect(a.store.outbound(billA)!.lastError).to.match(/no answer/);
    const abandoned = a.world.bill.filters.BillExportAbandoned(billA);
    expect(await a.sender.attempt(billA)).to.equal("abandoned");
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.Active);
    expect(await a.world.bill.holderOf(billA)).to.equal(a.world.exporter.address);
    const [event] = await a.world.bill.queryFilter(abandoned);
    expect(event!.args.reason).to.match(/no signed answer after 2 attempts/);
  });

  it("abandons when the receiver refuses (BENV): the holder can move the bill again", async () => {
    const billA = await issueOnA(freshReference("RF"));
    await (
      await a.world.bill
        .connect(a.world.exporter)
        .requestExport(billA, platformBytes4("CRVB"), partyKey(memberCode("CRVB", "nobody")))
    ).wait();
    await a.sender.prepareExport(billA, {
      partyName: "nobody",
      eblPlatform: "CRVB",
      identifyingCodes: [memberCode("CRVB", "nobody")],
    });
    expect(await a.sender.attempt(billA)).to.equal("abandoned");
    expect(a.store.outbound(billA)!.lastError).to.match(/answered BENV/);
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.Active);
    await (
      await a.world.bill.connect(a.world.exporter).endorse(billA, a.world.importer.address)
    ).wait();
  });

  it("resumes a transfer after the sending gateway restarts while the receiver is down", async () => {
    const reference = freshReference("RS");
    const billA = await issueOnA(reference);
    await requestExport(a, "exporter", billA, b, "importer");
    b.server.closeAllConnections();
    await new Promise((resolve) => b.server.close(resolve));
    expect(await a.sender.attempt(billA)).to.equal("sending");

    await a.restartGateway();
    await b.restartGateway();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await a.sender.runDue();
    expect(a.store.outbound(billA)!.state).to.equal("received");
    expect(await a.chain.billStatus(billA)).to.equal(BillStatus.Exported);
    expect(
      await b.chain.billStatus(billIdOf(foreignCarrierAddress("HMM", "SMDG"), reference)),
    ).to.equal(BillStatus.Active);
  });
});

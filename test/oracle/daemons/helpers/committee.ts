/**
 * Builds an in-process committee for consensus tests: N members with their own keys, their own
 * SQLite stores (real `node:sqlite` databases) and followers, connected by a transport that calls
 * the other members' followers directly, and that can take members "down".
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DatabaseSync } from "node:sqlite";
import type { Address, Hex } from "viem";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import type { CommitteeMember } from "../../../../oracle/config/schema.ts";
import { Secret } from "../../../../oracle/config/secrets.ts";
import type { ReportDomain } from "../../../../oracle/chain/report.ts";
import type { ChainSnapshot } from "../../../../oracle/chain/snapshot.ts";
import { Committee } from "../../../../oracle/consensus/committee.ts";
import { Follower } from "../../../../oracle/consensus/follower.ts";
import { Proposer } from "../../../../oracle/consensus/leader.ts";
import type {
  ObserveRequest,
  ObserveResponse,
  SignRequest,
  SignResponse,
} from "../../../../oracle/consensus/messages.ts";
import { PeerError, type PeerTransport } from "../../../../oracle/consensus/peerClient.ts";
import {
  sourceDocHashOf,
  type CustomsEventRecord,
  type CustomsEventType,
} from "../../../../oracle/events/customsEvent.ts";
import { createLogger } from "../../../../oracle/observability/logger.ts";
import { openDatabase } from "../../../../oracle/store/database.ts";
import { CustomsEventInbox } from "../../../../oracle/queue/inbox.ts";
import { Outbox } from "../../../../oracle/queue/outbox.ts";
import { SignatureStore } from "../../../../oracle/store/signatures.ts";

export const TEST_DOMAIN: ReportDomain = {
  chainId: 31337,
  verifyingContract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
};

/** A canonical event with its raw message, as the ingest API would have accepted it. */
export function makeEvent(
  n: number,
  options: { eventType?: CustomsEventType; occurredAt?: number; shipment?: string } = {},
): { raw: { body: string; contentType: string; receivedVia: string }; event: CustomsEventRecord } {
  const shipmentRef = options.shipment ?? `MAEU${String(100_000 + (n % 977)).padStart(9, "0")}`;
  const body = JSON.stringify({ test: "consensus", n, shipmentRef });
  const event: CustomsEventRecord = {
    sourceMessageId: `msg-${n}`,
    source: "canonical",
    carrier: "0x00000000000000000000000000000000000a11ce",
    shipmentRef,
    eventType: options.eventType ?? "Released",
    location: "NLRTM",
    occurredAt: options.occurredAt ?? 1_750_000_000 + n,
    sourceDocHash: sourceDocHashOf(body),
  };
  return { raw: { body, contentType: "application/json", receivedVia: "test" }, event };
}

export interface TestMember {
  member: CommitteeMember;
  key: Secret<Hex>;
  db: DatabaseSync;
  dbPath: string;
  inbox: CustomsEventInbox;
  signatures: SignatureStore;
  outbox: Outbox;
  follower: Follower;
  proposer: Proposer;
}

export class InProcessTransport implements PeerTransport {
  readonly followers = new Map<string, Follower>();
  readonly down = new Set<string>();

  observe(member: CommitteeMember, request: ObserveRequest): Promise<ObserveResponse> {
    if (this.down.has(member.id)) return Promise.reject(new PeerError(member.id, "down"));
    return Promise.resolve(this.followers.get(member.id)!.observe(request));
  }

  sign(member: CommitteeMember, request: SignRequest): Promise<SignResponse> {
    if (this.down.has(member.id)) return Promise.reject(new PeerError(member.id, "down"));
    return this.followers.get(member.id)!.sign(request);
  }
}

export interface TestCommittee {
  committee: Committee;
  members: TestMember[];
  transport: InProcessTransport;
  chain: ChainSnapshot;
  /** Every member accepts these events into its own inbox. */
  observeAll(events: ReturnType<typeof makeEvent>[], except?: number[]): void;
  close(): void;
}

export function makeCommittee(
  size: number,
  threshold: number,
  options: {
    signHedgeMs?: number;
    maxBatchSize?: number;
    lockedReportPatienceMs?: number;
    emptyObserveIntervalMs?: number;
    /** Receives the leaders' log lines (JSON), e.g. to count warnings. */
    log?: (line: string) => void;
  } = {},
): TestCommittee {
  const dir = mkdtempSync(path.join(tmpdir(), "caravel-consensus-"));
  const keys = Array.from({ length: size }, () => generatePrivateKey());
  const members: CommitteeMember[] = keys.map((key, i) => ({
    id: `node-${i + 1}`,
    address: privateKeyToAddress(key) as Address,
    url: `http://127.0.0.1:${9000 + i}`,
  }));
  const committee = new Committee(members, threshold, 2_000);
  const transport = new InProcessTransport();
  const chain: ChainSnapshot = {
    epoch: 1,
    lastSequence: 0n,
    headBlock: 1n,
    observedAtMs: 0,
    headReadAtMs: 0,
  };
  const logger =
    options.log === undefined
      ? createLogger({ name: "test", level: "silent" })
      : createLogger({ name: "test", level: "info", write: options.log });
  const built = members.map((member, i): TestMember => {
    const dbPath = path.join(dir, `${member.id}.sqlite`);
    const db = openDatabase(dbPath, { synchronous: "NORMAL" });
    const inbox = new CustomsEventInbox(db);
    const signatures = new SignatureStore(db);
    const outbox = new Outbox(db);
    const key = new Secret(keys[i]!);
    const follower = new Follower({
      selfId: member.id,
      committee,
      domain: TEST_DOMAIN,
      inbox,
      signatures,
      signerKey: key,
      chain: () => chain,
      maxSequencesAhead: 4,
      maxExtraEvents: 100,
    });
    transport.followers.set(member.id, follower);
    const proposer = new Proposer({
      self: member,
      committee,
      domain: TEST_DOMAIN,
      follower,
      peers: transport,
      inbox,
      signatures,
      outbox,
      signerKey: key,
      maxBatchSize: options.maxBatchSize ?? 50,
      isApplied: () => false,
      reproposalHoldMs: 0,
      observeGraceMs: 25,
      signHedgeMs: options.signHedgeMs ?? 0,
      lockedReportPatienceMs: options.lockedReportPatienceMs ?? 60_000,
      ...(options.emptyObserveIntervalMs === undefined
        ? {}
        : { emptyObserveIntervalMs: options.emptyObserveIntervalMs }),
      logger: logger.child({ node: member.id }),
    });
    return { member, key, db, dbPath, inbox, signatures, outbox, follower, proposer };
  });
  return {
    committee,
    members: built,
    transport,
    chain,
    observeAll(events, except = []) {
      built.forEach((m, i) => {
        if (except.includes(i)) return;
        for (const e of events) m.inbox.accept(e.raw, e.event);
      });
    },
    close() {
      for (const m of built) if (m.db.isOpen) m.db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

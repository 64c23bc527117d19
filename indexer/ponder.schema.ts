/**
 * The indexer's tables. `chain_log` holds every log of every Caravel contract, raw (topics and
 * data, so a reader decodes it with the same ABI as a log read from the chain) and decoded
 * (name and arguments as JSON), with its block time and the account that sent its
 * transaction: any event a contract gains is kept without a change here. The other tables are
 * projections answering the questions operators ask — trades by party, status and date; a
 * bill's holder and status; a shipment's customs and transport events; the oracle's reports
 * and committees. A new projection (the supply-chain-finance vouchers, say: by slot, holder
 * and maturity) is one more table here and one more entry in `src/projections.ts`.
 */
import { index, onchainTable } from "ponder";

export const chainLog = onchainTable(
  "chain_log",
  (t) => ({
    /** Ponder's event id: block, transaction and log position. */
    id: t.text().primaryKey(),
    /** The deployment's name for the contract ("LetterOfCredit", "CnyDepositToken"). */
    contract: t.text().notNull(),
    contractName: t.text().notNull(),
    address: t.hex().notNull(),
    name: t.text().notNull(),
    /** The first indexed argument: what the event is about (a credit, a bill, a shipment). */
    subject: t.hex(),
    topics: t.json().$type<string[]>().notNull(),
    data: t.hex().notNull(),
    /** The decoded arguments, integers as decimal strings. */
    args: t.json().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    sender: t.hex().notNull(),
    /** Block time, unix seconds. */
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({
    bySubject: index().on(table.address, table.subject),
    byName: index().on(table.address, table.name),
    byBlock: index().on(table.blockNumber, table.logIndex),
  }),
);

/** A letter of credit: its parties, status and dates (the trade it finances). */
export const credit = onchainTable(
  "credit",
  (t) => ({
    lcId: t.bigint().primaryKey(),
    applicant: t.hex().notNull(),
    beneficiary: t.hex().notNull(),
    issuingBank: t.hex().notNull(),
    advisingBank: t.hex(),
    /** `ILetterOfCredit.Status` by name, as the contract reported it after the credit's last event. */
    status: t.text().notNull(),
    appliedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
    eventCount: t.integer().notNull(),
  }),
  (table) => ({
    byApplicant: index().on(table.applicant),
    byBeneficiary: index().on(table.beneficiary),
    byIssuingBank: index().on(table.issuingBank),
    byStatus: index().on(table.status, table.appliedAt),
    byDate: index().on(table.appliedAt),
  }),
);

/** A bill of lading: number, carrier, holder, status and the shipment it covers. */
export const bill = onchainTable(
  "bill",
  (t) => ({
    billId: t.bigint().primaryKey(),
    blNumber: t.text().notNull(),
    carrier: t.hex().notNull(),
    holder: t.hex().notNull(),
    status: t.text().notNull(),
    shipmentRef: t.hex().notNull(),
    issuedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    byNumber: index().on(table.blNumber),
    byHolder: index().on(table.holder),
    byShipment: index().on(table.shipmentRef),
  }),
);

/** A customs or transport event the oracle recorded for a shipment, and what it did. */
export const shipmentEvent = onchainTable(
  "shipment_event",
  (t) => ({
    id: t.text().primaryKey(),
    shipmentRef: t.hex().notNull(),
    outcome: t.text().notNull(),
    /** `CustomsEventType` by name. */
    eventType: t.text().notNull(),
    occurredAt: t.bigint().notNull(),
    /** For an out-of-order or refused event: the status the shipment kept. */
    keptStatus: t.text(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ byShipment: index().on(table.shipmentRef, table.blockNumber) }),
);

/** A shipment's current customs status, as the oracle's last status change set it. */
export const shipment = onchainTable("shipment", (t) => ({
  shipmentRef: t.hex().primaryKey(),
  status: t.text().notNull(),
  updatedAt: t.bigint().notNull(),
  eventCount: t.integer().notNull(),
}));

/** A customs report the oracle accepted. */
export const oracleReport = onchainTable(
  "oracle_report",
  (t) => ({
    id: t.text().primaryKey(),
    epoch: t.bigint().notNull(),
    sequence: t.bigint().notNull(),
    digest: t.hex().notNull(),
    /** Bit i set: committee member i signed. */
    signers: t.text().notNull(),
    eventCount: t.bigint().notNull(),
    submitter: t.hex().notNull(),
    acceptedAt: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ byTime: index().on(table.acceptedAt) }),
);

/** The oracle committee of each epoch. */
export const committee = onchainTable("committee", (t) => ({
  epoch: t.bigint().primaryKey(),
  members: t.json().$type<string[]>().notNull(),
  threshold: t.integer().notNull(),
  since: t.bigint().notNull(),
}));

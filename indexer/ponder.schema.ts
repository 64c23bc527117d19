/**
 * The indexer's tables. `chain_log` holds every log of every Caravel contract, raw (topics and
 * data, so a reader decodes it with the same ABI as a log read from the chain) and decoded
 * (name and arguments as JSON), with its block time and the account that sent its
 * transaction: any event a contract gains is kept without a change here. The other tables are
 * projections answering the questions operators ask — trades by party, status and date; a
 * bill's holder and status; a shipment's customs and transport events; the oracle's reports
 * and committees; supply-chain-finance payables and their vouchers by slot, holder and maturity.
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

/**
 * A supply-chain-finance payable (one ERC-3525 slot of `PayableVoucher`): its parties, amount,
 * funding, maturity, status and the registry invoices it pays. Amounts, funding and status are
 * read from the contract at the block of the payable's last event; the status is therefore the
 * status after that event (a payable that becomes Due or Overdue by the clock alone shows its
 * last status until its next event, as a credit does).
 */
export const payable = onchainTable(
  "payable",
  (t) => ({
    payableId: t.bigint().primaryKey(),
    obligor: t.hex().notNull(),
    supplier: t.hex().notNull(),
    token: t.hex().notNull(),
    /** The settlement token's symbol and decimals, read once when the payable is confirmed. */
    currency: t.text().notNull(),
    decimals: t.integer().notNull(),
    amount: t.bigint().notNull(),
    funded: t.bigint().notNull(),
    redeemed: t.bigint().notNull(),
    /** Unix seconds. */
    maturity: t.bigint().notNull(),
    /** `IPayableVoucher.PayableStatus` by name. */
    status: t.text().notNull(),
    /** The registry's invoice ids it pays, in the confirmation's order. */
    invoiceIds: t.json().$type<string[]>().notNull(),
    rootVoucher: t.bigint().notNull(),
    confirmedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    byObligor: index().on(table.obligor),
    bySupplier: index().on(table.supplier),
    byMaturity: index().on(table.maturity),
  }),
);

/**
 * A voucher: a part of one payable held by one member. Holder, value (what it is still worth
 * at maturity, not yet redeemed) and parent are the contract's `voucher(id)` at the block of
 * the voucher's last event; `redeemed` adds up its `VoucherRedeemed` events (the contract keeps
 * no per-voucher total), so value + redeemed is what the voucher held when it began to be paid.
 */
export const voucher = onchainTable(
  "voucher",
  (t) => ({
    voucherId: t.bigint().primaryKey(),
    payableId: t.bigint().notNull(),
    holder: t.hex().notNull(),
    value: t.bigint().notNull(),
    redeemed: t.bigint().notNull(),
    /** The voucher it was split from; 0 for the payable's first voucher. */
    parent: t.bigint().notNull(),
    /** The payable's maturity, unix seconds (kept here so a holder's vouchers query by it). */
    maturity: t.bigint().notNull(),
    issuedAt: t.bigint().notNull(),
    updatedAt: t.bigint().notNull(),
  }),
  (table) => ({
    byPayable: index().on(table.payableId, table.voucherId),
    byHolder: index().on(table.holder, table.maturity),
    byMaturity: index().on(table.maturity),
  }),
);

/**
 * The indexer's HTTP API (Hono, served by Ponder beside its own /graphql, /sql, /status and
 * /ready): JSON answers for the operator tasks and the web console. Integers are decimal
 * strings. Query parameters are validated here, at the edge; a bad one gets a 400 naming it.
 */
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import { and, asc, desc, eq, gte, inArray, lte, or, sql } from "ponder";
import { client, graphql } from "ponder";

import { db } from "ponder:api";
import schema, {
  bill,
  chainLog,
  committee,
  credit,
  oracleReport,
  payable,
  shipment,
  shipmentEvent,
  voucher,
} from "ponder:schema";

const app = new Hono();
app.use("*", cors());
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

class BadQuery extends Error {}

function reply(c: Context, value: unknown, status: 200 | 404 = 200) {
  return c.body(
    JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    status,
    { "content-type": "application/json; charset=utf-8" },
  );
}

app.onError((error, c) => {
  if (error instanceof BadQuery) return c.json({ error: error.message }, 400);
  throw error;
});

function hexParam(c: Context, name: string, length?: number): `0x${string}` | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === "") return undefined;
  const pattern =
    length === undefined ? /^0x[0-9a-fA-F]*$/ : new RegExp(`^0x[0-9a-fA-F]{${length}}$`);
  if (!pattern.test(value)) {
    throw new BadQuery(`${name}: "${value}" is not 0x + ${length ?? "some"} hex digits`);
  }
  return value.toLowerCase() as `0x${string}`;
}

function integerParam(c: Context, name: string, fallback?: bigint): bigint | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === "") return fallback;
  if (!/^[0-9]{1,30}$/.test(value)) throw new BadQuery(`${name}: "${value}" is not a whole number`);
  return BigInt(value);
}

function pathInteger(c: Context, name: string): bigint {
  const value = c.req.param(name) ?? "";
  if (!/^[0-9]{1,80}$/.test(value)) throw new BadQuery(`${name}: "${value}" is not a whole number`);
  return BigInt(value);
}

/**
 * Logs of one contract, oldest first, as `eth_getLogs` would give them plus block time and
 * sender: `address` (required), `subject` (the first indexed argument, 32-byte hex), `name`
 * (event names, comma-separated), `fromBlock`, `toBlock`.
 */
app.get("/caravel/logs", async (c) => {
  const address = hexParam(c, "address", 40);
  if (address === undefined) throw new BadQuery("address: required (0x + 40 hex digits)");
  const subject = hexParam(c, "subject", 64);
  const names = (c.req.query("name") ?? "").split(",").filter((n) => n !== "");
  const fromBlock = integerParam(c, "fromBlock");
  const toBlock = integerParam(c, "toBlock");
  const rows = await db
    .select()
    .from(chainLog)
    .where(
      and(
        eq(chainLog.address, address),
        subject === undefined ? undefined : eq(chainLog.subject, subject),
        names.length === 0 ? undefined : inArray(chainLog.name, names),
        fromBlock === undefined ? undefined : gte(chainLog.blockNumber, fromBlock),
        toBlock === undefined ? undefined : lte(chainLog.blockNumber, toBlock),
      ),
    )
    .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
  return reply(c, { logs: rows });
});

/**
 * Trades (letters of credit), newest first: `party` (any of applicant, beneficiary, issuing or
 * advising bank), `status`, `from`/`to` (application time, unix seconds), `limit`, `offset`.
 */
app.get("/caravel/trades", async (c) => {
  const party = hexParam(c, "party", 40);
  const status = c.req.query("status");
  if (status !== undefined && !/^[A-Za-z]{1,20}$/.test(status)) {
    throw new BadQuery(`status: "${status}" is not a status name`);
  }
  const from = integerParam(c, "from");
  const to = integerParam(c, "to");
  const limit = integerParam(c, "limit", 50n)!;
  if (limit > 500n) throw new BadQuery("limit: at most 500");
  const offset = integerParam(c, "offset", 0n)!;
  const where = and(
    party === undefined
      ? undefined
      : or(
          eq(credit.applicant, party),
          eq(credit.beneficiary, party),
          eq(credit.issuingBank, party),
          eq(credit.advisingBank, party),
        ),
    status === undefined || status === "" ? undefined : eq(credit.status, status),
    from === undefined ? undefined : gte(credit.appliedAt, from),
    to === undefined ? undefined : lte(credit.appliedAt, to),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(credit)
      .where(where)
      .orderBy(desc(credit.appliedAt), desc(credit.lcId))
      .limit(Number(limit))
      .offset(Number(offset)),
    db
      .select({ count: sql<number>`count(*)` })
      .from(credit)
      .where(where),
  ]);
  return reply(c, { total: Number(total?.count ?? 0), trades: rows });
});

/** One credit and every log of its contract about it. */
app.get("/caravel/trades/:lcId", async (c) => {
  const lcId = pathInteger(c, "lcId");
  const [row] = await db.select().from(credit).where(eq(credit.lcId, lcId));
  if (row === undefined) return reply(c, { error: `no credit ${lcId}` }, 404);
  const subject = `0x${lcId.toString(16).padStart(64, "0")}` as const;
  const logs = await db
    .select()
    .from(chainLog)
    .where(and(eq(chainLog.contractName, "LetterOfCredit"), eq(chainLog.subject, subject)))
    .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
  return reply(c, { credit: row, logs });
});

/** Bills: by `number` (B/L number), `holder` or `shipmentRef`. */
app.get("/caravel/bills", async (c) => {
  const number = c.req.query("number");
  const holder = hexParam(c, "holder", 40);
  const shipmentRef = hexParam(c, "shipmentRef", 64);
  const rows = await db
    .select()
    .from(bill)
    .where(
      and(
        number === undefined || number === "" ? undefined : eq(bill.blNumber, number),
        holder === undefined ? undefined : eq(bill.holder, holder),
        shipmentRef === undefined ? undefined : eq(bill.shipmentRef, shipmentRef),
      ),
    )
    .orderBy(desc(bill.issuedAt))
    .limit(200);
  return reply(c, { bills: rows });
});

/** One bill and its title chain: every log of its contract about it. */
app.get("/caravel/bills/:billId", async (c) => {
  const billId = pathInteger(c, "billId");
  const [row] = await db.select().from(bill).where(eq(bill.billId, billId));
  if (row === undefined) return reply(c, { error: `no bill ${billId}` }, 404);
  const subject = `0x${billId.toString(16).padStart(64, "0")}` as const;
  const logs = await db
    .select()
    .from(chainLog)
    .where(and(eq(chainLog.contractName, "BillOfLading"), eq(chainLog.subject, subject)))
    .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
  return reply(c, { bill: row, logs });
});

/** A shipment's status and its customs and transport events, in chain order. */
app.get("/caravel/shipments/:ref", async (c) => {
  const ref = c.req.param("ref");
  if (!/^0x[0-9a-fA-F]{64}$/.test(ref))
    throw new BadQuery(`ref: "${ref}" is not 0x + 64 hex digits`);
  const shipmentRef = ref.toLowerCase() as `0x${string}`;
  const [[row], events, bills] = await Promise.all([
    db.select().from(shipment).where(eq(shipment.shipmentRef, shipmentRef)),
    db
      .select()
      .from(shipmentEvent)
      .where(eq(shipmentEvent.shipmentRef, shipmentRef))
      .orderBy(asc(shipmentEvent.blockNumber), asc(shipmentEvent.logIndex)),
    db.select().from(bill).where(eq(bill.shipmentRef, shipmentRef)),
  ]);
  return reply(c, { shipment: row ?? null, events, bills });
});

/** The last `last` (default 20) customs reports, newest first, with the committees. */
app.get("/caravel/reports", async (c) => {
  const last = integerParam(c, "last", 20n)!;
  if (last > 1000n) throw new BadQuery("last: at most 1000");
  const [reports, committees] = await Promise.all([
    db
      .select()
      .from(oracleReport)
      .orderBy(desc(oracleReport.blockNumber), desc(oracleReport.sequence))
      .limit(Number(last)),
    db.select().from(committee).orderBy(asc(committee.epoch)),
  ]);
  return reply(c, { reports, committees });
});

/** Reports accepted per minute over the last `minutes` (default 30) of block time. */
app.get("/caravel/reports/per-minute", async (c) => {
  const minutes = integerParam(c, "minutes", 30n)!;
  const rows = await db
    .select({
      minute: sql<string>`floor(${oracleReport.acceptedAt} / 60) * 60`,
      reports: sql<number>`count(*)`,
      events: sql<string>`sum(${oracleReport.eventCount})`,
    })
    .from(oracleReport)
    .groupBy(sql`floor(${oracleReport.acceptedAt} / 60) * 60`)
    .orderBy(desc(sql`floor(${oracleReport.acceptedAt} / 60) * 60`))
    .limit(Number(minutes));
  return reply(c, { minutes: rows.reverse() });
});

/**
 * Invoices by identity fingerprint (`identity`, 32-byte hex: the keyed fingerprint of seller,
 * buyer and number, computed by whoever holds the key — the indexer never sees an invoice in
 * clear), each with every log of the registry about it and the payables it backs.
 */
app.get("/caravel/invoices", async (c) => {
  const identity = hexParam(c, "identity", 64);
  if (identity === undefined) throw new BadQuery("identity: required (0x + 64 hex digits)");
  const registered = await db
    .select()
    .from(chainLog)
    .where(
      and(
        eq(chainLog.contractName, "InvoiceRegistry"),
        eq(chainLog.name, "InvoiceRegistered"),
        sql`lower(${chainLog.args}->>'identityFingerprint') = ${identity}`,
      ),
    )
    .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
  const invoices = [];
  for (const row of registered) {
    const logs = await db
      .select()
      .from(chainLog)
      .where(and(eq(chainLog.address, row.address), eq(chainLog.subject, row.subject!)))
      .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
    // The payables this invoice backs (a payable names its invoices by registry id).
    const backs = await db
      .select({ payableId: payable.payableId })
      .from(payable)
      .where(sql`${payable.invoiceIds}::jsonb @> ${JSON.stringify([row.subject])}::jsonb`)
      .orderBy(asc(payable.payableId));
    invoices.push({ invoiceId: row.subject, logs, payables: backs.map((b) => b.payableId) });
  }
  return reply(c, { invoices });
});

/**
 * Supply-chain-finance payables, newest first: `party` (obligor or supplier), `status`,
 * `limit`, `offset`.
 */
app.get("/caravel/payables", async (c) => {
  const party = hexParam(c, "party", 40);
  const status = c.req.query("status");
  if (status !== undefined && !/^[A-Za-z]{0,20}$/.test(status)) {
    throw new BadQuery(`status: "${status}" is not a status name`);
  }
  const limit = integerParam(c, "limit", 50n)!;
  if (limit > 500n) throw new BadQuery("limit: at most 500");
  const offset = integerParam(c, "offset", 0n)!;
  const where = and(
    party === undefined ? undefined : or(eq(payable.obligor, party), eq(payable.supplier, party)),
    status === undefined || status === "" ? undefined : eq(payable.status, status),
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(payable)
      .where(where)
      .orderBy(desc(payable.payableId))
      .limit(Number(limit))
      .offset(Number(offset)),
    db
      .select({ count: sql<number>`count(*)` })
      .from(payable)
      .where(where),
  ]);
  return reply(c, { total: Number(total?.count ?? 0), payables: rows });
});

/**
 * One payable with its split tree: every voucher of its slot, oldest first, each naming its
 * parent (0 for the supplier's first voucher).
 */
app.get("/caravel/payables/:payableId", async (c) => {
  const payableId = pathInteger(c, "payableId");
  const [[row], vouchers] = await Promise.all([
    db.select().from(payable).where(eq(payable.payableId, payableId)),
    db
      .select()
      .from(voucher)
      .where(eq(voucher.payableId, payableId))
      .orderBy(asc(voucher.voucherId)),
  ]);
  if (row === undefined) return reply(c, { error: `no payable ${payableId}` }, 404);
  return reply(c, { payable: row, vouchers });
});

/**
 * Vouchers, soonest maturity first: `holder`, `payable`, `maturityFrom`/`maturityTo` (unix
 * seconds, inclusive), `limit`, `offset`.
 */
app.get("/caravel/vouchers", async (c) => {
  const holder = hexParam(c, "holder", 40);
  const payableId = integerParam(c, "payable");
  const maturityFrom = integerParam(c, "maturityFrom");
  const maturityTo = integerParam(c, "maturityTo");
  if (maturityFrom !== undefined && maturityTo !== undefined && maturityFrom > maturityTo) {
    throw new BadQuery(`maturityTo: ${maturityTo} is before maturityFrom ${maturityFrom}`);
  }
  const limit = integerParam(c, "limit", 200n)!;
  if (limit > 1000n) throw new BadQuery("limit: at most 1000");
  const offset = integerParam(c, "offset", 0n)!;
  const rows = await db
    .select()
    .from(voucher)
    .where(
      and(
        holder === undefined ? undefined : eq(voucher.holder, holder),
        payableId === undefined ? undefined : eq(voucher.payableId, payableId),
        maturityFrom === undefined ? undefined : gte(voucher.maturity, maturityFrom),
        maturityTo === undefined ? undefined : lte(voucher.maturity, maturityTo),
      ),
    )
    .orderBy(asc(voucher.maturity), asc(voucher.voucherId))
    .limit(Number(limit))
    .offset(Number(offset));
  return reply(c, { vouchers: rows });
});

/** The consortium's members by account, from their onboarding events. */
app.get("/caravel/members", async (c) => {
  const rows = await db
    .select({ args: chainLog.args })
    .from(chainLog)
    .where(
      and(eq(chainLog.contractName, "ConsortiumRegistry"), eq(chainLog.name, "MemberOnboarded")),
    )
    .orderBy(asc(chainLog.blockNumber), asc(chainLog.logIndex));
  const members = rows.map((r) => {
    const args = r.args as { account: string; name: string };
    return { account: args.account.toLowerCase(), name: args.name };
  });
  return reply(c, { members });
});

export default app;

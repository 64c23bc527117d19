/**
 * Search by credit number, B/L number or shipment reference, and the trades, newest first,
 * filtered by status (the first page of 50 comes from one indexed query).
 */
import { useState } from "preact/hooks";

import { type ChainLogRow, indexer } from "../api.ts";
import { describeEvent } from "../describe.ts";
import { formatTime, type PartyNamer, shortHex } from "../format.ts";
import { useLive } from "../live.ts";

const STATUSES = [
  "",
  "Applied",
  "Issued",
  "Advised",
  "Presented",
  "Refused",
  "Honoured",
  "Expired",
  "Cancelled",
  "Closed",
];
const PAGE = 50;

type InvoiceAnswer =
  | { invoices: { invoiceId: string; logs: ChainLogRow[]; payables: string[] }[] }
  | { error: string };

/**
 * Invoice search: seller, buyer and invoice number go to the console's own server, which
 * fingerprints them with the consortium's key; only the fingerprint reaches the indexer.
 */
function InvoiceSearch({ name }: { name: PartyNamer }) {
  const [fields, setFields] = useState({ seller: "", buyer: "", number: "" });
  const [answer, setAnswer] = useState<InvoiceAnswer | null>(null);
  async function search(event: Event) {
    event.preventDefault();
    const query = new URLSearchParams(fields).toString();
    const response = await fetch(`/api/invoices?${query}`);
    setAnswer((await response.json()) as InvoiceAnswer);
  }
  const field = (key: keyof typeof fields, label: string) => (
    <div class="row">
      <label for={`invoice-${key}`}>{label}</label>
      <input
        id={`invoice-${key}`}
        value={fields[key]}
        onInput={(e) => setFields({ ...fields, [key]: e.currentTarget.value })}
        autoComplete="off"
      />
    </div>
  );
  return (
    <form onSubmit={(e) => void search(e)} aria-labelledby="invoice-search">
      <h2 id="invoice-search">Invoice (fingerprinted on this machine, never sent in clear)</h2>
      {field("seller", "Seller tax id")}
      {field("buyer", "Buyer tax id")}
      {field("number", "Invoice number")}
      <button type="submit">Find the invoice</button>
      <div role="status">
        {answer !== null && "error" in answer && <p>{answer.error}</p>}
        {answer !== null && "invoices" in answer && answer.invoices.length === 0 && (
          <p>No invoice registered with that seller, buyer and number.</p>
        )}
        {answer !== null &&
          "invoices" in answer &&
          answer.invoices.map((invoice) => (
            <div>
              <p>
                Invoice {shortHex(invoice.invoiceId)}
                {invoice.payables.length > 0 && (
                  <>
                    {" "}
                    (backs{" "}
                    {invoice.payables.map((id) => (
                      <a href={`#/payable/${id}`}>payable {id}</a>
                    ))}
                    )
                  </>
                )}
                :
              </p>
              <ul>
                {invoice.logs.map((l) => (
                  <li>
                    {formatTime(l.timestamp)}: {describeEvent(l, name)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </div>
    </form>
  );
}

export function SearchPage({ block, name }: { block: number | null; name: PartyNamer }) {
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState("");
  const [status, setStatus] = useState("");
  const [offset, setOffset] = useState(0);
  const filter = `limit=${PAGE}&offset=${offset}${status === "" ? "" : `&status=${status}`}`;
  const trades = useLive(() => indexer.trades(filter), filter, [block]);

  async function search(event: Event) {
    event.preventDefault();
    const q = query.trim();
    setMessage("");
    const payable = /^payable\s*#?\s*([0-9]{1,30})$/i.exec(q);
    if (payable !== null) {
      location.hash = `#/payable/${payable[1]}`;
    } else if (/^[0-9]{1,30}$/.test(q)) {
      location.hash = `#/trade/${q}`;
    } else if (/^0x[0-9a-fA-F]{64}$/.test(q)) {
      location.hash = `#/shipment/${q.toLowerCase()}`;
    } else if (/^[A-Za-z0-9-]{1,20}$/.test(q)) {
      const { bills } = await indexer.bills(`number=${encodeURIComponent(q)}`);
      if (bills.length === 1) location.hash = `#/bill/${bills[0]!.billId}`;
      else if (bills.length === 0) setMessage(`No bill of lading numbered ${q}.`);
      else
        setMessage(
          `${bills.length} carriers issued a bill numbered ${q}: ${bills.map((b) => name(b.carrier)).join(", ")}.`,
        );
    } else {
      setMessage(
        'Enter a credit number (digits), a B/L number (up to 20 letters and digits), a shipment reference (0x + 64 hex digits) or a payable ("payable 1").',
      );
    }
  }

  return (
    <>
      <h1>Trades</h1>
      <form role="search" onSubmit={(e) => void search(e)}>
        <label for="q">
          Credit number, B/L number or shipment reference (or a payable: “payable 1”)
        </label>
        <div class="row">
          <input
            id="q"
            name="q"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            autoComplete="off"
          />
          <button type="submit">Search</button>
        </div>
        <p role="status" class="message">
          {message}
        </p>
      </form>
      <InvoiceSearch name={name} />
      <div class="row">
        <label for="status">Status</label>
        <select
          id="status"
          value={status}
          onChange={(e) => {
            setStatus(e.currentTarget.value);
            setOffset(0);
          }}
        >
          {STATUSES.map((s) => (
            <option value={s}>{s === "" ? "any" : s}</option>
          ))}
        </select>
      </div>
      {trades.error !== undefined && (
        <p role="alert">The indexer did not answer: {trades.error.message}</p>
      )}
      {trades.value !== undefined && (
        <>
          <table>
            <caption>
              {trades.value.total} trade{trades.value.total === 1 ? "" : "s"}
              {status === "" ? "" : ` ${status.toLowerCase()}`}
              {trades.value.total > PAGE
                ? `, ${offset + 1}–${Math.min(offset + PAGE, trades.value.total)} shown`
                : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Credit</th>
                <th scope="col">Status</th>
                <th scope="col">Applicant</th>
                <th scope="col">Beneficiary</th>
                <th scope="col">Issuing bank</th>
                <th scope="col">Applied</th>
              </tr>
            </thead>
            <tbody>
              {trades.value.trades.map((t) => (
                <tr>
                  <td>
                    <a href={`#/trade/${t.lcId}`}>Credit {t.lcId}</a>
                  </td>
                  <td>{t.status}</td>
                  <td>{name(t.applicant)}</td>
                  <td>{name(t.beneficiary)}</td>
                  <td>{name(t.issuingBank)}</td>
                  <td>{formatTime(t.appliedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="row">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={offset + PAGE >= trades.value.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Older
            </button>
          </div>
        </>
      )}
    </>
  );
}

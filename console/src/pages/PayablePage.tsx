/**
 * A payable (one voucher slot): its parties, amount, funding and maturity; the task that
 * performs its next step; and its split tree — every voucher with its holder and value — as a
 * graph and as a table a screen reader follows (each row names the voucher it was split from).
 */
import { useEffect, useRef, useState } from "preact/hooks";
import cytoscape from "cytoscape";

import { indexer, NotFound, type PayableRow, type VoucherRow } from "../api.ts";
import { type ConsoleConfig, useConsoleConfig } from "../config.ts";
import { type NextStep as NextStepType, payableNextStep } from "../describe.ts";
import { formatAmount, formatTime, type PartyNamer, shortHex } from "../format.ts";
import { useLive } from "../live.ts";
import { NextSteps } from "./NextSteps.tsx";

/** Vouchers depth-first from the supplier's first, children in the order they were split off. */
export function splitTreeOrder(
  vouchers: readonly VoucherRow[],
): (VoucherRow & { depth: number })[] {
  const children = new Map<string, VoucherRow[]>();
  for (const v of vouchers) children.set(v.parent, [...(children.get(v.parent) ?? []), v]);
  for (const list of children.values())
    list.sort((x, y) => Number(x.voucherId) - Number(y.voucherId));
  const out: (VoucherRow & { depth: number })[] = [];
  const visit = (parent: string, depth: number) => {
    for (const v of children.get(parent) ?? []) {
      out.push({ ...v, depth });
      visit(v.voucherId, depth + 1);
    }
  };
  visit("0", 0);
  return out;
}

function SplitTreeGraph({
  vouchers,
  money,
  name,
}: {
  vouchers: VoucherRow[];
  money: (value: string) => string;
  name: PartyNamer;
}) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (container.current === null) return;
    const elements: cytoscape.ElementDefinition[] = vouchers.map((v) => ({
      data: {
        id: `v${v.voucherId}`,
        label: `#${v.voucherId} ${name(v.holder)}\n${money(v.value)}${v.redeemed === "0" ? "" : ` (paid ${money(v.redeemed)})`}`,
      },
    }));
    for (const v of vouchers) {
      if (v.parent !== "0") {
        elements.push({
          data: { id: `e${v.voucherId}`, source: `v${v.parent}`, target: `v${v.voucherId}` },
        });
      }
    }
    const cy = cytoscape({
      container: container.current,
      elements,
      layout: { name: "breadthfirst", directed: true, spacingFactor: 1.6 },
      userZoomingEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "background-color": "#0b5394",
            color: "#111",
            "font-size": 12,
            "text-wrap": "wrap",
            "text-valign": "center",
            "text-halign": "right",
            "text-margin-x": 8,
          },
        },
        {
          selector: "edge",
          style: {
            width: 2,
            "line-color": "#555",
            "target-arrow-color": "#555",
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
          },
        },
      ],
    });
    return () => cy.destroy();
  }, [vouchers, money, name]);
  return (
    <div
      ref={container}
      class="graph"
      role="img"
      aria-label="The payable's split tree as a graph, each voucher below the one it was split from (the table below says the same)"
    />
  );
}

function NextStep({
  p,
  name,
  config,
}: {
  p: PayableRow;
  name: PartyNamer;
  config: ConsoleConfig | null;
}) {
  return (
    <section aria-labelledby="next">
      <h2 id="next">Next step</h2>
      {config === null ? (
        <p>Loading the member names…</p>
      ) : (
        <NextStepsOrNothing
          p={p}
          steps={payableNextStep(
            p,
            name(p.obligor),
            config.memberName,
            config.network,
            Date.now() / 1000,
          )}
        />
      )}
    </section>
  );
}

function NextStepsOrNothing({ p, steps }: { p: PayableRow; steps: NextStepType[] }) {
  if (steps.length > 0) return <NextSteps steps={steps} />;
  return (
    <p>
      {p.status === "Settled"
        ? "Nothing left to do: every holder was paid."
        : `Nothing to do before maturity (${formatTime(p.maturity)}): holders may split, pass on or discount their vouchers.`}
    </p>
  );
}

export function PayablePage({
  payableId,
  block,
  name,
}: {
  payableId: string;
  block: number | null;
  name: PartyNamer;
}) {
  const loaded = useLive(() => indexer.payable(payableId), payableId, [block]);
  const config = useConsoleConfig();
  if (!/^[0-9]{1,30}$/.test(payableId)) return <h1>"{payableId}" is not a payable number</h1>;
  if (loaded.error instanceof NotFound) return <h1>No payable {payableId}</h1>;
  if (loaded.error !== undefined) return <p role="alert">{loaded.error.message}</p>;
  if (loaded.value === undefined) return <p>Loading payable {payableId}…</p>;
  const { payable: p, vouchers } = loaded.value;
  const money = (value: string) => formatAmount(value, p.decimals, p.currency);
  const tree = splitTreeOrder(vouchers);
  const voucherCaption = `The ${tree.length} vouchers of payable ${p.payableId}, each after the one it was split from`;
  return (
    <>
      <h1>
        Payable {p.payableId}: {p.status}
      </h1>
      <p>
        {name(p.obligor)} owes {name(p.supplier)} {money(p.amount)}, due {formatTime(p.maturity)}{" "}
        (confirmed {formatTime(p.confirmedAt)}). Funded {money(p.funded)}; paid out{" "}
        {money(p.redeemed)}.
      </p>
      <p>
        It pays {p.invoiceIds.length === 1 ? "invoice" : `${p.invoiceIds.length} invoices`}{" "}
        {p.invoiceIds.map((id) => shortHex(id)).join(", ")}.
      </p>
      <NextStep p={p} name={name} config={config} />
      <h2>Split tree</h2>
      <SplitTreeGraph vouchers={vouchers} money={money} name={name} />
      <table>
        <caption>{voucherCaption}</caption>
        <thead>
          <tr>
            <th scope="col">Voucher</th>
            <th scope="col">Split from</th>
            <th scope="col">Holder</th>
            <th scope="col">Holds</th>
            <th scope="col">Paid out</th>
            <th scope="col">Matures</th>
          </tr>
        </thead>
        <tbody>
          {tree.map((v) => (
            <tr key={v.voucherId}>
              <th scope="row">
                <span class="indent" style={{ paddingLeft: `${v.depth * 1.2}em` }}>
                  #{v.voucherId}
                </span>
              </th>
              <td>{v.parent === "0" ? "the payable (first voucher)" : `#${v.parent}`}</td>
              <td>{name(v.holder)}</td>
              <td class="number">{money(v.value)}</td>
              <td class="number">{money(v.redeemed)}</td>
              <td>{formatTime(v.maturity)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The payables, newest first, and a search by payable number. */
export function PayablesPage({ block, name }: { block: number | null; name: PartyNamer }) {
  const [query, setQuery] = useState("");
  const [message, setMessage] = useState("");
  const list = useLive(() => indexer.payables("limit=50"), "payables", [block]);
  function search(event: Event) {
    event.preventDefault();
    const q = query.trim().replace(/^#/, "");
    if (/^[0-9]{1,30}$/.test(q)) location.hash = `#/payable/${q}`;
    else setMessage(`"${query}" is not a payable number: enter its digits, 1 say.`);
  }
  return (
    <>
      <h1>Payables</h1>
      <form role="search" onSubmit={search}>
        <label for="payable-q">Payable number</label>
        <div class="row">
          <input
            id="payable-q"
            value={query}
            inputMode="numeric"
            autoComplete="off"
            onInput={(e) => setQuery(e.currentTarget.value)}
          />
          <button type="submit">Show the payable</button>
        </div>
        <p role="status">{message}</p>
      </form>
      {list.error !== undefined && <p role="alert">{list.error.message}</p>}
      {list.value !== undefined && (
        <table>
          <caption>{list.value.total} payables, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Payable</th>
              <th scope="col">Status</th>
              <th scope="col">Obligor</th>
              <th scope="col">Supplier</th>
              <th scope="col">Amount</th>
              <th scope="col">Matures</th>
            </tr>
          </thead>
          <tbody>
            {list.value.payables.map((p) => (
              <tr key={p.payableId}>
                <th scope="row">
                  <a href={`#/payable/${p.payableId}`}>Payable {p.payableId}</a>
                </th>
                <td>{p.status}</td>
                <td>{name(p.obligor)}</td>
                <td>{name(p.supplier)}</td>
                <td class="number">{formatAmount(p.amount, p.decimals, p.currency)}</td>
                <td>{formatTime(p.maturity)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

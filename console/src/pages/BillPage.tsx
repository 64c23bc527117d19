/** A bill of lading's title chain: who held it, from when, and how it passed, as a graph and a list. */
import { useEffect, useRef } from "preact/hooks";
import cytoscape from "cytoscape";

import { type ChainLogRow, indexer, NotFound } from "../api.ts";
import { describeEvent } from "../describe.ts";
import { formatTime, type PartyNamer } from "../format.ts";
import { useLive } from "../live.ts";

/** The holder after each title step (who holds the bill once the event happened). */
function holderAfter(log: ChainLogRow): string | null {
  const v = (k: string) => (typeof log.args[k] === "string" ? (log.args[k] as string) : null);
  switch (log.name) {
    case "BillIssued":
      return v("holder");
    case "BillEndorsed":
    case "BillPossessionTransferred":
    case "BillRefused":
      return v("to");
    case "BillPledged":
      return v("pledgee");
    case "BillPledgeReleased":
    case "BillPledgeEnforced":
      return log.name === "BillPledgeReleased" ? v("pledgor") : v("pledgee");
    case "BillSurrenderedForDelivery":
    case "BillSurrenderedForAmendment":
      return v("carrier");
    default:
      return null;
  }
}

function TitleGraph({ logs, name }: { logs: ChainLogRow[]; name: PartyNamer }) {
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (container.current === null) return;
    const holders: string[] = [];
    for (const log of logs) {
      const h = holderAfter(log);
      if (h !== null) holders.push(h.toLowerCase());
    }
    const elements: cytoscape.ElementDefinition[] = holders.map((h, i) => ({
      data: { id: `h${i}`, label: `${i + 1}. ${name(h)}` },
    }));
    for (let i = 1; i < holders.length; i++) {
      elements.push({ data: { id: `e${i}`, source: `h${i - 1}`, target: `h${i}` } });
    }
    const cy = cytoscape({
      container: container.current,
      elements,
      layout: { name: "breadthfirst", directed: true },
      userZoomingEnabled: false,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            "background-color": "#0b5394",
            color: "#111",
            "font-size": 13,
            "text-valign": "bottom",
            "text-margin-y": 4,
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
  }, [logs, name]);
  return (
    <div
      ref={container}
      class="graph"
      role="img"
      aria-label="The bill's holders in order, as a graph (the list below says the same)"
    />
  );
}

export function BillPage({
  billId,
  block,
  name,
}: {
  billId: string;
  block: number | null;
  name: PartyNamer;
}) {
  const bill = useLive(() => indexer.bill(billId), billId, [block]);
  if (bill.error instanceof NotFound) return <h1>No bill {billId}</h1>;
  if (bill.error !== undefined) return <p role="alert">{bill.error.message}</p>;
  if (bill.value === undefined) return <p>Loading the bill…</p>;
  const { bill: b, logs } = bill.value;
  return (
    <>
      <h1>
        B/L {b.blNumber}: {b.status}
      </h1>
      <p>
        Issued by {name(b.carrier)} on {formatTime(b.issuedAt)}; held by {name(b.holder)}.{" "}
        <a href={`#/shipment/${b.shipmentRef}`}>The shipment's customs and transport events</a>
      </p>
      <h2>Title chain</h2>
      <TitleGraph logs={logs} name={name} />
      <ol class="timeline">
        {logs.map((l) => (
          <li class="bill" key={l.id}>
            <time>{formatTime(l.timestamp)}</time>
            <span class="text">{describeEvent(l, name)}</span>
            <span class="party">by {name(l.sender)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

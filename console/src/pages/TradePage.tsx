/**
 * A trade's timeline: the credit's events, the bills presented under it with their title
 * moves, the shipment's customs and transport events, payments and refusals, in chain order;
 * and the task that performs the next step.
 */
import {
  type BillRow,
  type ChainLogRow,
  indexer,
  NotFound,
  type ShipmentEventRow,
} from "../api.ts";
import { useConsoleConfig } from "../config.ts";
import { describeEvent, nextStep } from "../describe.ts";
import { formatTime, type PartyNamer } from "../format.ts";
import { useLive } from "../live.ts";
import { NextSteps } from "./NextSteps.tsx";

interface Entry {
  key: string;
  at: string;
  block: number;
  logIndex: number;
  kind: "credit" | "bill" | "customs";
  party: string;
  text: string;
}

async function loadTrade(lcId: string, name: PartyNamer) {
  const { credit, logs } = await indexer.trade(lcId);
  const billIds = new Set<string>();
  let presentedTo: string | undefined;
  for (const log of logs) {
    if (log.name !== "DocumentsPresented") continue;
    if (typeof log.args["presentedTo"] === "string") presentedTo = log.args["presentedTo"];
    const documents = log.args["documents"] as { billId?: string } | undefined;
    if (documents?.billId !== undefined) billIds.add(documents.billId);
  }
  const bills: { bill: BillRow; logs: ChainLogRow[]; events: ShipmentEventRow[] }[] = [];
  for (const billId of billIds) {
    const { bill, logs: billLogs } = await indexer.bill(billId);
    const { events } = await indexer.shipment(bill.shipmentRef);
    bills.push({ bill, logs: billLogs, events });
  }
  const entry = (kind: Entry["kind"], log: ChainLogRow, text: string): Entry => ({
    key: log.id,
    at: log.timestamp,
    block: Number(log.blockNumber),
    logIndex: log.logIndex,
    kind,
    party: name(log.sender),
    text,
  });
  const entries: Entry[] = [
    ...logs.map((l) => entry("credit", l, describeEvent(l, name))),
    ...bills.flatMap(({ bill, logs: billLogs, events }) => [
      ...billLogs.map((l) => entry("bill", l, `B/L ${bill.blNumber}: ${describeEvent(l, name)}`)),
      ...events.map((e): Entry => ({
        key: e.id,
        at: e.timestamp,
        block: Number(e.blockNumber),
        logIndex: e.logIndex,
        kind: "customs",
        party: "customs oracle",
        text: `shipment ${bill.blNumber}: ${e.eventType}${e.outcome === "status-changed" ? "" : ` (${e.outcome.replace(/-/g, " ")}${e.keptStatus === null ? "" : `, stays ${e.keptStatus}`})`}, occurred ${formatTime(e.occurredAt)}`,
      })),
    ]),
  ];
  entries.sort((x, y) => x.block - y.block || x.logIndex - y.logIndex);
  return { credit, bills: bills.map((b) => b.bill), entries, presentedTo };
}

export function TradePage({
  lcId,
  block,
  name,
}: {
  lcId: string;
  block: number | null;
  name: PartyNamer;
}) {
  const trade = useLive(() => loadTrade(lcId, name), lcId, [block, name]);
  const config = useConsoleConfig();
  if (trade.error instanceof NotFound) return <h1>No credit {lcId}</h1>;
  if (trade.error !== undefined) return <p role="alert">{trade.error.message}</p>;
  if (trade.value === undefined) return <p>Loading credit {lcId}…</p>;
  const { credit, bills, entries, presentedTo } = trade.value;
  const steps =
    config === null
      ? null
      : nextStep({ ...credit, presentedTo }, config.memberName, config.network);
  return (
    <>
      <h1>
        Credit {credit.lcId}: {credit.status}
      </h1>
      <p>
        {name(credit.applicant)} buys from {name(credit.beneficiary)}; issued by{" "}
        {name(credit.issuingBank)}
        {credit.advisingBank === null ? "" : `, advised by ${name(credit.advisingBank)}`}.
      </p>
      {bills.length > 0 && (
        <p>
          Documents:{" "}
          {bills.map((b) => (
            <a href={`#/bill/${b.billId}`}>B/L {b.blNumber}</a>
          ))}{" "}
          (shipment{" "}
          {bills.map((b) => (
            <a href={`#/shipment/${b.shipmentRef}`}>{b.blNumber}</a>
          ))}
          )
        </p>
      )}
      <section aria-labelledby="next">
        <h2 id="next">Next step</h2>
        {steps === null ? (
          <p>Loading the member names…</p>
        ) : steps.length === 0 ? (
          <p>Nothing left to do: the credit is {credit.status.toLowerCase()}.</p>
        ) : (
          <NextSteps steps={steps} />
        )}
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        <ol class="timeline">
          {entries.map((e) => (
            <li class={e.kind} key={e.key}>
              <time>{formatTime(e.at)}</time>
              <span class="kind">{e.kind}</span>
              <span class="text">{e.text}</span>
              <span class="party">by {e.party}</span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

/** A shipment's route and status, from the customs and transport events the oracle recorded. */
import { indexer } from "../api.ts";
import { formatTime, type PartyNamer } from "../format.ts";
import { useLive } from "../live.ts";

const TRANSPORT = new Set(["Loaded", "Departed", "Arrived", "Discharged"]);

export function ShipmentPage({
  shipmentRef,
  block,
  name,
}: {
  shipmentRef: string;
  block: number | null;
  name: PartyNamer;
}) {
  const data = useLive(() => indexer.shipment(shipmentRef), shipmentRef, [block]);
  if (data.error !== undefined) return <p role="alert">{data.error.message}</p>;
  if (data.value === undefined) return <p>Loading the shipment…</p>;
  const { shipment, events, bills } = data.value;
  const label = bills.length > 0 ? `B/L ${bills.map((b) => b.blNumber).join(", ")}` : shipmentRef;
  const route = events.filter((e) => e.outcome === "status-changed" && TRANSPORT.has(e.eventType));
  return (
    <>
      <h1>
        Shipment {label}: {shipment?.status ?? "no event yet"}
      </h1>
      {bills.map((b) => (
        <p>
          <a href={`#/bill/${b.billId}`}>B/L {b.blNumber}</a>, carrier {name(b.carrier)}, held by{" "}
          {name(b.holder)}
        </p>
      ))}
      <h2>Route</h2>
      <ol class="route" aria-label="Transport milestones">
        {["Loaded", "Departed", "Arrived", "Discharged"].map((step) => {
          const done = route.find((e) => e.eventType === step);
          return (
            <li class={done === undefined ? "todo" : "done"}>
              {step}: {done === undefined ? "not yet" : formatTime(done.occurredAt)}
            </li>
          );
        })}
      </ol>
      <h2>Customs and transport events</h2>
      <table>
        <caption>{events.length} events recorded by the customs oracle</caption>
        <thead>
          <tr>
            <th scope="col">Occurred</th>
            <th scope="col">Event</th>
            <th scope="col">What the oracle did</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.occurredAt)}</td>
              <td>{e.eventType}</td>
              <td>
                {e.outcome === "status-changed"
                  ? `status now ${e.eventType}`
                  : `${e.outcome.replace(/-/g, " ")}${e.keptStatus === null ? "" : `; status stays ${e.keptStatus}`}`}
              </td>
              <td>{formatTime(e.timestamp)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

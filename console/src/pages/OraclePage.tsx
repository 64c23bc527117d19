/**
 * The oracle network's health, live: reports per minute (from the indexer), each node up or
 * down with its queue depth, lag and quarantine (from the nodes' /healthz and /metrics, read
 * by the console's server every two seconds), and the queue and lag as charts.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

import { get, indexer, type NodeHealth } from "../api.ts";
import { formatTime, type PartyNamer } from "../format.ts";
import { useLive } from "../live.ts";

const COLOURS = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000"];
/** Samples kept for the live charts (two minutes at one every two seconds). */
const KEEP = 60;

function Chart({
  title,
  data,
  series,
}: {
  title: string;
  data: uPlot.AlignedData;
  series: string[];
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.join("|");
  useEffect(() => {
    if (container.current === null) return;
    plot.current = new uPlot(
      {
        title,
        width: Math.min(720, container.current.clientWidth || 720),
        height: 220,
        series: [
          {},
          ...series.map((label, i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2 })),
        ],
        axes: [{}, { size: 50 }],
      },
      data,
      container.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape]);
  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);
  return (
    <div
      ref={container}
      class="chart"
      role="img"
      aria-label={`${title} (the table gives the current values)`}
    />
  );
}

function nodeName(url: string): string {
  return url.replace(/^https?:\/\//, "");
}

export function OraclePage({ block }: { block: number | null; name: PartyNamer }) {
  const [nodes, setNodes] = useState<NodeHealth[] | null>(null);
  const [history, setHistory] = useState<{ at: number; nodes: NodeHealth[] }[]>([]);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const health = await get<{ at: number; nodes: NodeHealth[] }>("/oracle");
        if (stopped) return;
        setNodes(health.nodes);
        setHistory((h) => [...h.slice(-(KEEP - 1)), health]);
      } catch {
        // The console's server is restarting: try again.
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), 2000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  const perMinute = useLive(() => indexer.perMinute(), "per-minute", [block]);
  const reports = useLive(() => indexer.reports(5), "reports", [block]);

  const urls = nodes?.map((n) => n.url) ?? [];
  const times = history.map((h) => h.at / 1000);
  const seriesOf = (pick: (n: NodeHealth) => number | null) =>
    urls.map((u) => history.map((h) => pick(h.nodes.find((n) => n.url === u)!) ?? null));
  const minutes = perMinute.value?.minutes ?? [];
  const up = nodes?.filter((n) => n.up).length ?? 0;

  return (
    <>
      <h1>Oracle network</h1>
      <p role="status">
        {nodes === null ? "Reading the nodes…" : `${up} of ${nodes.length} nodes up`}
      </p>
      {nodes !== null && (
        <table>
          <caption>Nodes, read every two seconds</caption>
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">State</th>
              <th scope="col">Queue depth</th>
              <th scope="col">Lag (s)</th>
              <th scope="col">Reports confirmed</th>
              <th scope="col">Quarantined</th>
              <th scope="col">Chain head</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={n.url}>
                <th scope="row">{nodeName(n.url)}</th>
                <td class={n.up ? "up" : "down"}>{n.up ? "up" : "down"}</td>
                <td>{n.queueDepth ?? "—"}</td>
                <td>{n.lagSeconds === null ? "—" : n.lagSeconds.toFixed(1)}</td>
                <td>{n.reportsConfirmed ?? "—"}</td>
                <td>{n.quarantined ?? "—"}</td>
                <td>{n.chainHead ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="charts">
        <Chart
          title="Reports accepted per minute (block time)"
          series={["reports"]}
          data={[minutes.map((m) => Number(m.minute)), minutes.map((m) => Number(m.reports))]}
        />
        {urls.length > 0 && (
          <>
            <Chart
              title="Queue depth per node"
              series={urls.map(nodeName)}
              data={[times, ...seriesOf((n) => n.queueDepth)]}
            />
            <Chart
              title="Lag per node (s)"
              series={urls.map(nodeName)}
              data={[times, ...seriesOf((n) => n.lagSeconds)]}
            />
          </>
        )}
      </div>
      <h2>Last reports</h2>
      <ul>
        {(reports.value?.reports ?? []).map((r) => (
          <li key={r.id}>
            Report {r.sequence} (epoch {r.epoch}), {r.eventCount} event(s), accepted{" "}
            {formatTime(r.acceptedAt)}
          </li>
        ))}
      </ul>
    </>
  );
}

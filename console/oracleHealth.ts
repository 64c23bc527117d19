/**
 * The oracle network's health for the console: each node's `/healthz` (up or down) and the
 * few `/metrics` values an operator watches — queue depth, lag, reports confirmed, messages
 * quarantined — parsed from the Prometheus text format.
 */
export interface NodeHealth {
  url: string;
  up: boolean;
  /** What /healthz said, or why it could not be read. */
  detail: string;
  queueDepth: number | null;
  lagSeconds: number | null;
  reportsConfirmed: number | null;
  quarantined: number | null;
  chainHead: number | null;
}

export interface OracleHealth {
  at: number;
  nodes: NodeHealth[];
}

/** The sum of every sample of metric `name` (all label sets), or null if none. */
export function metricValue(text: string, name: string): number | null {
  let total: number | null = null;
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match === null || match[1] !== name) continue;
    const value = Number(match[3]);
    if (Number.isFinite(value)) total = (total ?? 0) + value;
  }
  return total;
}

async function fetchText(url: string): Promise<{ status: number; text: string } | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1500) });
    return { status: response.status, text: await response.text() };
  } catch {
    return null;
  }
}

export async function nodeHealth(url: string): Promise<NodeHealth> {
  const [health, metrics] = await Promise.all([
    fetchText(`${url}/healthz`),
    fetchText(`${url}/metrics`),
  ]);
  const text = metrics?.status === 200 ? metrics.text : "";
  return {
    url,
    up: health?.status === 200,
    detail: health === null ? "no answer" : `${health.status} ${health.text.slice(0, 200)}`,
    queueDepth: metricValue(text, "caravel_oracle_queue_depth"),
    lagSeconds: metricValue(text, "caravel_oracle_lag_seconds"),
    reportsConfirmed: metricValue(text, "caravel_oracle_reports_confirmed_total"),
    quarantined: metricValue(text, "caravel_ingest_quarantined"),
    chainHead: metricValue(text, "caravel_oracle_chain_head_block"),
  };
}

export async function oracleHealth(urls: readonly string[]): Promise<OracleHealth> {
  return { at: Date.now(), nodes: await Promise.all(urls.map(nodeHealth)) };
}

/**
 * A small Prometheus registry: counters, gauges (set directly or computed at scrape time) and
 * histograms, rendered in the text exposition format 0.0.4.
 */

export type Labels = Readonly<Record<string, string>>;

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface MetricOptions {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

export interface GaugeOptions extends MetricOptions {
  /** Computes the value at scrape time (unlabelled gauges only). */
  collect?: () => number;
}

export interface HistogramOptions extends MetricOptions {
  /** Upper bounds, strictly increasing; +Inf is added. Default: 5 ms … 10 s, in seconds. */
  buckets?: readonly number[];
}

export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

abstract class Metric {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  abstract readonly type: "counter" | "gauge" | "histogram";

  constructor(options: MetricOptions) {
    if (!METRIC_NAME.test(options.name)) throw new Error(`invalid metric name "${options.name}"`);
    const labelNames = options.labelNames ?? [];
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith("__") || label === "le") {
        throw new Error(`invalid label name "${label}" on metric ${options.name}`);
      }
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = labelNames;
  }

  /** A canonical key for a label set; throws on missing or unknown labels. */
  protected labelKey(labels: Labels): string {
    const given = Object.keys(labels);
    if (
      given.length !== this.labelNames.length ||
      given.some((l) => !this.labelNames.includes(l))
    ) {
      throw new Error(
        `metric ${this.name} takes labels [${this.labelNames.join(", ")}], got [${given.join(", ")}]`,
      );
    }
    return this.labelNames.map((l) => `${l}="${escapeLabelValue(labels[l]!)}"`).join(",");
  }

  protected header(): string {
    return `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
  }

  abstract render(): string;
}

function sample(name: string, labelKey: string, value: number): string {
  return `${name}${labelKey === "" ? "" : `{${labelKey}}`} ${formatNumber(value)}\n`;
}

export class Counter extends Metric {
  readonly type = "counter";
  readonly #values = new Map<string, number>();

  inc(labels: Labels = {}, by = 1): void {
    if (!(by >= 0)) throw new RangeError(`counter ${this.name} can only increase, got ${by}`);
    const key = this.labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  get(labels: Labels = {}): number {
    return this.#values.get(this.labelKey(labels)) ?? 0;
  }

  render(): string {
    let out = this.header();
    if (this.labelNames.length === 0 && this.#values.size === 0) out += sample(this.name, "", 0);
    for (const [key, value] of this.#values) out += sample(this.name, key, value);
    return out;
  }
}

export class Gauge extends Metric {
  readonly type = "gauge";
  readonly #values = new Map<string, number>();
  readonly #collect: (() => number) | undefined;

  constructor(options: GaugeOptions) {
    super(options);
    if (options.collect !== undefined && this.labelNames.length > 0) {
      throw new Error(`gauge ${this.name}: a collected gauge cannot have labels`);
    }
    this.#collect = options.collect;
  }

  set(value: number, labels: Labels = {}): void {
    this.#values.set(this.labelKey(labels), value);
  }

  inc(labels: Labels = {}, by = 1): void {
    const key = this.labelKey(labels);
    this.#values.set(key, (this.#values.get(key) ?? 0) + by);
  }

  dec(labels: Labels = {}, by = 1): void {
    this.inc(labels, -by);
  }

  get(labels: Labels = {}): number {
    if (this.#collect !== undefined) return this.#collect();
    return this.#values.get(this.labelKey(labels)) ?? 0;
  }

  render(): string {
    let out = this.header();
    if (this.#collect !== undefined) return out + sample(this.name, "", this.#collect());
    if (this.labelNames.length === 0 && this.#values.size === 0) out += sample(this.name, "", 0);
    for (const [key, value] of this.#values) out += sample(this.name, key, value);
    return out;
  }
}

interface HistogramSeries {
  counts: number[];
  sum: number;
  count: number;
}

export class Histogram extends Metric {
  readonly type = "histogram";
  readonly buckets: readonly number[];
  readonly #series = new Map<string, HistogramSeries>();

  constructor(options: HistogramOptions) {
    super(options);
    const buckets = options.buckets ?? DEFAULT_BUCKETS;
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i]! > buckets[i - 1]!)) {
        throw new Error(`histogram ${this.name}: buckets must be strictly increasing`);
      }
    }
    this.buckets = buckets;
  }

  observe(value: number, labels: Labels = {}): void {
    const key = this.labelKey(labels);
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= this.buckets[i]!) series.counts[i]! += 1;
    }
    series.sum += value;
    series.count += 1;
  }

  /** Observation count and sum for a label set. */
  get(labels: Labels = {}): { count: number; sum: number } {
    const series = this.#series.get(this.labelKey(labels));
    return { count: series?.count ?? 0, sum: series?.sum ?? 0 };
  }

  render(): string {
    let out = this.header();
    const all =
      this.labelNames.length === 0 && this.#series.size === 0
        ? new Map([["", { counts: this.buckets.map(() => 0), sum: 0, count: 0 }]])
        : this.#series;
    for (const [key, series] of all) {
      const prefix = key === "" ? "" : `${key},`;
      this.buckets.forEach((bound, i) => {
        out += sample(
          `${this.name}_bucket`,
          `${prefix}le="${formatNumber(bound)}"`,
          series.counts[i]!,
        );
      });
      out += sample(`${this.name}_bucket`, `${prefix}le="+Inf"`, series.count);
      out += sample(`${this.name}_sum`, key, series.sum);
      out += sample(`${this.name}_count`, key, series.count);
    }
    return out;
  }
}

export class MetricsRegistry {
  readonly #metrics = new Map<string, Metric>();

  /** Registers (or returns the already registered) counter `name`. */
  counter(options: MetricOptions): Counter {
    return this.#register(options.name, Counter, () => new Counter(options));
  }

  /** Registers (or returns the already registered) gauge `name`. */
  gauge(options: GaugeOptions): Gauge {
    return this.#register(options.name, Gauge, () => new Gauge(options));
  }

  /** Registers (or returns the already registered) histogram `name`. */
  histogram(options: HistogramOptions): Histogram {
    return this.#register(options.name, Histogram, () => new Histogram(options));
  }

  /** All metrics in the Prometheus text format (serve with PROMETHEUS_CONTENT_TYPE). */
  render(): string {
    let out = "";
    for (const metric of this.#metrics.values()) out += metric.render();
    return out;
  }

  #register<T extends Metric>(
    name: string,
    kind: abstract new (...args: never[]) => T,
    create: () => T,
  ): T {
    const existing = this.#metrics.get(name);
    if (existing !== undefined) {
      if (existing instanceof kind) return existing;
      throw new Error(`metric ${name} is already registered as a ${existing.type}`);
    }
    const metric = create();
    this.#metrics.set(name, metric);
    return metric;
  }
}

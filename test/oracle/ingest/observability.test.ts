import { expect } from "chai";
import { createLogger, isSecretFieldName } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";

function capture(level: "debug" | "info" | "warn" | "error" | "silent" = "info") {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "test",
    level,
    write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>),
    nowMs: () => Date.UTC(2026, 0, 1),
  });
  return { logger, lines };
}

describe("Logger", function () {
  it("writes one JSON object per line with time, level, name and message", function () {
    const { logger, lines } = capture();
    logger.info("started", { port: 8080 });
    expect(lines).to.deep.equal([
      { time: "2026-01-01T00:00:00.000Z", level: "info", name: "test", msg: "started", port: 8080 },
    ]);
  });

  it("never writes secrets, at any depth", function () {
    const { logger, lines } = capture();
    logger.info("config", {
      privateKey: "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      signingKey: "k",
      apiKey: "k",
      key: "k",
      token: "t",
      bearerToken: "t",
      password: "p",
      authorization: "Bearer x",
      nested: { client_secret: "s", list: [{ mnemonic: "m" }] },
      eventKey: "0x01",
    });
    const text = JSON.stringify(lines);
    for (const secret of ["0x59c6995e", '"k"', '"t"', '"p"', "Bearer x", '"s"', '"m"']) {
      expect(text).to.not.include(secret);
    }
    expect(lines[0]!.eventKey).to.equal("0x01");
    expect(isSecretFieldName("eventKey")).to.equal(false);
    expect(isSecretFieldName("privateKey")).to.equal(true);
  });

  it("strips credentials from URLs in messages and values", function () {
    const { logger, lines } = capture();
    logger.warn("rpc https://user:pa55@rpc.example/x down", { url: "wss://a:b@host:8546" });
    expect(JSON.stringify(lines)).to.not.match(/pa55|a:b@/);
    expect(lines[0]!.url).to.equal("wss://[redacted]@host:8546");
  });

  it("drops lines below its level and carries child bindings", function () {
    const { logger, lines } = capture("warn");
    logger.info("hidden");
    logger.child({ node: 2 }).error("shown", { code: 1 });
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ level: "error", node: 2, code: 1, msg: "shown" });
  });

  it("serialises errors with their message and bigints as strings", function () {
    const { logger, lines } = capture();
    logger.error("failed", { error: new Error("boom"), big: 10n ** 30n });
    expect((lines[0]!.error as { message: string }).message).to.equal("boom");
    expect(lines[0]!.big).to.equal("1000000000000000000000000000000");
  });
});

describe("MetricsRegistry", function () {
  it("renders counters, gauges and histograms in the Prometheus text format", function () {
    const registry = new MetricsRegistry();
    registry
      .counter({ name: "caravel_x_total", help: "X seen", labelNames: ["kind"] })
      .inc({ kind: 'a"b' }, 2);
    registry.gauge({ name: "caravel_depth", help: "Depth", collect: () => 7 });
    const h = registry.histogram({ name: "caravel_lat_seconds", help: "Lat", buckets: [0.1, 1] });
    h.observe(0.05);
    h.observe(0.5);
    h.observe(5);
    expect(registry.render()).to.equal(
      [
        "# HELP caravel_x_total X seen",
        "# TYPE caravel_x_total counter",
        'caravel_x_total{kind="a\\"b"} 2',
        "# HELP caravel_depth Depth",
        "# TYPE caravel_depth gauge",
        "caravel_depth 7",
        "# HELP caravel_lat_seconds Lat",
        "# TYPE caravel_lat_seconds histogram",
        'caravel_lat_seconds_bucket{le="0.1"} 1',
        'caravel_lat_seconds_bucket{le="1"} 2',
        'caravel_lat_seconds_bucket{le="+Inf"} 3',
        "caravel_lat_seconds_sum 5.55",
        "caravel_lat_seconds_count 3",
        "",
      ].join("\n"),
    );
  });

  it("returns the same metric when registered twice and refuses a type clash", function () {
    const registry = new MetricsRegistry();
    const a = registry.counter({ name: "m_total", help: "m" });
    expect(registry.counter({ name: "m_total", help: "m" })).to.equal(a);
    expect(() => registry.gauge({ name: "m_total", help: "m" })).to.throw(/already registered/);
  });

  it("refuses bad names, wrong label sets and decreasing counters", function () {
    const registry = new MetricsRegistry();
    expect(() => registry.counter({ name: "bad-name", help: "x" })).to.throw(/invalid metric name/);
    expect(() => registry.counter({ name: "ok", help: "x", labelNames: ["le"] })).to.throw(/label/);
    const c = registry.counter({ name: "c_total", help: "x", labelNames: ["a"] });
    expect(() => c.inc({ b: "1" })).to.throw(/takes labels/);
    expect(() => c.inc({ a: "1" }, -1)).to.throw(/only increase/);
    expect(() => registry.histogram({ name: "h", help: "x", buckets: [1, 1] })).to.throw(
      /increasing/,
    );
  });

  it("exposes a zero sample for an unlabelled metric never touched", function () {
    const registry = new MetricsRegistry();
    registry.counter({ name: "z_total", help: "z" });
    registry.gauge({ name: "g", help: "g" }).set(3);
    expect(registry.render()).to.include("z_total 0\n").and.include("g 3\n");
  });
});

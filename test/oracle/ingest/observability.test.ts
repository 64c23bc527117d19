import { expect } from "chai";
import { createLogger, isSecretFieldName } from "../../../oracle/observability/logger.ts";
import { MetricsRegistry } from "../../../oracle/observability/metrics.ts";
import { redactUrl, redactUrlsIn } from "../../../lib/net/redaction.ts";

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
    // Dropped, not marked (the tasks' form, now the one redaction of every logger and task).
    expect(lines[0]!.url).to.equal("wss://host:8546");
    expect(lines[0]!.msg).to.equal("rpc https://rpc.example/x down");
  });

  it("drops query strings and path keys from URLs in messages, values and errors", function () {
    const { logger, lines } = capture();
    const error = new Error(
      "HTTP request failed.\n\nURL: https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161\nRequest body: {}",
      { cause: new Error("at https://eth.example/rpc?apiKey=Qk7pZr2mXw9v.") },
    );
    logger.error("rpc https://x.quiknode.pro/abc123def456/ failed", {
      error,
      rpcUrl: "https://eth-mainnet.g.alchemy.com/v2/AbCdEf0123456789AbCdEf0123456789#frag",
    });
    const text = JSON.stringify(lines);
    for (const key of ["9aa3d95b", "Qk7pZr2", "abc123def456", "AbCdEf0123", "frag"]) {
      expect(text).to.not.include(key);
    }
    const line = lines[0]!;
    expect(line.msg).to.equal("rpc https://x.quiknode.pro/[redacted] failed");
    expect(line.rpcUrl).to.equal("https://eth-mainnet.g.alchemy.com/v2/[redacted]");
    expect((line.error as { message: string }).message).to.include(
      "URL: https://mainnet.infura.io/v3/[redacted]\n",
    );
    expect((line.error as { cause: { message: string } }).cause.message).to.equal(
      "at https://eth.example/rpc.",
    );
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

describe("URL redaction", function () {
  it("keeps scheme, host, port and word, version and number path segments", function () {
    expect(redactUrl("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545");
    expect(redactUrl("http://127.0.0.1:8545/")).to.equal("http://127.0.0.1:8545");
    expect(redactUrl("http://10.0.0.5:8701/v1/quarantine/17/replay")).to.equal(
      "http://10.0.0.5:8701/v1/quarantine/17/replay",
    );
    expect(redactUrl("https://rpc.example/ext/bc/rpc")).to.equal("https://rpc.example/ext/bc/rpc");
  });

  it("drops credentials, query and fragment and hides any other path segment", function () {
    expect(redactUrl("http://operator:secret@127.0.0.1:9/rpc?apikey=abc")).to.equal(
      "http://127.0.0.1:9/rpc",
    );
    expect(redactUrl("https://mainnet.infura.io/v3/9aa3d95b3bc440fa88ea12eaa4456161")).to.equal(
      "https://mainnet.infura.io/v3/[redacted]",
    );
    expect(redactUrl("wss://nd-1.p2pify.com/ws/Key_With-Mixed9/")).to.equal(
      "wss://nd-1.p2pify.com/ws/[redacted]",
    );
    expect(redactUrl("not a url")).to.equal("[unparseable url]");
  });

  it("changes nothing the second time, and leaves the sentence around a URL alone", function () {
    const once = redactUrlsIn(
      "see https://u:p@h/v3/9aa3d95b3bc4?k=1. Then (https://h/a1b2c3d4e5).",
    );
    expect(once).to.equal("see https://h/v3/[redacted]. Then (https://h/[redacted]).");
    expect(redactUrlsIn(once)).to.equal(once);
    expect(redactUrlsIn("no url here: /v1/events, 42")).to.equal("no url here: /v1/events, 42");
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

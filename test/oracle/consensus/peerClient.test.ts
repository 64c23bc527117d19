/**
 * The HTTP peer transport over node:http keep-alive connections: answers validated, failures
 * named, one connection reused across requests, a request on a connection the peer closed sent
 * again.
 */
import { expect } from "chai";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { HttpPeerTransport, PeerError } from "../../../oracle/consensus/peerClient.ts";
import { Secret } from "../../../oracle/config/secrets.ts";
import type { CommitteeMember } from "../../../oracle/config/schema.ts";

const OBSERVE_ANSWER = {
  from: "node-2",
  lastSequence: "7",
  observed: [],
  extras: [],
  lock: null,
};

const request = {
  from: "node-1",
  epoch: 1,
  sequence: 8n,
  round: 0,
  candidates: [],
  extras: true,
};

describe("HttpPeerTransport", function () {
  let server: http.Server;
  let member: CommitteeMember;
  let connections = 0;
  /** How the test server answers the next requests. */
  let answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;
  const seen: { authorization: string | undefined; body: string }[] = [];

  before(async function () {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        seen.push({ authorization: req.headers.authorization, body });
        answer(req, res, body);
      });
    });
    server.on("connection", () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    member = { id: "node-2", address: `0x${"22".repeat(20)}`, url: `http://127.0.0.1:${port}` };
  });

  after(async function () {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(function () {
    connections = 0;
    seen.length = 0;
    answer = (_req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(OBSERVE_ANSWER));
    };
  });

  const transport = () =>
    new HttpPeerTransport({ token: new Secret("peer-token"), timeoutMs: 500 });

  it("posts the request with the bearer token and returns the validated answer", async function () {
    const got = await transport().observe(member, request);
    expect(got.from).to.equal("node-2");
    expect(got.lastSequence).to.equal(7n);
    expect(seen[0]!.authorization).to.equal("Bearer peer-token");
    expect(JSON.parse(seen[0]!.body)).to.deep.include({ from: "node-1", sequence: "8" });
  });

  it("asks a peer again and again over one kept-alive connection", async function () {
    const peers = transport();
    for (let i = 0; i < 5; i++) await peers.observe(member, request);
    expect(seen).to.have.length(5);
    expect(connections).to.equal(1);
  });

  it("names the status of a refused request", async function () {
    answer = (_req, res) => {
      res.statusCode = 401;
      res.end("bad token");
    };
    const error = await transport()
      .observe(member, request)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).to.be.instanceOf(PeerError);
    expect((error as PeerError).message).to.match(/^peer node-2: HTTP 401: bad token/);
  });

  it("refuses a malformed answer", async function () {
    answer = (_req, res) => res.end(JSON.stringify({ from: 3 }));
    const error = await transport()
      .observe(member, request)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as PeerError).message).to.match(/^peer node-2: malformed answer/);
  });

  it("gives up on a peer that does not answer in time", async function () {
    answer = () => undefined; // never answers
    const started = Date.now();
    const error = await transport()
      .observe(member, request)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as PeerError).message).to.match(/^peer node-2: no answer within 500 ms/);
    expect(Date.now() - started).to.be.lessThan(5_000);
  });

  it("sends a request again on a new connection when the peer closed the kept-alive one", async function () {
    const peers = transport();
    await peers.observe(member, request);
    // The peer drops its idle connection; the client's next request finds it reset.
    let dropped = false;
    answer = (req, res) => {
      if (!dropped) {
        dropped = true;
        req.socket.destroy();
        return;
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(OBSERVE_ANSWER));
    };
    const got = await peers.observe(member, request);
    expect(got.from).to.equal("node-2");
    expect(connections).to.equal(2);
  });
});

/**
 * An oracle node's HTTP surface, one server for three audiences: the ingest API (events in, behind
 * client tokens, refused while draining), the committee's consensus routes (behind the peer
 * token), and the operator's admin routes (behind the admin token), plus `/metrics` and
 * `/healthz`. The node (oracleNode.ts) supplies what the routes read and do.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Secret } from "../config/secrets.ts";
import type { Follower } from "../consensus/follower.ts";
import type { Floor } from "../consensus/signingFloor.ts";
import { observeRequestSchema, signRequestSchema } from "../consensus/messages.ts";
import { isIngestPath } from "../ingest/httpApi.ts";
import { PROMETHEUS_CONTENT_TYPE } from "../observability/metrics.ts";
import type { SignatureStore } from "../store/signatures.ts";
import { bearerMatches, parseSequence, readJson, sendError, sendJson } from "./httpRoutes.ts";

/** What the routes need of the node. */
export interface NodeHttpSurface {
  readonly draining: boolean;
  readonly peerToken: Secret;
  readonly adminToken: Secret;
  readonly follower: Pick<Follower, "observe" | "sign">;
  metricsText(): string;
  health(): unknown;
  status(): unknown;
  equivocations(): ReturnType<SignatureStore["equivocations"]>;
  liftSigningFloor(): Floor | undefined;
  /** Re-queues this node's reports for `sequence`; returns their digests. */
  resend(sequence: bigint): readonly string[];
  /** Wakes the leader loop (a report was re-queued). */
  wake(): void;
}

/** Routes one request; `ingest` handles the ingest API's paths. */
export async function routeNodeRequest(
  node: NodeHttpSurface,
  req: IncomingMessage,
  res: ServerResponse,
  ingest: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const pathname = url.pathname;
  if (isIngestPath(pathname)) {
    if (node.draining && req.method === "POST" && !pathname.startsWith("/v1/quarantine")) {
      res.setHeader("retry-after", "5");
      sendError(res, 503, "draining", "node", "this node is shutting down; send to another node");
      req.resume();
      return;
    }
    ingest(req, res);
    return;
  }
  if (pathname === "/metrics" && req.method === "GET") {
    const text = node.metricsText();
    res.writeHead(200, { "content-type": PROMETHEUS_CONTENT_TYPE });
    res.end(text);
    return;
  }
  if (pathname === "/healthz" && req.method === "GET") {
    sendJson(res, node.draining ? 503 : 200, node.health());
    return;
  }
  if (pathname.startsWith("/v1/consensus/")) {
    if (!bearerMatches(req.headers.authorization, node.peerToken)) {
      req.resume();
      sendError(
        res,
        401,
        "unauthorized",
        "authorization",
        "the committee bearer token is required",
      );
      return;
    }
    if (req.method === "POST" && pathname === "/v1/consensus/observe") {
      const request = await readJson(req, res, observeRequestSchema);
      if (request !== undefined) sendJson(res, 200, node.follower.observe(request));
      return;
    }
    if (req.method === "POST" && pathname === "/v1/consensus/sign") {
      const request = await readJson(req, res, signRequestSchema);
      if (request !== undefined) sendJson(res, 200, await node.follower.sign(request));
      return;
    }
  }
  if (pathname.startsWith("/v1/admin/")) {
    if (!bearerMatches(req.headers.authorization, node.adminToken)) {
      req.resume();
      sendError(res, 401, "unauthorized", "authorization", "the operator bearer token is required");
      return;
    }
    req.resume();
    if (req.method === "GET" && pathname === "/v1/admin/status") {
      sendJson(res, 200, node.status());
      return;
    }
    if (req.method === "GET" && pathname === "/v1/admin/equivocations") {
      sendJson(res, 200, { equivocations: node.equivocations() });
      return;
    }
    if (req.method === "POST" && pathname === "/v1/admin/signing-floor/lift") {
      const lifted = node.liftSigningFloor();
      if (lifted === undefined) {
        sendError(res, 404, "not_found", "signing-floor", "this node has no signing floor");
      } else {
        sendJson(res, 200, {
          lifted: { epoch: lifted.epoch, sequence: lifted.sequence.toString() },
        });
      }
      return;
    }
    const resend = /^\/v1\/admin\/resend\/([^/]+)$/.exec(pathname);
    if (req.method === "POST" && resend !== null) {
      const parsed = parseSequence(resend[1]!);
      if (!parsed.ok) {
        sendError(res, 422, "invalid_field", "sequence", parsed.reason);
        return;
      }
      const requeued = node.resend(parsed.sequence);
      if (requeued.length === 0) {
        sendError(
          res,
          404,
          "not_found",
          "sequence",
          `this node has no report for sequence ${resend[1]}`,
        );
      } else {
        node.wake();
        sendJson(res, 202, { requeued });
      }
      return;
    }
  }
  req.resume();
  sendError(res, 404, "not_found", "path", `no route ${req.method ?? ""} ${pathname}`);
}

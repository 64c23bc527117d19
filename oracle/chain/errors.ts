/**
 * Sorting chain errors into what the daemon does about them:
 *
 * - `transport`: the RPC endpoint did not answer (refused, reset, timed out, 5xx/429). Retried with
 *   backoff, forever while the node runs: nothing about the request was wrong.
 * - `revert`: the contract refused. Never retried as is; the custom error is decoded
 *   (lib/chain/decodeRevert.ts, the decoder the tasks use too) and handled (e.g. a sequence
 *   already used: another node submitted first, re-sync).
 * - `nonce-too-low`, `already-known`, `underpriced`, `insufficient-funds`: the node refused the
 *   transaction for a reason the submitter handles explicitly.
 * - `other`: anything else; logged with the decoded details and counted as an RPC error.
 */
import {
  BaseError,
  HttpRequestError,
  InsufficientFundsError,
  NonceTooLowError,
  SocketClosedError,
  TimeoutError,
} from "viem";
import { findRevertData } from "../../lib/chain/revertData.ts";
import { redactUrlsIn } from "../../lib/net/redaction.ts";

export type ChainErrorKind =
  | "transport"
  | "revert"
  | "nonce-too-low"
  | "already-known"
  | "underpriced"
  | "insufficient-funds"
  | "other";

const TRANSPORT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** Every error in the cause chain (viem's `walk` plus plain `cause` links), outermost first. */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 16; depth += 1) {
    out.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function messageOf(error: unknown): string {
  if (error instanceof BaseError) return `${error.shortMessage} ${error.details}`;
  return error instanceof Error ? error.message : String(error);
}

/** Whether an error means the endpoint could not be reached or did not answer in time. */
export function isTransportError(error: unknown): boolean {
  for (const link of chain(error)) {
    if (link instanceof TimeoutError || link instanceof SocketClosedError) return true;
    if (link instanceof HttpRequestError) {
      const status = link.status;
      if (status === undefined || status >= 500 || status === 429) return true;
    }
    const code = (link as { code?: unknown }).code;
    if (typeof code === "string" && TRANSPORT_CODES.has(code)) return true;
    if (link instanceof Error && (link.name === "AbortError" || link.name === "TimeoutError")) {
      return true;
    }
    if (link instanceof TypeError && /fetch failed/i.test(link.message)) return true;
  }
  return false;
}

export function classifyChainError(error: unknown): ChainErrorKind {
  if (isTransportError(error)) return "transport";
  for (const link of chain(error)) {
    if (link instanceof NonceTooLowError) return "nonce-too-low";
    if (link instanceof InsufficientFundsError) return "insufficient-funds";
  }
  const message = messageOf(error).toLowerCase();
  if (/already known|already imported|known transaction/.test(message)) return "already-known";
  if (/nonce too low|nonce has already been used|expected nonce to be/.test(message)) {
    return "nonce-too-low";
  }
  if (/underpriced|replacement fee too low|fee too low to replace/.test(message)) {
    return "underpriced";
  }
  // geth says "insufficient funds for gas * price + value"; Hardhat's node "Sender doesn't have
  // enough funds to send tx".
  if (/insufficient funds|doesn't have enough funds/.test(message)) return "insufficient-funds";
  if ((findRevertData(error)?.length ?? 0) >= 10 || /revert/.test(message)) return "revert";
  return "other";
}

/** A one-line description for logs (viem's short message and details, no stack). */
export function describeChainError(error: unknown): string {
  // viem writes the request URL into its messages: an API key in it must not reach a log or /healthz.
  return redactUrlsIn(messageOf(error)).replace(/\s+/g, " ").trim().slice(0, 500);
}

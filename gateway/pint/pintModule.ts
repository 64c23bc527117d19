/**
 * PINT 3.0 as a gateway module: the receiving routes (`POST /v3/envelopes`, additional documents,
 * finish-transfer, receiver validation) on the gateway's HTTP server, the local route the
 * `bill export` task calls once the holder's request is on chain (`POST /v1/pint/exports`), and
 * the sender's loop over the durable outbox (which also resumes transfers after a restart). Its
 * tables live in the gateway's database.
 */
import type { Hex } from "viem";

import { billOfLadingAbi } from "../chain/billOfLadingAbi.ts";
import type { GatewayContext, GatewayModule } from "../gateway.ts";
import { sendJson, sendNoContent } from "../http/server.ts";
import type { PintParty } from "./envelope.ts";
import type { PintSigner, PlatformKeyring } from "./jws.ts";
import type { PintChain } from "./pintChain.ts";
import { routePint } from "./pintHttp.ts";
import { pintValidator } from "./pintSchema.ts";
import { PintStore } from "./pintStore.ts";
import type { PartyDirectory } from "./parties.ts";
import { createPintReceiver } from "./receiver.ts";
import { createPintSender, type PintSender, type RetryPolicy } from "./sender.ts";

export interface PintModuleOptions {
  platform: string;
  signer: PintSigner;
  keyring: PlatformKeyring;
  chain: PintChain;
  directory: PartyDirectory;
  peers: Readonly<Record<string, string>>;
  retry: RetryPolicy;
  requestTimeoutMs: number;
  /** How often the sender looks for transfers that are due. */
  pollIntervalMs: number;
}

/** What `POST /v1/pint/exports` takes: the bill and the recipient the holder named on chain. */
interface ExportRequest {
  billId: string;
  recipient: PintParty;
}

function isExportRequest(body: unknown): body is ExportRequest {
  const b = body as Partial<ExportRequest> | null;
  return (
    typeof b?.billId === "string" &&
    /^[0-9]+$/.test(b.billId) &&
    typeof b.recipient?.partyName === "string" &&
    typeof b.recipient.eblPlatform === "string" &&
    Array.isArray(b.recipient.identifyingCodes)
  );
}

export function createPintModule(options: PintModuleOptions): GatewayModule {
  let timer: NodeJS.Timeout | undefined;
  let sender: PintSender | undefined;
  let running = Promise.resolve();
  let stopped = false;
  return {
    name: "pint",
    start(context: GatewayContext) {
      const store = new PintStore(context.store.db);
      const validate = pintValidator(context.schemas);
      const common = { ...options, validate, store };
      const receiver = createPintReceiver({
        ...common,
        onAnswer: (code, reason) => context.logger.info("PINT transfer answered", { code, reason }),
      });
      sender = createPintSender({
        ...common,
        onOutcome: (billId, outcome, detail) =>
          context.logger.info("PINT transfer", { billId: billId.toString(), outcome, detail }),
      });
      const reply = (
        res: Parameters<typeof sendJson>[0],
        answer: { status: number; body: unknown },
      ) =>
        answer.body === undefined ? sendNoContent(res) : sendJson(res, answer.status, answer.body);
      const pint = async (ctx: Parameters<Parameters<typeof context.http.route>[2]>[0]) => {
        const body =
          ctx.method === "PUT" && ctx.url.pathname.endsWith("finish-transfer")
            ? undefined
            : await ctx.json();
        const answer = await routePint(receiver, ctx.method, ctx.url.pathname, body);
        if (answer !== undefined) reply(ctx.res, answer);
      };
      context.http.route("POST", "/v3/envelopes", pint);
      context.http.route("PUT", "/v3/envelopes/:reference/additional-documents/:checksum", pint);
      context.http.route("PUT", "/v3/envelopes/:reference/finish-transfer", pint);
      context.http.route("POST", "/v3/receiver-validation", pint);
      context.http.route("POST", "/v1/pint/exports", async (ctx) => {
        const body = await ctx.json();
        if (!isExportRequest(body)) {
          sendJson(ctx.res, 400, {
            error:
              "expected { billId: decimal string, recipient: { partyName, eblPlatform, identifyingCodes } }",
          });
          return;
        }
        try {
          await documentsOfIssuedBill(context, store, BigInt(body.billId));
          await sender!.prepareExport(BigInt(body.billId), body.recipient);
        } catch (error) {
          sendJson(ctx.res, 409, { error: error instanceof Error ? error.message : String(error) });
          return;
        }
        sendJson(ctx.res, 202, { billId: body.billId, state: "sending" });
      });
      const tick = () => {
        if (stopped) return;
        running = sender!
          .runDue()
          .catch((error: unknown) => context.logger.error("PINT sender failed", { error }))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, options.pollIntervalMs);
          });
      };
      tick();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A bill this gateway issued for a carrier (DCSA issuance) has its transport document in the
 * gateway's document store, not yet in PINT's: the first export takes it from there, after
 * checking it against the hash the chain records for the bill, with no prior transfer chain (the
 * bill was issued here). A bill imported earlier already has its documents in PINT's store.
 */
async function documentsOfIssuedBill(
  context: GatewayContext,
  store: PintStore,
  billId: bigint,
): Promise<void> {
  if (store.bill(billId) !== undefined) return;
  const issued = context.store.documents.byBill(billId);
  if (issued === undefined) return;
  const facts = await context.chain.publicClient.readContract({
    address: context.chain.billOfLading,
    abi: billOfLadingAbi,
    functionName: "billFacts",
    args: [billId],
  });
  const verified = context.store.documents.readVerified(
    issued.reference,
    facts.documentHash as Hex,
  );
  store.rememberBill(billId, {
    transportDocument: verified!.document as Record<string, unknown>,
    transferChain: [],
  });
}

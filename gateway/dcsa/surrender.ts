/**
 * DCSA eBL 3.0.4 surrender (EBL_SUR_v3.0.4.yaml), the platform's side:
 *
 *   gateway → carrier   POST /v3/ebl-surrender-requests  (SurrenderRequestDetails: SREQ for
 *                                                         delivery, AREQ for amendment)
 *   carrier → gateway   POST /v3/ebl-surrender-responses (SurrenderRequestAnswer: SURR or SREJ;
 *                                                         204, 409 for a second answer)
 *
 * Who starts a surrender: the bill's holder, on chain (`surrenderForDelivery` /
 * `surrenderForAmendment`, e.g. the `bill surrender` task): the chain is where Caravel decides who
 * holds a bill, and the contract already checks the holder is entitled — the guarantees SUR asks
 * of the platform (sole possessor; for a straight bill its consignee). The carrier "holds
 * possession until it responds": on chain the bill is pending with its carrier. The gateway
 * watches the chain for those events on the bills of the carriers it serves (from a cursor kept in
 * its store, `chain.confirmations` deep) and sends each carrier a surrender request with the
 * bill's endorsement chain, read from the chain's title chain. The carrier's answer completes or
 * rolls back on chain, signed with the carrier's key:
 *
 * - SURR on SREQ → `acceptSurrender`: the bill is accomplished;
 * - SURR on AREQ → recorded; the carrier then issues the amended document through the issuance
 *   API with `transportDocumentReplacements` naming this bill (`amend` on chain);
 * - SREJ (either) → `rejectSurrender(comments)`: the bill goes back to the surrendering holder.
 *
 * The 204 is sent only after the chain took the answer, so a carrier that gets 204 knows the
 * chain agrees; a refusal by the chain is a 409 naming the contract's error, and nothing changed.
 */
import { randomUUID } from "node:crypto";
import { zeroAddress, type Address, type Log } from "viem";

import type { TitleEventKindName } from "../../lib/trade/billOfLading.ts";
import { billOfLadingAbi } from "../chain/billOfLadingAbi.ts";
import { readVerifiedTitleChain } from "../chain/titleChain.ts";
import { ChainRefusalError } from "../chain/gatewayChain.ts";
import type { GatewayContext } from "../gateway.ts";
import { ERROR_CODES, HttpError, sendNoContent, type RouteContext } from "../http/server.ts";
import { describeIssues, type SchemaValidator } from "../schema/dcsaSchemas.ts";
import { DocumentHashMismatchError } from "../store/documents.ts";
import type { SurrenderCode } from "../store/requests.ts";
import type { CarrierCallbacks } from "./carrierCallbacks.ts";
import { authenticatedCarrier, schemaRefusal } from "./issuance.ts";

export const SURRENDER_REQUESTS_PATH = "/v3/ebl-surrender-requests";
export const SURRENDER_RESPONSES_PATH = "/v3/ebl-surrender-responses";
const CURSOR = "dcsa-surrenders";

type Json = Record<string, unknown>;

/** DCSA endorsement-chain action code of a title step (undefined: no change of possession). */
const ACTION_CODES: Partial<Record<TitleEventKindName, string>> = {
  Issued: "ISSUE",
  IssuedAsReplacement: "ISSUE",
  Endorsed: "ENDORSE",
  EndorsedInBlank: "BLANK_ENDORSE",
  PossessionTransferred: "TRANSFER",
  Refused: "TRANSFER",
  Pledged: "TRANSFER",
  PledgeReleased: "TRANSFER",
  SurrenderRejected: "TRANSFER",
  SurrenderedForDelivery: "SURRENDER_FOR_DELIVERY",
  SurrenderedForAmendment: "SURRENDER_FOR_AMENDMENT",
};

/** A party on this platform, as SUR's ActorParty / RecipientParty. */
function party(platformCode: string, address: Address): Json {
  return {
    eblPlatform: platformCode,
    partyName: address,
    identifyingCodes: [{ codeListProvider: platformCode, partyCode: address }],
  };
}

/** SUR's "No Party" (BLANK_ENDORSE has no recipient). */
const NO_PARTY = {
  eblPlatform: "NONE",
  partyName: "NONE",
  identifyingCodes: [{ codeListProvider: "NONE", partyCode: "NONE" }],
};

export class SurrenderService {
  readonly #context: GatewayContext;
  readonly #callbacks: CarrierCallbacks;
  readonly #validateRequest: SchemaValidator;
  readonly #validateAnswer: SchemaValidator;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;

  constructor(context: GatewayContext, callbacks: CarrierCallbacks) {
    this.#context = context;
    this.#callbacks = callbacks;
    this.#validateRequest = context.schemas.requestBody("SUR", "POST", SURRENDER_REQUESTS_PATH);
    this.#validateAnswer = context.schemas.requestBody("SUR", "POST", SURRENDER_RESPONSES_PATH);
  }

  async start(): Promise<void> {
    const { store, chain, config, http } = this.#context;
    http.route("POST", SURRENDER_RESPONSES_PATH, (route) => this.#answer(route));
    if (store.cursor(CURSOR) === undefined) {
      const start =
        config.chain.startBlock !== undefined
          ? BigInt(config.chain.startBlock)
          : await chain.publicClient.getBlockNumber();
      store.setCursor(CURSOR, start > 0n ? start - 1n : 0n);
    }
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#polling;
  }

  /** Reads the chain up to its head now (tests; the loop does this every pollIntervalMs). */
  async poll(): Promise<void> {
    while (this.#polling !== undefined) await this.#polling;
    this.#polling = this.#pollOnce().finally(() => (this.#polling = undefined));
    await this.#polling;
  }

  health(): Json {
    const cursor = this.#context.store.cursor(CURSOR);
    return { surrenderCursor: cursor?.toString() ?? null };
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.poll().then(
        () => this.#schedule(this.#context.config.chain.pollIntervalMs),
        (error: unknown) => {
          this.#context.logger.warn("surrender watch failed; retrying", { error });
          this.#schedule(this.#context.config.chain.pollIntervalMs);
        },
      );
    }, delayMs);
  }

  async #pollOnce(): Promise<void> {
    const { store, chain, config, carriers, metrics } = this.#context;
    const head = await chain.publicClient.getBlockNumber();
    const safe = head - BigInt(config.chain.confirmations);
    const from = (store.cursor(CURSOR) ?? 0n) + 1n;
    if (safe < from) return;
    const to = safe - from > 1_999n ? from + 1_999n : safe;
    const logs = await chain.publicClient.getContractEvents({
      address: chain.billOfLading,
      abi: billOfLadingAbi,
      eventName: undefined,
      fromBlock: from,
      toBlock: to,
    });
    for (const log of logs) {
      if (
        log.eventName !== "BillSurrenderedForDelivery" &&
        log.eventName !== "BillSurrenderedForAmendment"
      ) {
        continue;
      }
      const args = log.args as { billId: bigint; from: Address; carrier: Address };
      const carrier = carriers.byAddress(args.carrier);
      if (carrier === undefined) continue;
      await this.#requestSurrender(
        log,
        args.billId,
        carrier.config.id,
        log.eventName === "BillSurrenderedForDelivery" ? "SREQ" : "AREQ",
      );
    }
    store.setCursor(CURSOR, to);
    metrics.chainBlock.set(Number(to));
    if (to < safe) await this.#pollOnce();
  }

  async #requestSurrender(
    log: Log,
    billId: bigint,
    carrierId: string,
    code: SurrenderCode,
  ): Promise<void> {
    const { store, chain, config, logger, metrics } = this.#context;
    const stored = store.documents.byBill(billId);
    if (stored === undefined) {
      logger.warn("surrender of a bill this gateway did not issue: no request sent", {
        billId: billId.toString(),
      });
      metrics.surrenders.inc({ kind: code, outcome: "unknown_bill" });
      return;
    }
    const facts = await chain.publicClient.readContract({
      address: chain.billOfLading,
      abi: billOfLadingAbi,
      functionName: "billFacts",
      args: [billId],
    });
    try {
      store.documents.readVerified(stored.reference, facts.documentHash);
    } catch (error) {
      if (!(error instanceof DocumentHashMismatchError)) throw error;
      metrics.documentHashMismatches.inc();
      logger.error("stored transport document does not match the chain", {
        reference: stored.reference,
        error,
      });
    }
    const titleChain = await readVerifiedTitleChain(chain.publicClient, chain.billOfLading, billId);
    const code_ = config.platform.code;
    const endorsementChain: Json[] = [];
    titleChain.forEach((entry, index) => {
      const action = ACTION_CODES[entry.kind];
      if (action === undefined) return;
      const previous = index === 0 ? facts.carrier : (titleChain[index - 1]!.party as Address);
      const actor = action === "ISSUE" ? facts.carrier : previous;
      endorsementChain.push({
        actionDateTime: new Date(Number(entry.timestamp) * 1000).toISOString(),
        actionCode: action,
        actor: party(code_, actor),
        recipient:
          action === "BLANK_ENDORSE" || entry.party === zeroAddress
            ? NO_PARTY
            : party(code_, entry.party as Address),
      });
    });
    const surrenderReference = randomUUID();
    const request: Json = {
      surrenderRequestReference: surrenderReference,
      transportDocumentReference: stored.reference,
      surrenderRequestCode: code,
      endorsementChain,
    };
    const checked = this.#validateRequest(request);
    if (!checked.valid) {
      throw new Error(`the surrender request does not validate: ${describeIssues(checked.issues)}`);
    }
    const eventId = `${log.transactionHash}:${log.logIndex}`;
    const recorded = store.transaction(() => {
      const fresh = store.surrenders.request({
        surrenderReference,
        reference: stored.reference,
        billId,
        carrierId,
        code,
        eventId,
      });
      if (fresh)
        store.outbox.enqueue(carrierId, "surrender-request", SURRENDER_REQUESTS_PATH, request);
      return fresh;
    });
    if (!recorded) return;
    metrics.surrenders.inc({ kind: code, outcome: "requested" });
    logger.info("surrender request queued for the carrier", {
      reference: stored.reference,
      surrenderReference,
      code,
    });
    this.#callbacks.kick();
  }

  async #answer(route: RouteContext): Promise<void> {
    const { store, chain, metrics, carriers } = this.#context;
    const carrier = authenticatedCarrier(this.#context, route);
    const body = await route.json();
    schemaRefusal(this.#validateAnswer, body);
    const answer = body as {
      surrenderRequestReference: string;
      action: "SURR" | "SREJ";
      comments?: string;
    };
    const surrender = store.surrenders.get(answer.surrenderRequestReference);
    if (surrender === undefined || carriers.byId(surrender.carrierId) !== carrier) {
      throw new HttpError(404, [
        {
          errorCode: ERROR_CODES.NOT_FOUND,
          errorCodeText: "Unknown surrender request",
          errorCodeMessage: `no surrender request ${answer.surrenderRequestReference} was made of this carrier`,
          property: "surrenderRequestReference",
        },
      ]);
    }
    if (surrender.status !== "REQUESTED") {
      throw new HttpError(409, [
        {
          errorCode: ERROR_CODES.CONFLICT,
          errorCodeText: "Already answered",
          errorCodeMessage: `surrender request ${surrender.surrenderReference} was answered ${surrender.status} already`,
          property: "surrenderRequestReference",
        },
      ]);
    }
    if (answer.action === "SREJ" && (answer.comments ?? "").length === 0) {
      throw new HttpError(400, [
        {
          errorCode: ERROR_CODES.SCHEMA,
          errorCodeText: "Invalid request body",
          errorCodeMessage: "$.comments: a rejection (SREJ) must say why in comments",
          jsonPath: "$.comments",
        },
      ]);
    }
    try {
      if (answer.action === "SREJ") {
        await chain.write(carrier.config.address, "rejectSurrender", [
          surrender.billId,
          answer.comments!,
        ]);
      } else if (surrender.code === "SREQ") {
        await chain.write(carrier.config.address, "acceptSurrender", [surrender.billId]);
      }
    } catch (error) {
      if (!(error instanceof ChainRefusalError)) throw error;
      metrics.surrenders.inc({ kind: surrender.code, outcome: "chain_refused" });
      throw new HttpError(409, [
        {
          errorCode: ERROR_CODES.CHAIN_REFUSED,
          errorCodeText: "Refused by the chain",
          errorCodeMessage: `the chain refused the ${answer.action}: ${error.errorName}(${error.args.map(String).join(", ")})`,
        },
      ]);
    }
    store.surrenders.answer(surrender.surrenderReference, answer.action, answer.comments);
    metrics.surrenders.inc({ kind: surrender.code, outcome: answer.action });
    route.logger.info("surrender answered", {
      reference: surrender.reference,
      surrenderReference: surrender.surrenderReference,
      action: answer.action,
    });
    sendNoContent(route.res);
  }
}

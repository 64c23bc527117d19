/**
 * DCSA eBL 3.0.4 issuance (EBL_ISS_v3.0.4.yaml), the platform's side:
 *
 *   carrier → gateway   PUT /v3/ebl-issuance-requests   (IssuanceRequest; answered 204, or 409 for
 *                                                        a reference already issued or in progress)
 *   gateway → carrier   POST /v3/ebl-issuance-responses (IssuanceResponse: ISSU, BREQ or REFU)
 *
 * The carrier authenticates with its bearer token; the request must validate against
 * `IssuanceRequest`. The transport document is stored (canonical JSON, its hash) and the request
 * recorded in one transaction, then answered 204; the bill is issued on chain afterwards, signed
 * with the carrier's key, and the verdict goes to the carrier through the outbox. A request still
 * undecided when the gateway stopped is decided after the restart (a bill already on chain with
 * the stored document's hash is the request's own: ISSU, not issued twice).
 *
 * An issuance request naming a previous bill in `transportDocumentReplacements`
 * (`oldTransportDocumentReferences`: one reference, surrendered for amendment and accepted) is
 * issued as that bill's amendment (`BillOfLading.amend`): the chain links the two.
 */
import type { KeyObject } from "node:crypto";
import type { Address, Hex } from "viem";

import { billIdOf } from "../../lib/trade/billOfLading.ts";
import type { ServedCarrier } from "../carriers.ts";
import { GatewayConfigError } from "../config/loadConfig.ts";
import { billOfLadingAbi } from "../chain/billOfLadingAbi.ts";
import { ChainRefusalError } from "../chain/gatewayChain.ts";
import type { GatewayContext } from "../gateway.ts";
import { ERROR_CODES, HttpError, sendNoContent, type RouteContext } from "../http/server.ts";
import { describeIssues, type SchemaValidator } from "../schema/dcsaSchemas.ts";
import { DuplicateDocumentError } from "../store/documents.ts";
import type { IssuanceRecord } from "../store/requests.ts";
import type { CarrierCallbacks } from "./carrierCallbacks.ts";
import { checkIssuanceManifest, readManifestKey } from "./issuanceManifest.ts";
import { mapIssuance, type IssuanceProblem } from "./issuanceMapping.ts";

export const ISSUANCE_REQUESTS_PATH = "/v3/ebl-issuance-requests";
export const ISSUANCE_RESPONSES_PATH = "/v3/ebl-issuance-responses";

/** BillStatus.None (lib/trade/enums.ts): the bill was never issued. */
const STATUS_NONE = 0;

type Json = Record<string, unknown>;

/** The carrier a request comes from, or a 401. */
export function authenticatedCarrier(context: GatewayContext, route: RouteContext): ServedCarrier {
  const carrier = context.carriers.authenticate(route.req.headers.authorization);
  if (carrier === undefined) {
    route.req.resume();
    throw new HttpError(401, [
      {
        errorCode: ERROR_CODES.UNAUTHORIZED,
        errorCodeText: "Unauthorized",
        errorCodeMessage:
          "the Authorization header must carry the bearer token of a carrier this platform serves",
        property: "Authorization",
      },
    ]);
  }
  return carrier;
}

/** A 400 naming every schema issue. */
export function schemaRefusal(validate: SchemaValidator, body: unknown): void {
  const result = validate(body);
  if (result.valid) return;
  throw new HttpError(
    400,
    result.issues.map((issue) => ({
      errorCode: ERROR_CODES.SCHEMA,
      errorCodeText: "Invalid request body",
      errorCodeMessage: `${issue.path}: ${issue.reason}`,
      jsonPath: issue.path,
    })),
  );
}

export class IssuanceService {
  readonly #context: GatewayContext;
  readonly #callbacks: CarrierCallbacks;
  readonly #validateRequest: SchemaValidator;
  readonly #validateResponse: SchemaValidator;
  readonly #validateManifest: SchemaValidator;
  /** Carriers' manifest keys by carrier id (read at start: a bad key file stops the start). */
  readonly #manifestKeys = new Map<string, KeyObject>();
  readonly #inFlight = new Set<Promise<void>>();
  #stopped = false;

  constructor(context: GatewayContext, callbacks: CarrierCallbacks) {
    this.#context = context;
    this.#callbacks = callbacks;
    this.#validateRequest = context.schemas.requestBody("ISS", "PUT", ISSUANCE_REQUESTS_PATH);
    this.#validateResponse = context.schemas.requestBody("ISS", "POST", ISSUANCE_RESPONSES_PATH);
    this.#validateManifest = context.schemas.schema("ISS", "IssuanceManifest");
    context.carriers.all.forEach((carrier, index) => {
      const file = carrier.config.manifestKey;
      if (file === undefined) return;
      try {
        this.#manifestKeys.set(carrier.config.id, readManifestKey(file));
      } catch (error) {
        throw new GatewayConfigError([
          {
            field: `carriers.${index}.manifestKey`,
            message: `not a PEM or JWK public key: ${(error as Error).message}`,
            source: `file ${file}`,
          },
        ]);
      }
    });
  }

  /** Registers the route and resumes the requests a previous run left undecided. */
  start(): void {
    this.#context.http.route("PUT", ISSUANCE_REQUESTS_PATH, (route) => this.#receive(route));
    for (const record of this.#context.store.issuances.undecided()) this.#decideLater(record);
  }

  /** Waits for the issuances in progress (the HTTP server has stopped taking new ones). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Resolves once every issuance in progress is decided (for tests and the benchmark). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  async #receive(route: RouteContext): Promise<void> {
    const { store, metrics } = this.#context;
    const carrier = authenticatedCarrier(this.#context, route);
    const body = await route.json();
    try {
      schemaRefusal(this.#validateRequest, body);
    } catch (error) {
      metrics.issuances.inc({ outcome: "invalid" });
      throw error;
    }
    const request = body as Json;
    const document = request.document as Json;
    const reference = document.transportDocumentReference as string;
    const existing = store.issuances.get(reference);
    const onChain = await this.#billStatus(carrier.config.address, reference);
    const retry =
      existing !== undefined && (existing.status === "BREQ" || existing.status === "REFU");
    if ((existing !== undefined && !retry) || (onChain !== STATUS_NONE && existing === undefined)) {
      metrics.issuances.inc({ outcome: "duplicate" });
      throw new HttpError(409, [
        {
          errorCode: ERROR_CODES.DUPLICATE,
          errorCodeText: "Transport Document Reference already used",
          errorCodeMessage: `an issuance request for ${reference} was ${existing?.status === "RECEIVED" ? "received and is being processed" : "already issued"}; this platform will call back when the carrier needs to act`,
          property: "transportDocumentReference",
          jsonPath: "$.document.transportDocumentReference",
        },
      ]);
    }
    try {
      store.transaction(() => {
        if (retry) store.documents.removeUnissued(reference);
        store.documents.put(reference, document, carrier.config.address);
        store.issuances.receive(reference, carrier.config.id, request);
      });
    } catch (error) {
      if (!(error instanceof DuplicateDocumentError)) throw error;
      metrics.issuances.inc({ outcome: "duplicate" });
      throw new HttpError(409, [
        {
          errorCode: ERROR_CODES.DUPLICATE,
          errorCodeText: "Transport Document Reference already used",
          errorCodeMessage: `a transport document ${reference} is already held by this platform`,
          property: "transportDocumentReference",
        },
      ]);
    }
    metrics.issuances.inc({ outcome: "accepted" });
    route.logger.info("issuance request accepted", { carrier: carrier.config.id, reference });
    sendNoContent(route.res);
    this.#decideLater(store.issuances.get(reference)!);
  }

  async #billStatus(carrier: Address, reference: string): Promise<number> {
    const { chain } = this.#context;
    const billId = billIdOf(carrier, reference);
    return Number(
      await chain.publicClient.readContract({
        address: chain.billOfLading,
        abi: billOfLadingAbi,
        functionName: "billStatus",
        args: [billId],
      }),
    );
  }

  #decideLater(record: IssuanceRecord): void {
    if (this.#stopped) return;
    const work = this.#decide(record).catch((error: unknown) => {
      // Left RECEIVED: decided again at the next start.
      this.#context.logger.error("issuance not decided; will retry at restart", {
        reference: record.reference,
        error,
      });
    });
    this.#inFlight.add(work);
    void work.finally(() => this.#inFlight.delete(work));
  }

  async #decide(record: IssuanceRecord): Promise<void> {
    const { store, chain, carriers, config, logger } = this.#context;
    const carrier = carriers.byId(record.carrierId);
    if (carrier === undefined) throw new Error(`carrier ${record.carrierId} is not configured`);
    const stored = store.documents.byReference(record.reference);
    if (stored === undefined) throw new Error(`no stored document ${record.reference}`);
    const request = record.request as Json;
    const billId = billIdOf(carrier.config.address, record.reference);

    // Issued already (the gateway stopped between sending and recording)? Then it is this one.
    const facts = await this.#facts(billId);
    if (facts !== undefined) {
      if (facts.documentHash.toLowerCase() === stored.hash.toLowerCase()) {
        this.#verdict(record, carrier, "ISSU", { billId });
      } else {
        this.#verdict(record, carrier, "REFU", {
          problems: [
            {
              code: "REFU",
              path: "$.document.transportDocumentReference",
              reason: `bill ${record.reference} is already on chain with another document`,
            },
          ],
        });
      }
      return;
    }

    const manifestProblems = await checkIssuanceManifest(
      request,
      this.#validateManifest,
      this.#manifestKeys.get(carrier.config.id),
    );
    if (manifestProblems.length > 0) {
      this.#verdict(record, carrier, "BREQ", { problems: manifestProblems });
      return;
    }
    const block = await chain.publicClient.getBlock();
    const mapping = mapIssuance(
      request,
      carrier.config,
      config.platform.code,
      stored.hash,
      Number(block.timestamp),
    );
    if (!mapping.ok) {
      this.#verdict(
        record,
        carrier,
        mapping.problems.some((p) => p.code === "BREQ") ? "BREQ" : "REFU",
        {
          problems: mapping.problems,
        },
      );
      return;
    }
    const replaced = this.#replacedBill(request, carrier);
    if (typeof replaced === "string") {
      this.#verdict(record, carrier, "BREQ", {
        problems: [
          {
            code: "BREQ",
            path: "$.transportDocumentReplacements.oldTransportDocumentReferences",
            reason: replaced,
          },
        ],
      });
      return;
    }
    try {
      const written =
        replaced === undefined
          ? await chain.write(carrier.config.address, "issue", [mapping.bill])
          : await chain.write(carrier.config.address, "amend", [replaced, mapping.bill]);
      // Read back: the stored document must be what the chain now records.
      const recorded = await this.#facts(billId);
      if (recorded === undefined) throw new Error(`bill ${record.reference} not found after issue`);
      store.documents.readVerified(record.reference, recorded.documentHash);
      this.#verdict(record, carrier, "ISSU", { billId, txHash: written.txHash });
      logger.info("bill issued", {
        reference: record.reference,
        billId: billId.toString(),
        txHash: written.txHash,
        amends: replaced?.toString(),
      });
    } catch (error) {
      if (!(error instanceof ChainRefusalError)) throw error;
      const requestError = error.errorName === "BillOfLadingInvalidField";
      this.#verdict(record, carrier, requestError ? "BREQ" : "REFU", {
        problems: [
          {
            code: requestError ? "BREQ" : "REFU",
            path: "$.document",
            reason: `the chain refused the bill: ${error.errorName}(${error.args.map(String).join(", ")})`,
          },
        ],
      });
    }
  }

  /**
   * The bill an amendment replaces: the one old reference of `transportDocumentReplacements`,
   * surrendered for amendment and accepted by this carrier. Undefined for a plain issuance; a
   * string saying why when the reference cannot be amended.
   */
  #replacedBill(request: Json, carrier: ServedCarrier): bigint | undefined | string {
    const replacements = request.transportDocumentReplacements as Json | undefined;
    const old = (replacements?.oldTransportDocumentReferences ?? []) as Json[];
    if (old.length === 0) return undefined;
    if (old.length > 1) return "this platform amends one bill at a time (one old reference)";
    const reference = old[0]!.transportDocumentReference as string;
    const billId = billIdOf(carrier.config.address, reference);
    const accepted = this.#context.store.surrenders.latestFor(billId, "SURR");
    if (accepted === undefined || accepted.code !== "AREQ") {
      return `${reference} has no accepted surrender for amendment on this platform`;
    }
    return billId;
  }

  async #facts(billId: bigint): Promise<{ documentHash: Hex } | undefined> {
    const { chain } = this.#context;
    const status = await chain.publicClient.readContract({
      address: chain.billOfLading,
      abi: billOfLadingAbi,
      functionName: "billStatus",
      args: [billId],
    });
    if (Number(status) === STATUS_NONE) return undefined;
    const facts = await chain.publicClient.readContract({
      address: chain.billOfLading,
      abi: billOfLadingAbi,
      functionName: "billFacts",
      args: [billId],
    });
    return { documentHash: facts.documentHash };
  }

  /** Records the verdict and queues the IssuanceResponse to the carrier, in one transaction. */
  #verdict(
    record: IssuanceRecord,
    carrier: ServedCarrier,
    code: "ISSU" | "BREQ" | "REFU",
    details: { billId?: bigint; txHash?: string; problems?: readonly IssuanceProblem[] },
  ): void {
    const { store, metrics, logger } = this.#context;
    const problems = details.problems ?? [];
    const reason =
      problems.length === 0
        ? undefined
        : problems
            .map((p) => `${p.path}: ${p.reason}`)
            .join("; ")
            .slice(0, 255)
            .trim();
    const response: Json = {
      transportDocumentReference: record.reference,
      issuanceResponseCode: code,
      ...(reason === undefined ? {} : { reason }),
      ...(problems.length === 0
        ? {}
        : {
            errors: problems.slice(0, 255).map((p) => ({
              reason: `${p.path}: ${p.reason}`.slice(0, 255).trim(),
              errorCode: code === "BREQ" ? "CARV-BREQ" : "CARV-REFU",
            })),
          }),
    };
    const checked = this.#validateResponse(response);
    if (!checked.valid) {
      throw new Error(`the IssuanceResponse does not validate: ${describeIssues(checked.issues)}`);
    }
    store.transaction(() => {
      store.issuances.decide(record.reference, code, {
        ...(details.billId === undefined ? {} : { billId: details.billId }),
        ...(details.txHash === undefined ? {} : { txHash: details.txHash }),
        ...(reason === undefined ? {} : { reason }),
      });
      if (details.billId !== undefined) store.documents.linkBill(record.reference, details.billId);
      store.outbox.enqueue(
        carrier.config.id,
        "issuance-response",
        ISSUANCE_RESPONSES_PATH,
        response,
      );
    });
    metrics.issuances.inc({ outcome: code });
    logger.info("issuance decided", { reference: record.reference, code, reason });
    this.#callbacks.kick();
  }
}

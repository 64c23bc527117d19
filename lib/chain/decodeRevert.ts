/**
 * Turning a contract's refusal into a sentence: the revert data found and decoded by revertData.ts
 * (the one decoder, which the oracle daemons use too) against every compiled ABI
 * (abiCatalogue.ts), explained through the one table in revertTable.ts. The operator never sees
 * raw revert data.
 */
import type { AbiCatalogue } from "./abiCatalogue.ts";
import { CaravelError, type ErrorDescriptor, TASK_ERRORS } from "../errors/caravelError.ts";
import { formatTime } from "../text/format.ts";
import { type DecodedError, decodeErrorData, findRevertData } from "./revertData.ts";
import { describeRole, NamedValues, REVERT_TABLE, type SentenceFormatter } from "./revertTable.ts";

export interface DecodedRevert extends DecodedError {
  /** What happened, in words, starting lower-case. */
  sentence: string;
  hint: string | undefined;
  descriptor: ErrorDescriptor;
}

/** Names an address for a sentence (e.g. "exporter (0x9965…)"). */
export type PartyNamer = (address: string) => string;

export class RevertDecoder {
  readonly #catalogue: AbiCatalogue;
  readonly #party: PartyNamer;

  constructor(catalogue: AbiCatalogue, party: PartyNamer) {
    this.#catalogue = catalogue;
    this.#party = party;
  }

  /** Decode revert data; undefined when there is none (a bare `revert()`). */
  decode(data: string): DecodedRevert | undefined {
    if (data === "0x" || data.length < 10) return undefined;
    const decoded = decodeErrorData(this.#catalogue.errorAbi, data);
    if (decoded === undefined) {
      return {
        errorName: "unknown",
        signature: data.slice(0, 10),
        args: {},
        argList: [],
        sentence: `the contract refused with an error no Caravel contract declares (selector ${data.slice(0, 10)})`,
        hint: "Check that the deployment matches this checkout (`npm run build`, the --deployment).",
        descriptor: TASK_ERRORS.CONTRACT_REFUSED,
      };
    }
    const explanation = REVERT_TABLE[decoded.errorName];
    const errorArgs = new NamedValues(decoded.args);
    const formatter = this.#formatter();
    if (explanation === undefined) {
      return {
        ...decoded,
        sentence: `the contract refused with ${decoded.errorName}(${formatArgs(decoded.args)})`,
        hint: undefined,
        descriptor: TASK_ERRORS.CONTRACT_REFUSED,
      };
    }
    return {
      ...decoded,
      sentence: explanation.sentence(errorArgs, formatter),
      hint: explanation.hint?.(errorArgs, formatter),
      descriptor: { number: explanation.number, title: explanation.title },
    };
  }

  /**
   * The operator error for something a provider threw while calling or sending, or
   * undefined when it is not a contract refusal (the caller rethrows those).
   */
  explain(error: unknown, metaMessages: readonly string[] = []): CaravelError | undefined {
    const data = findRevertData(error);
    if (data === undefined) return undefined;
    const decoded = this.decode(data);
    if (decoded === undefined) {
      return new CaravelError("Refused: the contract reverted without giving a reason.", {
        code: TASK_ERRORS.CONTRACT_REFUSED,
        metaMessages,
        cause: error,
      });
    }
    return new ContractRevertError(decoded, metaMessages, error);
  }

  #formatter(): SentenceFormatter {
    return {
      party: this.#party,
      role: describeRole,
      revert: (data) => this.decode(data)?.sentence ?? "it reverted without a reason",
      time: formatTime,
    };
  }
}

/** A contract's refusal, decoded: the sentence is the message, the error and hint follow. */
export class ContractRevertError extends CaravelError {
  override name = "ContractRevertError";
  readonly revert: DecodedRevert;

  constructor(revert: DecodedRevert, metaMessages: readonly string[], cause: unknown) {
    super(`Refused: ${revert.sentence}.`, {
      code: revert.descriptor,
      metaMessages: [
        ...metaMessages,
        `Contract error: ${revert.errorName}(${formatArgs(revert.args)})`,
        ...(revert.hint === undefined ? [] : [`Hint: ${revert.hint}`]),
      ],
      cause,
    });
    this.revert = revert;
  }
}

/** `name: value, ...` with values in their plain form (bigints in decimal, strings quoted). */
export function formatArgs(args: Readonly<Record<string, unknown>>): string {
  return Object.entries(args)
    .map(([name, value]) => `${name}: ${formatValue(value)}`)
    .join(", ");
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return /^0x[0-9a-fA-F]*$/.test(value) ? value : `"${value}"`;
  if (typeof value === "bigint" || typeof value === "boolean" || typeof value === "number") {
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

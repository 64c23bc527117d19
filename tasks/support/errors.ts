/**
 * Errors an operator can act on (STYLE.md "For Caravel" §11), shaped like viem's BaseError:
 * a one-line `shortMessage`, optional `details`, `metaMessages` (what was involved, what to
 * do next), a `docsPath` into the runbook and the `cause`. Every error carries a number from
 * one of the descriptor tables — this file's `TASK_ERRORS` for problems found by the tasks
 * themselves, `revertTable.ts` for refusals decoded from a contract's custom error — so an
 * operator can quote "CARAVEL-104" and find the runbook entry of the same title.
 */

/** One numbered error descriptor, the way Hardhat numbers its errors. */
export interface ErrorDescriptor {
  number: number;
  /** The runbook entry's title. */
  title: string;
}

/** Problems the tasks find before (or instead of) a contract saying anything. */
export const TASK_ERRORS = {
  INVALID_INPUT: { number: 1, title: "A task option is missing or malformed" },
  UNKNOWN_MEMBER: { number: 2, title: "No consortium member has that name" },
  MEMBERS_FILE: { number: 3, title: "The members file cannot be used" },
  MEMBER_KEY: { number: 4, title: "A member's signing key cannot be loaded" },
  MISSING_DEPLOYMENT: { number: 5, title: "No Caravel deployment for this chain" },
  NETWORK_UNREACHABLE: { number: 6, title: "The chain cannot be reached" },
  TRANSACTION_FAILED: { number: 7, title: "A sent transaction failed without a reason" },
  NOT_FOUND: { number: 8, title: "The chain holds no such record" },
  CONTRACT_REFUSED: { number: 9, title: "A contract refused with an error Caravel does not know" },
  INVOICE_KEY: { number: 10, title: "The invoice fingerprint key cannot be loaded" },
  FUNDS_SHORT: { number: 11, title: "The account holds too little of the token" },
  INDEXER_UNAVAILABLE: { number: 12, title: "The configured indexer cannot answer" },
} as const satisfies Record<string, ErrorDescriptor>;

export const RUNBOOK_PATH = "docs/OPERATIONS.md#operator-errors";

export interface CaravelErrorOptions {
  descriptor: ErrorDescriptor;
  details?: string;
  metaMessages?: readonly string[];
  docsPath?: string;
  cause?: unknown;
}

export class CaravelError extends Error {
  override name = "CaravelError";
  readonly shortMessage: string;
  readonly descriptor: ErrorDescriptor;
  readonly details: string | undefined;
  readonly metaMessages: readonly string[];
  readonly docsPath: string;

  constructor(shortMessage: string, options: CaravelErrorOptions) {
    const metaMessages = options.metaMessages ?? [];
    const docsPath = options.docsPath ?? RUNBOOK_PATH;
    super(
      [
        shortMessage,
        ...metaMessages,
        ...(options.details === undefined ? [] : [`Details: ${options.details}`]),
        `Runbook: ${docsPath} (${errorCode(options.descriptor)} ${options.descriptor.title})`,
      ].join("\n"),
      { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.descriptor = options.descriptor;
    this.details = options.details;
    this.metaMessages = metaMessages;
    this.docsPath = docsPath;
  }

  /** "CARAVEL-001", "CARAVEL-104", ... */
  get code(): string {
    return errorCode(this.descriptor);
  }
}

export function errorCode(descriptor: ErrorDescriptor): string {
  return `CARAVEL-${String(descriptor.number).padStart(3, "0")}`;
}

/** A task option that is missing or malformed; `field` is the option as typed (`--amount`). */
export class InvalidInputError extends CaravelError {
  override name = "InvalidInputError";
  readonly field: string;

  constructor(
    field: string,
    problem: string,
    descriptor: ErrorDescriptor = TASK_ERRORS.INVALID_INPUT,
  ) {
    super(`${field}: ${problem}.`, { descriptor });
    this.field = field;
  }
}

/** The CLI spelling of an option name: `registrationId` → `--registration-id`. */
export function optionFlag(name: string): string {
  return "--" + name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

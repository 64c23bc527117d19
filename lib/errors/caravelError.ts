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

/**
 * Problems the tasks (1-19), the oracle daemons (20-29) and the eBL gateway (30-39) find before (or instead of) a contract
 * saying anything.
 */
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
  NODE_CONFIG: { number: 20, title: "The oracle node's configuration is invalid" },
  PEER_UNAVAILABLE: { number: 21, title: "A committee peer did not answer usefully" },
  CLI_USAGE: { number: 22, title: "A daemon command line cannot be used" },
  GATEWAY_CONFIG: { number: 30, title: "The eBL gateway's configuration is invalid" },
} as const satisfies Record<string, ErrorDescriptor>;

export const RUNBOOK_PATH = "docs/OPERATIONS.md#operator-errors";

export interface CaravelErrorOptions {
  /** The runbook code: which numbered entry of docs/OPERATIONS.md explains this error. */
  code: ErrorDescriptor;
  details?: string | undefined;
  metaMessages?: readonly string[] | undefined;
  docsPath?: string | undefined;
  cause?: unknown;
}

/**
 * The one error base of Caravel, shaped like viem's BaseError: tasks, the demo and the oracle
 * daemons throw it (or a subclass with a literal `name`). `message` is the short message, the meta
 * messages, the details and the runbook line; `walk` follows the `cause` chain.
 */
export class CaravelError extends Error {
  override name: string = "CaravelError";
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
        `Runbook: ${docsPath} (${errorCode(options.code)} ${options.code.title})`,
      ].join("\n"),
      { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.descriptor = options.code;
    this.details = options.details;
    this.metaMessages = metaMessages;
    this.docsPath = docsPath;
  }

  /** "CARAVEL-001", "CARAVEL-104", ... */
  get code(): string {
    return errorCode(this.descriptor);
  }

  /**
   * Like viem's `walk`: the first error down the `cause` chain (this one included) for which
   * `matches` holds, or without `matches` the innermost cause. Stops at a cycle.
   */
  walk(matches?: (error: unknown) => boolean): unknown {
    return walkCauses(this, matches);
  }
}

/** `error` and its causes, outermost first, as `CaravelError.walk` follows them. */
export function walkCauses(error: unknown, matches?: (error: unknown) => boolean): unknown {
  const seen = new Set<unknown>();
  let current = error;
  let last = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    if (matches?.(current) === true) return current;
    seen.add(current);
    last = current;
    current = (current as { cause?: unknown }).cause;
  }
  return matches === undefined ? last : null;
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
    super(`${field}: ${problem}.`, { code: descriptor });
    this.field = field;
  }
}

/** The CLI spelling of an option name: `registrationId` → `--registration-id`. */
export function optionFlag(name: string): string {
  return "--" + name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

/**
 * A secret value (a private key, a bearer token) that never prints itself: not in logs, not in
 * JSON, not in `util.inspect`, not in error messages. The oracle daemons and the eBL gateway keep
 * every secret they read in one.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

/** A secret value. Use `reveal()` where the value is needed; everything else sees "[redacted]". */
export class Secret<T extends string = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

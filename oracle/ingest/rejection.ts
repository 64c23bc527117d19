/**
 * Why a message was refused at the edge. Every refusal names the field (a path into the message,
 * or a request part such as "authorization" / "content-type") and the reason, and maps to one
 * HTTP status.
 */

export const REJECTION_STATUS = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  unsupported_media_type: 415,
  payload_too_large: 413,
  malformed_body: 400,
  forbidden_construct: 400,
  invalid_field: 422,
  unknown_code: 422,
  invalid_timestamp: 422,
  future_timestamp: 422,
  invalid_locode: 422,
  unknown_shipment: 422,
  unknown_carrier: 422,
  retracted_event: 422,
  conflicting_duplicate: 409,
  conflicting_link: 409,
} as const;

export type RejectionCode = keyof typeof REJECTION_STATUS;

export function isRejectionCode(code: string): code is RejectionCode {
  return Object.hasOwn(REJECTION_STATUS, code);
}

export class IngestRejection extends Error {
  override readonly name = "IngestRejection";
  readonly code: RejectionCode;
  readonly field: string;
  readonly reason: string;
  /**
   * For `unknown_shipment`: the declaration id or B/L number the message waits for; a link
   * registered later for it replays the message.
   */
  readonly awaitingRef: string | undefined;

  constructor(code: RejectionCode, field: string, reason: string, awaitingRef?: string) {
    super(`${field}: ${reason}`);
    this.code = code;
    this.field = field;
    this.reason = reason;
    this.awaitingRef = awaitingRef;
  }

  get httpStatus(): number {
    return REJECTION_STATUS[this.code];
  }
}

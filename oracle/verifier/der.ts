/**
 * Strict DER decoding of an ECDSA signature (`ECDSA-Sig-Value ::= SEQUENCE { r INTEGER,
 * s INTEGER }`, SEC 1 §C.8 / RFC 3279 §2.2.3) into the 64-byte `r ‖ s` form the verifiers
 * take. Only the one canonical encoding is accepted: BER forms (long-form lengths where the
 * short form fits, indefinite lengths, leading zero bytes on integers), negative integers,
 * empty integers, wrong tags and trailing bytes are all refused, as Wycheproof expects.
 */

const SEQUENCE_TAG = 0x30;
const INTEGER_TAG = 0x02;
/** Bytes in one scalar of a 256-bit curve. */
const SCALAR_BYTES = 32;

interface Cursor {
  offset: number;
}

/**
 * Reads a DER length at `cursor`. Returns null for the indefinite form (0x80), for a long
 * form that is not minimal (a length below 128, or a leading zero length byte), and for a
 * length longer than this decoder could ever need.
 */
function readLength(der: Uint8Array, cursor: Cursor): number | null {
  const first = der[cursor.offset];
  if (first === undefined) return null;
  cursor.offset += 1;
  if (first < 0x80) return first;
  const lengthBytes = first & 0x7f;
  // 0x80 is BER's indefinite length; more than two length bytes is far beyond a signature.
  if (lengthBytes === 0 || lengthBytes > 2) return null;
  if (cursor.offset + lengthBytes > der.length) return null;
  let length = 0;
  for (let i = 0; i < lengthBytes; i++) length = length * 256 + der[cursor.offset + i]!;
  cursor.offset += lengthBytes;
  // Minimal: no leading zero byte, and the long form only where the short form cannot be used.
  if (der[cursor.offset - lengthBytes] === 0 || length < 0x80) return null;
  return length;
}

/**
 * Reads one non-negative, minimally encoded INTEGER and writes its value right-aligned into
 * `out[outOffset..outOffset+32)`. Returns false when the encoding is not canonical DER or the
 * value does not fit in 32 bytes (then it is at least 2^256, so out of range for any 256-bit
 * curve anyway).
 */
function readInteger(der: Uint8Array, cursor: Cursor, out: Uint8Array, outOffset: number): boolean {
  if (der[cursor.offset] !== INTEGER_TAG) return false;
  cursor.offset += 1;
  const length = readLength(der, cursor);
  if (length === null || length === 0 || cursor.offset + length > der.length) return false;
  let start = cursor.offset;
  const end = start + length;
  const lead = der[start]!;
  if (lead & 0x80) return false; // negative
  if (lead === 0) {
    // A leading zero is allowed only to keep a value with its top bit set non-negative.
    if (length > 1 && (der[start + 1]! & 0x80) === 0) return false;
    start += 1;
  }
  const magnitude = end - start;
  if (magnitude > SCALAR_BYTES) return false;
  out.set(der.subarray(start, end), outOffset + SCALAR_BYTES - magnitude);
  cursor.offset = end;
  return true;
}

/**
 * Decodes a DER ECDSA signature for a 256-bit curve into `r ‖ s` (64 bytes), or returns null
 * when the bytes are not exactly one canonical DER `SEQUENCE { INTEGER, INTEGER }`. Range
 * checks against the curve order (0 < r, s < n) are left to the verifier.
 */
export function decodeDerSignature(der: Uint8Array): Uint8Array | null {
  if (der[0] !== SEQUENCE_TAG) return null;
  const cursor: Cursor = { offset: 1 };
  const bodyLength = readLength(der, cursor);
  if (bodyLength === null || cursor.offset + bodyLength !== der.length) return null;
  const rs = new Uint8Array(2 * SCALAR_BYTES);
  if (!readInteger(der, cursor, rs, 0)) return null;
  if (!readInteger(der, cursor, rs, SCALAR_BYTES)) return null;
  return cursor.offset === der.length ? rs : null;
}

/**
 * Strict DER decoding of an ECDSA signature, `SEQUENCE { INTEGER r, INTEGER s }`, as X.690
 * requires it: definite minimal lengths, minimal positive integers, nothing after the end.
 * Anything else (BER, padding, negative numbers, trailing bytes) is refused.
 */
export interface EcdsaSignatureValues {
  r: bigint;
  s: bigint;
}

interface Tlv {
  tag: number;
  value: Uint8Array;
  end: number;
}

function readTlv(bytes: Uint8Array, at: number): Tlv | undefined {
  if (at + 2 > bytes.length) return undefined;
  const tag = bytes[at]!;
  let length = bytes[at + 1]!;
  let offset = at + 2;
  if (length === 0x80) return undefined; // indefinite length: BER only
  if (length > 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes > 4 || offset + lengthBytes > bytes.length) return undefined;
    if (bytes[offset] === 0) return undefined; // leading zero in the length: not minimal
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + bytes[offset + i]!;
    offset += lengthBytes;
    if (length < 0x80) return undefined; // long form for a short length: not minimal
  }
  const end = offset + length;
  if (end > bytes.length) return undefined;
  return { tag, value: bytes.subarray(offset, end), end };
}

function readPositiveInteger(
  bytes: Uint8Array,
  at: number,
): { value: bigint; end: number } | undefined {
  const tlv = readTlv(bytes, at);
  if (tlv === undefined || tlv.tag !== 0x02 || tlv.value.length === 0) return undefined;
  const v = tlv.value;
  if (v[0]! & 0x80) return undefined; // negative
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) return undefined; // not minimal
  let value = 0n;
  for (const byte of v) value = (value << 8n) | BigInt(byte);
  return { value, end: tlv.end };
}

/** The (r, s) of a strict-DER ECDSA signature, or undefined if it is not strict DER. */
export function decodeDerSignature(der: Uint8Array): EcdsaSignatureValues | undefined {
  const sequence = readTlv(der, 0);
  if (sequence === undefined || sequence.tag !== 0x30 || sequence.end !== der.length)
    return undefined;
  const body = sequence.value;
  const r = readPositiveInteger(body, 0);
  if (r === undefined) return undefined;
  const s = readPositiveInteger(body, r.end);
  if (s === undefined || s.end !== body.length) return undefined;
  return { r: r.value, s: s.value };
}

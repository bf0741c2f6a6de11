import { cellError } from './codecs/cell-error.js';
import { encodeDate, encodeTimestamp } from './codecs/datetime.js';
import { encodeNumeric } from './codecs/numeric.js';
import { encodeInt, encodeUuid } from './codecs/scalars.js';
import { OID, TEXT_LIKE } from './type-oids.js';

/** Largest `name` value: NAMEDATALEN - 1 bytes. */
const NAME_MAX_BYTES = 63;

/** Pads or truncates to `n` characters (bpchar(n) semantics). */
export function fitBpchar(text: string, typmod: number): string {
  if (typmod < 4) return text;
  const n = typmod - 4;
  const chars = Array.from(text);
  return chars.length >= n ? chars.slice(0, n).join('') : text + ' '.repeat(n - chars.length);
}

/** Truncates to 63 bytes without splitting a character. */
function fitName(text: string): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch);
    if (bytes + b > NAME_MAX_BYTES) break;
    out += ch;
    bytes += b;
  }
  return out;
}

/**
 * Encodes a masked value (PostgreSQL text form) as a cell of `typeOid` in the client's format.
 * Only the types a plan can keep are supported; anything else is a bug and fails closed.
 */
export function encodeCell(text: string, format: 0 | 1, typeOid: number, typmod: number): Buffer {
  let value = text;
  if (typeOid === OID.bpchar) value = fitBpchar(text, typmod);
  else if (typeOid === OID.name) value = fitName(text);
  if (format === 0 || TEXT_LIKE.has(typeOid) || typeOid === OID.json) return Buffer.from(value, 'utf8');
  switch (typeOid) {
    case OID.jsonb:
      return Buffer.concat([Buffer.from([1]), Buffer.from(value, 'utf8')]);
    case OID.int2:
      return encodeInt(value, 2);
    case OID.int4:
      return encodeInt(value, 4);
    case OID.int8:
      return encodeInt(value, 8);
    case OID.numeric:
      return encodeNumeric(value);
    case OID.uuid:
      return encodeUuid(value);
    case OID.date:
      return encodeDate(value);
    case OID.timestamp:
      return encodeTimestamp(value, false);
    case OID.timestamptz:
      return encodeTimestamp(value, true);
    default:
      throw cellError('masked');
  }
}

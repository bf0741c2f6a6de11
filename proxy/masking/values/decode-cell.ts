import { decodeDate, decodeTime, decodeTimestamp } from './codecs/datetime.js';
import { decodeNumeric } from './codecs/numeric.js';
import {
  decodeBool,
  decodeBytea,
  decodeFloat,
  decodeInet,
  decodeInt,
  decodeOid,
  decodeUuid,
} from './codecs/scalars.js';
import { OID, TEXT_LIKE } from './type-oids.js';

/**
 * A cell as the text PostgreSQL would have sent for it (DateStyle ISO, bytea_output hex,
 * timestamptz in UTC). Text-format cells are UTF-8 (the gateway runs upstream sessions with
 * client_encoding UTF8). Returns undefined for a binary cell of a type this module does not
 * know: the caller then masks without reading it.
 */
export function decodeCell(cell: Buffer, format: 0 | 1, typeOid: number): string | undefined {
  if (format === 0) return cell.toString('utf8');
  if (TEXT_LIKE.has(typeOid)) return cell.toString('utf8');
  switch (typeOid) {
    case OID.json:
    case OID.xml:
      return cell.toString('utf8');
    case OID.jsonb:
      if (cell[0] !== 1) return undefined;
      return cell.toString('utf8', 1);
    case OID.int2:
    case OID.int4:
    case OID.int8:
      return decodeInt(cell);
    case OID.oid:
      return decodeOid(cell);
    case OID.float4:
    case OID.float8:
      return decodeFloat(cell);
    case OID.numeric:
      return decodeNumeric(cell);
    case OID.bool:
      return decodeBool(cell);
    case OID.uuid:
      return decodeUuid(cell);
    case OID.bytea:
      return decodeBytea(cell);
    case OID.char:
      return cell.toString('latin1');
    case OID.date:
      return decodeDate(cell);
    case OID.time:
      return decodeTime(cell);
    case OID.timestamp:
      return decodeTimestamp(cell, false);
    case OID.timestamptz:
      return decodeTimestamp(cell, true);
    case OID.inet:
    case OID.cidr:
      return decodeInet(cell);
    default:
      return undefined;
  }
}

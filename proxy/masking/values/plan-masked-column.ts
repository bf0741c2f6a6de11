import { COLUMN_CLASS_EXTRA, type ColumnEntity } from '../../../core/config/masking.js';
import { PhigateError } from '../../../core/errors.js';
import type { MaskMethod } from '../../../core/phi/entities.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import {
  DATETIME_TYPES,
  INTEGER_TYPES,
  JSON_TYPES,
  OID,
  TEXT_ARRAYS,
  TEXT_LIKE,
  TYPE_SIZE,
} from './type-oids.js';

/** How `maskCell` turns a cell into its masked form. */
export type CellStrategy =
  | 'null'
  | 'text'
  | 'free-text'
  | 'json'
  | 'text-array'
  | 'date-generalize'
  | 'number-pseudonym'
  | 'number-age'
  | 'uuid-pseudonym';

export interface MaskedColumnPlan {
  readonly entity: ColumnEntity;
  /** For FREE_TEXT: a method for every detection, or undefined for per-entity methods. */
  readonly method: MaskMethod | undefined;
  readonly strategy: CellStrategy;
  readonly inputTypeOid: number;
  readonly inputTypmod: number;
  /** What RowDescription must announce for this column. */
  readonly outputTypeOid: number;
  readonly outputTypmod: number;
  readonly outputTypeSize: number;
  /** False when the column is reported as `text` because the masked value is no value of its type. */
  readonly keepsType: boolean;
}

const AS_TEXT = { outputTypeOid: OID.text, outputTypmod: -1, outputTypeSize: -1, keepsType: false } as const;

/**
 * Decides, once per result column, how its cells are masked and what type the client is told.
 * A column keeps its type when the masked value is a valid value of it: text-like types
 * (varchar loses its length limit, bpchar is padded/truncated to its length), json/jsonb, text
 * arrays, date/timestamp[tz] generalized to the first day of the year or month, integers and
 * numeric pseudonymized to a number of the same width, ages capped at 90, uuid pseudonyms,
 * and any type under `null`. Everything else (a redacted int8, a partial date, unknown types)
 * is reported as `text` (OID 25, typmod -1, size -1) carrying the masked text.
 *
 * `typeSize` is RowDescription's size for the column, kept when the type is kept and unknown here.
 */
export function planMaskedColumn(
  typeOid: number,
  typmod: number,
  entity: ColumnEntity,
  method: MaskMethod | undefined,
  typeSize?: number,
): MaskedColumnPlan {
  if (method === undefined && entity !== COLUMN_CLASS_EXTRA.freeText) {
    throw new PhigateError('MASKING_PLAN_INVALID', `a masking method is required for entity ${entity}`, {
      sqlstate: SQLSTATE.maskingUnavailable,
    });
  }
  const keep = (strategy: CellStrategy, outputTypmod = typmod): MaskedColumnPlan => ({
    entity,
    method,
    strategy,
    inputTypeOid: typeOid,
    inputTypmod: typmod,
    outputTypeOid: typeOid,
    outputTypmod,
    outputTypeSize: TYPE_SIZE[typeOid] ?? typeSize ?? -1,
    keepsType: true,
  });
  const asText = (strategy: CellStrategy): MaskedColumnPlan => ({
    entity,
    method,
    strategy,
    inputTypeOid: typeOid,
    inputTypmod: typmod,
    ...AS_TEXT,
  });
  if (method === 'null') return keep('null');
  const freeText = entity === COLUMN_CLASS_EXTRA.freeText;
  const textTypmod = typeOid === OID.varchar ? -1 : typmod;
  if (TEXT_LIKE.has(typeOid)) return keep(freeText ? 'free-text' : 'text', textTypmod);
  if (JSON_TYPES.has(typeOid)) return keep('json');
  if (TEXT_ARRAYS.has(typeOid)) return keep('text-array');
  if (freeText) return asText('free-text');
  if (
    method === 'generalize' &&
    DATETIME_TYPES.has(typeOid) &&
    (entity === 'DATE' || entity === 'BIRTH_DATE')
  ) {
    return keep('date-generalize');
  }
  if ((INTEGER_TYPES.has(typeOid) || typeOid === OID.numeric) && method === 'pseudonymize') {
    return keep('number-pseudonym');
  }
  if (
    (INTEGER_TYPES.has(typeOid) || typeOid === OID.numeric) &&
    method === 'generalize' &&
    entity === 'AGE'
  ) {
    return keep('number-age');
  }
  if (typeOid === OID.uuid && method === 'pseudonymize') return keep('uuid-pseudonym');
  return asText('text');
}

import type { KeyObject } from 'node:crypto';
import type { PhiEntity } from '../../../core/phi/entities.js';
import { readYearMonth } from '../methods/date-text.js';
import { pseudonymDigest } from '../methods/pseudonymize.js';
import { SAFE_HARBOR_AGE_CAP, SAFE_HARBOR_MAX_AGE } from '../methods/safe-harbor.js';
import { cellError } from './codecs/cell-error.js';
import { INTEGER_MAX, OID } from './type-oids.js';

const ISO = /^(\d{4,})-(\d{2})-(\d{2})(?:[ T][\d:.]+([+-]\d{2}(?::?\d{2}){0,2})?)?( BC)?$/;

/**
 * Generalizes a date/timestamp/timestamptz value in PostgreSQL text form to the first day of its
 * year (or month), keeping the type: `1984-03-15` → `1984-01-01`,
 * `1984-03-15 10:30:00+02` → `1984-01-01 00:00:00+02`. Infinity stays. A value in a non-ISO
 * DateStyle is reduced to its year.
 */
export function generalizeDateValue(text: string, typeOid: number, granularity: 'year' | 'month'): string {
  if (text === 'infinity' || text === '-infinity') return text;
  const m = ISO.exec(text);
  let year: string;
  let month = '01';
  let offset = '+00';
  let bc = '';
  if (m) {
    year = m[1]!;
    if (granularity === 'month') month = m[2]!;
    offset = m[4] ?? offset;
    bc = m[5] ?? '';
  } else {
    const ym = readYearMonth(text);
    if (ym === undefined) throw cellError('date');
    year = String(ym.year).padStart(4, '0');
    bc = / BC$/.test(text) ? ' BC' : '';
  }
  const date = `${year}-${month}-01`;
  if (typeOid === OID.date) return `${date}${bc}`;
  if (typeOid === OID.timestamp) return `${date} 00:00:00${bc}`;
  return `${date} 00:00:00${offset}${bc}`;
}

/**
 * A deterministic number of the same width: same sign, same count of integer digits (first
 * digit non-zero), same count of fraction digits, within the type's range. Keyed like every
 * pseudonym, so equal inputs give equal outputs.
 */
export function pseudonymNumber(text: string, typeOid: number, entity: PhiEntity, key: KeyObject): string {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return text === 'NaN' || /Infinity$/.test(text) ? text : failNumber();
  const sign = m[1] === '-' ? '-' : '';
  const intPart = (m[2] ?? '0').replace(/^0+(?=\d)/, '');
  const frac = m[3] ?? '';
  const digest = pseudonymDigest(`${sign}${intPart}${frac ? `.${frac}` : ''}`, entity, key);
  const n = intPart.length;
  let low = n === 1 ? 0n : 10n ** BigInt(n - 1);
  let high = 10n ** BigInt(n) - 1n;
  const max = INTEGER_MAX[typeOid];
  if (max !== undefined && high > max) high = max;
  if (low > high) low = 0n;
  const h = digest.readBigUInt64BE(0) * (1n << 64n) + digest.readBigUInt64BE(8);
  const value = low + (h % (high - low + 1n));
  let fracOut = '';
  if (frac.length > 0) {
    const f = digest.readBigUInt64BE(16) * (1n << 64n) + digest.readBigUInt64BE(24);
    fracOut = `.${(f % 10n ** BigInt(frac.length)).toString().padStart(frac.length, '0')}`;
  }
  return `${sign}${value}${fracOut}`;
}

function failNumber(): never {
  throw cellError('number');
}

/** Ages over 89 become 90 in a numeric column; younger ages stay. */
export function generalizeAgeNumber(text: string): string {
  const v = Number(text);
  if (Number.isNaN(v)) throw cellError('age');
  return v > SAFE_HARBOR_MAX_AGE ? String(SAFE_HARBOR_AGE_CAP) : text;
}

/** A keyed, stable UUID (version 4 layout, RFC 4122 variant) for a uuid column. */
export function pseudonymUuid(text: string, entity: PhiEntity, key: KeyObject): string {
  const d = pseudonymDigest(text.toLowerCase(), entity, key).subarray(0, 16);
  d[6] = (d[6]! & 0x0f) | 0x40;
  d[8] = (d[8]! & 0x3f) | 0x80;
  const h = d.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

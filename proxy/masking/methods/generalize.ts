import type { PhiEntity } from '../../../core/phi/entities.js';
import { readYearMonth } from './date-text.js';
import type { MaskContext } from './mask-context.js';
import { redactToken } from './redact.js';
import { RESTRICTED_ZIP3, SAFE_HARBOR_AGE_CAP, SAFE_HARBOR_MAX_AGE } from './safe-harbor.js';

/** `1984` (year) or `1984-03` (month); unreadable dates are redacted (fail closed). */
export function generalizeDate(text: string, granularity: 'year' | 'month' = 'year'): string {
  const ym = readYearMonth(text);
  if (ym === undefined) return redactToken('DATE');
  const year = String(ym.year).padStart(4, '0');
  if (granularity === 'month' && ym.month !== undefined)
    return `${year}-${String(ym.month).padStart(2, '0')}`;
  return year;
}

/** First three ZIP digits, `000` for the restricted prefixes. A numeric ZIP that lost its leading zeros is padded. */
export function generalizeZip(text: string): string {
  const m = /^\s*(\d{3,5})(?:-?\d{4})?\s*$/.exec(text);
  if (!m) return redactToken('ZIP');
  const zip3 = (m[1] ?? '').padStart(5, '0').slice(0, 3);
  return RESTRICTED_ZIP3.has(zip3) ? '000' : zip3;
}

const AGE_ONLY = /^\s*\d{1,3}(?:\.\d+)?\s*(?:years?(?:[- ]old)?|yrs?|y\/?o|yo)?\s*$/i;

/**
 * Ages over 89 become 90; younger ages are not identifiers and stay. A value that is more than
 * an age (`45, lives with ...`) is reduced to the number; a text without one is redacted.
 */
export function generalizeAge(text: string): string {
  const m = /(\d{1,3})(?:\.\d+)?/.exec(text);
  if (!m) return redactToken('AGE');
  const capped = Number(m[1]) > SAFE_HARBOR_MAX_AGE ? String(SAFE_HARBOR_AGE_CAP) : m[0];
  if (!AGE_ONLY.test(text)) return capped;
  return `${text.slice(0, m.index)}${capped}${text.slice(m.index + m[0].length)}`;
}

/**
 * Safe Harbor generalization. Defined for dates, ZIP codes and ages; for every other entity
 * there is no generalized form that Safe Harbor allows, so the value is redacted.
 */
export function generalize(text: string, entity: PhiEntity, ctx: MaskContext): string {
  switch (entity) {
    case 'DATE':
    case 'BIRTH_DATE':
      return generalizeDate(text, ctx.dateGranularity);
    case 'ZIP':
      return generalizeZip(text);
    case 'AGE':
      return generalizeAge(text);
    default:
      return redactToken(entity);
  }
}

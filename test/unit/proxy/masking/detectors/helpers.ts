import type { PhiEntity } from '../../../../../core/phi/entities.js';
import { detectPhi } from '../../../../../proxy/masking/detectors/index.js';

/** The text of each detection of `entity` in `text`. */
export function found(text: string, entity: PhiEntity | readonly PhiEntity[]): string[] {
  const want = new Set(typeof entity === 'string' ? [entity] : entity);
  return detectPhi(text)
    .filter((d) => want.has(d.entity))
    .map((d) => text.slice(d.start, d.end));
}

/**
 * NPI check digit, written independently of the production code: double every other digit of
 * the 9-digit base starting from the right, add 24 (the 80840 prefix), check = (10 - sum % 10) % 10.
 */
export function npiWithCheckDigit(base9: string): string {
  let sum = 24;
  for (let i = 0; i < 9; i++) {
    let d = Number(base9[8 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d = Math.floor(d / 10) + (d % 10);
    }
    sum += d;
  }
  return `${base9}${(10 - (sum % 10)) % 10}`;
}

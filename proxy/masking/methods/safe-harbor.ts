import { MASK_METHOD, type MaskMethod, PHI_ENTITIES, type PhiEntity } from '../../../core/phi/entities.js';

/**
 * Three-digit ZIP prefixes whose geographic unit holds 20,000 people or fewer (2000 Census,
 * as listed by HHS guidance on 45 CFR 164.514(b)(2)(i)(B)); Safe Harbor replaces them with 000.
 */
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036',
  '059',
  '063',
  '102',
  '203',
  '556',
  '692',
  '790',
  '821',
  '823',
  '830',
  '831',
  '878',
  '879',
  '884',
  '890',
  '893',
]);

/** Safe Harbor generalizes ages over 89 into one category ("90 or older"). */
export const SAFE_HARBOR_MAX_AGE = 89;
export const SAFE_HARBOR_AGE_CAP = 90;

/**
 * Per-entity defaults that follow Safe Harbor: every identifier removed (redact), except the
 * elements Safe Harbor lets through in generalized form: the year of a date, the first three
 * ZIP digits (000 for small populations) and ages capped at 90.
 */
export const SAFE_HARBOR_METHODS: Readonly<Record<PhiEntity, MaskMethod>> = Object.freeze(
  Object.fromEntries(
    PHI_ENTITIES.map((e) => [
      e,
      e === 'DATE' || e === 'BIRTH_DATE' || e === 'ZIP' || e === 'AGE'
        ? MASK_METHOD.generalize
        : MASK_METHOD.redact,
    ]),
  ) as Record<PhiEntity, MaskMethod>,
);

export type MethodFor = (entity: PhiEntity) => MaskMethod;

/** The method for each entity: configured override, else the Safe Harbor default. */
export function methodResolver(overrides: Partial<Record<PhiEntity, MaskMethod>> = {}): MethodFor {
  const table = { ...SAFE_HARBOR_METHODS, ...overrides };
  return (entity) => table[entity];
}

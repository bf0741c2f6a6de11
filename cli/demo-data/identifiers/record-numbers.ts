import { Permutation } from '../random/permutation.js';
import type { Prng } from '../random/prng.js';
import { luhnCheckDigit } from './luhn.js';

/** Medical record number: `MRN` + 8 digits, unique per patient (keyed permutation of the id). */
export const MRN_SPACE = 100_000_000;
export const mrnFromIndex = (index: number): string => `MRN${String(index).padStart(8, '0')}`;
export const MRN_PATTERN = /^MRN\d{8}$/;

/** Health-plan member id: 3 letters (the payer's prefix) + 9 digits, unique per patient. */
export const MEMBER_NUMBER_SPACE = 1_000_000_000;
export const MEMBER_ID_PATTERN = /^[A-Z]{3}\d{9}$/;
export const PAYERS = [
  ['BCB', 'Blue Cross Blue Shield'],
  ['UHC', 'UnitedHealthcare'],
  ['AET', 'Aetna'],
  ['CGN', 'Cigna'],
  ['HUM', 'Humana'],
  ['KPH', 'Kaiser Permanente'],
  ['MCR', 'Medicare Advantage'],
  ['MCD', 'Medicaid managed care'],
  ['AMB', 'Ambetter'],
  ['OSC', 'Oscar Health'],
] as const;

export const memberId = (prefix: string, number: number): string =>
  `${prefix}${String(number).padStart(9, '0')}`;

/** Keyed permutations that make record numbers unique for one seed. */
export const recordNumberPermutations = (seed: number) => ({
  mrn: new Permutation(MRN_SPACE, [seed, 0x4d524e]),
  member: new Permutation(MEMBER_NUMBER_SPACE, [seed, 0x4d4252]),
});

/** A Luhn-valid card number (Visa 4…, Mastercard 51-55…), 16 digits. */
export function creditCardNumber(rng: Prng): string {
  const prefix = rng.chance(0.6) ? '4' : `5${rng.int(1, 5)}`;
  const body = prefix + rng.digits(15 - prefix.length);
  return body + String(luhnCheckDigit(body));
}

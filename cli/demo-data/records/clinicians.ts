import { deaNumber } from '../identifiers/dea.js';
import { npiFromBase } from '../identifiers/npi.js';
import { Permutation } from '../random/permutation.js';
import { Prng } from '../random/prng.js';
import { DEPARTMENTS } from '../reference/departments.js';
import { FEMALE_FIRST_NAME_TABLE, MALE_FIRST_NAME_TABLE } from '../reference/first-names.js';
import { LAST_NAME_TABLE } from '../reference/last-names.js';
import { STREAM } from './streams.js';

/** A synthetic clinician: the attending of encounters and the doctors named in notes. */
export interface Clinician {
  readonly firstName: string;
  readonly lastName: string;
  readonly credential: 'MD' | 'DO' | 'NP' | 'PA-C';
  readonly npi: string;
  readonly dea: string;
  readonly department: string;
}

export const CLINICIANS_PER_DEPARTMENT = 12;

/** The clinician directory for a seed: 12 per department, unique Luhn-valid NPIs. */
export function clinicianDirectory(seed: number): readonly Clinician[] {
  const npiBases = new Permutation(100_000_000, [seed, 0x4e5049]);
  const out: Clinician[] = [];
  DEPARTMENTS.forEach((dept, d) => {
    for (let k = 0; k < CLINICIANS_PER_DEPARTMENT; k++) {
      const index = d * CLINICIANS_PER_DEPARTMENT + k;
      const rng = Prng.derive(seed, index, STREAM.clinicians);
      const female = rng.chance(0.5);
      const firstName = (female ? FEMALE_FIRST_NAME_TABLE : MALE_FIRST_NAME_TABLE).pick(rng);
      const lastName = LAST_NAME_TABLE.pick(rng);
      const credential = k < 9 ? (rng.chance(0.85) ? 'MD' : 'DO') : rng.chance(0.5) ? 'NP' : 'PA-C';
      out.push({
        firstName,
        lastName,
        credential,
        npi: npiFromBase(`1${String(npiBases.apply(index)).padStart(8, '0')}`),
        dea: deaNumber(rng, lastName, credential === 'NP' || credential === 'PA-C'),
        department: dept.code,
      });
    }
  });
  return out;
}

import type { PhoneNumber } from '../identifiers/phone.js';
import { phoneNumber } from '../identifiers/phone.js';
import type { Prng } from '../random/prng.js';
import type { Clinician } from '../records/clinicians.js';
import { emailFor } from '../records/email.js';
import type { EncounterDraft } from '../records/encounter.js';
import type { LabDraft } from '../records/labs.js';
import type { Patient } from '../records/patient.js';
import { FEMALE_FIRST_NAME_TABLE, MALE_FIRST_NAME_TABLE } from '../reference/first-names.js';
import { LAST_NAME_TABLE } from '../reference/last-names.js';

/** A relative named in a note (not stored anywhere else). */
export interface Relative {
  readonly relation: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly phone: PhoneNumber;
  readonly email: string;
}

/** Everything a note may mention. The relative and the consultant are fixed per note. */
export interface NoteScope {
  readonly rng: Prng;
  readonly patient: Patient;
  readonly encounter: EncounterDraft;
  readonly labs: readonly LabDraft[];
  readonly relative: Relative;
  readonly consultant: Clinician;
  /** The encounter's medication orders, chosen once so a note never contradicts itself. */
  readonly meds: readonly string[];
}

type RelationChoice = readonly [string, 'F' | 'M'];
const RELATIONS_CHILD: readonly RelationChoice[] = [
  ['mother', 'F'],
  ['father', 'M'],
  ['grandmother', 'F'],
  ['aunt', 'F'],
];
const RELATIONS_ADULT: readonly RelationChoice[] = [
  ['wife', 'F'],
  ['husband', 'M'],
  ['partner', 'F'],
  ['sister', 'F'],
  ['brother', 'M'],
  ['mother', 'F'],
  ['roommate', 'M'],
];
const RELATIONS_OLDER: readonly RelationChoice[] = [
  ['daughter', 'F'],
  ['son', 'M'],
  ['wife', 'F'],
  ['husband', 'M'],
  ['granddaughter', 'F'],
  ['niece', 'F'],
];

export function makeRelative(rng: Prng, patient: Patient, ageYears: number): Relative {
  const pool = ageYears < 18 ? RELATIONS_CHILD : ageYears < 60 ? RELATIONS_ADULT : RELATIONS_OLDER;
  const [relation, sex] = rng.pick(pool);
  const firstName = (sex === 'F' ? FEMALE_FIRST_NAME_TABLE : MALE_FIRST_NAME_TABLE).pick(rng);
  const family = ['mother', 'father', 'sister', 'brother', 'daughter', 'son', 'grandmother', 'granddaughter'];
  const sameName = family.includes(relation) ? rng.chance(0.8) : rng.chance(0.45);
  const lastName = sameName ? patient.lastName : LAST_NAME_TABLE.pick(rng);
  const areaCode = rng.chance(0.7) ? patient.phoneParts.area : String(rng.pick(patient.home.areaCodes));
  return {
    relation,
    firstName,
    lastName,
    phone: phoneNumber(rng, Number(areaCode)),
    email: emailFor(rng, firstName, lastName, patient.birthMs),
  };
}

export function pickConsultant(rng: Prng, clinicians: readonly Clinician[], attending: Clinician): Clinician {
  for (;;) {
    const c = rng.pick(clinicians);
    if (c !== attending) return c;
  }
}

import { PHI_ENTITY } from '../../../core/phi/entities.js';
import type { Clinician } from '../records/clinicians.js';
import { type Pieces, phi } from './builder.js';
import type { NoteScope } from './scope.js';

const NAME = PHI_ENTITY.personName;
const name = (value: string) => phi(NAME, value);

const isChild = (s: NoteScope) => s.encounter.ageYears < 16;
const title = (s: NoteScope) =>
  s.patient.sex === 'F' ? s.rng.pick(['Ms.', 'Mrs.', 'Ms.']) : s.patient.sex === 'M' ? 'Mr.' : 'Mx.';
const full = (s: NoteScope) => `${s.patient.firstName} ${s.patient.lastName}`;

/** A clinician as notes write them: "Dr. Patel", "Anita Patel, MD", "Dr. Anita Patel". Only the name is a span. */
function clinician(s: NoteScope, c: Clinician, withCredential = false): Pieces {
  const doctor = c.credential === 'MD' || c.credential === 'DO';
  if (withCredential || !doctor) return [name(`${c.firstName} ${c.lastName}`), `, ${c.credential}`];
  return s.rng.chance(0.6) ? ['Dr. ', name(c.lastName)] : ['Dr. ', name(`${c.firstName} ${c.lastName}`)];
}

const PRONOUN = { F: ['she', 'her', 'her'], M: ['he', 'him', 'his'], X: ['they', 'them', 'their'] } as const;
const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

export const PEOPLE_SLOTS = {
  name: (s) => name(full(s)),
  name_any: (s) => {
    const r = s.rng.float();
    if (r < 0.45) return name(full(s));
    if (r < 0.65) return isChild(s) ? name(s.patient.firstName) : [`${title(s)} `, name(s.patient.lastName)];
    if (r < 0.78) return name(`${s.patient.lastName}, ${s.patient.firstName}`);
    if (r < 0.9) return name(`${s.patient.firstName.charAt(0)}. ${s.patient.lastName}`);
    return name(s.patient.firstName);
  },
  name_formal: (s) => (isChild(s) ? name(s.patient.firstName) : [`${title(s)} `, name(s.patient.lastName)]),
  first: (s) => name(s.patient.firstName),
  last_first: (s) => name(`${s.patient.lastName}, ${s.patient.firstName}`),
  last_first_upper: (s) => name(`${s.patient.lastName}, ${s.patient.firstName}`.toUpperCase()),
  pronoun: (s) => PRONOUN[s.patient.sex][0],
  pronoun_cap: (s) => cap(PRONOUN[s.patient.sex][0]),
  possessive: (s) => PRONOUN[s.patient.sex][2],
  possessive_cap: (s) => cap(PRONOUN[s.patient.sex][2]),
  be: (s) => (s.patient.sex === 'X' ? 'are' : 'is'),
  has: (s) => (s.patient.sex === 'X' ? 'have' : 'has'),
  sex_word: (s) => {
    const a = s.encounter.ageYears;
    if (s.patient.sex === 'X') return a < 18 ? 'child' : 'patient';
    if (a < 18) return s.patient.sex === 'F' ? 'girl' : 'boy';
    return s.patient.sex === 'F' ? s.rng.pick(['woman', 'female']) : s.rng.pick(['man', 'male']);
  },
  sex_letter: (s) => s.patient.sex,
  rel: (s) => s.relative.relation,
  rel_name: (s) => name(`${s.relative.firstName} ${s.relative.lastName}`),
  rel_first: (s) => name(s.relative.firstName),
  attending: (s) => clinician(s, s.encounter.attending),
  attending_full: (s) => clinician(s, s.encounter.attending, true),
  consultant: (s) => clinician(s, s.consultant),
  consultant_full: (s) => clinician(s, s.consultant, true),
} satisfies Record<string, (s: NoteScope) => Pieces>;

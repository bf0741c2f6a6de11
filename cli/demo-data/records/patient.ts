import { formatPhone, type PhoneNumber, phoneNumber } from '../identifiers/phone.js';
import { memberId, mrnFromIndex, PAYERS, recordNumberPermutations } from '../identifiers/record-numbers.js';
import { formatSsn, SSN_SPACE, ssnFromIndex } from '../identifiers/ssn.js';
import { Permutation } from '../random/permutation.js';
import { Prng } from '../random/prng.js';
import { WeightedTable } from '../random/weighted.js';
import { FEMALE_FIRST_NAME_TABLE, MALE_FIRST_NAME_TABLE } from '../reference/first-names.js';
import { LAST_NAME_TABLE } from '../reference/last-names.js';
import { CITY_TABLE, type City } from '../reference/places.js';
import { DIRECTIONS, STREET_NAMES, STREET_SUFFIXES } from '../reference/streets.js';
import { AS_OF_MS, DAY_MS, isoDate } from './calendar.js';
import { emailFor } from './email.js';
import { STREAM } from './streams.js';

export type Sex = 'F' | 'M' | 'X';

/** One row of `patients`, plus the parts notes need to format values in other ways. */
export interface Patient {
  readonly patientId: number;
  readonly mrn: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly birthDate: string;
  readonly sex: Sex;
  readonly ssn: string;
  readonly phone: string;
  readonly email: string;
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly insuranceMemberId: string;
  /** Not stored: helpers for the note generator. */
  readonly birthMs: number;
  readonly phoneParts: PhoneNumber;
  readonly payerName: string;
  readonly home: City;
}

/** Age in years at the as-of date: children, adults, older adults, and a few over 89 (Safe Harbor). */
const AGE_BANDS = new WeightedTable<readonly [number, number]>([
  [[0, 4], 6],
  [[5, 17], 12],
  [[18, 39], 25],
  [[40, 64], 33],
  [[65, 89], 22],
  [[90, 100], 2],
]);
const SEX = new WeightedTable<Sex>([
  ['F', 510],
  ['M', 487],
  ['X', 3],
]);
const PAYER_TABLE = new WeightedTable(
  PAYERS.map((p, i) => [p, [22, 18, 12, 10, 8, 7, 9, 10, 2, 2][i] ?? 1] as const),
);

/** Makes patient rows for one seed. Patient `n` depends only on (seed, n). */
export class PatientFactory {
  readonly #seed: number;
  readonly #perms: ReturnType<typeof recordNumberPermutations>;
  readonly #ssn: Permutation;

  constructor(seed: number) {
    this.#seed = seed;
    this.#perms = recordNumberPermutations(seed);
    this.#ssn = new Permutation(SSN_SPACE, [seed, 0x53534e]);
  }

  create(patientId: number): Patient {
    const rng = Prng.derive(this.#seed, patientId, STREAM.demographics);
    const sex = SEX.pick(rng);
    const female = sex === 'F' || (sex === 'X' && rng.chance(0.5));
    const firstName = (female ? FEMALE_FIRST_NAME_TABLE : MALE_FIRST_NAME_TABLE).pick(rng);
    const lastName = LAST_NAME_TABLE.pick(rng);
    const [minAge, maxAge] = AGE_BANDS.pick(rng);
    const ageDays = rng.int(minAge * 365 + 30, maxAge * 365 + 364);
    const birthMs = AS_OF_MS - ageDays * DAY_MS;
    const home = CITY_TABLE.pick(rng);
    const phoneParts = phoneNumber(rng, rng.pick(home.areaCodes));
    const [payerPrefix, payerName] = PAYER_TABLE.pick(rng);
    return {
      patientId,
      mrn: mrnFromIndex(this.#perms.mrn.apply(patientId % this.#perms.mrn.domain)),
      firstName,
      lastName,
      birthDate: isoDate(birthMs),
      sex,
      ssn: formatSsn(ssnFromIndex(this.#ssn.apply(patientId % SSN_SPACE))),
      phone: formatPhone(phoneParts),
      email: emailFor(rng, firstName, lastName, birthMs),
      street: streetAddress(rng),
      city: home.name,
      state: home.state,
      zip: String(rng.int(home.zipFrom, home.zipTo)).padStart(5, '0'),
      insuranceMemberId: memberId(
        payerPrefix,
        this.#perms.member.apply(patientId % this.#perms.member.domain),
      ),
      birthMs,
      phoneParts,
      payerName,
      home,
    };
  }
}

/** 1423 Maple Ave, 88 N Oak St Apt 4B, 7 Camino Real #12 */
export function streetAddress(rng: Prng): string {
  const digits = rng.pick([1, 2, 3, 3, 4, 4, 4, 5]);
  const number = rng.int(digits === 1 ? 1 : 10 ** (digits - 1), 10 ** digits - 1);
  const direction = rng.chance(0.12) ? `${rng.pick(DIRECTIONS)} ` : '';
  let street = `${number} ${direction}${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
  if (rng.chance(0.2)) {
    const unit = rng.chance(0.5)
      ? `${rng.int(1, 24)}${rng.pick(['', '', 'A', 'B', 'C', 'D'])}`
      : String(rng.int(100, 1520));
    street += rng.pick([` Apt ${unit}`, ` Unit ${unit}`, ` #${unit}`]);
  }
  return street;
}

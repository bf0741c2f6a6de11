import { PHI_ENTITY as E } from '../../../core/phi/entities.js';
import { phoneNumber } from '../identifiers/phone.js';
import { creditCardNumber } from '../identifiers/record-numbers.js';
import type { Prng } from '../random/prng.js';
import { DAY_MS, startOfDay } from '../records/calendar.js';
import { STATE_NAMES } from '../reference/places.js';
import { type Pieces, phi } from './builder.js';
import { formatBirthDate, formatDate, formatPhoneNumber, formatSsnVariant, monthYear } from './formats.js';
import type { NoteScope } from './scope.js';

const daysAlive = (s: NoteScope) =>
  Math.floor((startOfDay(s.encounter.admittedMs) - s.patient.birthMs) / DAY_MS);
/** A day before the encounter (after birth): last visit, outside records, prior admission. */
const priorDay = (s: NoteScope, maxDays: number) =>
  startOfDay(s.encounter.admittedMs) - Math.min(daysAlive(s) - 1, s.rng.int(2, maxDays)) * DAY_MS;

function stateOf(s: NoteScope): Pieces {
  const abbr = s.patient.state;
  return phi(E.state, s.rng.chance(0.25) ? (STATE_NAMES[abbr] ?? abbr) : abbr);
}

/** Street, city, state and ZIP as four spans, laid out like an address line. */
function address(s: NoteScope, inline: boolean): Pieces {
  const p = s.patient;
  const sep = inline ? ', ' : s.rng.pick([', ', '\n']);
  const tail = [phi(E.city, p.city), s.rng.chance(0.85) ? ', ' : ' ', stateOf(s), ' ', phi(E.zip, p.zip)];
  return [phi(E.streetAddress, p.street), sep, tail];
}

function ipAddress(rng: Prng): string {
  if (rng.chance(0.15)) {
    const groups = Array.from({ length: 4 }, () => rng.int(0, 0xffff).toString(16));
    return `2601:${rng.int(0x100, 0xfff).toString(16)}:${groups.join(':')}::${rng.int(1, 0xff).toString(16)}`;
  }
  const first = rng.pick([
    24, 47, 50, 66, 67, 68, 69, 70, 71, 73, 74, 75, 76, 96, 97, 98, 99, 107, 108, 173, 174,
  ]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

function personalUrl(s: NoteScope): string {
  const f = s.patient.firstName.toLowerCase().replace(/[^a-z]/g, '');
  const l = s.patient.lastName.toLowerCase().replace(/[^a-z]/g, '');
  const n = s.rng.int(2, 99);
  return s.rng.pick([
    `https://www.gofundme.com/f/help-${f}-${l}-recover`,
    `https://www.facebook.com/${f}.${l}.${n}`,
    `https://www.instagram.com/${f}_${l}${n}/`,
    `http://${f}${l}${n}.blogspot.com`,
    `https://www.caringbridge.org/visit/${f}${l}`,
  ]);
}

/** "67-year-old"; ages over 89 are PHI (Safe Harbor), younger ones are not. */
function agePhrase(s: NoteScope): { number: string; pieces: Pieces } {
  const years = s.encounter.ageYears;
  if (years >= 2) {
    const n = String(years);
    return { number: n, pieces: [years > 89 ? phi(E.age, n) : n, '-year-old'] };
  }
  const days = daysAlive(s);
  const n = String(days < 60 ? Math.max(1, Math.floor(days / 7)) : Math.floor(days / 30.4));
  return { number: n, pieces: `${n}-${days < 60 ? 'week' : 'month'}-old` };
}

const plate = (rng: Prng) =>
  rng.pick([
    () => `${rng.int(1, 9)}${rng.letters(3)}${rng.digits(3)}`,
    () => `${rng.letters(3)}-${rng.digits(4)}`,
    () => `${rng.letters(3)} ${rng.digits(4)}`,
  ])();

const license = (rng: Prng) =>
  rng.pick([
    () => `${rng.letters(1)}${rng.digits(7)}`,
    () => `${rng.letters(1)}${rng.digits(3)}-${rng.digits(4)}-${rng.digits(4)}`,
    () => rng.digits(9),
  ])();

const card = (rng: Prng) => {
  const n = creditCardNumber(rng);
  const groups = n.match(/\d{4}/g) as string[];
  return rng.pick([groups.join(' '), groups.join('-'), n]);
};

export const IDENTIFIER_SLOTS = {
  mrn: (s) => phi(E.mrn, s.patient.mrn),
  ssn: (s) => phi(E.ssn, formatSsnVariant(s.rng, s.patient.ssn)),
  phone: (s) => phi(E.phone, formatPhoneNumber(s.rng, s.patient.phoneParts)),
  rel_phone: (s) => phi(E.phone, formatPhoneNumber(s.rng, s.relative.phone)),
  fax: (s) => phi(E.fax, formatPhoneNumber(s.rng, phoneNumber(s.rng, s.rng.pick(s.patient.home.areaCodes)))),
  email: (s) => phi(E.email, s.patient.email),
  rel_email: (s) => phi(E.email, s.relative.email),
  address: (s) => address(s, false),
  address_inline: (s) => address(s, true),
  street: (s) => phi(E.streetAddress, s.patient.street),
  city: (s) => phi(E.city, s.patient.city),
  city_state: (s) => [phi(E.city, s.patient.city), ', ', stateOf(s)],
  zip: (s) => phi(E.zip, s.patient.zip),
  member_id: (s) => phi(E.healthPlanId, s.patient.insuranceMemberId),
  payer: (s) => s.patient.payerName,
  npi: (s) => phi(E.npi, s.encounter.attending.npi),
  consultant_npi: (s) => phi(E.npi, s.consultant.npi),
  dea: (s) => phi(E.dea, s.encounter.attending.dea),
  url: (s) => phi(E.url, personalUrl(s)),
  ip: (s) => phi(E.ipAddress, ipAddress(s.rng)),
  account: (s) => phi(E.accountNumber, `${s.rng.int(1, 9)}${s.rng.digits(10)}`),
  device: (s) => phi(E.deviceId, `${s.rng.letters(3)}${s.rng.digits(6)}${s.rng.pick(['S', 'H', 'G'])}`),
  license: (s) => phi(E.licenseNumber, license(s.rng)),
  plate: (s) => phi(E.vehicleId, plate(s.rng)),
  card: (s) => phi(E.creditCard, card(s.rng)),
  dob: (s) => phi(E.birthDate, formatBirthDate(s.rng, s.patient.birthMs)),
  age_phrase: (s) => agePhrase(s).pieces,
  /** "an 86-year-old" / "a 7-month-old". */
  a_age_phrase: (s) => {
    const { number, pieces } = agePhrase(s);
    return [/^(8|11|18)$|^8/.test(number) ? 'an ' : 'a ', pieces];
  },
  age_short: (s) => {
    const years = s.encounter.ageYears;
    if (years < 2) return `${Math.floor(daysAlive(s) / 30.4)} mo`;
    const unit = s.rng.pick([' y/o', 'yo', ' yo', 'y', ' years']);
    return [years > 89 ? phi(E.age, String(years)) : String(years), unit];
  },
  date_admit: (s) => phi(E.date, formatDate(s.rng, s.encounter.admittedMs, true)),
  date_admit_full: (s) => phi(E.date, formatDate(s.rng, s.encounter.admittedMs)),
  date_discharge: (s) => phi(E.date, formatDate(s.rng, s.encounter.dischargedMs ?? s.encounter.admittedMs)),
  date_sign: (s) => phi(E.date, formatDate(s.rng, s.encounter.dischargedMs ?? s.encounter.admittedMs)),
  date_onset: (s) => phi(E.date, formatDate(s.rng, priorDay(s, 14), true)),
  date_prior: (s) => phi(E.date, formatDate(s.rng, priorDay(s, 700))),
  date_next: (s) =>
    phi(E.date, formatDate(s.rng, startOfDay(s.encounter.admittedMs) + s.rng.int(7, 90) * DAY_MS, true)),
  date_lab: (s) => phi(E.date, formatDate(s.rng, s.labs[0]?.collectedMs ?? s.encounter.admittedMs)),
  month_year: (s) => phi(E.date, monthYear(priorDay(s, 900))),
  /** A year alone is not PHI: "diagnosed in 2015". */
  year: (s) => {
    const born = new Date(s.patient.birthMs).getUTCFullYear();
    const now = new Date(s.encounter.admittedMs).getUTCFullYear();
    return String(s.rng.int(Math.min(now, Math.max(born + 1, now - 25)), now));
  },
} satisfies Record<string, (s: NoteScope) => Pieces>;

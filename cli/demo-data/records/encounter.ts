import { Prng } from '../random/prng.js';
import { WeightedTable } from '../random/weighted.js';
import { DEPARTMENTS, type Department, SETTING, type Setting } from '../reference/departments.js';
import { DIAGNOSES, type Diagnosis } from '../reference/diagnoses.js';
import { AS_OF_MS, DAY_MS, ENCOUNTERS_FROM_MS, MINUTE_MS, startOfDay, yearsBetween } from './calendar.js';
import { CLINICIANS_PER_DEPARTMENT, type Clinician } from './clinicians.js';
import type { Patient } from './patient.js';
import { STREAM } from './streams.js';

/** An encounter before its note is written. `dischargedMs` is null while the patient is still in. */
export interface EncounterDraft {
  readonly index: number;
  readonly admittedMs: number;
  readonly dischargedMs: number | null;
  readonly department: Department;
  readonly diagnosis: Diagnosis;
  readonly setting: Setting;
  readonly attending: Clinician;
  readonly ageYears: number;
}

const ENCOUNTER_COUNT = new WeightedTable<number>([
  [1, 30],
  [2, 28],
  [3, 20],
  [4, 13],
  [5, 9],
]);

const eligible = (dx: Diagnosis, dept: Department, age: number, female: boolean, male: boolean) =>
  dx.departments.includes(dept.code) &&
  age >= (dx.minAge ?? 0) &&
  age <= (dx.maxAge ?? 200) &&
  (dx.sex === undefined || (dx.sex === 'F' ? female : male));

interface Choices {
  readonly departments: WeightedTable<Department>;
  readonly diagnoses: ReadonlyMap<Department, readonly Diagnosis[]>;
}
const CHOICES = new Map<string, Choices>();

/** Departments that see this patient (and have a diagnosis that fits), with their diagnoses; cached. */
function choicesFor(age: number, female: boolean, male: boolean): Choices {
  const key = `${age}|${female}|${male}`;
  let c = CHOICES.get(key);
  if (!c) {
    const diagnoses = new Map<Department, readonly Diagnosis[]>();
    for (const d of DEPARTMENTS) {
      if (age < d.minAge || age > d.maxAge || (d.sex !== undefined && !female)) continue;
      const fits = DIAGNOSES.filter((dx) => eligible(dx, d, age, female, male));
      if (fits.length > 0) diagnoses.set(d, fits);
    }
    if (diagnoses.size === 0) throw new Error(`no department sees a patient aged ${age}`);
    c = {
      departments: new WeightedTable([...diagnoses.keys()].map((d) => [d, d.weight] as const)),
      diagnoses,
    };
    CHOICES.set(key, c);
  }
  return c;
}

/** Encounters of one patient, in chronological order. Depends only on (seed, patient). */
export function draftEncounters(
  seed: number,
  patient: Patient,
  clinicians: readonly Clinician[],
): EncounterDraft[] {
  const rng = Prng.derive(seed, patient.patientId, STREAM.encounters);
  const count = ENCOUNTER_COUNT.pick(rng);
  const from = Math.max(ENCOUNTERS_FROM_MS, startOfDay(patient.birthMs) + DAY_MS);
  const starts = Array.from({ length: count }, () =>
    startOfDay(from + Math.floor(rng.float() * (AS_OF_MS - from))),
  );
  starts.sort((a, b) => a - b);
  const female = patient.sex === 'F';
  const male = patient.sex === 'M';
  return starts.map((day, index) => {
    const age = yearsBetween(patient.birthMs, day);
    const { departments, diagnoses } = choicesFor(age, female, male);
    const department = departments.pick(rng);
    const choices = diagnoses.get(department) ?? [];
    if (choices.length === 0) throw new Error('no diagnosis fits a department chosen for a patient');
    const diagnosis = rng.pick(choices);
    const setting = new WeightedTable(department.settings).pick(rng);
    const admittedMs = day + admissionMinute(rng, setting) * MINUTE_MS;
    const end = admittedMs + stayMinutes(rng, setting, department.code) * MINUTE_MS;
    const deptIndex = DEPARTMENTS.indexOf(department);
    const attending =
      clinicians[deptIndex * CLINICIANS_PER_DEPARTMENT + rng.int(0, CLINICIANS_PER_DEPARTMENT - 1)];
    if (!attending) throw new Error('clinician directory does not match the departments');
    return {
      index,
      admittedMs,
      dischargedMs: end > AS_OF_MS ? null : end,
      department,
      diagnosis,
      setting,
      attending,
      ageYears: age,
    };
  });
}

function admissionMinute(rng: Prng, setting: Setting): number {
  if (setting === SETTING.outpatient) return rng.int(7 * 4, 16 * 4) * 15; // clinic slots, 07:00-16:00
  return rng.int(0, 24 * 60 - 1);
}

function stayMinutes(rng: Prng, setting: Setting, department: string): number {
  switch (setting) {
    case SETTING.outpatient:
      return rng.int(15, 75);
    case SETTING.emergency:
      return rng.int(90, 14 * 60);
    case SETTING.inpatient: {
      const days = department === 'ICU' ? rng.int(2, 14) : rng.int(1, 9);
      return days * 24 * 60 + rng.int(-6 * 60, 6 * 60);
    }
  }
}

/** When the encounter ends, or the as-of instant for a patient who is still admitted. */
export const encounterEndMs = (e: EncounterDraft): number => e.dischargedMs ?? AS_OF_MS;

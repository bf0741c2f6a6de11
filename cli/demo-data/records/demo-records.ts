import type { LabelledNote } from '../notes/builder.js';
import { writeNote } from '../notes/note-generator.js';
import { Prng } from '../random/prng.js';
import { isoTimestamp } from './calendar.js';
import { type Clinician, clinicianDirectory } from './clinicians.js';
import { draftEncounters } from './encounter.js';
import { draftLabs } from './labs.js';
import { type Patient, PatientFactory } from './patient.js';
import { STREAM } from './streams.js';

/** The seed used when none is given. */
export const DEFAULT_DEMO_SEED = 20_251_001;

export interface EncounterRow {
  readonly encounterId: number;
  readonly patientId: number;
  readonly admittedAt: string;
  readonly dischargedAt: string | null;
  readonly department: string;
  readonly diagnosisCode: string;
  readonly attendingNpi: string;
  readonly notes: string;
}

export interface LabRow {
  readonly labId: number;
  readonly patientId: number;
  readonly encounterId: number;
  readonly loincCode: string;
  readonly value: string;
  readonly unit: string;
  readonly collectedAt: string;
}

export interface EncounterRecord {
  readonly row: EncounterRow;
  /** The note with its PHI spans; `row.notes` is its text (empty when notes were not requested). */
  readonly note: LabelledNote | undefined;
  readonly labs: readonly LabRow[];
}

export interface PatientRecord {
  readonly patient: Patient;
  readonly encounters: readonly EncounterRecord[];
}

export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError('seed must be an integer in [0, 4294967295]');
  }
}

/**
 * The synthetic EHR for one seed. Patient n, its encounters, labs and notes depend only on
 * (seed, n); encounter and lab ids are assigned in patient order, so iterating patients 1..N
 * always yields the same rows with the same ids.
 */
export class DemoRecords {
  readonly seed: number;
  readonly clinicians: readonly Clinician[];
  readonly #patients: PatientFactory;

  constructor(seed: number = DEFAULT_DEMO_SEED) {
    assertSeed(seed);
    this.seed = seed;
    this.clinicians = clinicianDirectory(seed);
    this.#patients = new PatientFactory(seed);
  }

  patient(patientId: number): Patient {
    return this.#patients.create(patientId);
  }

  *patients(count: number): Generator<Patient> {
    for (let id = 1; id <= count; id++) yield this.#patients.create(id);
  }

  /** Patients 1..count with their encounters and labs; notes are written unless `notes: false`. */
  *records(count: number, options: { notes?: boolean } = {}): Generator<PatientRecord> {
    const withNotes = options.notes ?? true;
    let encounterId = 0;
    let labId = 0;
    for (let patientId = 1; patientId <= count; patientId++) {
      const patient = this.#patients.create(patientId);
      const encounters = draftEncounters(this.seed, patient, this.clinicians).map(
        (draft): EncounterRecord => {
          encounterId++;
          const labs = draftLabs(this.seed, patientId, draft);
          const note = withNotes
            ? writeNote({
                rng: Prng.derive(this.seed, patientId, STREAM.notes, draft.index),
                patient,
                encounter: draft,
                labs,
                clinicians: this.clinicians,
              })
            : undefined;
          const row: EncounterRow = {
            encounterId,
            patientId,
            admittedAt: isoTimestamp(draft.admittedMs),
            dischargedAt: draft.dischargedMs === null ? null : isoTimestamp(draft.dischargedMs),
            department: draft.department.code,
            diagnosisCode: draft.diagnosis.code,
            attendingNpi: draft.attending.npi,
            notes: note?.text ?? '',
          };
          const labRows = labs.map(
            (l): LabRow => ({
              labId: ++labId,
              patientId,
              encounterId,
              loincCode: l.test.loinc,
              value: l.value,
              unit: l.test.unit,
              collectedAt: isoTimestamp(l.collectedMs),
            }),
          );
          return { row, note, labs: labRows };
        },
      );
      yield { patient, encounters };
    }
  }
}

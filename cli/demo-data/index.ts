/**
 * Synthetic EHR demo data: the generator, the labelled notes corpus and the PostgreSQL loader.
 * See docs/demo-data.md.
 */
export { DEMO_TABLES, type DemoTable } from './load/schema.js';
export type { LabelledNote, PhiSpan } from './notes/builder.js';
export { generateLabelledNotes, type LabelledNoteSample } from './notes/labelled-notes.js';
export {
  DEFAULT_DEMO_SEED,
  DemoRecords,
  type EncounterRecord,
  type EncounterRow,
  type LabRow,
  type PatientRecord,
} from './records/demo-records.js';
export type { Patient } from './records/patient.js';
export { MAX_DEMO_PATIENTS, type SeedOptions, type SeedResult, seedDemoDatabase } from './seed.js';
export { SEED_DEMO_USAGE, seedDemoCommand } from './seed-command.js';

import { DEFAULT_DEMO_SEED } from '../../cli/demo-data/records/demo-records.js';

/**
 * The seeded template database the global setup creates on the shared PostgreSQL. Copy it with
 * `createEhrDatabase(prefix)` (or `createTestDatabase(prefix, EHR_TEMPLATE_DATABASE)`); it
 * accepts no connections itself, so read values from your copy.
 */
export const EHR_TEMPLATE_DATABASE = 'ehr_template';
export const EHR_TEMPLATE_PATIENTS = 2_000;
/** The seed of the template's data: `new DemoRecords(EHR_TEMPLATE_SEED)` regenerates every row. */
export const EHR_TEMPLATE_SEED = DEFAULT_DEMO_SEED;

import type { PhiEntity } from '../../../core/phi/entities.js';
import { DEFAULT_DEMO_SEED, DemoRecords } from '../records/demo-records.js';

export interface LabelledNoteSample {
  text: string;
  spans: Array<{ entity: PhiEntity; start: number; end: number }>;
}

/**
 * The labelled corpus for the masking detectors' precision/recall tests: the first `count`
 * notes of the demo data for `seed` (the same generator that fills `encounters.notes`), each
 * with every PHI value's entity and exact offsets. Spans never overlap and are in text order.
 */
export function generateLabelledNotes(count: number, seed: number = DEFAULT_DEMO_SEED): LabelledNoteSample[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('count must be a non-negative integer');
  const records = new DemoRecords(seed);
  const out: LabelledNoteSample[] = [];
  // Patients have 1-5 encounters; `count` patients always hold at least `count` notes.
  for (const record of records.records(count)) {
    for (const e of record.encounters) {
      if (out.length === count) return out;
      if (e.note) out.push({ text: e.note.text, spans: e.note.spans.map((s) => ({ ...s })) });
    }
  }
  return out;
}

import { Prng } from '../random/prng.js';
import { SETTING } from '../reference/departments.js';
import { LAB_PANELS, type LabPanel, type LabTest, labTest } from '../reference/loinc.js';
import { DAY_MS, MINUTE_MS } from './calendar.js';
import { type EncounterDraft, encounterEndMs } from './encounter.js';
import { STREAM } from './streams.js';

/** A lab result before it gets its id. */
export interface LabDraft {
  readonly test: LabTest;
  readonly value: string;
  readonly collectedMs: number;
  /** H or L when outside the reference range. */
  readonly flag: '' | 'H' | 'L';
}

const MAX_RESULTS = 16;

/**
 * Lab results of one encounter: the diagnosis's first panel or two in clinic; BMP, CBC and the
 * diagnosis's panels for emergency and inpatient care, each panel drawn at one time inside the encounter; inpatients get a repeat
 * BMP on a later day. Values follow the reference range, or the diagnosis's abnormal range.
 */
export function draftLabs(seed: number, patientId: number, encounter: EncounterDraft): LabDraft[] {
  const rng = Prng.derive(seed, patientId, STREAM.labs, encounter.index);
  const panels = new Set<LabPanel>();
  if (encounter.setting === SETTING.outpatient) {
    // Clinic visits order what the problem needs: the first panel, sometimes the next one.
    const [first, second] = encounter.diagnosis.panels;
    panels.add(first ?? 'cbc');
    if (second && rng.chance(0.5)) panels.add(second);
  } else {
    panels.add('bmp');
    panels.add('cbc');
    for (const p of encounter.diagnosis.panels) panels.add(p);
  }
  const start = encounter.admittedMs;
  const end = encounterEndMs(encounter);
  const labs: LabDraft[] = [];
  // Blood is drawn early: within the first quarter of the stay (at least within the visit).
  const firstDraw = start + Math.floor(rng.float() * Math.max(1, (end - start) / 4 / MINUTE_MS)) * MINUTE_MS;
  for (const panel of panels) {
    const at = Math.min(end, firstDraw + rng.int(0, 20) * MINUTE_MS);
    for (const code of LAB_PANELS[panel]) {
      if (labs.length >= MAX_RESULTS) break;
      labs.push(result(rng, labTest(code), at, encounter));
    }
  }
  if (encounter.setting === SETTING.inpatient && end - start > DAY_MS && rng.chance(0.6)) {
    const repeat = Math.min(end, start + DAY_MS + rng.int(4 * 60, 8 * 60) * MINUTE_MS);
    for (const code of LAB_PANELS.bmp.slice(0, 5)) labs.push(result(rng, labTest(code), repeat, encounter));
  }
  return labs;
}

function result(rng: Prng, test: LabTest, collectedMs: number, encounter: EncounterDraft): LabDraft {
  const abnormal = encounter.diagnosis.abnormal?.[test.loinc];
  let low = test.low;
  let high = test.high;
  if (abnormal && rng.chance(0.85)) [low, high] = abnormal;
  else if (rng.chance(0.12)) {
    const width = (test.high - test.low) * 0.25;
    [low, high] = rng.chance(0.5)
      ? [test.high, test.high + width]
      : [Math.max(0, test.low - width), test.low];
  }
  const centre = (low + high) / 2;
  const raw = Math.min(high, Math.max(low, centre + (rng.normal() * (high - low)) / 4));
  const value = raw.toFixed(test.decimals);
  const numeric = Number(value);
  const flag = numeric > test.high ? 'H' : numeric < test.low ? 'L' : '';
  return { test, value, collectedMs, flag };
}

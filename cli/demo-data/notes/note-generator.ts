import type { Prng } from '../random/prng.js';
import type { Clinician } from '../records/clinicians.js';
import type { EncounterDraft } from '../records/encounter.js';
import type { LabDraft } from '../records/labs.js';
import type { Patient } from '../records/patient.js';
import { MEDICATIONS } from '../reference/medications.js';
import { type LabelledNote, NoteBuilder } from './builder.js';
import { makeRelative, type NoteScope, pickConsultant } from './scope.js';
import { applicable, type CompiledTemplate, compileAll, render } from './template.js';
import * as T from './templates.js';

/** [templates, min sentences, max sentences, probability the section appears, joiner]. */
type Section = readonly [readonly CompiledTemplate[], number, number, number, string];

const SECTIONS: readonly (readonly [string, Section])[] = [
  ['', [compileAll(T.HEADER), 1, 1, 1, '']],
  ['HPI', [compileAll(T.HPI), 2, 4, 1, ' ']],
  ['Medications', [compileAll(T.MEDS), 1, 2, 0.8, '\n']],
  ['Social/Family', [compileAll(T.SOCIAL), 1, 2, 0.75, ' ']],
  ['Objective', [compileAll(T.OBJECTIVE), 1, 1, 0.9, '\n']],
  ['Labs', [compileAll(T.LABS), 1, 1, 0.85, '\n']],
  ['Assessment/Plan', [compileAll(T.ASSESSMENT), 2, 3, 1, '\n']],
  ['Administrative', [compileAll(T.ADMIN), 1, 3, 0.85, ' ']],
  ['', [compileAll(T.SIGNATURE), 1, 1, 1, '']],
];

/** Every compiled template, for tests and documentation. */
export const ALL_TEMPLATES: readonly CompiledTemplate[] = SECTIONS.flatMap(([, [templates]]) => templates);

const HEADINGS: Readonly<Record<string, readonly string[]>> = {
  HPI: ['HPI:', 'History of Present Illness:', 'HISTORY OF PRESENT ILLNESS', 'Subjective:'],
  Medications: ['Medications:', 'MEDICATIONS', 'Medication reconciliation:'],
  'Social/Family': ['Social/Family History:', 'SOCIAL HISTORY', 'SH/FH:'],
  Objective: ['Objective:', 'PHYSICAL EXAM', 'O:'],
  Labs: ['Labs:', 'LABORATORY DATA', 'Data:'],
  'Assessment/Plan': ['Assessment/Plan:', 'ASSESSMENT AND PLAN', 'A/P:'],
  Administrative: ['Administrative:', 'REGISTRATION / CONTACT', 'Contact:'],
};

export interface NoteInput {
  readonly rng: Prng;
  readonly patient: Patient;
  readonly encounter: EncounterDraft;
  readonly labs: readonly LabDraft[];
  readonly clinicians: readonly Clinician[];
}

/**
 * Writes one clinical note for an encounter and labels every PHI value in it. The demo data's
 * `encounters.notes` and the labelled corpus both come from here (the loader drops the spans).
 */
export function writeNote(input: NoteInput): LabelledNote {
  const { rng, patient, encounter } = input;
  const scope: NoteScope = {
    rng,
    patient,
    encounter,
    labs: input.labs,
    relative: makeRelative(rng, patient, encounter.ageYears),
    consultant: pickConsultant(rng, input.clinicians, encounter.attending),
    meds: encounter.diagnosis.meds.map((id) => rng.pick(MEDICATIONS[id])),
  };
  const out = new NoteBuilder();
  for (const [heading, [templates, min, max, probability, joiner]] of SECTIONS) {
    if (!rng.chance(probability)) continue;
    const usable = applicable(templates, scope);
    if (usable.length === 0) continue;
    if (out.length > 0) out.add('\n\n');
    const headings = HEADINGS[heading];
    if (headings) out.add(rng.pick(headings)).add(rng.chance(0.5) ? '\n' : ' ');
    rng.sample(usable, rng.int(min, max)).forEach((t, i) => {
      if (i > 0) out.add(joiner);
      render(t, scope, out);
    });
  }
  return out.build();
}

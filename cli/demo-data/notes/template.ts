import { SETTING } from '../reference/departments.js';
import type { NoteBuilder, Pieces } from './builder.js';
import type { NoteScope } from './scope.js';
import { CLINICAL_SLOTS } from './slots-clinical.js';
import { IDENTIFIER_SLOTS } from './slots-identifiers.js';
import { PEOPLE_SLOTS } from './slots-people.js';

type Slot = (s: NoteScope) => Pieces;
const SLOTS: Readonly<Record<string, Slot>> = { ...PEOPLE_SLOTS, ...IDENTIFIER_SLOTS, ...CLINICAL_SLOTS };

/** Conditions a template can require (`?name ` prefix). */
const GUARDS: Readonly<Record<string, (s: NoteScope) => boolean>> = {
  inpatient: (s) => s.encounter.setting === SETTING.inpatient,
  emergency: (s) => s.encounter.setting === SETTING.emergency,
  discharged: (s) => s.encounter.setting === SETTING.inpatient && s.encounter.dischargedMs !== null,
  still_admitted: (s) => s.encounter.dischargedMs === null,
  adult: (s) => s.encounter.ageYears >= 18,
  older: (s) => s.encounter.ageYears >= 50,
  outpatient: (s) => s.encounter.setting === SETTING.outpatient,
  labs: (s) => s.labs.length > 0,
};

export interface CompiledTemplate {
  readonly source: string;
  readonly guard: ((s: NoteScope) => boolean) | undefined;
  readonly parts: readonly (string | Slot)[];
}

/** Parses a template once; unknown slots or guards are programming errors and throw at load. */
export function compileTemplate(source: string): CompiledTemplate {
  let body = source;
  let guard: CompiledTemplate['guard'];
  const g = /^\?([a-z_]+) /.exec(body);
  if (g) {
    guard = GUARDS[g[1] as string];
    if (!guard) throw new Error(`note template uses unknown guard ?${g[1]}: ${source}`);
    body = body.slice(g[0].length);
  }
  const parts: (string | Slot)[] = [];
  let last = 0;
  for (const m of body.matchAll(/\{([a-z_]+)\}/g)) {
    const slot = SLOTS[m[1] as string];
    if (!slot) throw new Error(`note template uses unknown slot {${m[1]}}: ${source}`);
    if (m.index > last) parts.push(body.slice(last, m.index));
    parts.push(slot);
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push(body.slice(last));
  if (/[{}]/.test(parts.filter((p) => typeof p === 'string').join(''))) {
    throw new Error(`note template has an unbalanced brace: ${source}`);
  }
  return { source, guard, parts };
}

export const compileAll = (sources: readonly string[]): readonly CompiledTemplate[] =>
  sources.map(compileTemplate);

export function render(t: CompiledTemplate, scope: NoteScope, out: NoteBuilder): void {
  for (const part of t.parts) out.add(typeof part === 'string' ? part : part(scope));
}

export const applicable = (templates: readonly CompiledTemplate[], scope: NoteScope) =>
  templates.filter((t) => t.guard === undefined || t.guard(scope));

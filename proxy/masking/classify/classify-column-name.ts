import type { ColumnEntity } from '../../../core/config/masking.js';
import {
  EVENT_DATE_WORDS,
  NEGATING_FIRST,
  NEGATING_LAST,
  PERSON_ROLES,
  PERSON_TABLES,
  PHRASES,
  SYSTEM_DATE_WORDS,
} from './column-dictionary.js';
import { splitIdentifier } from './split-identifier.js';

export interface NameClassification {
  readonly entity: ColumnEntity;
  /** 0..1: exact dictionary name 0.95, phrase inside a longer name 0.85, weaker hints lower. */
  readonly confidence: number;
  readonly reason: string;
}

const PHRASE_WORDS = PHRASES.map(([phrase, entity]) => ({ words: phrase.split(' '), phrase, entity }));
const DATE_SUFFIX = new Set(['date', 'dt', 'at', 'time', 'timestamp', 'ts', 'datetime', 'on', 'day']);
const REFERENCE_SUFFIX = new Set(['id', 'ids', 'fk', 'pk', 'key', 'uuid', 'guid', 'seq', 'ref']);
const DATE_TYPES = /^(?:date|timestamp|timestamptz|timestamp with(?:out)? time zone|time|timetz)$/i;
const TEXT_TYPES =
  /^(?:text|varchar|character varying|char|character|bpchar|citext|json|jsonb|name|unknown)/i;
const BOOL_TYPES = /^(?:bool|boolean)$/i;

interface PhraseHit {
  readonly phrase: string;
  readonly entity: ColumnEntity;
  readonly start: number;
  readonly length: number;
}

/** Longest dictionary phrase in the words (or the words joined, for compounds such as `zipcode`). */
function bestPhrase(words: readonly string[]): PhraseHit | undefined {
  let best: PhraseHit | undefined;
  for (const p of PHRASE_WORDS) {
    for (let i = 0; i + p.words.length <= words.length; i++) {
      if (!p.words.every((w, j) => words[i + j] === w)) continue;
      if (!best || p.words.length > best.length)
        best = { phrase: p.phrase, entity: p.entity, start: i, length: p.words.length };
    }
  }
  if (!best) {
    const joined = words.join('');
    const hit = PHRASE_WORDS.find((p) => p.words.length === 1 && p.phrase === joined);
    if (hit) best = { phrase: hit.phrase, entity: hit.entity, start: 0, length: words.length };
  }
  return best;
}

function classifyDate(words: readonly string[], isDateType: boolean): NameClassification | undefined {
  if (words.includes('year') || words.includes('yr')) return undefined;
  const system = words.find((w) => SYSTEM_DATE_WORDS.has(w));
  if (system) return undefined;
  const event = words.find((w) => EVENT_DATE_WORDS.has(w));
  if (event)
    return { entity: 'DATE', confidence: 0.85, reason: `date of an event about the individual ('${event}')` };
  return isDateType || words.length > 1
    ? { entity: 'DATE', confidence: 0.6, reason: 'date column (Safe Harbor: dates related to an individual)' }
    : undefined;
}

/**
 * Proposes a PHI class from a column's name (and its type, when known). Returns undefined for
 * columns that do not hold a Safe Harbor identifier, including ones that only describe one
 * (`zip_count`, `has_email`, `phone_type`), references to other rows (`address_id`), booleans,
 * system timestamps (`created_at`) and years (`birth_year`: Safe Harbor keeps years).
 */
export function classifyColumnName(
  _schema: string,
  table: string,
  column: string,
  dataType?: string,
): NameClassification | undefined {
  const words = splitIdentifier(column);
  if (words.length === 0) return undefined;
  if (dataType !== undefined && BOOL_TYPES.test(dataType)) return undefined;
  const first = words[0]!;
  const last = words[words.length - 1]!;
  if (NEGATING_FIRST.has(first) || NEGATING_LAST.has(last)) return undefined;
  const isDateType = dataType !== undefined && DATE_TYPES.test(dataType);
  const isTextType = dataType === undefined || TEXT_TYPES.test(dataType);

  if (last === 'name' || last === 'names') {
    if (words.length === 1) {
      return PERSON_TABLES.has(table.toLowerCase())
        ? { entity: 'PERSON_NAME', confidence: 0.8, reason: `'name' in person table '${table}'` }
        : undefined;
    }
    const role = words.find((w) => PERSON_ROLES.has(w));
    if (role) return { entity: 'PERSON_NAME', confidence: 0.9, reason: `name of a person ('${role}')` };
  }

  const hit = bestPhrase(words);
  if (hit && hit.start + hit.length < words.length && REFERENCE_SUFFIX.has(last)) return undefined;
  if (
    hit &&
    hit.entity !== 'FREE_TEXT' &&
    !(
      DATE_SUFFIX.has(last) &&
      hit.entity !== 'BIRTH_DATE' &&
      hit.entity !== 'DATE' &&
      hit.start + hit.length < words.length
    )
  ) {
    const exact = hit.length === words.length;
    return {
      entity: hit.entity,
      confidence: exact ? 0.95 : 0.85,
      reason: `column name matches '${hit.phrase}'`,
    };
  }
  if (DATE_SUFFIX.has(last) || isDateType) return classifyDate(words, isDateType);
  if (hit?.entity === 'FREE_TEXT' && isTextType) {
    return {
      entity: 'FREE_TEXT',
      confidence: hit.length === words.length ? 0.9 : 0.75,
      reason: `free-text column ('${hit.phrase}')`,
    };
  }
  return undefined;
}

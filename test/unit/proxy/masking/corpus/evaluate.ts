import type { PhiEntity } from '../../../../../core/phi/entities.js';
import type { Detection } from '../../../../../proxy/masking/detectors/index.js';

export interface GoldSpan {
  readonly entity: PhiEntity;
  readonly start: number;
  readonly end: number;
}
export interface LabelledText {
  readonly text: string;
  readonly spans: readonly GoldSpan[];
}

/** Entities that count as the same for matching: the detector may not tell a birth date from a date, or a fax from a phone. */
const FAMILY: Partial<Record<PhiEntity, string>> = { BIRTH_DATE: 'DATE', FAX: 'PHONE' };
const family = (e: PhiEntity) => FAMILY[e] ?? e;
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

export interface EntityScore {
  gold: number;
  predicted: number;
  /** Gold spans overlapped by a prediction of the same family. */
  recalled: number;
  /** Predictions overlapping a gold span of the same family. */
  correct: number;
}

export interface Evaluation {
  readonly byEntity: Map<string, EntityScore>;
  /** Share of gold PHI characters covered by some detection (what masking would hide). */
  readonly charCoverage: number;
  /** A few misses and false positives, for the report (synthetic data only). */
  readonly misses: string[];
  readonly falsePositives: string[];
}

/** Span-level precision/recall with overlap matching per entity family, plus character coverage. */
export function evaluate(corpus: readonly LabelledText[], detect: (text: string) => Detection[]): Evaluation {
  const byEntity = new Map<string, EntityScore>();
  const score = (e: PhiEntity) => {
    const k = family(e);
    let s = byEntity.get(k);
    if (!s) byEntity.set(k, (s = { gold: 0, predicted: 0, recalled: 0, correct: 0 }));
    return s;
  };
  let goldChars = 0;
  let coveredChars = 0;
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const { text, spans } of corpus) {
    const predicted = detect(text);
    for (const g of spans) {
      const s = score(g.entity);
      s.gold++;
      if (predicted.some((p) => family(p.entity) === family(g.entity) && overlaps(p, g))) s.recalled++;
      else if (misses.length < 40)
        misses.push(`${g.entity}: …${text.slice(Math.max(0, g.start - 25), g.end + 10)}…`);
      for (let i = g.start; i < g.end; i++) {
        goldChars++;
        if (predicted.some((p) => p.start <= i && i < p.end)) coveredChars++;
      }
    }
    for (const p of predicted) {
      const s = score(p.entity);
      s.predicted++;
      if (spans.some((g) => family(g.entity) === family(p.entity) && overlaps(p, g))) s.correct++;
      else if (falsePositives.length < 40) {
        falsePositives.push(
          `${p.entity} ${JSON.stringify(text.slice(p.start, p.end))} in …${text.slice(Math.max(0, p.start - 25), p.end + 10)}…`,
        );
      }
    }
  }
  return { byEntity, charCoverage: goldChars === 0 ? 1 : coveredChars / goldChars, misses, falsePositives };
}

export const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** A fixed-width table: entity, gold, predicted, precision, recall. */
export function formatTable(e: Evaluation): string {
  const rows = [...e.byEntity.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce(
    (t, [, s]) => ({
      gold: t.gold + s.gold,
      predicted: t.predicted + s.predicted,
      recalled: t.recalled + s.recalled,
      correct: t.correct + s.correct,
    }),
    { gold: 0, predicted: 0, recalled: 0, correct: 0 },
  );
  const line = (name: string, s: EntityScore) =>
    `${name.padEnd(16)} ${String(s.gold).padStart(6)} ${String(s.predicted).padStart(6)} ${ratio(s.correct, s.predicted).toFixed(3).padStart(9)} ${ratio(s.recalled, s.gold).toFixed(3).padStart(7)}`;
  return [
    `${'entity'.padEnd(16)} ${'gold'.padStart(6)} ${'pred'.padStart(6)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`,
    ...rows.map(([k, s]) => line(k, s)),
    line('ALL', total),
    `character coverage of gold PHI: ${e.charCoverage.toFixed(4)}`,
  ].join('\n');
}

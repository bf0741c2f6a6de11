import type { ColumnEntity } from '../../../core/config/masking.js';
import type { Detector } from '../detectors/create-detector.js';
import { detectPhi } from '../detectors/index.js';
import { FIRST_NAMES } from '../detectors/lexicon/first-names.js';
import { LAST_NAMES } from '../detectors/lexicon/last-names.js';

export interface ValueClassification {
  readonly entity: ColumnEntity;
  /** Share of the non-empty sampled values that support the entity (0..1). */
  readonly share: number;
  /** Non-empty values looked at. */
  readonly sampled: number;
}

export interface ClassifyByValuesOptions {
  /** Minimum share to propose a class (default 0.8). */
  readonly minShare?: number;
  readonly detector?: Detector;
}

/** A value "is" an entity when one detection covers at least 90% of its trimmed length. */
const COVERAGE = 0.9;
const NAME_WORD = /^[A-Z][a-z'’-]+(?:[ ,]+[A-Z][a-z'’-]+)*$/;

function isDictionaryName(value: string): boolean {
  if (!NAME_WORD.test(value)) return false;
  const words = value.toLowerCase().split(/[ ,]+/);
  return words.every((w) => FIRST_NAMES.has(w) || LAST_NAMES.has(w));
}

/**
 * Proposes a class for a column from sampled values (operator tooling: `phigate classify`).
 * Counts, per entity, the values that are wholly that entity; long texts where PHI shows up
 * in a good share of values are proposed as FREE_TEXT. Returns undefined when nothing reaches
 * `minShare`. Never returns or logs the values.
 */
export function classifyByValues(
  values: readonly string[],
  options: ClassifyByValuesOptions = {},
): ValueClassification | undefined {
  const minShare = options.minShare ?? 0.8;
  const detect = (t: string) => (options.detector ? options.detector.detect(t) : detectPhi(t));
  const counts = new Map<ColumnEntity, number>();
  const bump = (e: ColumnEntity) => counts.set(e, (counts.get(e) ?? 0) + 1);
  let sampled = 0;
  let longWithPhi = 0;
  let long = 0;
  for (const raw of values) {
    const value = raw.trim();
    if (value === '') continue;
    sampled++;
    const detections = detect(value);
    const whole = detections.find((d) => (d.end - d.start) / value.length >= COVERAGE);
    if (whole) bump(whole.entity);
    else if (isDictionaryName(value)) bump('PERSON_NAME');
    if (value.length >= 40 && /\s/.test(value)) {
      long++;
      if (detections.length > 0) longWithPhi++;
    }
  }
  if (sampled === 0) return undefined;
  let best: { entity: ColumnEntity; n: number } | undefined;
  for (const [entity, n] of counts) if (!best || n > best.n) best = { entity, n };
  if (best && best.n / sampled >= minShare) return { entity: best.entity, share: best.n / sampled, sampled };
  if (long / sampled >= minShare && longWithPhi / sampled >= 0.2) {
    return { entity: 'FREE_TEXT', share: longWithPhi / sampled, sampled };
  }
  return undefined;
}

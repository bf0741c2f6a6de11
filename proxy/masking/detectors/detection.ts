import type { PhiEntity } from '../../../core/phi/entities.js';

/** One PHI finding in a text: `text.slice(start, end)` is the value. */
export interface Detection {
  readonly entity: PhiEntity;
  readonly start: number;
  readonly end: number;
  /** 0..1: pattern strength, validity checks and context words. */
  readonly score: number;
  /** Name of the recognizer that found it (e.g. `ssn`, `person-name`). */
  readonly detector: string;
}

export interface DetectOptions {
  /** Only report these entities. */
  readonly entities?: readonly PhiEntity[];
  /** Overrides the detector's configured minimum score. */
  readonly minScore?: number;
}

/** Cheap facts about a text that let recognizers skip it without running a regex. */
export const FEATURE = {
  digit: 1,
  at: 2,
  upper: 4,
  urlish: 8,
  colon: 16,
} as const;

export type Features = number;

/** A recognizer appends candidate detections (any score) to `out`; overlaps are resolved later. */
export interface Recognizer {
  readonly name: string;
  /** Features the text must have (all of them) for this recognizer to run. */
  readonly needs: Features;
  find(text: string, out: Detection[]): void;
}

export function textFeatures(text: string): Features {
  let f = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) f |= FEATURE.digit;
    else if (c >= 65 && c <= 90) f |= FEATURE.upper;
    else if (c === 64) f |= FEATURE.at;
    else if (c === 58) f |= FEATURE.colon;
    else if (c === 47 || c === 46) f |= FEATURE.urlish;
  }
  return f;
}

/** Runs `fn` for every match of a global regex (resets `lastIndex`; safe against empty matches). */
export function eachMatch(re: RegExp, text: string, fn: (m: RegExpExecArray) => void): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else fn(m);
  }
}

export const clampScore = (s: number): number => (s > 1 ? 1 : s < 0 ? 0 : Math.round(s * 100) / 100);

import { DEFAULT_MRN_PATTERNS } from '../../../core/config/masking.js';
import type { PhiEntity } from '../../../core/phi/entities.js';
import { type Detection, type DetectOptions, FEATURE, type Recognizer, textFeatures } from './detection.js';
import { ageRecognizer } from './recognizers/age.js';
import { cityStateRecognizer } from './recognizers/city-state.js';
import { creditCardRecognizer } from './recognizers/credit-card.js';
import { dateRecognizer } from './recognizers/date.js';
import { deaRecognizer } from './recognizers/dea.js';
import { emailRecognizer } from './recognizers/email.js';
import { healthPlanIdRecognizer } from './recognizers/health-plan-id.js';
import { ipAddressRecognizer } from './recognizers/ip-address.js';
import { labelledIdRecognizer } from './recognizers/labelled-id.js';
import { createMrnRecognizer, type MrnPattern } from './recognizers/mrn.js';
import { npiRecognizer } from './recognizers/npi.js';
import { personNameRecognizer } from './recognizers/person-name/index.js';
import { phoneRecognizer } from './recognizers/phone.js';
import { ssnRecognizer } from './recognizers/ssn.js';
import { streetAddressRecognizer } from './recognizers/street-address.js';
import { urlRecognizer } from './recognizers/url.js';
import { zipRecognizer } from './recognizers/zip.js';
import { resolveOverlaps } from './resolve-overlaps.js';
import { isShouted, truecase } from './truecase.js';

export interface DetectorConfig {
  /** Detections below this score are dropped (default 0.5). */
  readonly minScore?: number;
  /** MRN formats (regex sources); default `MRN` + 8 digits. */
  readonly mrnPatterns?: readonly MrnPattern[];
  /** Entities never reported. */
  readonly disabledEntities?: readonly PhiEntity[];
}

export interface Detector {
  /** Finds PHI in `text`; non-overlapping, sorted by position. Never throws on any string. */
  detect(text: string, options?: DetectOptions): Detection[];
}

const STATIC_RECOGNIZERS: readonly Recognizer[] = [
  ssnRecognizer,
  phoneRecognizer,
  emailRecognizer,
  npiRecognizer,
  deaRecognizer,
  creditCardRecognizer,
  ipAddressRecognizer,
  urlRecognizer,
  dateRecognizer,
  ageRecognizer,
  zipRecognizer,
  streetAddressRecognizer,
  personNameRecognizer,
  cityStateRecognizer,
  healthPlanIdRecognizer,
  labelledIdRecognizer,
];

/** The recognizers that read capitalization, run again on a truecased copy of shouted text. */
const CASE_RECOGNIZERS: readonly Recognizer[] = [personNameRecognizer, cityStateRecognizer];

/** Compiles the configured patterns once; the returned detector is reusable and stateless per call. */
export function createDetector(config: DetectorConfig = {}): Detector {
  const minScore = config.minScore ?? 0.5;
  const recognizers = [
    createMrnRecognizer(config.mrnPatterns ?? DEFAULT_MRN_PATTERNS),
    ...STATIC_RECOGNIZERS,
  ];
  const disabled = new Set(config.disabledEntities ?? []);
  return {
    detect(text: string, options?: DetectOptions): Detection[] {
      if (text.length < 2) return [];
      const features = textFeatures(text);
      if (features === 0) return [];
      const candidates: Detection[] = [];
      for (const r of recognizers) if ((features & r.needs) === r.needs) r.find(text, candidates);
      // Text in capitals: names and places are read again from a prose-cased copy of the same
      // length (truecase.ts), so their positions hold for the original.
      if ((features & FEATURE.upper) !== 0 && isShouted(text)) {
        const shadow = truecase(text);
        for (const r of CASE_RECOGNIZERS) r.find(shadow, candidates);
      }
      if (candidates.length === 0) return candidates;
      const min = options?.minScore ?? minScore;
      const only = options?.entities ? new Set(options.entities) : undefined;
      const eligible = candidates.filter(
        (d) => d.score >= min && !disabled.has(d.entity) && (only === undefined || only.has(d.entity)),
      );
      return resolveOverlaps(eligible);
    },
  };
}

import { createDetector, type Detector } from './create-detector.js';
import type { Detection, DetectOptions } from './detection.js';

export { deaValid, luhnValid, npiValid } from './checksums.js';
export { createDetector, type Detector, type DetectorConfig } from './create-detector.js';
export type { Detection, DetectOptions } from './detection.js';
export type { MrnPattern } from './recognizers/mrn.js';
export { ssnValid } from './recognizers/ssn.js';

let defaultDetector: Detector | undefined;

/** Detects PHI with the default configuration (MRN = `MRN` + 8 digits, min score 0.5). */
export function detectPhi(text: string, options?: DetectOptions): Detection[] {
  defaultDetector ??= createDetector();
  return defaultDetector.detect(text, options);
}

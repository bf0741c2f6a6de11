import { MEDICINE_DIAGNOSES } from './diagnoses-medicine.js';
import { OTHER_DIAGNOSES } from './diagnoses-other.js';
import type { LabPanel } from './loinc.js';
import type { MedicationId } from './medications.js';

/**
 * Billable ICD-10-CM codes with what goes with them in a chart: the departments that see them,
 * presenting complaints, usual medications, lab panels, and which lab values run abnormal.
 */
export interface Diagnosis {
  readonly code: string;
  readonly text: string;
  readonly departments: readonly string[];
  readonly complaints: readonly string[];
  readonly meds: readonly MedicationId[];
  readonly panels: readonly LabPanel[];
  /** LOINC code -> [low, high] drawn instead of the reference range. */
  readonly abnormal?: Readonly<Record<string, readonly [number, number]>>;
  readonly minAge?: number;
  readonly maxAge?: number;
  readonly sex?: 'F' | 'M';
}

export const DIAGNOSES: readonly Diagnosis[] = [...MEDICINE_DIAGNOSES, ...OTHER_DIAGNOSES];

/**
 * Independent random streams per patient: each part of a patient's record draws from its own
 * stream, so generating notes (or not) never changes patients, encounters or labs.
 */
export const STREAM = {
  demographics: 1,
  encounters: 2,
  labs: 3,
  notes: 4,
  clinicians: 5,
} as const;

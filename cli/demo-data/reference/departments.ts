/** Hospital departments (no PHI). `setting` weights how encounters in the department run. */
export const SETTING = { outpatient: 'outpatient', emergency: 'emergency', inpatient: 'inpatient' } as const;
export type Setting = (typeof SETTING)[keyof typeof SETTING];

export interface Department {
  readonly code: string;
  readonly name: string;
  /** Relative share of encounters. */
  readonly weight: number;
  readonly settings: readonly (readonly [Setting, number])[];
  /** Patients outside this age range (years) are not seen here. */
  readonly minAge: number;
  readonly maxAge: number;
  readonly sex?: 'F';
}

const d = (
  code: string,
  name: string,
  weight: number,
  settings: Department['settings'],
  minAge = 18,
  maxAge = 120,
  sex?: 'F',
): Department => ({ code, name, weight, settings, minAge, maxAge, ...(sex ? { sex } : {}) });

const O = SETTING.outpatient;
const E = SETTING.emergency;
const I = SETTING.inpatient;

export const DEPARTMENTS: readonly Department[] = [
  d('ED', 'Emergency Department', 18, [[E, 1]], 0),
  d('IM', 'Internal Medicine', 14, [
    [O, 6],
    [I, 4],
  ]),
  d('FM', 'Family Medicine', 12, [[O, 1]], 0),
  d('CARD', 'Cardiology', 8, [
    [O, 6],
    [I, 4],
  ]),
  d('PULM', 'Pulmonology', 5, [
    [O, 7],
    [I, 3],
  ]),
  d('NEPH', 'Nephrology', 3, [
    [O, 7],
    [I, 3],
  ]),
  d('ENDO', 'Endocrinology', 5, [[O, 1]], 12),
  d('GI', 'Gastroenterology', 4, [
    [O, 7],
    [I, 3],
  ]),
  d('ONC', 'Hematology/Oncology', 4, [
    [O, 8],
    [I, 2],
  ]),
  d(
    'NEURO',
    'Neurology',
    4,
    [
      [O, 7],
      [I, 3],
    ],
    12,
  ),
  d(
    'ORTH',
    'Orthopedic Surgery',
    5,
    [
      [O, 6],
      [I, 4],
    ],
    10,
  ),
  d(
    'SURG',
    'General Surgery',
    4,
    [
      [O, 4],
      [I, 6],
    ],
    12,
  ),
  d(
    'OBGYN',
    'Obstetrics and Gynecology',
    5,
    [
      [O, 7],
      [I, 3],
    ],
    15,
    50,
    'F',
  ),
  d(
    'PEDS',
    'Pediatrics',
    10,
    [
      [O, 8],
      [I, 2],
    ],
    0,
    17,
  ),
  d(
    'PSY',
    'Psychiatry',
    4,
    [
      [O, 8],
      [I, 2],
    ],
    12,
  ),
  d('ICU', 'Medical Intensive Care Unit', 2, [[I, 1]]),
  d('ID', 'Infectious Diseases', 2, [
    [O, 5],
    [I, 5],
  ]),
  d('URO', 'Urology', 2, [[O, 1]]),
  d('DERM', 'Dermatology', 2, [[O, 1]], 0),
];

export const departmentByCode = (code: string): Department => {
  const dept = DEPARTMENTS.find((x) => x.code === code);
  if (!dept) throw new RangeError(`unknown department code ${code}`);
  return dept;
};

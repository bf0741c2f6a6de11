import type { Prng } from '../random/prng.js';
import { departmentByCode, SETTING } from '../reference/departments.js';
import type { Pieces } from './builder.js';
import { formatTime } from './formats.js';
import type { NoteScope } from './scope.js';

/**
 * Clinical text that is not PHI but is full of numbers and capitalised words that look like it:
 * doses, vital signs (BP 128/76 looks like a date), pain 7/10, CPT codes (5 digits, like a ZIP),
 * NDC codes, lot numbers, room numbers, clock times, eponyms that are also surnames.
 */
const febrile = (s: NoteScope) =>
  ['A41.9', 'J18.9', 'U07.1', 'L03.115', 'H66.90', 'J21.9'].includes(s.encounter.diagnosis.code);
const oneDecimal = (rng: Prng, lo: number, hi: number) => (lo + rng.float() * (hi - lo)).toFixed(1);

const HISTORY = [
  'hypertension',
  'type 2 diabetes',
  'hyperlipidemia',
  'COPD',
  'asthma',
  'GERD',
  'CKD stage 3a',
  'atrial fibrillation',
  'depression',
  'hypothyroidism',
  'obesity (BMI 34)',
  'OSA on CPAP',
  'migraine',
  'osteoarthritis',
  'prior DVT in the left leg',
  'BPH',
  'gout',
  'anemia',
];
const HISTORY_CHILD = [
  'eczema',
  'mild intermittent asthma',
  'no significant past medical history',
  'recurrent otitis media',
  'seasonal allergies',
];
const EXAM = [
  'Lungs clear to auscultation bilaterally; no wheezes, rales or rhonchi.',
  'Regular rate and rhythm, S1/S2 normal, no murmurs, rubs or gallops.',
  "Abdomen soft, non-tender; Murphy's sign negative; no rebound or guarding.",
  'No calf tenderness; Homans sign negative. 1+ pitting edema to mid-shin bilaterally.',
  'Neuro: alert and oriented x3, CN II-XII intact, strength 5/5 in all extremities, Babinski downgoing.',
  'Kernig and Brudzinski signs negative. Neck supple.',
  'McMurray test negative; Lachman stable. Mild effusion of the right knee.',
  'Skin warm and dry; capillary refill < 2 seconds.',
  'TMs erythematous and bulging on the left; oropharynx with 2+ tonsils, no exudate.',
  'Mild tenderness at McBurney point with positive Rovsing sign.',
];
const SCORES = [
  'PHQ-9 score 14 (moderate)',
  'GAD-7 score 11',
  'CHA2DS2-VASc score 3',
  'Wells score 1.5 (low probability)',
  'HEART score 4',
  'CURB-65 score 2',
  'NIHSS 6 on arrival',
  'MELD-Na 14',
  'Caprini score 5',
  'CIWA-Ar 12',
  'qSOFA 2 of 3',
  'Apgar 8 and 9 at 1 and 5 minutes',
];
const PLAN = [
  'continue current regimen and titrate as tolerated',
  'obtain echocardiogram and repeat ECG in the morning',
  'check orthostatic vitals and encourage oral fluids',
  'consult physical therapy and occupational therapy',
  'hold nephrotoxic agents and trend creatinine',
  'diet education provided; goal A1c < 7.0%',
  'CT abdomen/pelvis with IV contrast ordered',
  'incentive spirometry 10x per hour while awake',
  'fall precautions; DVT prophylaxis with enoxaparin',
  'discussed risks, benefits and alternatives; patient agrees with plan',
];
const SOCIAL = [
  'Never smoker',
  'Former smoker, quit in 2009 (20 pack-years)',
  'Current smoker, 1 ppd x 15 years',
  'Drinks 2-3 beers on weekends',
  'Denies alcohol or illicit drug use',
  'Uses cannabis occasionally',
];
const JOBS = [
  'retired teacher',
  'truck driver',
  'nurse',
  'software engineer',
  'construction worker',
  'student',
  'cashier',
  'accountant',
  'farmer',
  'retired machinist',
  'home health aide',
  'line cook',
];
const FH = [
  'mother with breast cancer at 52',
  'father with MI at 61',
  'brother with type 1 diabetes',
  'no family history of colon cancer',
  'maternal grandmother with dementia',
  'sister with lupus',
];
const CARS = [
  '2016 Honda Civic',
  '2019 Ford F-150',
  '2012 Toyota Camry',
  '2021 Subaru Outback',
  '2008 Chevy Malibu',
];
const DEVICES = [
  'dual-chamber pacemaker (Medtronic Azure XT DR)',
  'ICD (Boston Scientific Resonate)',
  'insulin pump (Tandem t:slim X2)',
  'continuous glucose monitor (Dexcom G7)',
  'CPAP machine (ResMed AirSense 11)',
];
const VACCINES = [
  ['influenza vaccine', 'FL'],
  ['Tdap', 'AC'],
  ['COVID-19 vaccine', 'EW'],
  ['PCV20', 'HK'],
  ['MMR', 'R'],
] as const;

function vitals(s: NoteScope): { bp: string; hr: number; rr: number; temp: string; spo2: number } {
  const r = s.rng;
  const child = s.encounter.ageYears < 12;
  const sys = child ? r.int(90, 115) : r.int(104, 168);
  return {
    bp: `${sys}/${r.int(Math.max(50, sys - 70), sys - 30)}`,
    hr: child ? r.int(80, 130) : r.int(58, febrile(s) ? 118 : 96),
    rr: child ? r.int(18, 32) : r.int(12, 22),
    temp: febrile(s) ? oneDecimal(r, 100.4, 103.2) : oneDecimal(r, 97.4, 99.1),
    spo2: r.int(febrile(s) ? 88 : 94, 100),
  };
}

const labValue = (l: NoteScope['labs'][number]) => `${l.value} ${l.test.unit}${l.flag ? ` (${l.flag})` : ''}`;

export const CLINICAL_SLOTS = {
  complaint: (s) => s.rng.pick(s.encounter.diagnosis.complaints),
  duration: (s) =>
    s.rng.pick(['2 days', '3 days', '48 hours', '1 week', '10 days', '2 weeks', 'several months', '6 hours']),
  dx: (s) => `${s.encounter.diagnosis.text} (${s.encounter.diagnosis.code})`,
  dx_text: (s) => s.encounter.diagnosis.text,
  dx_code: (s) => s.encounter.diagnosis.code,
  dept_name: (s) => s.encounter.department.name,
  dept_code: (s) => s.encounter.department.code,
  consultant_dept: (s) => departmentByCode(s.consultant.department).name,
  visit_type: (s) => visitType(s),
  visit_type_upper: (s) => visitType(s).toUpperCase(),
  history_list: (s) => {
    const items = s.rng.sample(s.encounter.ageYears < 18 ? HISTORY_CHILD : HISTORY, s.rng.int(1, 3));
    return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');
  },
  history_item: (s) => s.rng.pick(s.encounter.ageYears < 18 ? HISTORY_CHILD.slice(0, 2) : HISTORY),
  prior_reason: (s) =>
    s.rng.pick([
      'a COPD exacerbation',
      'community-acquired pneumonia',
      'a routine visit',
      'knee pain',
      'medication refill',
      'a fall',
      'chest pain (ruled out)',
    ]),
  med: (s) => s.rng.pick(s.meds),
  meds_inline: (s) => s.meds.join('; '),
  meds_list: (s) => s.meds.map((m) => `- ${m}`).join('\n'),
  vitals: (s) => {
    const v = vitals(s);
    const r = s.rng;
    const age = s.encounter.ageYears;
    // Children: about 3.5 kg at birth plus 2.5 kg a year (weight-for-age), adults 48-128 kg.
    const wt = age < 14 ? oneDecimal(r, 3 + age * 2.2, 5 + age * 3.2) : oneDecimal(r, 48, 128);
    return r.pick([
      `BP ${v.bp}, HR ${v.hr}, RR ${v.rr}, Temp ${v.temp} F, SpO2 ${v.spo2}% on ${r.pick(['room air', '2 L nasal cannula', '4 L NC'])}. Weight ${wt} kg.`,
      `T ${v.temp} | P ${v.hr} | R ${v.rr} | BP ${v.bp} | O2 sat ${v.spo2}% RA | Pain ${r.int(0, 9)}/10`,
      `VS at ${formatTime(r, s.encounter.admittedMs)}: ${v.bp} mmHg, pulse ${v.hr}, temp ${v.temp}, sat ${v.spo2}%.`,
      `BP: ${v.bp}  HR: ${v.hr} bpm  RR: ${v.rr}/min  T: ${v.temp} F  SpO2: ${v.spo2}%  Wt: ${wt} kg  BMI ${age < 14 ? oneDecimal(r, 14, 20) : oneDecimal(r, 18.5, 38)}`,
    ]);
  },
  pain: (s) => `${s.rng.int(2, 9)}/10`,
  pain_quality: (s) =>
    s.rng.pick(['sharp and intermittent', 'dull and constant', 'burning', 'pressure-like', 'cramping']),
  exam: (s) => s.rng.sample(EXAM, 2).join(' '),
  gcs: (s) => `GCS ${s.rng.chance(0.85) ? '15/15' : `${s.rng.int(9, 14)}/15`}`,
  labs_inline: (s) =>
    s.labs
      .slice(0, 8)
      .map((l) => `${l.test.short} ${labValue(l)}`)
      .join(', '),
  labs_table: (s) =>
    s.labs
      .slice(0, 10)
      .map((l) => `  ${l.test.short.padEnd(18)}${labValue(l).padEnd(22)}LOINC ${l.test.loinc}`)
      .join('\n'),
  lab_short: (s) => (s.labs.length > 0 ? s.rng.pick(s.labs).test.short : 'CBC'),
  time: (s) => formatTime(s.rng, s.encounter.admittedMs),
  /** A clinic appointment slot, 08:00-16:45. */
  clinic_time: (s) => formatTime(s.rng, s.rng.int(32, 67) * 15 * 60_000),
  room: (s) => `${s.rng.int(2, 9)}${s.rng.digits(2)}${s.rng.pick(['', '', 'A', 'B'])}`,
  bed: (s) => String(s.rng.int(1, 36)),
  cpt: (s) =>
    s.rng.pick(
      s.encounter.setting === SETTING.outpatient
        ? ['99213', '99214', '99215', '99203', '99204']
        : s.encounter.setting === SETTING.emergency
          ? ['99283', '99284', '99285']
          : ['99222', '99223', '99232', '99233', '99239'],
    ),
  minutes: (s) => String(s.rng.int(20, 75)),
  ndc: (s) => `${s.rng.digits(5)}-${s.rng.digits(3)}-${s.rng.digits(2)}`,
  vaccine_lot: (s) => {
    const [vaccine, prefix] = s.rng.pick(VACCINES);
    return `${vaccine}, lot ${prefix}${s.rng.digits(4)}, exp ${String(s.rng.int(1, 12)).padStart(2, '0')}/${s.rng.int(2026, 2028)}`;
  },
  score: (s) => s.rng.pick(SCORES),
  plan_action: (s) => s.rng.pick(PLAN),
  followup_interval: (s) =>
    s.rng.pick(['1-2 weeks', '2-4 weeks', '3 months', '6 weeks', '48-72 hours', '10-14 days']),
  social: (s) => `${s.rng.pick(SOCIAL)}. Works as a ${s.rng.pick(JOBS)}.`,
  family_history: (s) => s.rng.pick(FH),
  car: (s) => s.rng.pick(CARS),
  device_model: (s) => s.rng.pick(DEVICES),
  ef: (s) => `${s.rng.int(4, 12) * 5}%`,
} satisfies Record<string, (s: NoteScope) => Pieces>;

function visitType(s: NoteScope): string {
  switch (s.encounter.setting) {
    case SETTING.outpatient:
      return s.encounter.diagnosis.code.startsWith('Z00') ? 'Annual Wellness Visit' : 'Clinic Progress Note';
    case SETTING.emergency:
      return 'ED Provider Note';
    case SETTING.inpatient:
      return s.encounter.dischargedMs === null ? 'History and Physical' : 'Discharge Summary';
  }
}

/** Word lists that keep the person-name recognizer precise. All lower-case. */

const set = (s: string): ReadonlySet<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Dictionary names that are also everyday words: a name only with context or a partner name. */
export const AMBIGUOUS_NAMES = set(`
will may june april august grace hope faith joy mark bill rose dawn art chase frank guy jack ray
pat don gene glen ivy iris lily ruby pearl amber crystal destiny summer autumn sky brook river
penny carol angel sonny rusty sunny bud buck victor max eve jean lane page rich hunter mason
white brown green black gray young long king hill wood price little rice stone ford bell hall
park cook baker carpenter fisher porter walker turner bishop church marsh banks snow bush frost
moody sharp strong wise love day west north early cash power person small short reed fox wolf lamb
crane drake bird miles good best case house branch chance clay cross english french gates golden
hunt justice knight law mills moon noble pope rush sage savage shepherd stark steele summers
tanner terry tucker wall walls ward waters weeks wells wilde winters woods hale sims cole roy
jordan austin dallas houston madison washington lincoln jefferson carson clayton
song sun do oh ho le li lu min han lim ly vu so
`);

/** Capitalized words that start sentences or label things in notes and are never names. */
export const NOT_NAMES = set(`
patient pt pts the a an and or but if of in on at to for from with by per as is was were be been
he she they his her their him them it its this that these those there here we our you your i my
mr mrs ms miss dr doctor nurse rn md np pa do phd dds
daughter son wife husband mother father sister brother spouse partner friend caregiver guardian
mom dad grandmother grandfather aunt uncle niece nephew cousin neighbor family
seen spoke called met discussed reviewed noted reports reported denies states stated presents
presented admitted discharged follow followup plan assessment history hpi ros exam impression
diagnosis dx rx tx hx sx labs lab vitals meds medications allergies note notes chief complaint
today tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december
no yes not none negative positive normal abnormal stable unchanged improved worse
hospital clinic center medical health memorial general university institute pharmacy
department dept unit ward room floor emergency icu er ed or pacu
cardiology oncology neurology radiology pediatrics surgery medicine psychiatry orthopedics
blood pressure heart rate pulse temperature weight height bmi
please call contact email phone fax address mrn dob ssn npi dea id
insurance medicare medicaid member policy account
street avenue road drive lane court boulevard suite apt
mg ml mcg units tablet tablets tab tabs capsule dose daily bid tid qid prn po iv im
left right bilateral upper lower anterior posterior
new old first last next prior previous current recent
`);

/** Capitalized words that make a capitalized run an organisation or place, not a person. */
export const ORG_WORDS = set(`
hospital clinic center centre medical health healthcare memorial general university college institute
pharmacy laboratory laboratories lab labs associates group foundation church school county city
regional community children's childrens women's womens mercy providence baptist methodist presbyterian
kaiser permanente insurance blue cross shield aetna cigna humana united healthcare anthem
street avenue road boulevard drive lane court
inc llc corp company department dept services partners practice
`);

/** Eponyms in clinical text: `Foley catheter`, `Parkinson's disease`, `Glasgow Coma Scale`. */
export const EPONYMS = set(`
foley doppler holter glasgow apgar parkinson alzheimer hodgkin crohn graves addison cushing
raynaud tourette asperger lyme barrett huntington marfan kawasaki hashimoto guillain barre reye
sjogren whipple kernig brudzinski homan homans romberg babinski epley heimlich swan ganz
bell baker murphy wilson down turner colles valsalva trendelenburg korotkoff cheyne stokes
kussmaul osler virchow wernicke korsakoff broca hering gram pap coombs tinel phalen mcmurray
lachman hawkins neer allen ortolani barlow moro landau
`);

/** Words after a capitalized token that make it an eponym. */
export const EPONYM_FOLLOWERS =
  /^(?:['’]s?\s+)?(?:disease|syndrome|signs?|palsy|esophagus|cysts?|maneuvers?|tests?|fractures?|procedures?|lymphoma|thyroiditis|catheters?|monitors?|scales?|score|criteria|reflex(?:es)?|phenomenon|stain|smear|tubes?|classification|law|nodes?|triad|ulcers?|encephalopathy|respiration|breathing|aphasia|area|position)\b/i;

export const TITLES = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Sr|Fr)\.?\s+$/;

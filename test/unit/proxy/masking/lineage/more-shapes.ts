/** Shapes built from other relations: subqueries, CTEs, set operations, joins, LATERAL, views, functions. */
import { PATIENT_COLUMNS } from './select-shapes.js';
import type { Shape } from './shape-harness.js';

const ENCOUNTER_REST = [
  'encounter_id column -',
  'admitted_at column DATE',
  'discharged_at column DATE',
  'department column -',
  'diagnosis_code column -',
  'attending_npi column NPI',
  'notes column ~',
];
const unknownOther = (name: string) => `${name} unknown OTHER_ID/redact`;

export const MORE_SHAPES: readonly Shape[] = [
  // Subqueries in FROM, the select list and WHERE.
  { sql: 'select x.s from (select ssn as s from patients) x', cols: ['s column SSN/partial'] },
  {
    sql: "select s from (select ssn as s from patients where zip = '02118') x",
    cols: ['s column SSN'],
    preds: ['patients.zip where eq constant'],
  },
  { sql: 'select (select ssn from patients limit 1)', cols: ['ssn derived SSN/partial'] },
  { sql: 'select array(select phone from patients)', cols: ['array derived PHONE/redact'] },
  {
    sql: "select exists(select 1 from patients where ssn = '512-44-3901')",
    cols: ['exists aggregate-safe -'],
    preds: ['patients.ssn where eq constant'],
    touchesPhi: true,
  },
  {
    sql: 'select patient_id, (select count(*) from encounters e where e.patient_id = p.patient_id) from patients p',
    cols: ['patient_id column -', 'count aggregate-safe -'],
  },
  {
    sql: "select * from patients p where p.patient_id in (select patient_id from encounters where notes like '%stable%')",
    cols: PATIENT_COLUMNS,
    preds: ['encounters.notes where like constant'],
  },
  {
    sql: 'select (select count(*) from patients p2 where p2.ssn < p.ssn) as rank from patients p',
    cols: ['rank aggregate-safe -'],
    preds: ['patients.ssn where range column'],
  },
  // CTEs, recursive and data-modifying.
  { sql: 'with c as (select ssn, patient_id from patients) select ssn from c', cols: ['ssn column SSN'] },
  {
    sql: 'with c(a, b) as (select ssn, patient_id from patients) select a, b from c',
    cols: ['a column SSN', 'b column -'],
  },
  {
    sql: 'with a as (select first_name from patients), b as (select upper(first_name) u from a) select u from b',
    cols: ['u derived PERSON_NAME/redact'],
  },
  {
    sql: 'with recursive r(n, s) as (select 1, ssn from patients where patient_id = 1 union all select n + 1, s from r where n < 3) select n, s from r',
    cols: ['n constant -', 's derived SSN/partial'],
  },
  {
    sql: 'with recursive chain as (select patient_id, phone from patients union select p.patient_id, c.phone || p.email from patients p join chain c on p.patient_id = c.patient_id + 1) select * from chain',
    cols: ['patient_id derived -', 'phone derived OTHER_ID/redact'],
  },
  {
    sql: 'with d as (update patients set city = city where patient_id = 1 returning patient_id, ssn) select ssn, patient_id from d',
    cols: ['ssn column SSN', 'patient_id column -'],
  },
  // Set operations: each output is the union of its branches.
  { sql: 'select ssn from patients union select name from departments', cols: ['ssn derived SSN/partial'] },
  {
    sql: 'select name from departments union all select ssn from patients',
    cols: ['name derived SSN/partial'],
  },
  {
    sql: 'select patient_id from patients intersect select patient_id from encounters',
    cols: ['patient_id derived -'],
  },
  { sql: 'select city from patients except select name from departments', cols: ['city derived CITY'] },
  {
    sql: 'select zip as z from patients union select code from departments order by z',
    cols: ['z derived ZIP'],
    preds: ['patients.zip order_by function none'],
  },
  {
    sql: 'select * from (values (1, $$a$$), (2, $$b$$)) v(id, label)',
    cols: ['id constant -', 'label constant -'],
    touchesPhi: false,
  },
  { sql: "values (1, 'x')", cols: ['column1 constant -', 'column2 constant -'], touchesPhi: false },
  { sql: 'select * from (values ((select ssn from patients limit 1))) v(s)', cols: ['s derived SSN'] },
  // Joins: USING / NATURAL merge columns; ON conditions are inference facts on PHI.
  {
    sql: 'select * from patients p join encounters e using (patient_id)',
    cols: [...PATIENT_COLUMNS, ...ENCOUNTER_REST],
  },
  {
    sql: 'select * from encounters natural join lab_results',
    cols: [
      'encounter_id column -',
      'patient_id column -',
      ...ENCOUNTER_REST.filter((c) => !c.startsWith('encounter_id')),
      'lab_id column -',
      'loinc_code column -',
      'value column -',
      'unit column -',
      'collected_at column DATE',
    ],
  },
  {
    sql: 'select patient_id from patients right join encounters using (patient_id)',
    cols: ['patient_id column -'],
  },
  {
    sql: 'select patient_id from patients full join encounters using (patient_id)',
    cols: ['patient_id derived -'],
  },
  {
    sql: 'select j.patient_id from patients join encounters using (patient_id) as j',
    cols: ['patient_id column -'],
  },
  {
    sql: 'select p.first_name, e.notes, upper(e.notes) from patients p join encounters e on e.patient_id = p.patient_id',
    cols: ['first_name column PERSON_NAME', 'notes column ~', 'upper derived ~'],
  },
  {
    sql: 'select e.notes || p.ssn from encounters e join patients p using (patient_id)',
    cols: ['?column? derived SSN/redact'],
  },
  {
    sql: 'select p.patient_id from patients p join research.patients r on r.zip = p.zip',
    cols: ['patient_id column -'],
    preds: ['patients.zip join eq column'],
  },
  {
    sql: 'select c.id from "Clinic"."Patients" c join "Clinic"."Patients" d using ("SSN")',
    cols: ['id column -'],
    preds: ['Patients.SSN join eq column'],
  },
  // LATERAL and functions in FROM.
  {
    sql: 'select p.ssn, l.value from patients p cross join lateral (select value from lab_results where patient_id = p.patient_id order by collected_at desc limit 1) l',
    cols: ['ssn column SSN', 'value column -'],
    preds: ['lab_results.collected_at order_by other none'],
  },
  {
    sql: 'select t.* from patients p, lateral (select p.ssn as s, p.phone) t',
    cols: ['s column SSN', 'phone column PHONE'],
  },
  {
    sql: 'select g, p.ssn from generate_series(1, 2) g join patients p on p.patient_id = g',
    cols: ['g constant -', 'ssn column SSN'],
  },
  {
    sql: "select * from unnest(array['a', 'b']) with ordinality as t(v, n)",
    cols: ['v constant -', 'n constant -'],
  },
  { sql: 'select u from patients p, unnest(array[p.phone, p.email]) u', cols: ['u derived OTHER_ID/redact'] },
  { sql: `select * from json_to_record('{"a":1}') as x(a int)`, cols: ['a constant -'] },
  {
    sql: 'select k, v from patients p, jsonb_each_text(to_jsonb(p)) as e(k, v)',
    cols: ['k derived OTHER_ID/redact', 'v derived OTHER_ID/redact'],
  },
  // JSON builders and whole-row references.
  {
    sql: "select json_build_object('ssn', ssn, 'id', patient_id) from patients",
    cols: ['json_build_object derived SSN/redact'],
  },
  { sql: 'select json_object($$ssn$$: ssn) from patients', cols: ['json_object derived SSN/redact'] },
  { sql: 'select json_arrayagg(phone) from patients', cols: ['json_arrayagg derived PHONE/redact'] },
  {
    sql: 'select row_to_json(p), to_jsonb(p) from patients p',
    cols: ['row_to_json derived OTHER_ID/redact', 'to_jsonb derived OTHER_ID/redact'],
  },
  {
    sql: 'select p::text, p from patients p',
    cols: ['p derived OTHER_ID/redact', 'p derived OTHER_ID/redact'],
  },
  { sql: 'select (p).ssn from patients p', cols: ['ssn derived SSN/partial'] },
  { sql: 'select row_to_json(d) from departments d', cols: ['row_to_json derived -'], touchesPhi: false },
  // Views: through their definitions, recursively; origin is the view's column.
  {
    sql: 'select * from patient_contacts',
    cols: [
      'patient_id column -',
      'first_name column PERSON_NAME',
      'last_name column PERSON_NAME',
      'phone column PHONE',
      'email column EMAIL',
    ],
  },
  { sql: 'select display_name from patient_names', cols: ['display_name derived PERSON_NAME/redact'] },
  {
    sql: 'select * from adult_patients',
    cols: ['patient_id column -', 'sex column -', 'city column CITY'],
    preds: ['patients.birth_date where range constant view'],
  },
  {
    sql: 'select n, last_admitted from encounter_counts',
    cols: ['n aggregate-safe -', 'last_admitted derived DATE'],
  },
  {
    sql: "select phone from patient_contacts where phone like '(617)%'",
    cols: ['phone column PHONE'],
    preds: ['patients.phone where like constant'],
  },
  {
    sql: 'select tag, first_name from patient_tags',
    cols: ['tag column PERSON_NAME/redact', 'first_name column PERSON_NAME'],
  },
  // search_path decides which table a name is.
  {
    sql: 'select zip, cohort from patients',
    cols: ['zip column ZIP', 'cohort column -'],
    searchPath: ['research'],
  },
  { sql: 'select zip from patients', cols: ['zip column ZIP'], searchPath: ['research', 'public'] },
  { sql: 'select ssn from patients', cols: ['ssn column SSN'], searchPath: ['public', 'research'] },
  // Opaque (user) functions and SQL given as text: unknown lineage, masked since they may read PHI.
  { sql: 'select lookup_ssn(1)', cols: [unknownOther('lookup_ssn')], unknown: true, touchesPhi: true },
  {
    sql: "select query_to_xml('select ssn from patients', true, false, '')",
    cols: [unknownOther('query_to_xml')],
    unknown: true,
  },
  {
    sql: "select * from patients_in('Boston')",
    cols: PATIENT_COLUMNS.map((c) => unknownOther(c.split(' ')[0]!)),
    unknown: true,
  },
  { sql: 'select most_common_vals from pg_stats', cols: ['most_common_vals derived OTHER_ID/redact'] },
  { sql: 'select relname from pg_class limit 1', cols: ['relname column -'], touchesPhi: false },
  {
    sql: 'select ctid, p.xmin, tableoid::regclass from patients p',
    cols: ['ctid constant -', 'xmin constant -', 'tableoid constant -'],
  },
];

/** SELECT shapes over the EHR tables: names, expressions, functions, aggregates, windows, predicates. */
import type { Shape } from './shape-harness.js';

const PATIENT = [
  'patient_id column -',
  'mrn column MRN',
  'first_name column PERSON_NAME',
  'last_name column PERSON_NAME',
  'birth_date column BIRTH_DATE',
  'sex column -',
  'ssn column SSN',
  'phone column PHONE',
  'email column EMAIL',
  'street column STREET_ADDRESS',
  'city column CITY',
  'state column -',
  'zip column ZIP',
  'insurance_member_id column HEALTH_PLAN_ID',
];
export const PATIENT_COLUMNS: readonly string[] = PATIENT;

export const SELECT_SHAPES: readonly Shape[] = [
  // Names: aliases, qualified and quoted identifiers, star expansion in catalog order.
  { sql: 'select ssn from patients', cols: ['ssn column SSN/partial'], touchesPhi: true },
  { sql: 'select p.ssn as s, p.patient_id from patients p', cols: ['s column SSN', 'patient_id column -'] },
  { sql: 'select public.patients.ssn from public.patients', cols: ['ssn column SSN'] },
  {
    sql: 'select "SSN", "Full Name", id from "Clinic"."Patients"',
    cols: ['SSN column SSN', 'Full Name column PERSON_NAME', 'id column -'],
  },
  { sql: 'select s from "Clinic"."Patients" as c(i, s, n)', cols: ['s column SSN'] },
  { sql: 'select * from patients', cols: PATIENT },
  { sql: 'select p.*, d.name from patients p, departments d', cols: [...PATIENT, 'name column -'] },
  { sql: 'table departments', cols: ['code column -', 'name column -'], touchesPhi: false },
  { sql: 'select (p).* from patients p', cols: PATIENT },
  // Expressions, casts, functions, operators.
  { sql: 'select upper(first_name) from patients', cols: ['upper derived PERSON_NAME/redact'] },
  { sql: 'select left(ssn, 3) from patients', cols: ['left derived SSN/redact'] },
  { sql: 'select ssn::bigint from patients where false', cols: ['ssn derived SSN/partial'] },
  {
    sql: 'select ssn::text, ssn::varchar(5) from patients',
    cols: ['ssn derived SSN/partial', 'ssn derived SSN/partial'],
  },
  {
    sql: "select first_name || ' ' || last_name as full_name from patients",
    cols: ['full_name derived PERSON_NAME/redact'],
  },
  { sql: 'select ssn || phone from patients', cols: ['?column? derived OTHER_ID/redact'] },
  { sql: 'select coalesce(phone, email) from patients', cols: ['coalesce derived OTHER_ID/redact'] },
  { sql: "select coalesce(ssn, 'none') from patients", cols: ['coalesce derived SSN/partial'] },
  {
    sql: "select case when ssn like '5%' then 'a' else 'b' end from patients",
    cols: ['case derived SSN/redact'],
  },
  { sql: "select case when sex = 'F' then ssn end from patients", cols: ['case derived SSN/partial'] },
  {
    sql: "select ssn like '512%' as hit, birth_date > '1980-01-01' as older from patients",
    cols: ['hit derived SSN/redact', 'older derived BIRTH_DATE/redact'],
  },
  {
    sql: 'select length(ssn), pg_typeof(ssn) from patients',
    cols: ['length derived SSN/redact', 'pg_typeof constant -'],
  },
  { sql: 'select extract(year from birth_date) from patients', cols: ['extract derived BIRTH_DATE/redact'] },
  { sql: "select date_trunc('year', admitted_at) from encounters", cols: ['date_trunc derived DATE/redact'] },
  {
    sql: "select now() is not null as ok, current_date, 1 as one, 'x' as lit",
    cols: ['ok constant -', 'current_date constant -', 'one constant -', 'lit constant -'],
    touchesPhi: false,
  },
  { sql: 'select xmlelement(name p, ssn) from patients', cols: ['xmlelement derived SSN/redact'] },
  // Aggregates: count needs no mask; value-preserving aggregates keep the method; others redact.
  {
    sql: 'select count(*), count(ssn), count(distinct ssn) from patients',
    cols: ['count aggregate-safe -', 'count aggregate-safe -', 'count aggregate-safe -'],
    touchesPhi: true,
  },
  {
    sql: 'select min(ssn), max(birth_date) from patients',
    cols: ['min derived SSN/partial', 'max derived BIRTH_DATE/generalize'],
  },
  {
    sql: "select string_agg(ssn, ','), array_agg(phone), json_agg(email), jsonb_agg(zip) from patients",
    cols: [
      'string_agg derived SSN/redact',
      'array_agg derived PHONE/redact',
      'json_agg derived EMAIL/redact',
      'jsonb_agg derived ZIP/redact',
    ],
  },
  { sql: "select count(*) filter (where ssn like '5%') from patients", cols: ['count derived SSN/redact'] },
  {
    sql: "select count(case when ssn like '5%' then 1 end) from patients",
    cols: ['count derived SSN/redact'],
  },
  { sql: 'select count(*) + 1 as n from patients', cols: ['n aggregate-safe -'] },
  {
    sql: 'select sex, count(*) from patients group by sex',
    cols: ['sex column -', 'count aggregate-safe -'],
  },
  {
    sql: 'select ssn, count(*) from patients group by ssn',
    cols: ['ssn column SSN', 'count aggregate-safe -'],
    preds: ['patients.ssn group_by other none'],
  },
  {
    sql: 'select zip, city, count(*) from patients group by rollup (zip, city)',
    cols: ['zip column ZIP', 'city column CITY', 'count aggregate-safe -'],
    preds: ['patients.city group_by other none', 'patients.zip group_by other none'],
  },
  {
    sql: "select jsonb_build_object('n', count(*)) from patients group by zip",
    cols: ['jsonb_build_object aggregate-safe -'],
    preds: ['patients.zip group_by other none'],
  },
  {
    sql: "select string_agg(patient_id::text, ',' order by ssn) from patients",
    cols: ['string_agg derived -'],
    preds: ['patients.ssn order_by other none'],
  },
  {
    sql: 'select percentile_disc(0.5) within group (order by birth_date) from patients',
    cols: ['percentile_disc derived BIRTH_DATE/generalize'],
  },
  { sql: 'select mode() within group (order by zip) from patients', cols: ['mode derived ZIP'] },
  {
    sql: 'select patient_id from patients group by patient_id having max(ssn) > $$5$$',
    cols: ['patient_id column -'],
    preds: ['patients.ssn having function constant'],
  },
  // Window functions: ranking over PHI order leaks order (inference fact), values over PHI are masked.
  {
    sql: 'select row_number() over (order by ssn) as rn, patient_id from patients',
    cols: ['rn constant -', 'patient_id column -'],
    preds: ['patients.ssn window other none'],
  },
  {
    sql: 'select rank() over (partition by zip order by birth_date) from patients',
    cols: ['rank constant -'],
    preds: ['patients.birth_date window other none', 'patients.zip window other none'],
  },
  {
    sql: 'select lag(ssn) over w from patients window w as (order by patient_id)',
    cols: ['lag derived SSN/partial'],
  },
  { sql: 'select sum(value) over (partition by patient_id) from lab_results', cols: ['sum derived -'] },
  { sql: 'select count(*) over () from patients', cols: ['count aggregate-safe -'] },
  // Predicates: the inference guard's facts.
  {
    sql: "select patient_id from patients where ssn = '512-44-3901'",
    cols: ['patient_id column -'],
    preds: ['patients.ssn where eq constant'],
  },
  {
    sql: "select patient_id from patients where birth_date between '1950-01-01' and '1970-01-01'",
    cols: ['patient_id column -'],
    preds: ['patients.birth_date where range constant'],
  },
  {
    sql: "select patient_id from patients where ssn in ('1', '2') or phone is null",
    cols: ['patient_id column -'],
    preds: ['patients.phone where is_null none', 'patients.ssn where in constant'],
  },
  {
    sql: "select patient_id from patients where upper(last_name) = 'HADDAD'",
    cols: ['patient_id column -'],
    preds: ['patients.last_name where function constant'],
  },
  {
    sql: 'select patient_id from patients where ssn like $1 and zip = $2',
    cols: ['patient_id column -'],
    preds: ['patients.ssn where like param', 'patients.zip where eq param'],
    run: false,
  },
  {
    sql: 'select patient_id from patients order by birth_date desc limit 1',
    cols: ['patient_id column -'],
    preds: ['patients.birth_date order_by other none'],
  },
  {
    sql: 'select ssn as s from patients order by s, 1',
    cols: ['s column SSN'],
    preds: ['patients.ssn order_by other none'],
  },
  {
    sql: "select count(*) from patients where zip like '021%' and birth_date < '1990-01-01'",
    cols: ['count aggregate-safe -'],
    preds: ['patients.birth_date where range constant', 'patients.zip where like constant'],
  },
  {
    sql: 'select distinct on (zip) patient_id from patients order by zip, patient_id',
    cols: ['patient_id column -'],
    preds: ['patients.zip distinct_on other none', 'patients.zip order_by other none'],
  },
  { sql: 'select distinct ssn from patients', cols: ['ssn column SSN'] },
  { sql: 'select ssn from patients for update', cols: ['ssn column SSN'] },
];

/**
 * Generated statements for the shape-cache differential test: templates with literal holes
 * (`{s}` a string, `{n}` a number), filled from pools chosen to trip a lexer (quotes, comment
 * and statement markers inside strings, unicode, numbers PostgreSQL reads in other ways), with
 * random case, whitespace, comments, and leading/trailing text. Deterministic (seeded).
 */

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const STRINGS = [
  "''",
  "'x'",
  "'it''s'",
  "''''",
  "'-- not a comment'",
  "'/* not a comment'",
  "'*/'",
  "';'",
  "'; drop table patients; --'",
  "'\"'",
  "'é'",
  "'😀 ü ß'",
  "'a\nb'",
  "'$$'",
  "'$1'",
  "'E'",
  "'a\\b'",
  "'x'' or ''1''=''1'",
  "' '",
  "'set_config'",
  "'limit 5'",
  "'0'",
  "'\t'",
];

export const NUMBERS = [
  '0',
  '1',
  '7',
  '48213',
  '1000',
  '1001',
  '2147483647',
  '2147483648',
  '007',
  '1.5',
  '5.',
  '.5',
  '1e5',
  '0x1F',
  '1_000',
  '99999999999999999999',
];

export const TEMPLATES = [
  'SELECT abalance FROM pgbench_accounts WHERE aid = {n};',
  'UPDATE pgbench_accounts SET abalance = abalance + {n} WHERE aid = {n};',
  'INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ({n}, {n}, {n}, {n}, CURRENT_TIMESTAMP);',
  'select * from patients where patient_id = {n}',
  'select * from patients where last_name = {s}',
  'select * from patients where last_name = {s} limit {n}',
  'select * from patients limit {n}',
  'select * from patients limit {n} offset {n}',
  'select * from patients offset {n} limit {n}',
  'select * from patients fetch first {n} rows only',
  'select * from patients order by 1 fetch next {n} rows with ties',
  'select * from patients limit ({n})',
  'select * from patients limit -{n}',
  'select * from patients limit {s}',
  'select * from (select * from patients limit {n}) p where p.patient_id = {n}',
  'select * from patients where patient_id = {n} union select * from patients limit {n}',
  'select (select string_agg(ssn, {s}) from patients) from departments where code = {s}',
  'select set_config({s}, {s}, false)',
  "select set_config('search_path', {s}, false)",
  "select pg_catalog.set_config('role', {s}, false)",
  "select set_config('application_name', {s}, false) from departments where code = {s}",
  'select "set_config"({s}, {s}, false)',
  'select SET_CONFIG({s}, {s}, false)',
  'with d as (delete from patients where patient_id = {n} returning *) select * from d',
  'with x as (select * from patients where ssn = {s}) select * from x limit {n}',
  'update departments set name = {s} where code = {s}',
  'update patients set last_name = {s} where patient_id = {n}',
  'delete from departments where code = {s}',
  'delete from lab_results where value > {n}',
  'insert into encounters (patient_id, note) values ({n}, {s})',
  'insert into departments values ({n}, {s}) on conflict do nothing',
  'merge into patients p using departments d on p.patient_id = {n} when matched then update set last_name = {s}',
  'values ({n}, {s}), ({n}, {s})',
  'table patients',
  'select pg_read_file({s})',
  'select lo_import({s}), {n}',
  'select * from departments where code = {s} and pg_terminate_backend({n}) is not null',
  'select * from patients where last_name like {s} escape {s}',
  'select interval {s} day, date {s}, {s}::int, {s}::varchar({n}) from departments',
  'select -{n}, - {n}, -({n}), - - {n}, -{s} from departments',
  'select * from patients where patient_id < -{n}',
  'select * from patients where patient_id<-{n}',
  'select * from patients where patient_id in ({n}, {n}, {n})',
  'select (array[{n}, {n}])[{n}] from departments',
  'select {s} || {s} from patients where patient_id = {n}',
  'select * from patients p where p.patient_id = $1 and p.last_name = {s}',
  'select * into newtab from patients where patient_id = {n}',
  'select * from "patients" where "patient_id" = {n}',
  'select * from "Patients" where x = {n}',
  'select * from public.patients where patient_id = {n}',
  'select {n} from patients',
  'select true, null, {n}, {s}',
  'select * from patients where {n} = {n}',
  'select {s}',
  'select query_to_xml({s}, true, false, {s})',
  'explain analyze delete from patients where patient_id = {n}',
  'explain select * from patients where patient_id = {n}',
  'set search_path = {s}',
  'set statement_timeout = {n}',
  'set role {s}',
  'copy (select * from patients where patient_id = {n}) to stdout',
  'copy patients from {s}',
  'do $$ begin perform {n}; end $$',
  'prepare p{n} as select * from patients where patient_id = {n}',
  'select $${s}$$ from patients where patient_id = {n}',
  'select $q$-{s}-$q$ from patients',
  'select E{s} from patients where patient_id = {n}',
  'select U&{s}, {n}',
  "select B'01', {n}",
  'select {s}; select * from patients',
  'select * from departments where code = {s}; drop table patients',
  'select {s} -- ; drop table patients',
  'select {s} /* {s} */ from patients where patient_id = {n}',
  'select * from departments where code = {s} -- {s}\n or pg_read_file({s}) is null',
];

const SPACES = [
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\t',
  '\r\n',
  '\f',
  ' /* c */ ',
  ' -- c\n',
  '/**/',
  ' /* a /* b */ c */ ',
];
const LEADING = ['', '', ' ', '\n', '/* lead */ ', '-- lead\n'];
const TRAILING = ['', '', ';', ' ;', ';\n', '; -- t', ' /* t */ ;', '\n-- t', '  '];

/** Splits a template into code parts and parts that must stay as they are (quoted, dollar tags, holes). */
const KEEP = /("(?:[^"]|"")*"|'(?:[^']|'')*'|\$\w*\$|\{[sn]\})/;

export function instantiate(template: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const caseMode = random();
  const spaced = random() < 0.5;
  const body = template
    .split(KEEP)
    .map((part, i) => {
      if (i % 2 === 1) {
        if (part === '{s}') return pick(STRINGS);
        if (part === '{n}') return pick(NUMBERS);
        return part;
      }
      let out = part;
      if (caseMode < 0.25) out = out.toUpperCase();
      else if (caseMode < 0.5)
        out = out.replace(/[a-z]/gi, (c) => (random() < 0.5 ? c.toUpperCase() : c.toLowerCase()));
      if (spaced) out = out.replace(/ /g, () => pick(SPACES));
      return out;
    })
    .join('');
  return pick(LEADING) + body + pick(TRAILING);
}

/** Naively replaces the literals of a fixed statement by others (the result may not parse: fine). */
export function mutateLiterals(text: string, random: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return text.replace(/'(?:[^'\\]|'')*'|\b\d+\b/g, (m) =>
    m.startsWith("'") ? pick(STRINGS) : pick(NUMBERS),
  );
}

/**
 * Pairs run in order: the first stores its shape; the second is what a lexer bug could map to
 * the same key, with another decision (string markers read as code, `''` misread, limits).
 */
export const ADVERSARIAL_PAIRS: readonly (readonly [string, string])[] = [
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = '' ; drop table patients; select ''",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = '/*', pg_read_file('x'), '*/'",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = '--', pg_read_file('x') --'",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = 'a''', pg_read_file('x'), '''b'",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = ''''', pg_read_file('x'), '",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = 'x'\n' from patients'",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = E'\\', pg_read_file('x'), '",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = 'x\\', pg_read_file('x'), '",
  ],
  [
    "select * from departments where code = 'x'",
    "select * from departments where code = $$x', pg_read_file('x'), '$$",
  ],
  ["select * from departments where code = 'x'", "select * from departments where code = U&'x' uescape '!'"],
  [
    'select * from departments where code = 1',
    "select * from departments where code = 1 /* /* */ , pg_read_file('x') */",
  ],
  [
    'select * from departments where code = 1',
    "select * from departments where code = 1 /* */ , pg_read_file('x') /* */",
  ],
  [
    'select * from departments where code = 1',
    "select * from departments where code = 1 -- \r, pg_read_file('x')",
  ],
  ['select * from departments where code = 1', 'select * from departments where code = 1e5'],
  ['select * from departments where code = 1', 'select * from departments where code = 0x1F'],
  ['select * from departments where code = 1', 'select * from departments where code = 1_000'],
  [
    'select "a" from departments where code = 1',
    'select "a\' from patients --" from departments where code = 1',
  ],
  ['select * from patients limit 1000', 'select * from patients limit 1001'],
  ['select * from patients limit 1000', 'select * from patients limit 1000.0'],
  ['select * from patients limit 5', 'select * from patients limit 5 + 1000'],
  ['select * from patients fetch first 10 rows only', 'select * from patients fetch first 10000 rows only'],
  ['select * from patients offset 1 limit 10', 'select * from patients offset 1 limit 100000'],
  ["select set_config('application_name', 'x', false)", "select set_config('role', 'x', false)"],
  ["select set_config('application_name', 'x', false)", "select set_config('search_path', 'x', false)"],
  [
    "select * from patients where last_name = 'x'",
    "select * from patients where last_name = 'x' or 'x' = 'x'",
  ],
  ["select 'a' from departments", "select 'a'from patients"],
];

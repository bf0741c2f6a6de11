/** PostgreSQL built-in type OIDs (pg_type.dat) that the masking layer decodes and encodes. */
export const OID = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  xml: 142,
  cidr: 650,
  float4: 700,
  float8: 701,
  unknown: 705,
  inet: 869,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
  nameArray: 1003,
  bpcharArray: 1014,
  varcharArray: 1015,
  textArray: 1009,
} as const;

/** typlen of the types above (-1 varlena, -2 cstring). RowDescription's "data type size". */
export const TYPE_SIZE: Readonly<Record<number, number>> = {
  [OID.bool]: 1,
  [OID.bytea]: -1,
  [OID.char]: 1,
  [OID.name]: 64,
  [OID.int8]: 8,
  [OID.int2]: 2,
  [OID.int4]: 4,
  [OID.text]: -1,
  [OID.oid]: 4,
  [OID.json]: -1,
  [OID.xml]: -1,
  [OID.cidr]: -1,
  [OID.float4]: 4,
  [OID.float8]: 8,
  [OID.unknown]: -2,
  [OID.inet]: -1,
  [OID.bpchar]: -1,
  [OID.varchar]: -1,
  [OID.date]: 4,
  [OID.time]: 8,
  [OID.timestamp]: 8,
  [OID.timestamptz]: 8,
  [OID.numeric]: -1,
  [OID.uuid]: 16,
  [OID.jsonb]: -1,
  [OID.nameArray]: -1,
  [OID.bpcharArray]: -1,
  [OID.varcharArray]: -1,
  [OID.textArray]: -1,
};

/** Types whose values are arbitrary text: a mask token is a valid value of them. */
export const TEXT_LIKE: ReadonlySet<number> = new Set([
  OID.text,
  OID.varchar,
  OID.bpchar,
  OID.name,
  OID.unknown,
]);

/** Arrays of text-like elements, with their element type. */
export const TEXT_ARRAYS: ReadonlyMap<number, number> = new Map([
  [OID.textArray, OID.text],
  [OID.varcharArray, OID.varchar],
  [OID.bpcharArray, OID.bpchar],
  [OID.nameArray, OID.name],
]);

export const INTEGER_TYPES: ReadonlySet<number> = new Set([OID.int2, OID.int4, OID.int8]);
export const DATETIME_TYPES: ReadonlySet<number> = new Set([OID.date, OID.timestamp, OID.timestamptz]);
export const JSON_TYPES: ReadonlySet<number> = new Set([OID.json, OID.jsonb]);

/** Largest value of each integer type. */
export const INTEGER_MAX: Readonly<Record<number, bigint>> = {
  [OID.int2]: 32767n,
  [OID.int4]: 2147483647n,
  [OID.int8]: 9223372036854775807n,
};

/**
 * What phigate knows about built-in functions beyond "the result is derived from the
 * arguments". Every other built-in carries the union of its arguments; every user or extension
 * function is opaque (it may read any table).
 */

/** Built-ins that run SQL given as text, read other sessions' query text, or decode WAL: opaque. */
export const OPAQUE_BUILTINS: ReadonlySet<string> = new Set([
  'query_to_xml',
  'query_to_xml_and_xmlschema',
  'query_to_xmlschema',
  'cursor_to_xml',
  'cursor_to_xmlschema',
  'table_to_xml',
  'table_to_xml_and_xmlschema',
  'table_to_xmlschema',
  'schema_to_xml',
  'schema_to_xml_and_xmlschema',
  'schema_to_xmlschema',
  'database_to_xml',
  'database_to_xml_and_xmlschema',
  'database_to_xmlschema',
  'ts_stat',
  'pg_stat_get_activity',
  'pg_stat_get_backend_activity',
  'pg_logical_slot_get_changes',
  'pg_logical_slot_peek_changes',
  'pg_logical_slot_get_binary_changes',
  'pg_logical_slot_peek_binary_changes',
  'lo_get',
  'loread',
  'pg_read_file',
  'pg_read_binary_file',
]);

/** Aggregates and window functions whose result is one of their input values. */
export const VALUE_PRESERVING: ReadonlySet<string> = new Set([
  'min',
  'max',
  'any_value',
  'first_value',
  'last_value',
  'nth_value',
  'lag',
  'lead',
  'mode',
  'percentile_disc',
]);

/** Functions whose result depends only on the type of the argument. */
export const TYPE_ONLY: ReadonlySet<string> = new Set(['pg_typeof']);

/** Functions that store an argument where a later statement reads it without lineage: argument index. */
export const SIDE_CHANNELS: ReadonlyMap<string, number> = new Map([
  ['set_config', 1],
  ['pg_notify', 1],
  ['pg_logical_emit_message', 2],
]);

/**
 * Which startup parameters reach the upstream server. The agent chooses harmless session
 * settings (client encoding, date style, application name...); anything that could change
 * identity, privileges, name resolution or the protocol (role, search_path, replication)
 * is refused, so policy decisions are made against the session upstream really has.
 */
import { SQLSTATE } from '../../../core/sqlstate.js';
import { WireFatal } from './wire-fatal.js';

/** GUCs an agent may set at startup (directly or through `options=-c name=value`). */
const FORWARDED = new Set([
  'application_name',
  'client_encoding',
  'datestyle',
  'intervalstyle',
  'timezone',
  'extra_float_digits',
  'statement_timeout',
  'lock_timeout',
  'idle_in_transaction_session_timeout',
  'bytea_output',
  'standard_conforming_strings',
  'geqo',
  'work_mem',
]);

/** Parameters that carry identity or routing; recorded by the session, never forwarded. */
const CONSUMED = new Set(['user', 'database']);

export interface CheckedStartup {
  database: string;
  forward: Record<string, string>;
  unrecognizedProtocolOptions: string[];
}

/** Splits libpq's `options` value (`-c a=b --c=d -c e=f\ g`) into name/value pairs. */
export function parseOptions(options: string): Array<[string, string]> {
  const words: string[] = [];
  let cur = '';
  for (let i = 0; i < options.length; i++) {
    const ch = options[i]!;
    if (ch === '\\' && i + 1 < options.length) cur += options[++i];
    else if (ch === ' ' || ch === '\t') {
      if (cur) words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) words.push(cur);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < words.length; i++) {
    let setting: string | undefined;
    const word = words[i]!;
    if (word === '-c') setting = words[++i];
    else if (word.startsWith('-c')) setting = word.slice(2);
    else if (word.startsWith('--')) setting = word.slice(2);
    if (!setting?.includes('=')) {
      throw new WireFatal(
        SQLSTATE.featureNotSupported,
        'startup "options" may only hold -c name=value settings',
      );
    }
    const eq = setting.indexOf('=');
    out.push([setting.slice(0, eq).replaceAll('-', '_'), setting.slice(eq + 1)]);
  }
  return out;
}

export function checkStartupParams(params: ReadonlyMap<string, string>): CheckedStartup {
  const database = params.get('database') || params.get('user');
  if (!database)
    throw new WireFatal(
      SQLSTATE.invalidAuthorizationSpecification,
      'no database (resource) name in the startup packet',
    );
  const forward: Record<string, string> = {};
  const unrecognizedProtocolOptions: string[] = [];
  const allow = (name: string, value: string) => {
    const key = name.toLowerCase();
    if (!FORWARDED.has(key)) {
      throw new WireFatal(
        SQLSTATE.insufficientPrivilege,
        `startup parameter "${name}" is not allowed through phigate`,
      );
    }
    forward[key] = value;
  };
  for (const [name, value] of params) {
    if (CONSUMED.has(name)) continue;
    if (name.startsWith('_pq_.')) {
      unrecognizedProtocolOptions.push(name);
      continue;
    }
    if (name === 'replication') {
      throw new WireFatal(
        SQLSTATE.insufficientPrivilege,
        'replication connections are not allowed through phigate',
      );
    }
    if (name === 'options') {
      for (const [k, v] of parseOptions(value)) allow(k, v);
      continue;
    }
    allow(name, value);
  }
  return { database, forward, unrecognizedProtocolOptions };
}

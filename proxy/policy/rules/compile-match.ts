/**
 * Compiles a rule's `match` into a function over a statement's facts, the agent and the
 * resource. It returns the names of the facts it used when every condition holds, else null.
 *
 * Name-resolution uncertainty is resolved in the safe direction for the rule's action: for deny
 * and approve rules a table pattern matches when any name the reference may resolve to matches;
 * for allow rules only when every possible name matches (and the schema is known).
 */
import type { MatchConfig, PolicyAction } from '../../../core/config/policy.js';
import { compileNamePattern, parseQualifiedName, quoteIdent } from '../../sql/identifiers.js';
import type { StatementFacts, TableRef } from '../facts/types.js';
import { anyGlob, compileGlob } from './glob.js';
import type { PhiIndex } from './phi-index.js';

export interface MatchSubject {
  readonly facts: StatementFacts;
  readonly agent: { readonly id: string; readonly groups: readonly string[] };
  readonly resource: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly phi: PhiIndex;
}

export type Matcher = (subject: MatchSubject) => readonly string[] | null;
type Test = (s: MatchSubject) => boolean;
type Mode = 'may' | 'must';

export function compileMatch(match: MatchConfig, action: PolicyAction): Matcher {
  const mode: Mode = action === 'allow' ? 'must' : 'may';
  const tests: Test[] = [];
  const used: string[] = [];
  const add = (label: string, test: Test) => {
    tests.push(test);
    if (!used.includes(label)) used.push(label);
  };
  const { agent, resource, tables, scan, copy } = match;
  if (agent?.ids) {
    const ids = anyGlob(agent.ids);
    add('agent.id', (s) => ids(s.agent.id));
  }
  if (agent?.groups) {
    const groups = anyGlob(agent.groups);
    add('agent.groups', (s) => s.agent.groups.some(groups));
  }
  if (resource?.names) {
    const names = anyGlob(resource.names);
    add('resource.name', (s) => names(s.resource.name));
  }
  if (resource?.labels) {
    const labels = Object.entries(resource.labels).map(([k, v]) => [k, compileGlob(v)] as const);
    add('resource.labels', (s) =>
      labels.every(([k, test]) => s.resource.labels[k] !== undefined && test(s.resource.labels[k])),
    );
  }
  if (match.kinds) {
    const kinds = new Set<string>(match.kinds);
    add('kind', (s) => kinds.has(s.facts.kind));
  }
  if (match.statements) {
    const types = new Set(match.statements);
    add('statementType', (s) => types.has(s.facts.statementType));
  }
  if (tables?.read) {
    const t = tableTest(tables.read, mode);
    add('tablesRead', (s) => s.facts.tablesRead.some(t));
  }
  if (tables?.written) {
    const t = tableTest(tables.written, mode);
    add('tablesWritten', (s) => s.facts.tablesWritten.some(t));
  }
  if (tables?.any) {
    const t = tableTest(tables.any, mode);
    add('tables', (s) => s.facts.tablesRead.some(t) || s.facts.tablesWritten.some(t));
  }
  if (match.phi) {
    const phi = match.phi;
    add('phi', (s) => {
      const read = s.facts.tablesRead.some((t) => s.phi.isPhi(t));
      const written = s.facts.tablesWritten.some((t) => s.phi.isPhi(t));
      if (phi === 'read') return read;
      if (phi === 'written') return written;
      if (phi === 'any') return read || written;
      return !read && !written;
    });
  }
  if (match.functions) {
    const fn = functionTest(match.functions);
    add('functions', (s) => s.facts.functions.some(fn));
  }
  if (match.where !== undefined) {
    const where = match.where;
    add('where', (s) => s.facts.where === where);
  }
  if (match.limitAtMost !== undefined) {
    const n = match.limitAtMost;
    add('limit', (s) => atMost(s.facts.limit, n));
  }
  if (match.limitExceeds !== undefined) {
    const n = match.limitExceeds;
    add('limit', (s) => !atMost(s.facts.limit, n));
  }
  if (scan) {
    const t = scan.tables ? tableTest(scan.tables, mode) : undefined;
    add('scans', (s) =>
      s.facts.scans.some(
        (sc) =>
          (scan.phi === undefined || s.phi.isPhi(sc.table) === scan.phi) &&
          (t === undefined || t(sc.table)) &&
          (scan.where === undefined || sc.where === scan.where) &&
          (scan.limitAtMost === undefined || atMost(sc.limit, scan.limitAtMost)) &&
          (scan.limitExceeds === undefined || !atMost(sc.limit, scan.limitExceeds)) &&
          (scan.countOnly === undefined || (sc.countOnly === true) === scan.countOnly),
      ),
    );
  }
  if (copy) {
    add(
      'copy',
      (s) =>
        s.facts.copy !== null &&
        (copy.directions === undefined || copy.directions.includes(s.facts.copy.direction)) &&
        (copy.targets === undefined || copy.targets.includes(s.facts.copy.target)),
    );
  }
  if (match.sets) {
    const names = new Set(match.sets);
    add('settings', (s) => s.facts.settings.some((c) => c.via !== 'reset' && names.has(c.name)));
  }
  if (match.setConfigs) {
    const names = new Set(match.setConfigs);
    add('settings', (s) => s.facts.settings.some((c) => c.via === 'set_config' && names.has(c.name)));
  }
  if (match.opaque !== undefined) {
    const v = match.opaque;
    add('opaque', (s) => s.facts.opaque.length > 0 === v);
  }
  if (match.dataModifyingCte !== undefined) {
    const v = match.dataModifyingCte;
    add('dataModifyingCte', (s) => s.facts.dataModifyingCte === v);
  }
  if (match.selectInto !== undefined) {
    const v = match.selectInto;
    add('selectInto', (s) => s.facts.selectInto === v);
  }
  const branches = match.anyOf?.map((m) => compileMatch(m, action));
  const labels = Object.freeze(used);
  return (subject) => {
    for (const test of tests) if (!test(subject)) return null;
    if (!branches) return labels;
    for (const branch of branches) {
      const hit = branch(subject);
      if (hit) return labels.length ? [...labels, ...hit] : hit;
    }
    return null;
  };
}

function atMost(limit: StatementFacts['limit'], n: number): boolean {
  return typeof limit === 'number' && limit <= n;
}

function tableTest(patterns: readonly string[], mode: Mode): (t: TableRef) => boolean {
  const compiled = patterns.map((p) => compileNamePattern(p));
  const tables = patterns.map(lastPartPattern);
  const one = (name: string) => compiled.some((c) => c.test(name));
  if (mode === 'must') {
    return (t) =>
      t.qualified ? one(t.name) : !t.anySchema && t.candidates.length > 0 && t.candidates.every(one);
  }
  return (t) => {
    if (one(t.name) || t.candidates.some(one)) return true;
    if (!t.anySchema) return false;
    const last = parseQualifiedName(t.name)?.at(-1);
    return last !== undefined && tables.some((c) => c.test(quoteIdent(last.name)));
  };
}

/** The last part of a `schema.name` pattern, as a one-part pattern. */
function lastPartPattern(pattern: string): ReturnType<typeof compileNamePattern> {
  const last = parseQualifiedName(pattern)?.at(-1);
  if (!last) return compileNamePattern(pattern);
  return compileNamePattern(last.quoted ? quoteIdent(last.name) : last.name);
}

/** A one-part pattern matches the function in any schema; `s.f` matches `s.f` and an unqualified `f`. */
function functionTest(patterns: readonly string[]): (fn: string) => boolean {
  const compiled = patterns.map((p) => ({
    whole: compileNamePattern(p),
    last: lastPartPattern(p),
    qualified: (parseQualifiedName(p)?.length ?? 1) > 1,
  }));
  return (fn) => {
    const parts = parseQualifiedName(fn);
    if (!parts || parts.length === 0) return false;
    const lastName = quoteIdent(parts.at(-1)!.name);
    return compiled.some((c) => {
      if (!c.qualified || parts.length === 1) return c.last.test(lastName);
      return c.whole.test(fn);
    });
  };
}

/**
 * One client session's view of the policy: decides each message (all statements, in order,
 * against a working copy of the session state), caches stateless decisions engine-wide by
 * (agent, resource, PHI set, search_path state, text), and commits state only for an admitted
 * message. `decide` never throws: anything unexpected is a deny (fail closed).
 */
import { quoteIdent } from '../sql/identifiers.js';
import type { ParsedStatement } from '../sql/parsed-batch.js';
import { type BatchDecision, type Decision, moreRestrictive, type StatementDecision } from './decision.js';
import type { EngineCore } from './engine.js';
import { evaluate, type Who } from './evaluate.js';
import type { DeriveContext, StateEffect } from './facts/derive-context.js';
import { deriveFacts } from './facts/derive-statement.js';
import type { StatementFacts } from './facts/types.js';
import { freezeBatch } from './freeze-decision.js';
import { phiIndex } from './rules/phi-index.js';
import { SessionState } from './session-state.js';

export interface OpenSessionOptions {
  readonly agent: { readonly id: string; readonly groups?: readonly string[] };
  readonly resource: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  /** The upstream login name (`$user` in search_path); unknown ⇒ `$user` may be any schema. */
  readonly upstreamUser?: string;
  /** The upstream's search_path at session start, as reported in ParameterStatus. */
  readonly searchPath?: string;
}

export interface DecideOptions {
  /**
   * Commit the message's session effects (PREPARE, DEALLOCATE, SET search_path …) when it is
   * admitted. Default true; pass false when deciding without running (extended-protocol Parse).
   */
  readonly apply?: boolean;
}

export interface PolicySession {
  decide(text: string, options?: DecideOptions): BatchDecision;
  /** The decision for SQL-level `EXECUTE name` (same as deciding that text). */
  decideExecute(preparedName: string, options?: DecideOptions): BatchDecision;
  /** Commits the session effects of a message decided earlier (e.g. once approved). */
  apply(batch: BatchDecision): void;
  /** Feed every search_path ParameterStatus from the upstream (PostgreSQL 18 reports it). */
  observeSearchPath(value: string): void;
  /** Names of SQL-level prepared statements the session knows. */
  readonly preparedCount: number;
}

let nextSetId = 1;
const setIds = new WeakMap<ReadonlySet<string>, number>();
const setId = (s: ReadonlySet<string>) => {
  let id = setIds.get(s);
  if (id === undefined) setIds.set(s, (id = nextSetId++));
  return id;
};

export function openPolicySession(core: EngineCore, options: OpenSessionOptions): PolicySession {
  const agent = { id: options.agent.id, groups: Object.freeze([...(options.agent.groups ?? [])]) };
  const resource = {
    name: options.resource.name,
    labels: Object.freeze({ ...(options.resource.labels ?? {}) }),
  };
  const whoKey = JSON.stringify([
    agent.id,
    [...agent.groups].sort(),
    resource.name,
    Object.entries(resource.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
  const state = new SessionState({ upstreamUser: options.upstreamUser, searchPath: options.searchPath });
  const pending = new WeakMap<BatchDecision, readonly StateEffect[]>();
  let reportedOnce = options.searchPath !== undefined;

  const decide = (text: string, opts: DecideOptions = {}): BatchDecision => {
    let phiSet: ReadonlySet<string>;
    try {
      phiSet = core.phiTables(resource.name);
    } catch {
      return engineError('the PHI table classification is unavailable');
    }
    const cacheable = text.length <= core.maxCachedTextLength;
    const key = cacheable ? `${whoKey}\u0000${setId(phiSet)}\u0000${state.key}\u0000${text}` : '';
    const hit = cacheable ? core.decisions.get(key) : undefined;
    if (hit) return hit;
    const who: Who = { agent, resource, phi: phiIndex(phiSet) };
    let result: { batch: BatchDecision; effects: StateEffect[]; work: SessionState; stateful: boolean };
    try {
      result = decideText(core, who, state, text);
    } catch (error) {
      const notLoaded = (error as { code?: unknown })?.code === 'SQL_PARSER_NOT_LOADED';
      return engineError(
        notLoaded ? 'the SQL parser is not loaded' : 'the policy engine could not analyze this message',
      );
    }
    const { batch, effects, work, stateful } = result;
    if (cacheable && !stateful) core.decisions.set(key, batch);
    if (effects.length > 0) {
      if ((opts.apply ?? true) && batch.action === 'allow') state.adopt(work);
      else pending.set(batch, effects);
    }
    return batch;
  };

  return {
    decide,
    decideExecute: (name, opts) => decide(`EXECUTE ${quoteIdent(name)}`, opts),
    apply(batch) {
      const effects = pending.get(batch);
      if (!effects) return;
      pending.delete(batch);
      for (const e of effects) state.apply(e);
    },
    observeSearchPath(value) {
      state.observeSearchPath(value, { initial: !reportedOnce });
      reportedOnce = true;
    },
    get preparedCount() {
      return state.preparedCount;
    },
  };
}

function decideText(core: EngineCore, who: Who, state: SessionState, text: string) {
  const parsed = core.parses.parse(text);
  const effects: StateEffect[] = [];
  if (!parsed.ok) {
    const where = parsed.error.position === undefined ? '' : ` at position ${parsed.error.position}`;
    const decision: Decision = {
      action: 'deny',
      ruleId: 'unparseable',
      reason: `the statement cannot be parsed: ${parsed.error.message}${where}`,
      factsUsed: [],
    };
    const batch: BatchDecision = freezeBatch({
      action: 'deny',
      decision,
      decisive: undefined,
      statements: [],
      syntaxError: parsed.error,
    });
    return { batch, effects, work: state, stateful: false };
  }
  let work = state;
  let stateful = false;
  const statements: StatementDecision[] = [];
  for (const stmt of parsed.statements) {
    const ctx: DeriveContext = {
      searchPath: work,
      prepared: (name) => work.prepared(name),
      effects: [],
      usedState: false,
      depth: 0,
      statementText: stmt.text,
    };
    statements.push(decideStatement(core, who, stmt, ctx));
    stateful ||= ctx.usedState || ctx.effects.length > 0;
    for (const e of ctx.effects) {
      if (work === state) work = state.clone();
      work.apply(e);
      effects.push(e);
    }
  }
  return { batch: freezeBatch(combine(statements)), effects, work, stateful };
}

function decideStatement(
  core: EngineCore,
  who: Who,
  stmt: ParsedStatement,
  ctx: DeriveContext,
): StatementDecision {
  const base = { text: stmt.text, start: stmt.start, end: stmt.end, fingerprint: stmt.fingerprint };
  let facts: StatementFacts;
  try {
    facts = deriveFacts(stmt.node, stmt.text, ctx);
  } catch (error) {
    if ((error as { code?: unknown })?.code === 'SQL_PARSER_NOT_LOADED') throw error;
    ctx.effects.length = 0;
    ctx.usedState = true; // never cache an engine failure
    return {
      ...base,
      facts: unanalyzable(stmt),
      decision: engineErrorDecision('this statement could not be analyzed'),
    };
  }
  return { ...base, facts, decision: evaluate(core.policy, who, facts) };
}

function combine(statements: StatementDecision[]): BatchDecision {
  let decisive: StatementDecision | undefined;
  for (const s of statements) {
    if (!decisive || moreRestrictive(s.decision.action, decisive.decision.action)) decisive = s;
  }
  if (!decisive) {
    const decision: Decision = {
      action: 'allow',
      ruleId: 'empty',
      reason: 'the message holds no statement',
      factsUsed: [],
    };
    return { action: 'allow', decision, decisive: undefined, statements };
  }
  return { action: decisive.decision.action, decision: decisive.decision, decisive, statements };
}

function engineErrorDecision(reason: string): Decision {
  return { action: 'deny', ruleId: 'engine-error', reason, factsUsed: [] };
}

function engineError(reason: string): BatchDecision {
  const decision = engineErrorDecision(reason);
  return freezeBatch({ action: 'deny', decision, decisive: undefined, statements: [] });
}

function unanalyzable(stmt: ParsedStatement): StatementFacts {
  const type = Object.keys(stmt.node)[0] ?? 'Unknown';
  return {
    kind: 'ddl',
    statementType: type,
    tablesRead: [],
    tablesWritten: [],
    scans: [],
    functions: [],
    where: false,
    limit: null,
    dataModifyingCte: false,
    selectInto: false,
    copy: null,
    settings: [],
    cursor: null,
    prepared: null,
    opaque: ['the statement could not be analyzed'],
    inner: [],
  };
}

/**
 * One client session's view of the policy: decides each message (all statements, in order,
 * against a working copy of the session state), caches stateless decisions engine-wide by
 * (agent, resource, PHI set, search_path state, text) and, for single statements that differ
 * only in literals, by the same plus the statement's shape (shape-cache.ts); commits state only
 * for an admitted message. `decide` never throws: anything unexpected is a deny (fail closed).
 */
import { quoteIdent } from '../sql/identifiers.js';
import { lexShape, type ShapeLex } from '../sql/shape-lexer.js';
import { ConformingStrings, recordExplicitOn } from './conforming-strings.js';
import { decideText, engineError, type MessageResult } from './decide-message.js';
import type { BatchDecision } from './decision.js';
import type { EngineCore } from './engine.js';
import type { Who } from './evaluate.js';
import type { StateEffect } from './facts/derive-context.js';
import { phiIndex } from './rules/phi-index.js';
import { SessionState } from './session-state.js';
import { batchFromShape, SHAPE_RULES, shapeTemplate } from './shape-cache.js';

export interface OpenSessionOptions {
  readonly agent: { readonly id: string; readonly groups?: readonly string[] };
  readonly resource: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  /** The upstream login name (`$user` in search_path); unknown ⇒ `$user` may be any schema. */
  readonly upstreamUser?: string;
  /** The upstream's search_path at session start, as reported in ParameterStatus. */
  readonly searchPath?: string;
  /** The upstream's standard_conforming_strings at session start (ParameterStatus); default on. */
  readonly standardConformingStrings?: string;
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
  /**
   * Feed every ParameterStatus from the upstream: search_path (as observeSearchPath) and
   * standard_conforming_strings (while it is not known to be on, messages with a backslash are
   * refused and the shape cache is not used; conforming-strings.ts). Other names are ignored.
   */
  observeParameterStatus(name: string, value: string): void;
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
  const strings = new ConformingStrings(options.standardConformingStrings);
  const pending = new WeakMap<BatchDecision, readonly StateEffect[]>();
  let reportedOnce = options.searchPath !== undefined;
  let stringsReported = options.standardConformingStrings !== undefined;

  const decide = (text: string, opts: DecideOptions = {}): BatchDecision => {
    const nonconforming = strings.refusal(text);
    if (nonconforming) return nonconforming;
    let phiSet: ReadonlySet<string>;
    try {
      phiSet = core.phiTables(resource.name);
    } catch {
      return engineError('the PHI table classification is unavailable');
    }
    const cacheable = text.length <= core.maxCachedTextLength;
    const prefix = cacheable ? `${whoKey}\u0000${setId(phiSet)}\u0000${state.key}\u0000` : '';
    const key = prefix + text;
    const hit = cacheable ? core.decisions.get(key) : undefined;
    if (hit) {
      core.stats.textHits++;
      strings.noteDecided(hit);
      return hit;
    }
    let lex: ShapeLex | undefined;
    if (cacheable && core.shapesEnabled && strings.on) {
      lex = lexShape(text, SHAPE_RULES);
      const template = lex ? core.shapes.get(prefix + lex.key) : undefined;
      if (template) {
        core.stats.shapeHits++;
        return batchFromShape(template, text, lex!);
      }
    }
    const who: Who = { agent, resource, phi: phiIndex(phiSet) };
    let result: MessageResult;
    try {
      result = decideText(core, who, state, text);
    } catch (error) {
      const notLoaded = (error as { code?: unknown })?.code === 'SQL_PARSER_NOT_LOADED';
      return engineError(
        notLoaded ? 'the SQL parser is not loaded' : 'the policy engine could not analyze this message',
      );
    }
    core.stats.fullDecisions++;
    const { batch, effects, work, stateful } = result;
    recordExplicitOn(batch, result.parsed);
    strings.noteDecided(batch);
    if (cacheable && !stateful) core.decisions.set(key, batch);
    if (lex) storeShape(core, prefix + lex.key, lex, text, result);
    if (effects.length > 0) {
      if ((opts.apply ?? true) && batch.action === 'allow') state.adopt(work);
      else pending.set(batch, effects);
    }
    return batch;
  };

  const observeSearchPath = (value: string): void => {
    state.observeSearchPath(value, { initial: !reportedOnce });
    reportedOnce = true;
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
    observeSearchPath,
    observeParameterStatus(name, value) {
      if (name === 'search_path') observeSearchPath(value);
      else if (name === 'standard_conforming_strings') {
        strings.observe(value, { initial: !stringsReported });
        stringsReported = true;
      }
    },
    get preparedCount() {
      return state.preparedCount;
    },
  };
}

/** Stores the shape of a freshly decided text when it is safe to (see shape-cache.ts). */
function storeShape(core: EngineCore, key: string, lex: ShapeLex, text: string, result: MessageResult): void {
  if (result.effects.length > 0) return;
  let template: ReturnType<typeof shapeTemplate>;
  try {
    template = shapeTemplate(lex, text, result.parsed, result.batch, result.stateful);
  } catch {
    return; // never store what could not be checked
  }
  if (!template) return;
  core.shapes.set(key, template);
  core.stats.shapesStored++;
}

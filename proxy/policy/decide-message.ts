/**
 * The full path for one message: parse (through the shared parse cache), derive each
 * statement's facts in order against a working copy of the session state, decide each, and
 * combine (the first most restrictive statement is decisive). Reports the session effects,
 * the working state they produced, and whether the result depended on or changed session
 * state (then it must not be cached by text or shape).
 */
import type { ParsedBatch, ParsedStatement } from '../sql/parsed-batch.js';
import { type BatchDecision, type Decision, moreRestrictive, type StatementDecision } from './decision.js';
import type { EngineCore } from './engine.js';
import { evaluate, type Who } from './evaluate.js';
import type { DeriveContext, StateEffect } from './facts/derive-context.js';
import { deriveFacts } from './facts/derive-statement.js';
import type { StatementFacts } from './facts/types.js';
import { freezeBatch } from './freeze-decision.js';
import type { SessionState } from './session-state.js';

export interface MessageResult {
  readonly batch: BatchDecision;
  readonly parsed: ParsedBatch;
  readonly effects: StateEffect[];
  readonly work: SessionState;
  readonly stateful: boolean;
}

export function decideText(core: EngineCore, who: Who, state: SessionState, text: string): MessageResult {
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
    return { batch, parsed, effects, work: state, stateful: false };
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
  return { batch: freezeBatch(combine(statements)), parsed, effects, work, stateful };
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

export function engineErrorDecision(reason: string): Decision {
  return { action: 'deny', ruleId: 'engine-error', reason, factsUsed: [] };
}

export function engineError(reason: string): BatchDecision {
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

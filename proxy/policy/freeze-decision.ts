/**
 * Decisions are shared (cached engine-wide, stored as prepared-statement facts), so they are
 * frozen. Freezing follows the known shape instead of walking every property generically:
 * it is on the uncached path of every statement.
 */
import type { BatchDecision, StatementDecision } from './decision.js';
import type { StatementFacts } from './facts/types.js';

export function freezeFacts(f: StatementFacts): StatementFacts {
  if (Object.isFrozen(f)) return f;
  for (const t of f.tablesRead) freezeTable(t);
  for (const t of f.tablesWritten) freezeTable(t);
  for (const s of f.scans) Object.freeze(s);
  for (const s of f.settings) Object.freeze(s);
  for (const i of f.inner) {
    freezeFacts(i.facts);
    Object.freeze(i);
  }
  if (f.copy) Object.freeze(f.copy);
  Object.freeze(f.tablesRead);
  Object.freeze(f.tablesWritten);
  Object.freeze(f.scans);
  Object.freeze(f.functions);
  Object.freeze(f.settings);
  Object.freeze(f.opaque);
  Object.freeze(f.inner);
  return Object.freeze(f);
}

function freezeTable(t: StatementFacts['tablesRead'][number]): void {
  if (Object.isFrozen(t)) return;
  Object.freeze(t.candidates);
  Object.freeze(t);
}

function freezeStatement(s: StatementDecision): void {
  freezeFacts(s.facts);
  Object.freeze(s.decision.factsUsed);
  Object.freeze(s.decision);
  Object.freeze(s);
}

export function freezeBatch(batch: BatchDecision): BatchDecision {
  for (const s of batch.statements) freezeStatement(s);
  Object.freeze(batch.statements);
  Object.freeze(batch.decision.factsUsed);
  Object.freeze(batch.decision);
  if (batch.syntaxError) Object.freeze(batch.syntaxError);
  return Object.freeze(batch);
}

/**
 * standard_conforming_strings as the upstream session has it. libpg-query always reads with it
 * on; with it off, PostgreSQL takes a backslash in a plain `'…'` string as an escape, so the two
 * can split a message into different statements (`select 'a\' , $$' ; drop table t; -- $$` is
 * one SELECT to the parser and a SELECT plus a DROP TABLE to a server with the setting off).
 * While the setting is not known to be on, the session therefore refuses every message with a
 * backslash (fail closed; E'' strings and backslashes elsewhere read the same either way, but
 * telling them apart would need this very lexing), and the shape cache is not used.
 *
 * Known on: the last report (ParameterStatus, or the start-up value; none given means
 * PostgreSQL's default, on) said on, and no message decided since may have turned it off. A
 * message may turn it off when it sets it (SET, SET LOCAL, set_config, RESET when the start-up
 * value was off) other than `SET standard_conforming_strings = on`, calls set_config with a
 * setting name that is not a constant, or runs RESET ALL / DISCARD ALL when the start-up value
 * was off. Such a message makes it unknown as soon as it is decided (so a message pipelined
 * behind it is already judged that way) until the next report. PostgreSQL reads a whole simple
 * Query message with the value it had when the message arrived. A function inside the database
 * that changes the setting is not seen (see "Limits" in docs/policy.md); the report that follows
 * corrects the state.
 */

import { asArray, asObject, asString, constantString, unwrapNode } from '../sql/ast.js';
import type { ParsedBatch } from '../sql/parsed-batch.js';
import type { BatchDecision, Decision, StatementDecision } from './decision.js';
import { freezeBatch } from './freeze-decision.js';

const NAME = 'standard_conforming_strings';
const ON = new Set(['on', 'true', 'yes', '1', 't', 'y']);

/** Statements that are exactly `SET [SESSION|LOCAL] standard_conforming_strings = on` (shared, as decisions are). */
const SETS_ON = new WeakSet<StatementDecision>();

export class ConformingStrings {
  #initialOn: boolean;
  #on: boolean;

  constructor(startupValue: string | undefined) {
    this.#initialOn = startupValue === undefined || isOn(startupValue);
    this.#on = this.#initialOn;
  }

  /** The setting is known to be on. */
  get on(): boolean {
    return this.#on;
  }

  /** A ParameterStatus report; the first one of a session is also what RESET returns to. */
  observe(value: string, options: { initial?: boolean } = {}): void {
    const on = isOn(value);
    if (options.initial) this.#initialOn = on;
    this.#on = on;
  }

  /** A decided message (from any path): may it turn the setting off? */
  noteDecided(batch: BatchDecision): void {
    if (!this.#on) return;
    for (const s of batch.statements) {
      const f = s.facts;
      for (const c of f.settings) {
        if (c.name === NAME) {
          if (c.via === 'set' && SETS_ON.has(s)) continue;
          if (c.via === 'reset' && this.#initialOn) continue;
          this.#on = false;
        } else if (c.name === 'all' && c.via === 'reset' && !this.#initialOn) {
          this.#on = false;
        }
      }
      if (f.opaque.length > 0 && f.functions.some((fn) => fn === 'set_config' || fn.endsWith('.set_config')))
        this.#on = false;
    }
  }

  /** The refusal for `text` while the setting is not known to be on, if it holds a backslash. */
  refusal(text: string): BatchDecision | undefined {
    if (this.#on) return undefined;
    const at = text.indexOf('\\');
    if (at < 0) return undefined;
    const position = [...text.slice(0, at)].length + 1;
    const message = 'backslash while standard_conforming_strings is off or not known to be on';
    const decision: Decision = {
      action: 'deny',
      ruleId: 'unparseable',
      reason: `the statement cannot be parsed: ${message} at position ${position}`,
      factsUsed: [],
    };
    return freezeBatch({
      action: 'deny',
      decision,
      decisive: undefined,
      statements: [],
      syntaxError: { message, position },
    });
  }
}

/** Marks the statements of a freshly decided message that set the setting on explicitly. */
export function recordExplicitOn(batch: BatchDecision, parsed: ParsedBatch): void {
  if (!parsed.ok || parsed.statements.length !== batch.statements.length) return;
  parsed.statements.forEach((stmt, i) => {
    if (setsOn(stmt.node)) SETS_ON.add(batch.statements[i]!);
  });
}

function setsOn(node: unknown): boolean {
  const n = unwrapNode(node);
  if (n?.[0] !== 'VariableSetStmt') return false;
  const body = n[1];
  if (asString(body.name)?.toLowerCase() !== NAME || body.kind !== 'VAR_SET_VALUE') return false;
  const args = asArray(body.args);
  if (args.length !== 1) return false;
  const text = constantString(args[0]);
  if (text !== undefined) return isOn(text);
  const ival = asObject(asObject(unwrapNode(args[0])?.[1])?.ival);
  return ival?.ival === 1;
}

function isOn(value: string): boolean {
  return ON.has(value.trim().toLowerCase());
}

/**
 * A function call in the tree: its canonical name goes into the facts; `set_config` is also a
 * setting change, whose name must be a constant to be known (else the statement is opaque and
 * the search_path becomes unknown, since it may be the setting changed).
 */
import { type AstObject, asArray, constantString, nameList, unwrapNode } from '../../sql/ast.js';
import { quoteIdent } from '../../sql/identifiers.js';
import type { FactsCollector } from './collector.js';
import type { DeriveContext } from './derive-context.js';

export function recordFunctionCall(call: AstObject, c: FactsCollector, ctx: DeriveContext): void {
  const parts = nameList(call.funcname);
  if (parts.length === 0) return;
  c.addFunction(parts.map(quoteIdent).join('.'));
  const name = parts[parts.length - 1];
  const schema = parts.length > 1 ? parts[parts.length - 2] : undefined;
  if (name === 'set_config' && (schema === undefined || schema === 'pg_catalog'))
    recordSetConfig(call, c, ctx);
}

function recordSetConfig(call: AstObject, c: FactsCollector, ctx: DeriveContext): void {
  const setting = settingNameArg(asArray(call.args));
  if (setting === undefined) {
    c.addOpaque('set_config with a setting name that is not a constant');
    ctx.effects.push({ type: 'searchPath', path: null });
    return;
  }
  const name = setting.trim().toLowerCase();
  c.addSetting({ name, via: 'set_config' });
  // The value may be computed and the call may not run (or run per row): the path becomes unknown.
  if (name === 'search_path') ctx.effects.push({ type: 'searchPath', path: null });
}

/**
 * The constant first argument. pg_catalog.set_config has no argument names, so a call with
 * named arguments is not the catalog function (or fails): treated as not constant.
 */
function settingNameArg(args: readonly unknown[]): string | undefined {
  if (args.some((a) => unwrapNode(a)?.[0] === 'NamedArgExpr')) return undefined;
  return args.length > 0 ? constantString(args[0]) : undefined;
}

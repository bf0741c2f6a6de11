/** The LIMIT / FETCH FIRST of a SELECT block as a fact. */
import { type AstObject, asObject, unwrapNode } from '../../sql/ast.js';
import type { LimitFact } from './types.js';

export function limitOf(select: AstObject): LimitFact {
  // WITH TIES may return more rows than the count.
  if (select.limitOption === 'LIMIT_OPTION_WITH_TIES') return 'unknown';
  if (select.limitCount === undefined) return null;
  const node = unwrapNode(select.limitCount);
  if (node?.[0] !== 'A_Const') return 'unknown';
  const body = node[1];
  if (body.isnull === true) return null; // LIMIT ALL / LIMIT NULL
  if (body.ival !== undefined) {
    const v = asObject(body.ival)?.ival;
    return typeof v === 'number' ? v : 0; // 0 is omitted from the JSON
  }
  return 'unknown';
}

/**
 * The libpg-query JSON parse tree, viewed generically. A node in a `Node` position is wrapped
 * as `{ TypeName: body }`; typed fields (e.g. InsertStmt.relation, SelectStmt.larg) hold the
 * body unwrapped. Fields that are false, 0 or empty are omitted.
 */
export type AstObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is AstObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `[type, body]` when `value` is a wrapped node (one key, starting with an upper-case letter). */
export function unwrapNode(value: unknown): [string, AstObject] | undefined {
  if (!isObject(value)) return undefined;
  let found: [string, AstObject] | undefined;
  for (const key in value) {
    if (found) return undefined;
    const first = key.charCodeAt(0);
    if (first < 65 || first > 90) return undefined;
    const body = value[key];
    if (!isObject(body)) return undefined;
    found = [key, body];
  }
  return found;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: unknown): AstObject | undefined {
  return isObject(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The `sval` of each `String` node in a name list such as FuncCall.funcname. */
export function nameList(value: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    const node = unwrapNode(item);
    if (node?.[0] === 'String') out.push(asString(node[1].sval) ?? '');
  }
  return out;
}

/** The constant string of an A_Const (possibly under type casts), or undefined when not a string constant. */
export function constantString(value: unknown): string | undefined {
  const node = unwrapNode(value);
  if (!node) return undefined;
  const [type, body] = node;
  if (type === 'TypeCast') return constantString(body.arg);
  if (type !== 'A_Const') return undefined;
  const sval = asObject(body.sval);
  if (sval) return asString(sval.sval) ?? '';
  return undefined;
}

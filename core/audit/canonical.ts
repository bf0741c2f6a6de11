/**
 * The canonical encoding every audit hash is computed over (a subset of RFC 8785, JCS):
 * - JSON text, UTF-8, no whitespace;
 * - object members sorted by key in UTF-16 code-unit order (JavaScript's default sort);
 *   members whose value is `undefined` are omitted;
 * - strings escaped exactly as `JSON.stringify` escapes them;
 * - numbers are integers within ±(2^53 − 1), written in decimal (no fractions, no exponents);
 * - `true`, `false`, `null`, arrays in order.
 * Anything else (fractional or non-finite numbers, bigint, functions, symbols, Dates, Buffers)
 * is refused, so two writers can never encode one value two ways.
 */
export class CanonicalEncodingError extends Error {
  constructor(readonly path: string) {
    super(`value at ${path || '(root)'} cannot be canonically encoded`);
    this.name = 'CanonicalEncodingError';
  }
}

export function canonicalJson(value: unknown): string {
  return encode(value, '');
}

/** The sorted `"key":value` members of an object, for callers that insert one more member. */
export function canonicalMembers(obj: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(obj).sort();
  const out: string[] = [];
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out.push(`${JSON.stringify(k)}:${encode(v, k)}`);
  }
  return out;
}

function encode(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CanonicalEncodingError(path);
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let s = '[';
        for (let i = 0; i < value.length; i++) {
          const v = value[i];
          if (i > 0) s += ',';
          s += v === undefined ? 'null' : encode(v, `${path}[${i}]`);
        }
        return `${s}]`;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw new CanonicalEncodingError(path);
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined) continue;
        if (!first) s += ',';
        first = false;
        s += `${JSON.stringify(k)}:${encode(v, path ? `${path}.${k}` : k)}`;
      }
      return `${s}}`;
    }
    default:
      throw new CanonicalEncodingError(path);
  }
}

import { cellError } from './cell-error.js';

/**
 * Rewrites a JSON text token by token: string tokens (values and, optionally, keys) and number
 * tokens go through `mask`, everything else is copied byte for byte, so numbers that are not
 * masked keep their exact digits (no JSON.parse rounding). `key` is the member name a value
 * belongs to, as context for detectors.
 */
export function rewriteJson(
  text: string,
  mask: (value: string, kind: 'string' | 'number', key: string | undefined) => string | undefined,
): string {
  let out = '';
  let i = 0;
  let pendingKey: string | undefined;
  const stack: Array<'{' | '['> = [];
  let expectKey = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) throw cellError('json');
      const token = text.slice(i, j + 1);
      let value: string;
      try {
        value = JSON.parse(token) as string;
      } catch {
        throw cellError('json');
      }
      if (expectKey) {
        pendingKey = value;
        out += token;
      } else {
        const masked = mask(value, 'string', pendingKey);
        out += masked === undefined ? token : JSON.stringify(masked);
      }
      i = j + 1;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      const m = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) throw cellError('json');
      const masked = mask(m[0], 'number', pendingKey);
      out += masked === undefined ? m[0] : JSON.stringify(masked);
      i += m[0].length;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      stack.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = stack[stack.length - 1] === '{';
      if (expectKey) pendingKey = undefined;
    } else if (c === ':') expectKey = false;
    out += c;
    i++;
  }
  if (stack.length !== 0) throw cellError('json');
  return out;
}

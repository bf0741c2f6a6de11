import { cellError } from './cell-error.js';

/** A parsed array: nested lists of elements (`null` = SQL NULL), plus array_out's `[lo:hi]=` prefix. */
export type ArrayNode = string | null | ArrayNode[];
export interface TextArray {
  readonly bounds: string;
  readonly root: ArrayNode[];
}

/** array_out text format → tree. Throws (fail closed) on anything malformed. */
export function parseTextArray(text: string): TextArray {
  let i = 0;
  let bounds = '';
  if (text[0] === '[') {
    const eq = text.indexOf('=');
    if (eq < 0) throw cellError('array');
    bounds = text.slice(0, eq + 1);
    i = eq + 1;
  }
  const parseList = (): ArrayNode[] => {
    if (text[i] !== '{') throw cellError('array');
    i++;
    const out: ArrayNode[] = [];
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      if (text[i] === '{') out.push(parseList());
      else if (text[i] === '"') {
        i++;
        let s = '';
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          s += text[i] ?? '';
          i++;
        }
        if (text[i] !== '"') throw cellError('array');
        i++;
        out.push(s);
      } else {
        let j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '}') j++;
        const raw = text.slice(i, j).trim();
        out.push(raw.toUpperCase() === 'NULL' ? null : raw);
        i = j;
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return out;
      }
      throw cellError('array');
    }
  };
  const root = parseList();
  if (i !== text.length) throw cellError('array');
  return { bounds, root };
}

const NEEDS_QUOTES = /^$|[{},"\\\s]|^null$/i;

function quote(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/[\\"]/g, '\\$&')}"` : s;
}

export function serializeTextArray(a: TextArray): string {
  const node = (n: ArrayNode): string =>
    n === null ? 'NULL' : typeof n === 'string' ? quote(n) : `{${n.map(node).join(',')}}`;
  return `${a.bounds}${node(a.root)}`;
}

/** Maps every non-null element. */
export function mapTextArray(a: TextArray, fn: (s: string) => string): TextArray {
  const map = (n: ArrayNode): ArrayNode => (n === null ? null : typeof n === 'string' ? fn(n) : n.map(map));
  return { bounds: a.bounds, root: a.root.map(map) };
}

/** array_send layout: header, dimensions, elements (each length-prefixed, -1 = NULL). */
export interface BinaryArray {
  readonly elementOid: number;
  readonly dims: ReadonlyArray<{ readonly size: number; readonly lbound: number }>;
  readonly elements: ReadonlyArray<Buffer | null>;
}

export function decodeBinaryArray(buf: Buffer): BinaryArray {
  if (buf.length < 12) throw cellError('array');
  const ndim = buf.readInt32BE(0);
  const elementOid = buf.readUInt32BE(8);
  if (ndim < 0 || ndim > 6 || buf.length < 12 + 8 * ndim) throw cellError('array');
  const dims: Array<{ size: number; lbound: number }> = [];
  let count = ndim === 0 ? 0 : 1;
  for (let d = 0; d < ndim; d++) {
    const size = buf.readInt32BE(12 + 8 * d);
    if (size < 0) throw cellError('array');
    dims.push({ size, lbound: buf.readInt32BE(16 + 8 * d) });
    count *= size;
  }
  let pos = 12 + 8 * ndim;
  const elements: Array<Buffer | null> = [];
  for (let k = 0; k < count; k++) {
    if (pos + 4 > buf.length) throw cellError('array');
    const len = buf.readInt32BE(pos);
    pos += 4;
    if (len === -1) {
      elements.push(null);
      continue;
    }
    if (len < 0 || pos + len > buf.length) throw cellError('array');
    elements.push(buf.subarray(pos, pos + len));
    pos += len;
  }
  if (pos !== buf.length) throw cellError('array');
  return { elementOid, dims, elements };
}

export function encodeBinaryArray(a: BinaryArray): Buffer {
  const parts: Buffer[] = [];
  const head = Buffer.alloc(12 + 8 * a.dims.length);
  head.writeInt32BE(a.dims.length, 0);
  head.writeInt32BE(a.elements.some((e) => e === null) ? 1 : 0, 4);
  head.writeUInt32BE(a.elementOid, 8);
  a.dims.forEach((d, i) => {
    head.writeInt32BE(d.size, 12 + 8 * i);
    head.writeInt32BE(d.lbound, 16 + 8 * i);
  });
  parts.push(head);
  for (const e of a.elements) {
    const len = Buffer.alloc(4);
    len.writeInt32BE(e === null ? -1 : e.length, 0);
    parts.push(len);
    if (e !== null) parts.push(e);
  }
  return Buffer.concat(parts);
}

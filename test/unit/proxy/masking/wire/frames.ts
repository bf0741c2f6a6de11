/** Builders of backend frames for the wire codec tests (independent of the code under test). */

export function frame(type: string, body: Buffer): Buffer {
  const b = Buffer.alloc(5 + body.length);
  b.write(type, 0, 'latin1');
  b.writeInt32BE(4 + body.length, 1);
  body.copy(b, 5);
  return b;
}

const int16 = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const int32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

export function dataRow(cells: readonly (string | Buffer | null)[]): Buffer {
  const parts: Buffer[] = [int16(cells.length)];
  for (const c of cells) {
    if (c === null) parts.push(int32(-1));
    else {
      const b = typeof c === 'string' ? Buffer.from(c, 'utf8') : c;
      parts.push(int32(b.length), b);
    }
  }
  return frame('D', Buffer.concat(parts));
}

/** The cells of a DataRow (null for NULL), read independently of mapDataRow. */
export function cellsOf(row: Buffer): (string | null)[] {
  const n = row.readInt16BE(5);
  const out: (string | null)[] = [];
  let pos = 7;
  for (let i = 0; i < n; i++) {
    const len = row.readInt32BE(pos);
    pos += 4;
    if (len < 0) out.push(null);
    else {
      out.push(row.toString('utf8', pos, pos + len));
      pos += len;
    }
  }
  if (pos !== row.length) throw new Error('bad row');
  if (row.readInt32BE(1) !== row.length - 1) throw new Error('bad length');
  return out;
}

export interface FieldSpec {
  name: string;
  tableOid?: number;
  attnum?: number;
  typeOid: number;
  typeSize?: number;
  typmod?: number;
  format?: number;
}

export function rowDescription(fields: readonly FieldSpec[]): Buffer {
  const parts: Buffer[] = [int16(fields.length)];
  for (const f of fields) {
    const fixed = Buffer.alloc(18);
    fixed.writeUInt32BE(f.tableOid ?? 0, 0);
    fixed.writeInt16BE(f.attnum ?? 0, 4);
    fixed.writeUInt32BE(f.typeOid, 6);
    fixed.writeInt16BE(f.typeSize ?? -1, 10);
    fixed.writeInt32BE(f.typmod ?? -1, 12);
    fixed.writeInt16BE(f.format ?? 0, 16);
    parts.push(Buffer.from(`${f.name}\0`, 'utf8'), fixed);
  }
  return frame('T', Buffer.concat(parts));
}

export const copyData = (bytes: Buffer | string) =>
  frame('d', typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes);

/** Splits `stream` into CopyData frames at the given cut points. */
export function splitCopy(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const points = [0, ...cuts.filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b), stream.length];
  const out: Buffer[] = [];
  for (let i = 0; i + 1 < points.length; i++) out.push(copyData(stream.subarray(points[i], points[i + 1])));
  return out;
}

/** Deterministic pseudo-random numbers for fuzz-style tests. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

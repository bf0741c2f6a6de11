import { describe, expect, it } from 'vitest';
import {
  type CellTransform,
  createCopyMasker,
  MalformedMessageError,
} from '../../../../../proxy/masking/wire/index.js';
import { splitCopy } from './frames.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

function header(flags = 0, extension = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(flags, 0);
  b.writeInt32BE(extension.length, 4);
  return Buffer.concat([SIGNATURE, b, extension]);
}
function tuple(cells: readonly (Buffer | string | null)[]): Buffer {
  const parts = [Buffer.from([cells.length >> 8, cells.length & 0xff])];
  for (const c of cells) {
    const len = Buffer.alloc(4);
    if (c === null) len.writeInt32BE(-1);
    else len.writeInt32BE(Buffer.byteLength(c));
    parts.push(len);
    if (c !== null) parts.push(Buffer.from(c));
  }
  return Buffer.concat(parts);
}
const TRAILER = Buffer.from([0xff, 0xff]);

function run(stream: Buffer, columns: (CellTransform | undefined)[], cuts: number[] = []) {
  const m = createCopyMasker({ format: 'binary', columns });
  const out = splitCopy(stream, cuts).map((f) => m.copyData(f));
  m.end();
  return Buffer.concat(out.map((f) => f.subarray(5)));
}

const star: CellTransform = (c) => Buffer.alloc(c.length + 1, 0x2a);

describe('COPY binary format', () => {
  const stream = Buffer.concat([
    header(0, Buffer.from('ext')),
    tuple([Buffer.from([0, 0, 0, 1]), 'ann', null]),
    tuple([Buffer.from([0, 0, 0, 2]), '', 'x']),
    TRAILER,
  ]);
  const expected = Buffer.concat([
    header(0, Buffer.from('ext')),
    tuple([Buffer.from([0, 0, 0, 1]), '****', null]),
    tuple([Buffer.from([0, 0, 0, 2]), '*', '**']),
    TRAILER,
  ]);

  it('masks the fields of each tuple, keeps header, NULLs and trailer', () => {
    expect(run(stream, [undefined, star, star])).toEqual(expected);
  });

  it('gives the same result however the stream is split into messages', () => {
    for (let a = 1; a < stream.length; a++) {
      expect(run(stream, [undefined, star, star], [a])).toEqual(expected);
      expect(run(stream, [undefined, star, star], [a, a + 1, a + 3])).toEqual(expected);
    }
    expect(
      run(
        stream,
        [undefined, star, star],
        Array.from({ length: stream.length }, (_, i) => i),
      ),
    ).toEqual(expected);
  });

  it('writes a null result as a NULL field', () => {
    const s = Buffer.concat([header(), tuple(['a', 'b']), TRAILER]);
    expect(run(s, [() => null, undefined])).toEqual(Buffer.concat([header(), tuple([null, 'b']), TRAILER]));
  });

  it('reads a COPY of zero rows (header and trailer only)', () => {
    const s = Buffer.concat([header(), TRAILER]);
    expect(run(s, [star])).toEqual(s);
  });

  it.each([
    [
      'a bad signature',
      Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\x01', 'latin1'), header().subarray(11), TRAILER]),
    ],
    ['the OIDs flag', Buffer.concat([header(1 << 16), tuple(['a']), TRAILER])],
    ['an unknown critical flag', Buffer.concat([header(1 << 20), tuple(['a']), TRAILER])],
    ['a tuple with a different field count', Buffer.concat([header(), tuple(['a', 'b']), TRAILER])],
    [
      'a negative field length',
      Buffer.concat([header(), Buffer.from([0, 1, 0xff, 0xff, 0xff, 0xfe]), TRAILER]),
    ],
    ['data after the trailer', Buffer.concat([header(), tuple(['a']), TRAILER, Buffer.from([0])])],
    [
      'a negative extension length',
      Buffer.concat([SIGNATURE, Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff])]),
    ],
  ])('refuses %s', (_name, bad) => {
    expect(() => run(bad, [star])).toThrow(MalformedMessageError);
  });

  it('accepts non-critical flag bits (0-15)', () => {
    const s = Buffer.concat([header(0x1), tuple(['a']), TRAILER]);
    expect(run(s, [star])).toEqual(Buffer.concat([header(0x1), tuple(['**']), TRAILER]));
  });

  it('refuses data that ends before the trailer or inside a tuple', () => {
    expect(() => run(Buffer.concat([header(), tuple(['a'])]), [star])).toThrow(MalformedMessageError);
    expect(() => run(Buffer.concat([header(), tuple(['abc']).subarray(0, 7)]), [star])).toThrow(
      MalformedMessageError,
    );
  });
});

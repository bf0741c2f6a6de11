import { describe, expect, it } from 'vitest';
import {
  type CellTransform,
  createCopyMasker,
  MalformedMessageError,
  UnsupportedCopyError,
} from '../../../../../proxy/masking/wire/index.js';
import { copyData, splitCopy } from './frames.js';

const body = (f: Buffer) => f.subarray(5).toString('utf8');
const tag: CellTransform = (cell, i) => Buffer.from(`<${i}:${cell.toString('utf8')}>`);

function run(
  stream: string | Buffer,
  columns: (CellTransform | undefined)[],
  text = {},
  cuts: number[] = [],
) {
  const m = createCopyMasker({ format: 'text', text, columns });
  const input = typeof stream === 'string' ? Buffer.from(stream, 'utf8') : stream;
  const out = splitCopy(input, cuts).map((f) => m.copyData(f));
  m.end();
  return Buffer.concat(out.map((f) => f.subarray(5))).toString('utf8');
}

describe('COPY text format', () => {
  it('decodes each escape before the transform sees the value', () => {
    const seen: string[] = [];
    const keep: CellTransform = (c) => {
      seen.push(c.toString('latin1'));
      return Buffer.from('v');
    };
    run('a\\tb\\nc\\rd\\\\e\\bf\\fg\\vh\t\\101\\x41\\x4a\\7\\0\\1234\\xg\\q\\\t\n', [keep, keep]);
    expect(seen).toEqual(['a\tb\nc\rd\\e\bf\fg\vh', 'AAJ\x07\x00S4xgq\t']);
  });

  it('encodes the masked value as PostgreSQL does', () => {
    const out = run('1\tx\n', [undefined, () => Buffer.from('a\tb\nc\rd\\e\bf\fg\vh\x01i')]);
    expect(out).toBe('1\ta\\tb\\nc\\rd\\\\e\\bf\\fg\\vh\x01i\n');
  });

  it('keeps NULL as NULL, never passes it, and writes null results as the null string', () => {
    expect(run('\\N\tx\t\\N\n', [tag, () => null, tag])).toBe('\\N\t\\N\t\\N\n');
    // A value spelled \N is not NULL: it is escaped.
    expect(run('\\\\N\n', [tag])).toBe('<0:\\\\N>\n');
  });

  it('uses the chosen delimiter and null string', () => {
    const opts = { delimiter: '|', null: 'NULL' };
    expect(run('a|NULL|c\\|d\n', [tag, tag, tag], opts)).toBe('<0:a>|NULL|<2:c\\|d>\n');
    // A masked value spelled like the null string gets one byte escaped, so it is not read as NULL.
    expect(run('a|b|c\n', [() => Buffer.from('NULL'), undefined, undefined], opts)).toBe('\\NULL|b|c\n');
    expect(run('a|b|c\n', [() => Buffer.from('x|y'), undefined, undefined], opts)).toBe('x\\|y|b|c\n');
  });

  it('passes the header line through (HEADER is allowed in text format since PostgreSQL 15)', () => {
    expect(run('id\tssn\n1\tx\n', [undefined, tag], { header: true })).toBe('id\tssn\n1\t<1:x>\n');
  });

  it('handles empty values, several rows per message, and UTF-8', () => {
    expect(run('\t\n\tb\nü\t€\n', [tag, tag])).toBe('<0:>\t<1:>\n<0:>\t<1:b>\n<0:ü>\t<1:€>\n');
  });

  it('gives the same result however the stream is split into messages', () => {
    const stream = Buffer.from('1\ta\\tb\t\\N\n22\t\\\\x\tü€\n333\t\t\\x41\n', 'utf8');
    const cols = [undefined, tag, tag];
    const whole = run(stream, cols);
    for (let a = 1; a < stream.length; a++) {
      expect(run(stream, cols, {}, [a])).toBe(whole);
      expect(run(stream, cols, {}, [a, a + 1, a + 5])).toBe(whole);
    }
    const oneByteEach = run(
      stream,
      cols,
      {},
      Array.from({ length: stream.length }, (_, i) => i),
    );
    expect(oneByteEach).toBe(whole);
  });

  it('returns the same frame when nothing in it changes, an empty CopyData for a partial row', () => {
    const m = createCopyMasker({ format: 'text', columns: [undefined, tag] });
    const nullRow = copyData('1\t\\N\n');
    expect(m.copyData(nullRow)).toBe(nullRow);
    const part = m.copyData(copyData('2\tab'));
    expect(part.equals(Buffer.from([0x64, 0, 0, 0, 4]))).toBe(true);
    expect(body(m.copyData(copyData('c\n3\t')))).toBe('2\t<1:abc>\n');
    expect(() => m.end()).toThrow(MalformedMessageError);
  });

  it('refuses every later message once one failed (its row state is unknown)', () => {
    let fail = true;
    const m = createCopyMasker({
      format: 'text',
      columns: [
        (c) => {
          if (fail) throw new Error('MASKING_FAILED');
          return c;
        },
      ],
    });
    expect(() => m.copyData(copyData('a\n'))).toThrow('MASKING_FAILED');
    fail = false;
    expect(() => m.copyData(copyData('b\n'))).toThrow(MalformedMessageError);
    expect(() => m.end()).toThrow(MalformedMessageError);
  });

  it('does not parse at all when no column is masked', () => {
    const m = createCopyMasker({ format: 'text', columns: [undefined, undefined] });
    const f = copyData('not\ta\tvalid\\');
    expect(m.copyData(f)).toBe(f);
  });

  it("does not keep a reference to the caller's buffer across messages", () => {
    const m = createCopyMasker({ format: 'text', columns: [tag] });
    const first = copyData('abc');
    m.copyData(first);
    first.fill(0x7a, 5); // the relay reuses its read buffer
    expect(body(m.copyData(copyData('d\n')))).toBe('<0:abcd>\n');
  });

  it.each([
    ['too few fields', 'a\n'],
    ['too many fields', 'a\tb\tc\n'],
    ['a lone backslash at the end of a row', 'a\tb\\\n'],
    ['a raw carriage return', 'a\tb\rc\n'],
  ])('refuses malformed rows: %s', (_name, stream) => {
    expect(() => run(stream, [undefined, tag])).toThrow(MalformedMessageError);
  });

  it('refuses a frame that is not a CopyData and a row larger than the limit', () => {
    const wrongType = createCopyMasker({ format: 'text', columns: [tag] });
    expect(() => wrongType.copyData(Buffer.from([0x63, 0, 0, 0, 4]))).toThrow(MalformedMessageError);
    const m = createCopyMasker({ format: 'text', columns: [tag], maxRowBytes: 8 });
    m.copyData(copyData('12345'));
    expect(() => m.copyData(copyData('6789'))).toThrow(MalformedMessageError);
  });

  it('refuses options PostgreSQL refuses', () => {
    for (const text of [
      { delimiter: '\\' },
      { delimiter: 'ab' },
      { delimiter: 'a' },
      { delimiter: '\n' },
      { null: 'a\tb' },
    ]) {
      expect(() => createCopyMasker({ format: 'text', text, columns: [tag] })).toThrow(UnsupportedCopyError);
    }
  });

  it('refuses a masked value that cannot be told apart from a NULL string made of escape letters', () => {
    expect(() => run('a\n', [() => Buffer.from('bfn')], { null: 'bfn' })).toThrow(UnsupportedCopyError);
  });
});

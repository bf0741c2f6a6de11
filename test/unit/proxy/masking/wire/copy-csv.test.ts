import { describe, expect, it } from 'vitest';
import {
  type CellTransform,
  createCopyMasker,
  MalformedMessageError,
  UnsupportedCopyError,
} from '../../../../../proxy/masking/wire/index.js';
import { splitCopy } from './frames.js';

const tag: CellTransform = (cell, i) => Buffer.from(`<${i}:${cell.toString('utf8')}>`);
const to =
  (s: string): CellTransform =>
  () =>
    Buffer.from(s);

function run(stream: string | Buffer, columns: (CellTransform | undefined)[], csv = {}, cuts: number[] = []) {
  const m = createCopyMasker({ format: 'csv', csv, columns });
  const input = typeof stream === 'string' ? Buffer.from(stream, 'utf8') : stream;
  const out = splitCopy(input, cuts).map((f) => m.copyData(f));
  m.end();
  return Buffer.concat(out.map((f) => f.subarray(5))).toString('utf8');
}

describe('COPY CSV format', () => {
  it('reads quoted fields with doubled quotes, delimiters and newlines inside', () => {
    const seen: string[] = [];
    const keep: CellTransform = (c) => {
      seen.push(c.toString());
      return Buffer.from('v');
    };
    run('"a ""q"", b","line1\nline2",plain,""\n', [keep, keep, keep, keep]);
    expect(seen).toEqual(['a "q", b', 'line1\nline2', 'plain', '']);
  });

  it('tells NULL (unquoted null string) from the empty string (quoted) and never passes NULL', () => {
    const seen: string[] = [];
    const keep: CellTransform = (c, i) => {
      seen.push(`${i}=${c.toString()}`);
      return c;
    };
    expect(run(',"",x\n', [keep, keep, keep])).toBe(',"",x\n');
    expect(seen).toEqual(['1=', '2=x']);
    // With NULL 'NULL', an unquoted empty field is an empty string and a quoted "NULL" is text.
    seen.length = 0;
    expect(run('NULL,,"NULL"\n', [keep, keep, keep], { null: 'NULL' })).toBe('NULL,,"NULL"\n');
    expect(seen).toEqual(['1=', '2=NULL']);
  });

  it('quotes a masked value exactly when PostgreSQL would', () => {
    expect(run('a,b\n', [to('plain'), to('')])).toBe('plain,""\n');
    expect(run('a,b\n', [to('x,y'), to('say "hi"')])).toBe('"x,y","say ""hi"""\n');
    expect(run('a,b\n', [to('l1\nl2'), to('cr\r')])).toBe('"l1\nl2","cr\r"\n');
    expect(run('a,b\n', [() => null, to('NULL')], { null: 'NULL' })).toBe('NULL,"NULL"\n');
    // \. alone on a line is quoted for single-column COPY (it would read as end of data).
    expect(run('a\n', [to('\\.')])).toBe('"\\."\n');
    expect(run('a,b\n', [to('\\.'), undefined])).toBe('\\.,b\n');
  });

  it('keeps a masked field quoted when its original was quoted (FORCE_QUOTE)', () => {
    expect(run('"a","b"\n', [to('x'), undefined])).toBe('"x","b"\n');
  });

  it('uses a chosen quote, escape and delimiter', () => {
    const csv = { delimiter: ';', quote: "'", escape: '\\' };
    const seen: string[] = [];
    const keep: CellTransform = (c) => {
      seen.push(c.toString());
      return Buffer.from(`it's \\ ok;`);
    };
    expect(run("'a\\'b\\\\c;d';x\n", [keep, undefined], csv)).toBe("'it\\'s \\\\ ok;';x\n");
    expect(seen).toEqual(["a'b\\c;d"]);
  });

  it('passes the header line through, even one with a quoted newline', () => {
    expect(run('id,"we\nird"\n1,x\n', [undefined, tag], { header: true })).toBe('id,"we\nird"\n1,<1:x>\n');
  });

  it('gives the same result however the stream is split into messages', () => {
    const stream = Buffer.from('1,"a ""b""\nc",\n2,"",x\n3,"ü,€",\n', 'utf8');
    const cols = [undefined, tag, tag];
    const whole = run(stream, cols);
    expect(whole).toBe('1,"<1:a ""b""\nc>",\n2,"<1:>",<2:x>\n3,"<1:ü,€>",\n');
    for (let a = 1; a < stream.length; a++) {
      expect(run(stream, cols, {}, [a])).toBe(whole);
      expect(run(stream, cols, {}, [a, a + 1, a + 2])).toBe(whole);
    }
    expect(
      run(
        stream,
        cols,
        {},
        Array.from({ length: stream.length }, (_, i) => i),
      ),
    ).toBe(whole);
  });

  it('keeps the quote state across messages with a separate escape character', () => {
    const stream = Buffer.from('"a\\"\n,b",c\n', 'utf8');
    const csv = { escape: '\\' };
    const whole = run(stream, [tag, undefined], csv);
    expect(whole).toBe('"<0:a\\"\n,b>",c\n');
    for (let a = 1; a < stream.length; a++) expect(run(stream, [tag, undefined], csv, [a])).toBe(whole);
  });

  it.each([
    ['too few fields', 'a\n'],
    ['too many fields', 'a,b,c\n'],
    ['a quote inside an unquoted field', 'a,b"c\n'],
    ['text after a closing quote', '"a"b,c\n'],
    ['a raw carriage return', 'a,b\rc\n'],
  ])('refuses malformed rows: %s', (_name, stream) => {
    expect(() => run(stream, [undefined, tag])).toThrow(MalformedMessageError);
  });

  it('refuses data that ends inside a quoted field', () => {
    const m = createCopyMasker({ format: 'csv', columns: [tag] });
    m.copyData(splitCopy(Buffer.from('"abc\n'), [])[0]!);
    expect(() => m.end()).toThrow(MalformedMessageError);
  });

  it('takes options set to undefined as not given', () => {
    const m = createCopyMasker({
      format: 'csv',
      csv: { quote: "'", escape: undefined, null: undefined },
      columns: [tag],
    });
    const out = m.copyData(splitCopy(Buffer.from("'a''b'\n\n"), [])[0]!);
    expect(out.subarray(5).toString()).toBe("'<0:a''b>'\n\n");
  });

  it('refuses options PostgreSQL refuses', () => {
    for (const csv of [{ quote: ',' }, { quote: '""' }, { escape: '' }, { null: 'a,b' }, { null: '"' }]) {
      expect(() => createCopyMasker({ format: 'csv', csv, columns: [tag] })).toThrow(UnsupportedCopyError);
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertCopyFormat,
  copyOptionsFromStatement,
  MalformedMessageError,
  parseCopyOutResponse,
  UnsupportedCopyError,
} from '../../../../../proxy/masking/wire/index.js';
import { loadSqlParser, parseSql } from '../../../../../proxy/sql/parser.js';
import { frame } from './frames.js';

beforeAll(async () => {
  await loadSqlParser();
});

const optionsOf = (sql: string) => copyOptionsFromStatement(parseSql(sql).stmts?.[0]?.stmt);

describe('copyOptionsFromStatement', () => {
  it('gives PostgreSQL defaults for text, CSV and binary', () => {
    expect(optionsOf('copy t to stdout')).toEqual({
      format: 'text',
      text: { delimiter: '\t', null: '\\N', header: false },
    });
    expect(optionsOf('copy t to stdout with (format csv)')).toEqual({
      format: 'csv',
      csv: { delimiter: ',', quote: '"', escape: '"', null: '', header: false },
    });
    expect(optionsOf('copy (select 1) to stdout with (format binary)')).toEqual({ format: 'binary' });
    expect(optionsOf('copy t to stdout binary')).toEqual({ format: 'binary' });
  });

  it('reads every option in the new and the legacy syntax', () => {
    expect(
      optionsOf(
        `copy t (a, b) to stdout with (format csv, delimiter ';', null 'NULL', quote '''', escape '\\', header true, encoding 'utf-8', force_quote (a))`,
      ),
    ).toEqual({
      format: 'csv',
      csv: { delimiter: ';', quote: "'", escape: '\\', null: 'NULL', header: true },
    });
    expect(
      optionsOf(`copy t to stdout csv header delimiter as '|' null as 'x' quote as '"' force quote *`),
    ).toEqual({
      format: 'csv',
      csv: { delimiter: '|', quote: '"', escape: '"', null: 'x', header: true },
    });
    expect(optionsOf(`copy t to stdout with delimiter '|' null ''`)).toEqual({
      format: 'text',
      text: { delimiter: '|', null: '', header: false },
    });
    // The escape defaults to the chosen quote.
    expect(optionsOf(`copy t to stdout (format csv, quote '!')`).csv?.escape).toBe('!');
    expect(
      optionsOf(`copy t to stdout (format text, delimiter E'\\x01', encoding 'UNICODE')`).text?.delimiter,
    ).toBe('\x01');
  });

  it.each([
    ['header', true],
    ['header true', true],
    ['header on', true],
    ['header 1', true],
    ['header false', false],
    ['header off', false],
    ['header 0', false],
    ["header 'TRUE'", true],
  ])('reads %s', (option, expected) => {
    expect(optionsOf(`copy t to stdout (format csv, ${option})`).csv?.header).toBe(expected);
    expect(optionsOf(`copy t to stdout (${option})`).text?.header).toBe(expected);
  });

  it.each([
    ["encoding 'LATIN1'", `copy t to stdout with (encoding 'LATIN1')`],
    ["encoding 'SQL_ASCII'", `copy t to stdout with (format csv, encoding 'sql_ascii')`],
    ['COPY FROM', `copy t from stdin`],
    ['an unknown option', `copy t to stdout with (oids true)`],
    ['a repeated option', `copy t to stdout with (delimiter ',', delimiter ';')`],
    ['an unknown format', `copy t to stdout with (format 'CSV')`],
    ['header match (COPY FROM only)', `copy t to stdout with (format csv, header match)`],
    ['header 2', `copy t to stdout with (header 2)`],
    ['quote outside CSV', `copy t to stdout with (quote '"')`],
    ['a delimiter in binary', `copy t to stdout with (format binary, delimiter ',')`],
    ['a header in binary', `copy t to stdout with (format binary, header)`],
    ['a two-character delimiter', `copy t to stdout with (delimiter '||')`],
    ['a letter as text delimiter', `copy t to stdout with (delimiter 'a')`],
    ['the delimiter in the null string', `copy t to stdout with (format csv, null 'a,b')`],
  ])('refuses %s', (_name, sql) => {
    expect(() => optionsOf(sql)).toThrow(UnsupportedCopyError);
  });

  it('accepts the statement as a wrapped node, its body or a RawStmt, and refuses other statements', () => {
    const raw = parseSql('copy t to stdout csv').stmts![0]!;
    const wrapped = raw.stmt as { CopyStmt: unknown };
    expect(copyOptionsFromStatement(wrapped.CopyStmt).format).toBe('csv');
    expect(copyOptionsFromStatement({ RawStmt: raw }).format).toBe('csv');
    expect(() => copyOptionsFromStatement(parseSql('select 1').stmts?.[0]?.stmt)).toThrow(
      UnsupportedCopyError,
    );
  });
});

describe('parseCopyOutResponse', () => {
  const response = (overall: number, formats: number[]) => {
    const b = Buffer.alloc(3 + 2 * formats.length);
    b[0] = overall;
    b.writeInt16BE(formats.length, 1);
    formats.forEach((f, i) => {
      b.writeInt16BE(f, 3 + 2 * i);
    });
    return frame('H', b);
  };

  it('reads the format and per-column formats', () => {
    expect(parseCopyOutResponse(response(0, [0, 0, 0]))).toEqual({
      format: 'text',
      columnFormats: [0, 0, 0],
    });
    expect(parseCopyOutResponse(response(1, [1]))).toEqual({ format: 'binary', columnFormats: [1] });
    expect(parseCopyOutResponse(response(0, []))).toEqual({ format: 'text', columnFormats: [] });
  });

  it('refuses malformed responses', () => {
    expect(() => parseCopyOutResponse(response(2, [0]))).toThrow(MalformedMessageError);
    expect(() => parseCopyOutResponse(response(0, [1]))).toThrow(MalformedMessageError);
    expect(() => parseCopyOutResponse(response(0, [0]).subarray(0, 9))).toThrow(MalformedMessageError);
    expect(() => parseCopyOutResponse(frame('H', Buffer.from([0, 0, 2, 0, 0])))).toThrow(
      MalformedMessageError,
    );
  });

  it('checks the statement format against the announced one', () => {
    const text = parseCopyOutResponse(response(0, [0]));
    const binary = parseCopyOutResponse(response(1, [1]));
    expect(() => assertCopyFormat(text, 'csv')).not.toThrow();
    expect(() => assertCopyFormat(text, 'text')).not.toThrow();
    expect(() => assertCopyFormat(binary, 'binary')).not.toThrow();
    expect(() => assertCopyFormat(text, 'binary')).toThrow(UnsupportedCopyError);
    expect(() => assertCopyFormat(binary, 'csv')).toThrow(UnsupportedCopyError);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CanonicalEncodingError, canonicalJson } from '../../../../core/audit/canonical.js';
import { recomputeHash, sealRecord } from '../../../../core/audit/seal.js';
import { AUDIT_SCHEMA, GENESIS_HASH } from '../../../../core/audit/version.js';

describe('canonical encoding', () => {
  it('sorts keys by UTF-16 code units at every depth, no whitespace, omits undefined', () => {
    const v = { b: 1, a: { z: [3, { y: true, x: null }], é: 'é', B: 'upper', _: undefined } };
    expect(canonicalJson(v)).toBe('{"a":{"B":"upper","z":[3,{"x":null,"y":true}],"é":"é"},"b":1}');
  });

  it('escapes strings exactly as JSON.stringify (RFC 8785 string rules)', () => {
    const s = 'quote " backslash \\ newline \n tab \t nul \u0000 line-sep \u2028 emoji 😀';
    expect(canonicalJson({ s })).toBe(`{"s":${JSON.stringify(s)}}`);
    expect(JSON.parse(canonicalJson({ s })).s).toBe(s);
  });

  it('writes integers in decimal and refuses anything that has two spellings', () => {
    expect(canonicalJson([0, -0, 1, -17, Number.MAX_SAFE_INTEGER])).toBe('[0,0,1,-17,9007199254740991]');
    for (const bad of [
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 53,
      10n,
      new Date(0),
      Buffer.from('x'),
      () => 1,
    ]) {
      expect(() => canonicalJson({ v: bad }), String(bad)).toThrow(CanonicalEncodingError);
    }
  });

  it('names the path of a value it refuses', () => {
    expect(() => canonicalJson({ data: { rows: [1, 0.5] } })).toThrow(/data\.rows\[1\]/);
  });
});

describe('sealing a record', () => {
  const envelope = {
    schema: AUDIT_SCHEMA,
    type: 'log.close',
    at: '2026-01-01T00:00:00.000Z',
    lseq: 7,
    lprev: GENESIS_HASH,
    chain: 'log',
    seq: 3,
    prev: GENESIS_HASH,
    data: { records: 4 },
  };

  it('hashes the canonical encoding without `hash`, and stores a canonical line with `hash` in its sorted place', () => {
    const { hash, line } = sealRecord(envelope);
    const expected = createHash('sha256').update(canonicalJson(envelope)).digest('hex');
    expect(hash).toBe(expected);
    expect(line.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(line);
    expect(canonicalJson(parsed)).toBe(line.slice(0, -1));
    expect(Object.keys(parsed)).toEqual([
      'at',
      'chain',
      'data',
      'hash',
      'lprev',
      'lseq',
      'prev',
      'schema',
      'seq',
      'type',
    ]);
    expect(recomputeHash(parsed)).toBe(hash);
  });

  it('any change of content changes the hash', () => {
    const { hash } = sealRecord(envelope);
    expect(sealRecord({ ...envelope, data: { records: 5 } }).hash).not.toBe(hash);
    expect(sealRecord({ ...envelope, lseq: 8 }).hash).not.toBe(hash);
    expect(sealRecord({ ...envelope, prev: '1'.repeat(64) }).hash).not.toBe(hash);
  });
});

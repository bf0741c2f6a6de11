import { describe, expect, it } from 'vitest';
import {
  MalformedMessageError,
  maskErrorFields,
  parseServerMessage,
  serializeServerMessage,
} from '../../../../../proxy/masking/wire/index.js';
import { frame } from './frames.js';

const fieldsFrame = (type: 'E' | 'N', fields: [string, string][]) =>
  frame(
    type,
    Buffer.concat([...fields.map(([c, v]) => Buffer.from(`${c}${v}\0`, 'utf8')), Buffer.from([0])]),
  );

const FIELDS: [string, string][] = [
  ['S', 'ERROR'],
  ['V', 'ERROR'],
  ['C', '23505'],
  ['M', 'duplicate key value violates unique constraint "p_ssn_key"'],
  ['D', 'Key (ssn)=(123-45-6789) already exists.'],
  ['s', 'public'],
  ['t', 'p'],
  ['n', 'p_ssn_key'],
  ['F', 'nbtinsert.c'],
  ['L', '666'],
  ['R', '_bt_check_unique'],
];

describe('ErrorResponse / NoticeResponse fields', () => {
  it('parses and serializes back to the same bytes', () => {
    for (const type of ['E', 'N'] as const) {
      const f = fieldsFrame(type, FIELDS);
      const parsed = parseServerMessage(f);
      expect(parsed).toEqual({ type, fields: FIELDS });
      expect(serializeServerMessage(parsed)).toEqual(f);
    }
  });

  it('passes value-bearing fields to the mask with all fields, never structural ones', () => {
    const seen: string[] = [];
    const out = maskErrorFields(fieldsFrame('E', FIELDS), (value, field, all) => {
      seen.push(field);
      expect(all.get('C')).toBe('23505');
      return field === 'D' ? 'Key (ssn)=([SSN]) already exists.' : value;
    });
    expect(seen).toEqual(['M', 'D', 's', 't', 'n']);
    expect(parseServerMessage(out).fields[4]).toEqual(['D', 'Key (ssn)=([SSN]) already exists.']);
    expect(parseServerMessage(out).fields.length).toBe(FIELDS.length);
  });

  it('returns the same frame when nothing changes, and passes unknown fields to the mask', () => {
    const f = fieldsFrame('N', [
      ['S', 'NOTICE'],
      ['Z', 'future field 123-45-6789'],
    ]);
    expect(maskErrorFields(f, (v) => v)).toBe(f);
    const out = maskErrorFields(f, (v, field) => (field === 'Z' ? 'x' : v));
    expect(parseServerMessage(out).fields).toEqual([
      ['S', 'NOTICE'],
      ['Z', 'x'],
    ]);
  });

  it('drops NUL characters a mask might return (the values are C strings)', () => {
    const out = maskErrorFields(fieldsFrame('E', [['M', 'a']]), () => 'b\0c');
    expect(parseServerMessage(out).fields).toEqual([['M', 'bc']]);
  });

  it.each([
    ['no terminator', frame('E', Buffer.from('Mabc\0'))],
    ['unterminated value', frame('E', Buffer.from('Mabc'))],
    ['trailing bytes', frame('E', Buffer.from('Mabc\0\0x'))],
    ['wrong type', frame('D', Buffer.from('Mabc\0\0'))],
    ['wrong length', Buffer.from('E\0\0\0\x09Ma\0\0', 'latin1')],
    ['too short', Buffer.from('E\0\0\0\x04', 'latin1')],
  ])('refuses a malformed message: %s', (_name, bad) => {
    expect(() => parseServerMessage(bad)).toThrow(MalformedMessageError);
    expect(() => maskErrorFields(bad, (v) => v)).toThrow(MalformedMessageError);
  });
});

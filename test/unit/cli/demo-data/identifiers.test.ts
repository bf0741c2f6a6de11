import { describe, expect, it } from 'vitest';
import { deaNumber, isValidDea } from '../../../../cli/demo-data/identifiers/dea.js';
import { isLuhnValid, luhnCheckDigit } from '../../../../cli/demo-data/identifiers/luhn.js';
import { isValidNpi, npiFromBase } from '../../../../cli/demo-data/identifiers/npi.js';
import { formatPhone, isValidNanp, phoneNumber } from '../../../../cli/demo-data/identifiers/phone.js';
import { creditCardNumber } from '../../../../cli/demo-data/identifiers/record-numbers.js';
import { formatSsn, isValidSsn, SSN_SPACE, ssnFromIndex } from '../../../../cli/demo-data/identifiers/ssn.js';
import { Prng } from '../../../../cli/demo-data/random/prng.js';

/** An independent Luhn check written the textbook way (sum of digits, every second from the right doubled). */
function luhnOk(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}

describe('Luhn and NPI', () => {
  it('computes the CMS example: base 123456789 has check digit 3 (with the 80840 prefix)', () => {
    expect(npiFromBase('123456789')).toBe('1234567893');
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('3234567893')).toBe(false);
  });

  it('agrees with an independent Luhn implementation over the 80840-prefixed number', () => {
    const r = new Prng(1);
    for (let i = 0; i < 2000; i++) {
      const npi = npiFromBase(`${r.int(1, 2)}${r.digits(8)}`);
      expect(luhnOk(`80840${npi}`)).toBe(true);
      // Any single-digit change breaks it.
      const pos = r.int(0, 9);
      const changed = npi.slice(0, pos) + String((Number(npi[pos]) + r.int(1, 9)) % 10) + npi.slice(pos + 1);
      expect(luhnOk(`80840${changed}`)).toBe(false);
    }
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(isLuhnValid('79927398713')).toBe(true);
    expect(() => npiFromBase('023456789')).toThrow(RangeError);
  });

  it('makes Luhn-valid card numbers', () => {
    const r = new Prng(4);
    for (let i = 0; i < 500; i++) {
      const n = creditCardNumber(r);
      expect(n).toMatch(/^(4\d{15}|5[1-5]\d{14})$/);
      expect(luhnOk(n)).toBe(true);
    }
  });
});

describe('SSN', () => {
  it('maps every index to a number SSA could issue, and distinct indexes to distinct numbers', () => {
    const r = new Prng(2);
    const indexes = [0, 1, SSN_SPACE - 1, ...Array.from({ length: 20_000 }, () => r.int(0, SSN_SPACE - 1))];
    const seen = new Map<string, number>();
    const bad: string[] = [];
    for (const i of indexes) {
      const ssn = formatSsn(ssnFromIndex(i));
      const [area, group, serial] = ssn.split('-') as [string, string, string];
      const ok =
        /^\d{3}-\d{2}-\d{4}$/.test(ssn) &&
        area !== '000' &&
        area !== '666' &&
        Number(area) < 900 &&
        group !== '00' &&
        serial !== '0000' &&
        (seen.get(ssn) ?? i) === i;
      if (!ok) bad.push(`${i}:${ssn}`);
      seen.set(ssn, i);
    }
    expect(bad).toEqual([]);
    expect(formatSsn(ssnFromIndex(0))).toBe('001-01-0001');
    expect(formatSsn(ssnFromIndex(SSN_SPACE - 1))).toBe('899-99-9999');
    // Area 665 is followed by 667.
    expect(formatSsn(ssnFromIndex(665 * 99 * 9999))).toBe('667-01-0001');
    expect(() => ssnFromIndex(SSN_SPACE)).toThrow(RangeError);
  });

  it('validates like Presidio', () => {
    for (const bad of [
      '000-12-3456',
      '666-12-3456',
      '912-12-3456',
      '123-00-4567',
      '123-45-0000',
      '12-345-6789',
    ]) {
      expect(isValidSsn(bad)).toBe(false);
    }
    expect(isValidSsn('123-45-6789')).toBe(true);
    expect(isValidSsn('123456789')).toBe(true);
  });
});

describe('DEA and phone', () => {
  it('makes DEA numbers with a valid check digit and the registrant initial', () => {
    const r = new Prng(8);
    for (let i = 0; i < 500; i++) {
      const dea = deaNumber(r, "O'Brien", i % 2 === 0);
      expect(isValidDea(dea)).toBe(true);
      expect(dea[1]).toBe('O');
      if (i % 2 === 0) expect(dea[0]).toBe('M');
    }
    expect(isValidDea('AB1234563')).toBe(true); // 1+3+5 + 2*(2+4+6) = 33 -> 3
    expect(isValidDea('AB1234564')).toBe(false);
  });

  it('makes NANP numbers: exchange not N11 and not 555', () => {
    const r = new Prng(6);
    for (let i = 0; i < 5000; i++) {
      const p = phoneNumber(r, 617);
      expect(isValidNanp(formatPhone(p))).toBe(true);
      expect(p.exchange).not.toBe('555');
      expect(p.exchange.endsWith('11')).toBe(false);
    }
    expect(isValidNanp('617-211-3344')).toBe(false);
    expect(isValidNanp('117-201-3344')).toBe(false);
  });
});

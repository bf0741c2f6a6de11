/**
 * Social Security numbers in the ranges SSA can issue: area 001-899 except 666, group 01-99,
 * serial 0001-9999. `ssnFromIndex` maps 0..SSN_SPACE-1 one-to-one onto that space, so a
 * permutation of indexes gives unique, valid-looking SSNs.
 */
const AREAS = 898; // 001-665 and 667-899
const GROUPS = 99;
const SERIALS = 9999;
export const SSN_SPACE = AREAS * GROUPS * SERIALS;

export interface SsnParts {
  readonly area: string;
  readonly group: string;
  readonly serial: string;
}

export function ssnFromIndex(index: number): SsnParts {
  if (!Number.isSafeInteger(index) || index < 0 || index >= SSN_SPACE) {
    throw new RangeError(`SSN index ${index} is outside [0, ${SSN_SPACE})`);
  }
  const serial = (index % SERIALS) + 1;
  const group = (Math.floor(index / SERIALS) % GROUPS) + 1;
  let area = Math.floor(index / (SERIALS * GROUPS)) + 1;
  if (area >= 666) area++;
  return {
    area: String(area).padStart(3, '0'),
    group: String(group).padStart(2, '0'),
    serial: String(serial).padStart(4, '0'),
  };
}

export const formatSsn = (p: SsnParts): string => `${p.area}-${p.group}-${p.serial}`;

/** The SSA validity rules (also Presidio's): not area 000, 666 or 9xx; not group 00; not serial 0000. */
export function isValidSsn(ssn: string): boolean {
  const m = /^(\d{3})-?(\d{2})-?(\d{4})$/.exec(ssn);
  if (!m) return false;
  const [, area, group, serial] = m as unknown as [string, string, string, string];
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

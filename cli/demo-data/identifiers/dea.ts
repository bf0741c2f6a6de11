import type { Prng } from '../random/prng.js';

/**
 * DEA registration number: a registrant-type letter, the first letter of the registrant's last
 * name, six digits and a check digit = last digit of (d1 + d3 + d5) + 2 * (d2 + d4 + d6).
 */
export function deaNumber(rng: Prng, lastName: string, midLevel: boolean): string {
  const first = midLevel ? 'M' : rng.pick(['A', 'B', 'F', 'G']);
  const initial = /^[A-Za-z]/.test(lastName) ? lastName[0]!.toUpperCase() : '9';
  const d = Array.from({ length: 6 }, () => rng.int(0, 9));
  const check = (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10;
  return `${first}${initial}${d.join('')}${check}`;
}

export function isValidDea(dea: string): boolean {
  const m = /^[A-Z][A-Z9](\d{7})$/.exec(dea);
  if (!m) return false;
  const d = (m[1] as string).split('').map(Number);
  return (d[0]! + d[2]! + d[4]! + 2 * (d[1]! + d[3]! + d[5]!)) % 10 === d[6];
}

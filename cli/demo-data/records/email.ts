import type { Prng } from '../random/prng.js';
import { WeightedTable } from '../random/weighted.js';

const DOMAINS = new WeightedTable<string>([
  ['gmail.com', 40],
  ['yahoo.com', 14],
  ['outlook.com', 8],
  ['hotmail.com', 8],
  ['icloud.com', 8],
  ['aol.com', 4],
  ['comcast.net', 3],
  ['att.net', 2],
  ['live.com', 2],
  ['me.com', 2],
  ['msn.com', 1],
  ['verizon.net', 1],
  ['protonmail.com', 1],
]);

const clean = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

/** An address derived from the person's name, the way people pick them (john.smith84@gmail.com). */
export function emailFor(rng: Prng, firstName: string, lastName: string, birthMs: number): string {
  const f = clean(firstName);
  const l = clean(lastName);
  const yy = String(new Date(birthMs).getUTCFullYear()).slice(2);
  const n = String(rng.int(1, 999));
  const local = rng.pick([
    `${f}.${l}`,
    `${f}${l}`,
    `${f[0] ?? 'x'}${l}`,
    `${f}.${l}${yy}`,
    `${f}_${l}${n}`,
    `${l}.${f}`,
    `${f}${l[0] ?? 'x'}${n}`,
    `${f[0] ?? 'x'}${l}${yy}`,
  ]);
  return `${local}@${DOMAINS.pick(rng)}`;
}

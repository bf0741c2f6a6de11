import type { Prng } from '../random/prng.js';

/**
 * A NANP number: area code NXX (real ones, from the city), exchange NXX that is not N11 and not
 * 555 (reserved), line 0000-9999. Kept as its three parts so notes can format it many ways.
 */
export interface PhoneNumber {
  readonly area: string;
  readonly exchange: string;
  readonly line: string;
}

export function phoneNumber(rng: Prng, areaCode: number): PhoneNumber {
  let exchange: number;
  do exchange = rng.int(200, 999);
  while (
    exchange % 100 === 11 ||
    exchange === 555 ||
    exchange === 950 ||
    exchange === 958 ||
    exchange === 959
  );
  return { area: String(areaCode), exchange: String(exchange), line: rng.digits(4) };
}

/** The stored column format: 617-201-3344. */
export const formatPhone = (p: PhoneNumber): string => `${p.area}-${p.exchange}-${p.line}`;

export function isValidNanp(phone: string): boolean {
  const m = /^(\d{3})-(\d{3})-(\d{4})$/.exec(phone);
  if (!m) return false;
  const area = m[1] as string;
  const exchange = m[2] as string;
  return (
    /^[2-9]\d\d$/.test(area) &&
    !area.endsWith('11') &&
    /^[2-9]\d\d$/.test(exchange) &&
    !exchange.endsWith('11')
  );
}

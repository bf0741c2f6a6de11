import { luhnCheckDigit } from './luhn.js';

/**
 * National Provider Identifier: 10 digits, the first 1 or 2, the last a Luhn check digit
 * computed over the prefix 80840 followed by the first nine digits (CMS, "NPI check digit").
 */
export function npiFromBase(base9: string): string {
  if (!/^[12]\d{8}$/.test(base9)) throw new RangeError('an NPI base is 9 digits starting with 1 or 2');
  return base9 + String(luhnCheckDigit(`80840${base9}`));
}

export const isValidNpi = (npi: string): boolean =>
  /^[12]\d{9}$/.test(npi) && npiFromBase(npi.slice(0, 9)) === npi;

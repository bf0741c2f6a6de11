/** Check-digit algorithms used to validate identifiers found in text. */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** NPI: 10 digits starting with 1 or 2, Luhn-valid when prefixed with the card issuer id 80840. */
export function npiValid(digits: string): boolean {
  return /^[12]\d{9}$/.test(digits) && luhnValid(`80840${digits}`);
}

/**
 * DEA registration number: 2 letters + 7 digits; (d1+d3+d5) + 2*(d2+d4+d6) ends in d7.
 */
export function deaValid(value: string): boolean {
  if (!/^[A-Z][A-Z9]\d{7}$/.test(value)) return false;
  const d = (i: number) => value.charCodeAt(2 + i) - 48;
  const sum = d(0) + d(2) + d(4) + 2 * (d(1) + d(3) + d(5));
  return sum % 10 === d(6);
}

/** The check digit that makes `partial + digit` Luhn-valid. */
export function luhnCheckDigit(partial: string): number {
  for (let c = 0; c <= 9; c++) if (luhnValid(`${partial}${c}`)) return c;
  throw new Error('unreachable: some digit always completes a Luhn sum');
}

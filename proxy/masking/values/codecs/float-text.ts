/**
 * float4out / float8out text (PostgreSQL 12+, extra_float_digits = 1): the shortest digits that
 * round-trip, fixed notation when the decimal exponent is in [-4, 15) for float8 or [-4, 6)
 * for float4, else `d.ddde+XX` with at least two exponent digits.
 */
export function floatText(value: number, single: boolean): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const exp = single ? shortestFloat32(value) : value.toExponential();
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(exp);
  if (!m) return String(value);
  const sign = m[1] ?? '';
  const digits = `${m[2]}${m[3] ?? ''}`;
  const e = Number(m[4]);
  const upper = single ? 6 : 15;
  if (e >= -4 && e < upper) {
    if (e < 0) return `${sign}0.${'0'.repeat(-e - 1)}${digits}`;
    if (digits.length <= e + 1) return `${sign}${digits}${'0'.repeat(e + 1 - digits.length)}`;
    return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expAbs = String(Math.abs(e)).padStart(2, '0');
  return `${sign}${mant}e${e < 0 ? '-' : '+'}${expAbs}`;
}

/** Shortest exponent form whose float32 rounding gives back `value`. */
function shortestFloat32(value: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = value.toExponential(p - 1);
    if (Math.fround(Number(s)) === value) return s;
  }
  return value.toExponential(8);
}

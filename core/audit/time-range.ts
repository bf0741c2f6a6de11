/**
 * Parses a time bound for the audit commands: an ISO 8601 date (`2026-11-28`, UTC midnight),
 * an ISO date-time (`2026-11-28T10:00:00Z`), `now`, or a duration ago (`30m`, `24h`, `7d`).
 * Returns epoch milliseconds, or an error message naming the problem.
 */
export function parseTimeBound(value: string, now: number): number | { error: string } {
  const v = value.trim();
  if (v === 'now') return now;
  const rel = /^(\d+)([mhd])$/.exec(v);
  if (rel) {
    const n = Number(rel[1]);
    const unit = rel[2] === 'm' ? 60_000 : rel[2] === 'h' ? 3_600_000 : 86_400_000;
    return now - n * unit;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T00:00:00.000Z`);
    if (Number.isFinite(t)) return t;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    const t = Date.parse(v);
    if (Number.isFinite(t)) return t;
  }
  return {
    error: `"${v}" is not a time: use an ISO date (2026-11-28), an ISO date-time with zone (2026-11-28T10:00:00Z), now, or 30m / 24h / 7d ago`,
  };
}

/** A date-only upper bound includes the whole day. */
export function parseUpperBound(value: string, now: number): number | { error: string } {
  const t = parseTimeBound(value, now);
  if (typeof t === 'number' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return t + 86_400_000 - 1;
  return t;
}

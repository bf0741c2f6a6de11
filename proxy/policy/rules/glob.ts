/** Globs for names that are not SQL identifiers (agent ids, groups, resource names, label values): `*` any run, `?` one character. */
export function compileGlob(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${source}$`, 's');
  return (value) => re.test(value);
}

export function anyGlob(patterns: readonly string[]): (value: string) => boolean {
  const tests = patterns.map(compileGlob);
  return (value) => tests.some((t) => t(value));
}

/**
 * Window grants match statements by a glob over the normalized statement text: whitespace runs
 * collapse to one space, trailing semicolons go, comparison is case-insensitive, and `*` matches
 * any run of characters. Matching is linear-time (no regular expression built from user input).
 */
export function normalizeStatement(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s;]+$/, '')
    .toLowerCase();
}

export function matchesStatementPattern(pattern: string, statement: string): boolean {
  return globMatch(normalizeStatement(pattern), normalizeStatement(statement));
}

/** Classic two-pointer wildcard match with backtracking to the last `*` (O(n·m) worst case, no recursion). */
function globMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && p[pi] !== '*' && p[pi] === s[si]) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

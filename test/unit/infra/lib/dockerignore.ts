/**
 * .dockerignore matching as Docker does it: patterns are paths relative to the context root
 * (leading and trailing slashes dropped), `*` and `?` match within one path segment, `**` any
 * number of segments, `!` re-includes, the last matching pattern wins, and a pattern that matches
 * a directory excludes everything below it.
 */

interface Rule {
  readonly negate: boolean;
  readonly regex: RegExp;
}

function toRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more directories; a trailing `**` matches anything.
      if (pattern[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // Matching a directory excludes its contents.
  return new RegExp(`^${out}(?:/.*)?$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, regex: toRegex(pattern.replace(/^\.\//, '')) };
    });
}

/** True when `path` (relative to the context root, `/`-separated) is excluded from the context. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  const p = path.replace(/^\.\//, '').replace(/\/+$/, '');
  let ignored = false;
  for (const r of rules) if (r.regex.test(p)) ignored = !r.negate;
  return ignored;
}

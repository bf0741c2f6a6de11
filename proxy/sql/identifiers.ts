/**
 * SQL identifiers in phigate's canonical text form: a name is written as PostgreSQL's
 * quote_ident would (plain when it is a lower-case identifier, else double-quoted), and a
 * qualified name joins the parts with dots. `public.patients`, `public."Patients"` and
 * `"my schema".t` are three different tables, as they are in PostgreSQL.
 */

const PLAIN = /^[a-z_][a-z0-9_$]*$/;

export function quoteIdent(name: string): string {
  return PLAIN.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export interface NamePart {
  /** The identifier (quoted parts exact, unquoted parts folded to lower case). */
  readonly name: string;
  readonly quoted: boolean;
}

/**
 * Splits `a.b` / `"A".b` / `a."b.c"` into parts. Unquoted parts fold to lower case, as SQL
 * does. Returns undefined for malformed input (unbalanced quotes, empty parts).
 */
export function parseQualifiedName(text: string): NamePart[] | undefined {
  const parts: NamePart[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let name = '';
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i];
        i++;
      }
      if (name === '') return undefined;
      parts.push({ name, quoted: true });
    } else {
      let j = i;
      while (j < text.length && text[j] !== '.' && text[j] !== '"') j++;
      const name = text.slice(i, j).trim();
      if (name === '' || /\s/.test(name)) return undefined;
      parts.push({ name: name.toLowerCase(), quoted: false });
      i = j;
    }
    if (i === text.length) return parts;
    if (text[i] !== '.') return undefined;
    i++;
    if (i === text.length) return undefined;
  }
  return parts;
}

/** Canonical form of a configured `schema.table` (unquoted parts folded); undefined if malformed. */
export function canonicalTableName(text: string): string | undefined {
  const parts = parseQualifiedName(text);
  if (parts?.length !== 2) return undefined;
  return qualifiedName(parts[0]!.name, parts[1]!.name);
}

/**
 * A pattern over canonical qualified names: each part is a name (quoted: exact) or, unquoted,
 * a glob where `*` is any run and `?` one character. Compiled to an anchored regular expression
 * over the canonical form.
 */
export function compileNamePattern(pattern: string): { parts: number; test: (canonical: string) => boolean } {
  const parts = parseQualifiedName(pattern);
  if (!parts) throw new Error('malformed name pattern');
  const source = parts
    .map((p) => {
      if (p.quoted || !/[*?]/.test(p.name)) return escapeRegExp(quoteIdent(p.name));
      return p.name
        .split('')
        .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch)))
        .join('');
    })
    .join('\\.');
  const re = new RegExp(`^${source}$`, 's');
  return { parts: parts.length, test: (canonical) => re.test(canonical) };
}

function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

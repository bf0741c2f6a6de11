/**
 * search_path values: the GUC text PostgreSQL reports (`"$user", public`) and the schema lists
 * the engine resolves names with. `$user` stays a placeholder for the upstream login name.
 */

export const DEFAULT_SEARCH_PATH: readonly string[] = Object.freeze(['$user', 'public']);

/**
 * Parses the text form of search_path as PostgreSQL's SplitIdentifierString does: comma
 * separated, double quotes keep a name exact, unquoted names fold to lower case. Returns
 * undefined when the text is malformed (the caller then treats the path as unknown).
 */
export function parseSearchPath(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  skipSpace();
  if (i === text.length) return out;
  for (;;) {
    skipSpace();
    let name = '';
    if (text[i] === '"') {
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
        name += text[i++];
      }
    } else {
      const start = i;
      while (i < text.length && text[i] !== ',' && !/\s/.test(text[i] as string)) i++;
      name = text.slice(start, i).toLowerCase();
      if (name === '' || name.includes('"')) return undefined;
    }
    out.push(name);
    skipSpace();
    if (i === text.length) return out;
    if (text[i] !== ',') return undefined;
    i++;
  }
}

/** A stable key for a path (null: unknown). */
export function searchPathKey(path: readonly string[] | null): string {
  return path === null ? '?' : JSON.stringify(path);
}

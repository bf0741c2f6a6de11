/**
 * The DETAIL lines in which PostgreSQL quotes index or partition key values
 * (BuildIndexValueDescription: column list from pg_get_indexdef_columns, values from the output
 * functions joined by ", ", NULL as `null`, nothing escaped):
 *   Key (cols)=(vals) already exists.                             unique violation (23505)
 *   Key (cols)=(vals) is duplicated.                              CREATE UNIQUE INDEX (23505)
 *   Key (cols)=(vals) is not present in table "t".                foreign key, insert (23503)
 *   Key (cols)=(vals) is still referenced from table "t".         foreign key, delete (23503)
 *   Key (cols)=(vals) conflicts with existing key (cols)=(vals).  exclusion constraint (23P01)
 *   Key (cols)=(vals) conflicts with key (cols)=(vals).           adding an exclusion constraint
 *   Partition key of the failing row contains (cols) = (vals).   no partition for the row (23514)
 * Values are not escaped, so a value containing ", " makes the split ambiguous: then every value
 * of the list is masked.
 */

export interface KeyColumnsPolicy {
  /** True when the values of this key column (as printed: a name or an expression) are PHI. */
  isPhi(column: string): boolean;
  /** Replacement for one masked value. */
  token(column: string): string;
  /** Masking of values that are not PHI by column (free-text detectors). */
  freeText(text: string): string;
}

/** Splits `text` from `start` (just after an opening parenthesis) into top-level comma-separated entries. */
function columnList(text: string, start: number): { columns: string[]; end: number } | undefined {
  const columns: string[] = [];
  let depth = 0;
  let entryStart = start;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close; // a doubled quote inside re-enters the quoted part on the next character
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) {
        columns.push(text.slice(entryStart, i).trim());
        return { columns, end: i };
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      columns.push(text.slice(entryStart, i).trim());
      entryStart = i + 1;
    }
  }
  return undefined;
}

function maskValues(values: string, columns: readonly string[], policy: KeyColumnsPolicy): string {
  const phi = columns.map((c) => policy.isPhi(c));
  if (!phi.includes(true)) return policy.freeText(values);
  const allTokens = () => columns.map((c) => policy.token(c)).join(', ');
  if (!phi.includes(false)) return allTokens();
  const parts = values.split(', ');
  if (parts.length !== columns.length) return allTokens();
  return parts.map((p, i) => (phi[i] ? policy.token(columns[i]!) : policy.freeText(p))).join(', ');
}

const SIMPLE_ENDINGS = [') already exists.', ') is duplicated.'];
const TABLE_ENDINGS = [
  /^(.*)(\) is not present in table ".*"\.)$/s,
  /^(.*)(\) is still referenced from table ".*"\.)$/s,
];
const PARTITION_PREFIX = 'Partition key of the failing row contains (';

/** The masked line, or undefined when `detail` is none of the key templates. */
export function maskKeyDetail(detail: string, policy: KeyColumnsPolicy): string | undefined {
  if (detail.startsWith(PARTITION_PREFIX)) {
    const list = columnList(detail, PARTITION_PREFIX.length);
    if (!list || !detail.startsWith(') = (', list.end) || !detail.endsWith(').')) return undefined;
    const head = detail.slice(0, list.end + 5);
    const values = detail.slice(list.end + 5, detail.length - 2);
    return `${head}${maskValues(values, list.columns, policy)}).`;
  }
  if (!detail.startsWith('Key (')) return undefined;
  const list = columnList(detail, 5);
  if (!list || !detail.startsWith(')=(', list.end)) return undefined;
  const head = detail.slice(0, list.end + 3);
  const rest = detail.slice(list.end + 3);
  const mask = (values: string) => maskValues(values, list.columns, policy);
  for (const ending of SIMPLE_ENDINGS) {
    if (rest.endsWith(ending)) return head + mask(rest.slice(0, rest.length - ending.length)) + ending;
  }
  for (const re of TABLE_ENDINGS) {
    const m = re.exec(rest);
    if (m) return head + mask(m[1]!) + m[2]!;
  }
  // Exclusion constraints: the same column list again before the conflicting row's values.
  if (rest.endsWith(').')) {
    const cols = detail.slice(5, list.end);
    for (const marker of [`) conflicts with existing key (${cols})=(`, `) conflicts with key (${cols})=(`]) {
      const at = rest.indexOf(marker);
      if (at < 0) continue;
      const first = rest.slice(0, at);
      const second = rest.slice(at + marker.length, rest.length - 2);
      return `${head}${mask(first)}${marker}${mask(second)}).`;
    }
  }
  return undefined;
}

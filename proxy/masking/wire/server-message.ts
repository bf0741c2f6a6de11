/**
 * Masks the values an upstream ErrorResponse or NoticeResponse quotes, knowing which columns of
 * the statement hold PHI:
 *   - `Key (cols)=(vals)` and partition-key details: the values of PHI columns (key-detail.ts);
 *   - `Failing row contains (...)`: the whole row when the table has a PHI column;
 *   - data exceptions (class 22) of a statement touching PHI: the quoted input (data-exception.ts),
 *     and the input in `JSON data, line N:` context lines;
 *   - COPY FROM context (`COPY t, line N, column c: "v"`, `COPY t, line N: "line"`) and the
 *     ON_ERROR notice `skipping row ... for column "c": "v"`: by column, or the whole line;
 *   - everything else that can hold text (messages and details no template covers, RAISE texts,
 *     hints, other context lines, internal queries, the schema/table/column/type/constraint name
 *     fields, which RAISE ... USING can fill with any text, unknown fields) goes through the
 *     free-text detectors.
 * PostgreSQL's own wording around a masked value is kept.
 */
import { isDataException, redactDataExceptionText, redactJsonContext } from './data-exception.js';
import { type ErrorFieldCode, maskErrorFields } from './error-fields.js';
import { type KeyColumnsPolicy, maskKeyDetail } from './key-detail.js';

export interface ServerMessagePolicy {
  /**
   * PHI columns of the relations the statement reads or writes, by name as PostgreSQL prints
   * them, or 'all' when that is unknown (every value is then PHI).
   */
  readonly phiColumns: 'all' | ReadonlySet<string>;
  /** Whether a table has a PHI column (for `Failing row contains`); default: the statement touches PHI. */
  readonly tableHasPhi?: (table: string | undefined, schema: string | undefined) => boolean;
  /** The text that replaces one masked value; default `[REDACTED]`. */
  readonly token?: (column: string | undefined) => string;
  /** Free-text masking (the stage passes detector.detect + maskFreeText). */
  readonly freeText: (text: string) => string;
}

export const REDACTED = '[REDACTED]';

const FAILING_ROW = /^Failing row contains \(.*\)\.$/s;
const COPY_COLUMN = /^(COPY .*?, line \d+, column )(.*?)(: ")(.*)(")$/s;
const COPY_LINE = /^(COPY .*?, line \d+: ")(.*)(")$/s;
const COPY_NO_VALUE = /^COPY .*, line \d+(?:, column .*: null input)?$/s;
const SKIPPED_ROW =
  /^(skipping row due to data type incompatibility at line \d+ for column ")(.*?)(": ")(.*)(")$/s;
const IDENTIFIER = /^(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")$/;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

class MessageMasker implements KeyColumnsPolicy {
  readonly touchesPhi: boolean;
  private readonly lower: ReadonlySet<string> | undefined;

  constructor(private readonly policy: ServerMessagePolicy) {
    const cols = policy.phiColumns;
    this.touchesPhi = cols === 'all' || cols.size > 0;
    this.lower = cols === 'all' ? undefined : new Set([...cols].map((c) => c.toLowerCase()));
  }

  /** A plain column name (quoted or not) that is PHI; an expression is PHI when anything is. */
  isPhi(column: string): boolean {
    if (this.policy.phiColumns === 'all') return true;
    if (!IDENTIFIER.test(column)) return this.touchesPhi;
    return this.isPhiName(unquote(column));
  }

  /** A column name as stored (COPY context and notices print it unquoted). */
  private isPhiName(name: string): boolean {
    if (this.policy.phiColumns === 'all') return true;
    return this.policy.phiColumns.has(name) || this.lower!.has(name.toLowerCase());
  }

  /** The token for a column as printed (a quoted name is passed unquoted). */
  token(column: string | undefined): string {
    const name = column !== undefined && IDENTIFIER.test(column) ? unquote(column) : column;
    return this.policy.token?.(name) ?? REDACTED;
  }

  freeText(text: string): string {
    return text === '' ? text : this.policy.freeText(text);
  }

  message(text: string, sqlstate: string | undefined): string {
    const skipped = SKIPPED_ROW.exec(text);
    if (skipped) return this.byColumn(skipped);
    return this.dataException(text, sqlstate) ?? this.freeText(text);
  }

  detail(text: string, sqlstate: string | undefined, all: ReadonlyMap<ErrorFieldCode, string>): string {
    const key = maskKeyDetail(text, this);
    if (key !== undefined) return key;
    if (/^(?:Key \(|Partition key )/.test(text) && this.touchesPhi) {
      return text.startsWith('Key')
        ? `Key ${this.token(undefined)}.`
        : `Partition key ${this.token(undefined)}.`;
    }
    if (FAILING_ROW.test(text)) {
      const phi = this.policy.tableHasPhi?.(all.get('t'), all.get('s')) ?? this.touchesPhi;
      return phi ? `Failing row contains (${this.token(undefined)}).` : this.freeText(text);
    }
    return this.dataException(text, sqlstate) ?? this.freeText(text);
  }

  /** CONTEXT: one line per level of the error context stack. */
  context(text: string): string {
    return text
      .split('\n')
      .map((line) => {
        const copyColumn = COPY_COLUMN.exec(line);
        if (copyColumn) return this.byColumn(copyColumn);
        const copyLine = COPY_LINE.exec(line);
        if (copyLine) {
          return this.touchesPhi ? `${copyLine[1]}${this.token(undefined)}"` : this.freeText(line);
        }
        if (COPY_NO_VALUE.test(line)) return line;
        const json = this.touchesPhi ? redactJsonContext(line, this.token(undefined)) : undefined;
        return json ?? this.freeText(line);
      })
      .join('\n');
  }

  /**
   * [whole, prefix, column, middle, value, suffix]: the value masked when its column is PHI, else
   * detected; the column name detected too (a RAISE can imitate the notice with any text in it).
   */
  private byColumn(m: RegExpExecArray): string {
    const column = m[2]!;
    const value = this.isPhiName(column) ? this.token(column) : this.freeText(m[4]!);
    return `${m[1]}${this.freeText(column)}${m[3]}${value}${m[5]}`;
  }

  private dataException(text: string, sqlstate: string | undefined): string | undefined {
    if (!this.touchesPhi || !isDataException(sqlstate)) return undefined;
    const r = redactDataExceptionText(text, this.token(undefined));
    return r.matched ? r.text : undefined;
  }
}

/**
 * Returns the ErrorResponse / NoticeResponse with the values it quotes masked per `policy` (the
 * same frame when nothing changed). Malformed frames throw MalformedMessageError.
 */
export function maskServerMessage(frame: Buffer, policy: ServerMessagePolicy): Buffer {
  const masker = new MessageMasker(policy);
  return maskErrorFields(frame, (value, field, all) => {
    const sqlstate = all.get('C');
    switch (field) {
      case 'M':
        return masker.message(value, sqlstate);
      case 'D':
        return masker.detail(value, sqlstate, all);
      case 'W':
        return masker.context(value);
      default:
        // H, q, the names (s t c d n: RAISE ... USING TABLE = any text can set them) and unknown fields.
        return masker.freeText(value);
    }
  });
}

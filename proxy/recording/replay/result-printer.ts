import type { BackendMessage } from 'pg-protocol/dist/messages.js';

interface Field {
  readonly name: string;
  readonly format: string;
}

/**
 * Prints backend result messages the way psql shows them: aligned tables with a row count,
 * command tags, errors and notices with their SQLSTATE, COPY data. Holds at most `maxRows`
 * rows of one result in memory; the rest are counted.
 */
export class ResultPrinter {
  readonly #write: (line: string) => void;
  readonly #maxRows: number;
  #fields: Field[] | undefined;
  #rows: string[][] = [];
  #extra = 0;
  #copyLines = 0;

  constructor(write: (line: string) => void, maxRows: number) {
    this.#write = write;
    this.#maxRows = maxRows;
  }

  /** Handles one message; true when it ends an exchange (ReadyForQuery). */
  message(m: BackendMessage): boolean {
    const any = m as unknown as Record<string, unknown>;
    switch (m.name) {
      case 'rowDescription':
        this.#flushTable();
        this.#fields = (any.fields as { name: string; format: string }[]).map((f) => ({
          name: f.name,
          format: f.format,
        }));
        return false;
      case 'dataRow': {
        if (this.#rows.length >= this.#maxRows) {
          this.#extra++;
          return false;
        }
        const fields = this.#fields ?? [];
        const values = (any.fields as (string | null)[]).map((v, i) =>
          v === null ? '' : fields[i]?.format === 'binary' ? '(binary)' : v,
        );
        this.#rows.push(values);
        return false;
      }
      case 'commandComplete': {
        const tag = String(any.text ?? '');
        const shown = this.#flushTable();
        if (shown !== undefined && /^(SELECT|FETCH|SHOW)\b/.test(tag)) {
          const n = Number(tag.split(' ').at(-1));
          const rows = Number.isFinite(n) ? n : shown;
          this.#write(`(${rows} ${rows === 1 ? 'row' : 'rows'})`);
        } else {
          this.#write(tag);
        }
        return false;
      }
      case 'portalSuspended': {
        const shown = this.#flushTable();
        this.#write(`-- portal suspended after ${shown ?? 0} rows (row limit)`);
        return false;
      }
      case 'emptyQuery':
        this.#write('-- empty query');
        return false;
      case 'error':
      case 'notice': {
        this.#flushTable();
        const sev = String(any.severity ?? (m.name === 'error' ? 'ERROR' : 'NOTICE'));
        this.#write(
          `${sev}:  ${String(any.message ?? '')}${any.code ? ` (SQLSTATE ${String(any.code)})` : ''}`,
        );
        if (any.detail) this.#write(`DETAIL:  ${String(any.detail)}`);
        if (any.hint) this.#write(`HINT:  ${String(any.hint)}`);
        return false;
      }
      case 'copyOutResponse':
        this.#copyLines = 0;
        this.#write('-- COPY data to the client:');
        return false;
      case 'copyInResponse':
        this.#write('-- COPY data from the client');
        return false;
      case 'copyData': {
        this.#copyLines++;
        if (this.#copyLines <= this.#maxRows) {
          const text = (any.chunk as Buffer).toString('utf8').replace(/\n$/, '');
          for (const line of text.split('\n')) this.#write(line);
        } else if (this.#copyLines === this.#maxRows + 1) {
          this.#write('-- … more COPY data not shown');
        }
        return false;
      }
      case 'notification':
        this.#write(
          `-- notification on channel "${String(any.channel ?? '')}" from backend ${String(any.processId ?? '')}`,
        );
        return false;
      case 'readyForQuery':
        this.#flushTable();
        return true;
      default:
        return false;
    }
  }

  /** Prints the buffered table; returns how many rows the result had (undefined when none was open). */
  #flushTable(): number | undefined {
    const fields = this.#fields;
    if (!fields) return undefined;
    const rows = this.#rows;
    const widths = fields.map((f, i) => Math.max(f.name.length, ...rows.map((r) => (r[i] ?? '').length)));
    const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
    this.#write(` ${fields.map((f, i) => pad(f.name, widths[i] ?? 0)).join(' | ')}`);
    this.#write(widths.map((w) => '-'.repeat(w + 2)).join('+'));
    for (const r of rows)
      this.#write(` ${r.map((v, i) => pad(v.replace(/\n/g, '\\n'), widths[i] ?? 0)).join(' | ')}`);
    if (this.#extra > 0) this.#write(`-- … ${this.#extra} more rows not shown`);
    const total = rows.length + this.#extra;
    this.#fields = undefined;
    this.#rows = [];
    this.#extra = 0;
    return total;
  }
}

/**
 * Accumulates the facts of one statement while its tree is walked; inner statements that run
 * are merged in (their tables, scans, functions, settings and opaque parts count for the outer
 * statement too), and kept as inner statements so that rules also see them on their own.
 */
import type { StatementKind } from '../../../core/config/policy.js';
import type {
  CopyFacts,
  InnerRole,
  InnerStatement,
  LimitFact,
  ScanFact,
  SettingChange,
  StatementFacts,
  TableRef,
} from './types.js';

export interface Block {
  readonly where: boolean;
  readonly limit: LimitFact;
  /** The block returns only row counts (see `countOnlyBlock`). */
  readonly countOnly?: boolean;
}

export const UNFILTERED: Block = Object.freeze({ where: false, limit: null });

const tableKey = (t: TableRef) => `${t.name}|${t.candidates.join(',')}|${t.anySchema ? 1 : 0}`;

export class FactsCollector {
  readonly #read = new Map<string, TableRef>();
  readonly #written = new Map<string, TableRef>();
  readonly #scans = new Map<string, ScanFact>();
  readonly #functions = new Set<string>();
  readonly #settings = new Map<string, SettingChange>();
  readonly #opaque = new Set<string>();
  readonly #inner: InnerStatement[] = [];
  dataModifyingCte = false;
  selectInto = false;

  addRead(table: TableRef): void {
    this.#read.set(tableKey(table), table);
  }

  addWritten(table: TableRef): void {
    this.#written.set(tableKey(table), table);
  }

  addScan(table: TableRef, block: Block): void {
    this.addRead(table);
    const scan: ScanFact = block.countOnly
      ? { table, where: block.where, limit: block.limit, countOnly: true }
      : { table, where: block.where, limit: block.limit };
    this.#scans.set(`${tableKey(table)}|${scan.where}|${scan.limit}|${scan.countOnly === true}`, scan);
  }

  addFunction(name: string): void {
    this.#functions.add(name);
  }

  addSetting(change: SettingChange): void {
    this.#settings.set(`${change.via}:${change.name}`, change);
  }

  addOpaque(reason: string): void {
    this.#opaque.add(reason);
  }

  /** Records an inner statement; unless it is only explained, its facts count for this statement too. */
  addInner(role: InnerRole, facts: StatementFacts): void {
    this.#inner.push({ role, facts });
    if (role === 'explains') return;
    for (const t of facts.tablesRead) this.addRead(t);
    for (const t of facts.tablesWritten) this.addWritten(t);
    for (const s of facts.scans)
      this.#scans.set(`${tableKey(s.table)}|${s.where}|${s.limit}|${s.countOnly === true}`, s);
    for (const f of facts.functions) this.addFunction(f);
    for (const s of facts.settings) this.addSetting(s);
    for (const o of facts.opaque) this.addOpaque(o);
    this.dataModifyingCte ||= facts.dataModifyingCte;
    this.selectInto ||= facts.selectInto;
  }

  toFacts(base: {
    kind: StatementKind;
    statementType: string;
    where?: boolean;
    limit?: LimitFact;
    copy?: CopyFacts | null;
    cursor?: string | null;
    prepared?: string | null;
  }): StatementFacts {
    return {
      kind: base.kind,
      statementType: base.statementType,
      tablesRead: [...this.#read.values()],
      tablesWritten: [...this.#written.values()],
      scans: [...this.#scans.values()],
      functions: [...this.#functions],
      where: base.where ?? false,
      limit: base.limit ?? null,
      dataModifyingCte: this.dataModifyingCte,
      selectInto: this.selectInto,
      copy: base.copy ?? null,
      settings: [...this.#settings.values()],
      cursor: base.cursor ?? null,
      prepared: base.prepared ?? null,
      opaque: [...this.#opaque],
      inner: this.#inner,
    };
  }
}

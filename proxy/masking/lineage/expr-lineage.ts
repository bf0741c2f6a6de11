/**
 * The lineage of one expression while a statement is analyzed: which stored columns its value
 * carries, which it only reads, whether it is a stored value unchanged, and what is unknown.
 * Values are immutable; combinators build new ones.
 */
import type { SourceColumn, UnknownReason } from './lineage-types.js';

export type Form = 'column' | 'derived' | 'aggregate-safe' | 'constant';

export interface Origin {
  readonly tableOid: number;
  readonly attnum: number;
}

export interface ExprLineage {
  readonly form: Form;
  /** Stored columns whose values reach this value. */
  readonly sources: readonly SourceColumn[];
  /** Stored columns read without their values reaching this value. */
  readonly referenced: readonly SourceColumn[];
  /** The value is one of its sources' values (possibly cast): the source's own method still fits. */
  readonly exact: boolean;
  /** What PostgreSQL reports in RowDescription for a plain column reference. */
  readonly origin: Origin | undefined;
  readonly params: readonly number[];
  readonly unknown: readonly UnknownReason[];
}

const EMPTY: readonly never[] = Object.freeze([]);

export const CONSTANT: ExprLineage = Object.freeze({
  form: 'constant',
  sources: EMPTY,
  referenced: EMPTY,
  exact: false,
  origin: undefined,
  params: EMPTY,
  unknown: EMPTY,
});

export function paramLineage(n: number): ExprLineage {
  return { ...CONSTANT, params: [n] };
}

export function storedColumn(source: SourceColumn, origin: Origin | undefined): ExprLineage {
  return { ...CONSTANT, form: 'column', sources: [source], exact: true, origin };
}

export function unknownLineage(reason: UnknownReason): ExprLineage {
  return { ...CONSTANT, form: 'derived', unknown: [reason] };
}

const carries = (l: ExprLineage) => l.form === 'column' || l.form === 'derived' || l.sources.length > 0;

/** A value computed from `parts`; `exact` when the result is always one of the parts' values. */
export function combine(parts: readonly ExprLineage[], exact = false): ExprLineage {
  if (parts.length === 1 && exact) {
    const only = parts[0]!;
    if (only.form === 'column') return { ...only, form: 'derived', origin: undefined };
    return only.origin ? { ...only, origin: undefined } : only;
  }
  let form: Form = 'constant';
  let allExact = exact;
  for (const p of parts) {
    if (carries(p)) {
      form = 'derived';
      allExact &&= p.exact;
    } else if (p.form === 'aggregate-safe' && form === 'constant') form = 'aggregate-safe';
  }
  return {
    form,
    sources: union(parts.map((p) => p.sources)),
    referenced: union(parts.map((p) => p.referenced)),
    exact: form === 'derived' && allExact,
    origin: undefined,
    params: unionNumbers(parts.map((p) => p.params)),
    unknown: unionReasons(parts.map((p) => p.unknown)),
  };
}

/** Read but not carried (`count(x)`): the sources become references. */
export function counted(parts: readonly ExprLineage[]): ExprLineage {
  const all = combine(parts);
  return {
    ...all,
    form: 'aggregate-safe',
    sources: EMPTY,
    referenced: union([all.sources, all.referenced]),
    exact: false,
  };
}

/** Depends only on the type of its argument (`pg_typeof`). */
export function typeOnly(parts: readonly ExprLineage[]): ExprLineage {
  return { ...counted(parts), form: 'constant' };
}

export function withUnknown(l: ExprLineage, reason: UnknownReason): ExprLineage {
  return {
    ...l,
    form: l.form === 'constant' ? 'derived' : l.form,
    unknown: unionReasons([l.unknown, [reason]]),
  };
}

/** A view's column: RowDescription reports the view's own column as origin, whatever its definition computes. */
export function withOrigin(l: ExprLineage, origin: Origin | undefined): ExprLineage {
  return { ...l, origin };
}

export function hasPhi(sources: readonly SourceColumn[]): boolean {
  return sources.some((s) => s.entity !== undefined || s.freeText === true);
}

export function sourceKey(s: SourceColumn): string {
  return `${s.schema}\u0000${s.table}\u0000${s.column}`;
}

export function union(lists: readonly (readonly SourceColumn[])[]): readonly SourceColumn[] {
  let nonEmpty: readonly SourceColumn[] | undefined;
  let count = 0;
  for (const l of lists) {
    if (l.length > 0) {
      nonEmpty = l;
      count++;
    }
  }
  if (count === 0) return EMPTY;
  if (count === 1) return nonEmpty!;
  const seen = new Map<string, SourceColumn>();
  for (const l of lists) for (const s of l) if (!seen.has(sourceKey(s))) seen.set(sourceKey(s), s);
  return [...seen.values()];
}

function unionNumbers(lists: readonly (readonly number[])[]): readonly number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  return [...new Set(nonEmpty.flat())].sort((a, b) => a - b);
}

export function unionReasons(lists: readonly (readonly UnknownReason[])[]): readonly UnknownReason[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return EMPTY;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const seen = new Map<string, UnknownReason>();
  for (const l of nonEmpty) for (const r of l) seen.set(JSON.stringify(r), r);
  return [...seen.values()];
}

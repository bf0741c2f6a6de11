import { COLUMN_CLASS_EXTRA, type MaskingConfig } from '../../../core/config/masking.js';
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';
import { methodResolver } from '../methods/safe-harbor.js';
import { classifyColumnName } from './classify-column-name.js';
import { compileColumnGlob, globToRegExp, matchesColumn } from './glob.js';

export interface ColumnRef {
  readonly resource: string;
  readonly schema: string;
  readonly table: string;
  readonly column: string;
  /** PostgreSQL type name (`text`, `date`, `boolean`, ...), when known. */
  readonly dataType?: string;
}

/** Where a decision came from: an explicit rule (`masking.rules[2]`), `freeTextColumns`, or the name dictionary. */
export type DecisionSource = 'rule' | 'free-text-columns' | 'column-name' | 'unclassified';

/** What to do with one column: mask it as an entity, run the detectors over it, or leave it. */
export type ColumnDecision =
  | {
      readonly kind: 'mask';
      readonly entity: PhiEntity;
      readonly method: MaskMethod;
      readonly source: DecisionSource;
      readonly rule: string;
      readonly confidence: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'detect';
      /** A rule's method for every detection; otherwise each detection's entity default. */
      readonly method?: MaskMethod;
      readonly source: DecisionSource;
      readonly rule: string;
      readonly confidence: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'clear';
      readonly source: DecisionSource;
      readonly rule: string;
      readonly reason: string;
    };

export interface ColumnClassifier {
  classify(ref: ColumnRef): ColumnDecision;
}

/**
 * Explicit rules first (first match wins, `NONE` clears), then `freeTextColumns`, then the
 * column-name dictionary when `autoClassify` is on. Methods default to the configured
 * per-entity methods, which default to Safe Harbor.
 */
export function createColumnClassifier(config: MaskingConfig): ColumnClassifier {
  const methodFor = methodResolver(config.methods);
  const rules = config.rules.map((r, i) => ({
    ...r,
    id: `masking.rules[${i}]`,
    resourceRe: globToRegExp(r.resource),
    glob: compileColumnGlob(r.column),
  }));
  const freeText = config.freeTextColumns.map((p, i) => ({
    id: `masking.freeTextColumns[${i}]`,
    glob: compileColumnGlob(p),
  }));
  return {
    classify(ref: ColumnRef): ColumnDecision {
      const { schema, table, column } = ref;
      const rule = rules.find(
        (r) => r.resourceRe.test(ref.resource) && matchesColumn(r.glob, schema, table, column),
      );
      if (rule) {
        if (rule.entity === COLUMN_CLASS_EXTRA.none)
          return { kind: 'clear', source: 'rule', rule: rule.id, reason: 'explicitly not PHI' };
        if (rule.entity === COLUMN_CLASS_EXTRA.freeText) {
          return {
            kind: 'detect',
            ...(rule.method ? { method: rule.method } : {}),
            source: 'rule',
            rule: rule.id,
            confidence: 1,
            reason: 'explicit free-text rule',
          };
        }
        const method = rule.method ?? methodFor(rule.entity);
        return {
          kind: 'mask',
          entity: rule.entity,
          method,
          source: 'rule',
          rule: rule.id,
          confidence: 1,
          reason: 'explicit rule',
        };
      }
      const ft = freeText.find((f) => matchesColumn(f.glob, schema, table, column));
      if (ft)
        return {
          kind: 'detect',
          source: 'free-text-columns',
          rule: ft.id,
          confidence: 1,
          reason: 'configured free-text column',
        };
      if (config.autoClassify) {
        const byName = classifyColumnName(schema, table, column, ref.dataType);
        if (byName?.entity === COLUMN_CLASS_EXTRA.freeText) {
          return {
            kind: 'detect',
            source: 'column-name',
            rule: 'masking.autoClassify',
            confidence: byName.confidence,
            reason: byName.reason,
          };
        }
        if (byName) {
          const entity = byName.entity as PhiEntity;
          return {
            kind: 'mask',
            entity,
            method: methodFor(entity),
            source: 'column-name',
            rule: 'masking.autoClassify',
            confidence: byName.confidence,
            reason: byName.reason,
          };
        }
      }
      return { kind: 'clear', source: 'unclassified', rule: 'none', reason: 'no rule or dictionary match' };
    },
  };
}

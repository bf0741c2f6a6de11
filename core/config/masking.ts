import { z } from 'zod';
import { MASK_METHOD, type MaskMethod, PHI_ENTITIES, type PhiEntity } from '../phi/entities.js';

/**
 * Column classes beyond the PHI entities: `FREE_TEXT` (run the value detectors over the cell)
 * and `NONE` (an operator's explicit "not PHI", which overrides automatic classification).
 */
export const COLUMN_CLASS_EXTRA = { freeText: 'FREE_TEXT', none: 'NONE' } as const;
export type FreeText = typeof COLUMN_CLASS_EXTRA.freeText;
export type ColumnEntity = PhiEntity | FreeText;

const entityEnum = z.enum(PHI_ENTITIES as [PhiEntity, ...PhiEntity[]]);
const methodEnum = z.enum(Object.values(MASK_METHOD) as [MaskMethod, ...MaskMethod[]]);

/** `schema.table.column`; each part a name or a glob (`*` any run, `?` one character). */
const columnPattern = z
  .string()
  .regex(/^[^.\s]+\.[^.\s]+\.[^.\s]+$/, 'expected schema.table.column (globs * and ? allowed per part)');

/** Where the pseudonymization HMAC key comes from. A literal key is accepted in dev mode only. */
export const pseudonymKeySchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('literal'),
    /** Dev only: the key itself (UTF-8, at least 32 bytes). */
    value: z.string().min(32, 'a pseudonym key needs at least 32 characters'),
  }),
  z.strictObject({
    source: z.literal('env'),
    /** Name of the environment variable that holds the key (UTF-8, at least 32 bytes). */
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'),
  }),
  z.strictObject({
    source: z.literal('keyVault'),
    vaultUrl: z.url(),
    secretName: z.string().regex(/^[0-9A-Za-z-]{1,127}$/, 'a Key Vault secret name'),
    version: z.string().min(1).optional(),
  }),
]);

/** A regular expression source that compiles and cannot match the empty string. */
const detectorPattern = z.string().superRefine((source, ctx) => {
  let re: RegExp;
  try {
    re = new RegExp(source, 'u');
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not a valid regular expression' });
    return;
  }
  if (re.test('')) ctx.addIssue({ code: 'custom', message: 'must not match the empty string' });
});

export const DEFAULT_MRN_PATTERNS = [{ pattern: '\\bMRN-?\\d{8}\\b', score: 0.9 }] as const;

export const detectorsSchema = z
  .strictObject({
    /** Detections scoring below this are ignored (0..1). */
    minScore: z.number().min(0).max(1).default(0.5),
    /** MRN formats of this site; each match is an MRN (a context such as `MRN:` is recognised as well). */
    mrnPatterns: z
      .array(z.strictObject({ pattern: detectorPattern, score: z.number().min(0).max(1).default(0.9) }))
      .default(DEFAULT_MRN_PATTERNS.map((p) => ({ ...p }))),
    /** Entities the detectors never report (for example CITY when a site does not want it). */
    disabledEntities: z.array(entityEnum).default([]),
  })
  .prefault({});

export const columnRuleSchema = z.strictObject({
  /** Resource name (or glob) the rule applies to. */
  resource: z.string().min(1).default('*'),
  column: columnPattern,
  /** A PHI entity, FREE_TEXT (detectors) or NONE (explicitly not PHI). */
  entity: z.union([entityEnum, z.literal(COLUMN_CLASS_EXTRA.freeText), z.literal(COLUMN_CLASS_EXTRA.none)]),
  /** Defaults to the entity's method from `methods`. */
  method: methodEnum.optional(),
});

export const maskingSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    pseudonymKey: pseudonymKeySchema.optional(),
    /** Per-entity method overrides; unspecified entities keep the Safe Harbor defaults. */
    methods: z.partialRecord(entityEnum, methodEnum).default({}),
    /** Granularity of `generalize` for dates (Safe Harbor allows the year only). */
    dateGranularity: z.enum(['year', 'month']).default('year'),
    /** Explicit column rules; they win over automatic classification. First match wins. */
    rules: z.array(columnRuleSchema).default([]),
    /** Classify columns from their names (Safe Harbor identifier dictionary). */
    autoClassify: z.boolean().default(true),
    /** Extra free-text columns (`schema.table.column` globs) whose values go through the detectors. */
    freeTextColumns: z.array(columnPattern).default([]),
    /** Propose classes from sampled values (operator tooling; never used to unmask). */
    valueSampling: z
      .strictObject({
        enabled: z.boolean().default(false),
        sampleSize: z.number().int().min(10).max(10_000).default(200),
        /** Share of non-empty sampled values that must match one entity. */
        minShare: z.number().min(0.5).max(1).default(0.8),
      })
      .prefault({}),
    detectors: detectorsSchema,
    /** WHERE / ORDER BY / GROUP BY / JOIN over a masked column needs approval (inference by binary search). */
    inferenceGuard: z.boolean().default(true),
    /** Output columns whose source cannot be traced in a PHI-bearing statement: always masked (fail closed). */
    unknownLineage: z.literal('mask').default('mask'),
  })
  .prefault({});

export type MaskingConfig = z.output<typeof maskingSchema>;
export type MaskingConfigInput = z.input<typeof maskingSchema>;
export type PseudonymKeySource = z.output<typeof pseudonymKeySchema>;
export type ColumnRuleConfig = z.output<typeof columnRuleSchema>;
export type DetectorsConfig = z.output<typeof detectorsSchema>;

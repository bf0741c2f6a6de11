import { z } from 'zod';

/**
 * The `policy` section of the phigate config: ordered rules over statement facts, the agent
 * and the resource; built-in packs a config extends, overrides or trims; which tables hold PHI.
 * The vocabulary (kinds, actions, copy targets) lives here so that config and engine share it.
 */

export const POLICY_ACTIONS = ['allow', 'deny', 'approve'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** What a statement does, from its parse tree. */
export const STATEMENT_KINDS = [
  'read',
  'write',
  'ddl',
  'dcl',
  'copy',
  'transaction',
  'session_setting',
  'utility',
  'procedural',
] as const;
export type StatementKind = (typeof STATEMENT_KINDS)[number];

export const COPY_DIRECTIONS = ['to', 'from'] as const;
export type CopyDirection = (typeof COPY_DIRECTIONS)[number];
/** `stdio`: STDOUT/STDIN through the client connection; `file`: a server file; `program`: a server shell command. */
export const COPY_TARGETS = ['stdio', 'file', 'program'] as const;
export type CopyTarget = (typeof COPY_TARGETS)[number];

/** Which PHI tables a statement touches: `none` means no table it reads or writes holds PHI. */
export const PHI_ACCESS = ['read', 'written', 'any', 'none'] as const;
export type PhiAccess = (typeof PHI_ACCESS)[number];

export const RULE_PACKS = ['hipaa-baseline'] as const;
export type RulePackName = (typeof RULE_PACKS)[number];

/** Rule ids reserved by the engine itself (not configurable, fail closed). */
export const RESERVED_RULE_IDS = ['unparseable', 'engine-error', 'no-rule-matched', 'empty'] as const;

const ruleId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,63}$/,
    'lowercase letters, digits, . _ - (max 64), starting with a letter or digit',
  )
  .refine((id) => !(RESERVED_RULE_IDS as readonly string[]).includes(id), 'is reserved by the engine');

/** A part of a qualified name: a plain or "quoted" identifier; globs `*` and `?` in plain parts. */
const namePart = String.raw`(?:"(?:[^"]|"")+"|[^."\s]+)`;
/** `schema.table`, each part a name or a glob; unquoted parts fold to lower case as in SQL. */
export const tablePatternSchema = z
  .string()
  .regex(new RegExp(`^${namePart}\\.${namePart}$`), 'expected schema.table (globs * and ? allowed per part)');
/** `function` or `schema.function`, each part a name or a glob. */
export const functionPatternSchema = z
  .string()
  .regex(
    new RegExp(`^(?:${namePart}\\.)?${namePart}$`),
    'expected function or schema.function (globs allowed)',
  );
/** An exact `schema.table` (no globs): a table that holds PHI. */
export const phiTableSchema = z
  .string()
  .regex(new RegExp(`^${namePart}\\.${namePart}$`), 'expected schema.table')
  .refine((s) => !/[*?]/.test(s.replace(/"(?:[^"]|"")+"/g, '')), 'globs are not allowed in phiTables');

const glob = z.string().min(1).max(256);
const limitValue = z.number().int().min(0);
const settingName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'a setting name')
  .transform((s) => s.toLowerCase());
/** Parse-node name of a statement, e.g. `SelectStmt`, `TruncateStmt` (checked against the parser's list when the engine starts). */
const statementType = z
  .string()
  .regex(/^[A-Z][A-Za-z]*Stmt$/, 'a parse-node statement name such as TruncateStmt');

const scanMatchSchema = z.strictObject({
  /** The scanned table holds PHI (true) or does not (false). */
  phi: z.boolean().optional(),
  tables: z.array(tablePatternSchema).min(1).optional(),
  /** The query block that scans the table has (true) / lacks (false) its own WHERE. */
  where: z.boolean().optional(),
  /** The block's LIMIT (or FETCH FIRST) is a constant ≤ N. */
  limitAtMost: limitValue.optional(),
  /** The block has no LIMIT, a non-constant one, or one > N. */
  limitExceeds: limitValue.optional(),
  /**
   * The block returns only row counts (`count(*)`, `count(col)`, no GROUP BY, HAVING, DISTINCT
   * or window): one number, no values of the table.
   */
  countOnly: z.boolean().optional(),
});

/** Conditions on facts, agent and resource. All present conditions must hold; list values match any element. */
export interface MatchInput {
  agent?: { ids?: string[]; groups?: string[] };
  resource?: { names?: string[]; labels?: Record<string, string> };
  kinds?: StatementKind[];
  statements?: string[];
  tables?: { read?: string[]; written?: string[]; any?: string[] };
  phi?: PhiAccess;
  functions?: string[];
  where?: boolean;
  limitAtMost?: number;
  limitExceeds?: number;
  scan?: z.input<typeof scanMatchSchema>;
  copy?: { directions?: CopyDirection[]; targets?: CopyTarget[] };
  sets?: string[];
  setConfigs?: string[];
  opaque?: boolean;
  dataModifyingCte?: boolean;
  selectInto?: boolean;
  anyOf?: MatchInput[];
}

export const matchSchema: z.ZodType<MatchOutput, MatchInput> = z.lazy(() =>
  z.strictObject({
    agent: z
      .strictObject({ ids: z.array(glob).min(1).optional(), groups: z.array(glob).min(1).optional() })
      .optional(),
    resource: z
      .strictObject({
        names: z.array(glob).min(1).optional(),
        labels: z.record(z.string().min(1), z.string()).optional(),
      })
      .optional(),
    kinds: z.array(z.enum(STATEMENT_KINDS)).min(1).optional(),
    statements: z.array(statementType).min(1).optional(),
    tables: z
      .strictObject({
        read: z.array(tablePatternSchema).min(1).optional(),
        written: z.array(tablePatternSchema).min(1).optional(),
        any: z.array(tablePatternSchema).min(1).optional(),
      })
      .optional(),
    phi: z.enum(PHI_ACCESS).optional(),
    functions: z.array(functionPatternSchema).min(1).optional(),
    where: z.boolean().optional(),
    limitAtMost: limitValue.optional(),
    limitExceeds: limitValue.optional(),
    scan: scanMatchSchema.optional(),
    copy: z
      .strictObject({
        directions: z.array(z.enum(COPY_DIRECTIONS)).min(1).optional(),
        targets: z.array(z.enum(COPY_TARGETS)).min(1).optional(),
      })
      .optional(),
    /** Settings changed by SET / SET LOCAL or set_config(). */
    sets: z.array(settingName).min(1).optional(),
    /** Settings changed by set_config() only. */
    setConfigs: z.array(settingName).min(1).optional(),
    /** Something in the statement cannot be analyzed (dynamic SQL, computed set_config name, unknown prepared statement). */
    opaque: z.boolean().optional(),
    dataModifyingCte: z.boolean().optional(),
    selectInto: z.boolean().optional(),
    /** Matches when any of these sub-matches matches (each with its own conditions). */
    anyOf: z.array(matchSchema).min(1).optional(),
  }),
);

export interface MatchOutput {
  agent?: { ids?: string[]; groups?: string[] };
  resource?: { names?: string[]; labels?: Record<string, string> };
  kinds?: StatementKind[];
  statements?: string[];
  tables?: { read?: string[]; written?: string[]; any?: string[] };
  phi?: PhiAccess;
  functions?: string[];
  where?: boolean;
  limitAtMost?: number;
  limitExceeds?: number;
  scan?: z.output<typeof scanMatchSchema>;
  copy?: { directions?: CopyDirection[]; targets?: CopyTarget[] };
  sets?: string[];
  setConfigs?: string[];
  opaque?: boolean;
  dataModifyingCte?: boolean;
  selectInto?: boolean;
  anyOf?: MatchOutput[];
}

export const policyRuleSchema = z.strictObject({
  id: ruleId,
  action: z.enum(POLICY_ACTIONS),
  /** Shown to the agent with the decision. Name the concern and what to do; never data. */
  reason: z.string().min(1).max(500),
  /** Omitted or `{}` matches every statement. */
  match: matchSchema.default({}),
});

function uniqueIds(ctx: z.RefinementCtx, ids: readonly string[], path: (string | number)[]): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id))
      ctx.addIssue({ code: 'custom', path: [...path, i], message: `duplicate rule id "${id}"` });
    seen.add(id);
  });
}

export const policySchema = z
  .strictObject({
    /** Built-in packs, evaluated after `rules`, in this order. */
    extends: z.array(z.enum(RULE_PACKS)).default(['hipaa-baseline']),
    /** Own rules, evaluated first, in order; the first match decides a statement. */
    rules: z.array(policyRuleSchema).default([]),
    /** Replacements for pack rules, by id (the pack rule keeps its place in the order). */
    overrides: z.array(policyRuleSchema).default([]),
    /** Pack rule ids to drop. */
    disable: z.array(ruleId).default([]),
    /** When no rule matches (the baseline's final allow normally answers first). */
    defaultAction: z.enum(POLICY_ACTIONS).default('deny'),
    /** Tables holding PHI, per resource name (`*`: every resource). Unquoted parts fold to lower case. */
    phiTables: z.record(z.string().min(1), z.array(phiTableSchema)).default({}),
    /** Bounded caches (entries). 0 disables a cache. */
    cache: z
      .strictObject({
        parseEntries: z.number().int().min(0).max(1_000_000).default(10_000),
        decisionEntries: z.number().int().min(0).max(1_000_000).default(10_000),
        /** Statement texts longer than this are parsed every time (not cached). */
        maxCachedTextLength: z.number().int().min(0).max(1_048_576).default(16_384),
      })
      .prefault({}),
  })
  .superRefine((p, ctx) => {
    uniqueIds(
      ctx,
      p.rules.map((r) => r.id),
      ['rules'],
    );
    uniqueIds(
      ctx,
      p.overrides.map((r) => r.id),
      ['overrides'],
    );
  })
  .prefault({});

export type PolicyConfig = z.output<typeof policySchema>;
export type PolicyConfigInput = z.input<typeof policySchema>;
export type PolicyRuleConfig = z.output<typeof policyRuleSchema>;
export type PolicyRuleInput = z.input<typeof policyRuleSchema>;
export type MatchConfig = MatchOutput;

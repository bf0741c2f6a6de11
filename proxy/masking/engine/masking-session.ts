/**
 * Masking for one client session: lineage per statement, result plans per prepared statement
 * and portal (from the Describes the client sends), and the per-statement run whose hooks the
 * relay calls for RowDescription, DataRow, CopyOutResponse/CopyData and errors/notices.
 */
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import type { MaskingRun, MaskingSessionPort, MaskingSummary } from '../../pipeline/ports.js';
import type { DescribeTarget, PortalInfo, SessionContext, StatementRun } from '../../pipeline/types.js';
import type { StatementDecision } from '../../policy/decision.js';
import type { StatementLineage } from '../lineage/index.js';
import { formatsFor, planResult, type ResultPlan } from './column-plan.js';
import type { MaskingEngineCore } from './engine-core.js';
import { inferenceEscalation } from './inference-guard.js';
import { StatementMasker } from './statement-masker.js';

interface Described {
  readonly plan: ResultPlan;
  readonly lineage: StatementLineage | undefined;
}

const unavailable = (message: string) =>
  new PhigateError('MASKING_UNAVAILABLE', message, { sqlstate: SQLSTATE.maskingUnavailable, status: 503 });

export class MaskingSession implements MaskingSessionPort {
  private readonly statements = new Map<string, Described>();
  private readonly portals = new Map<string, Described>();
  /** SQL-level PREPARE and DECLARE results: EXECUTE and FETCH return these columns. */
  private readonly prepared = new Map<string, StatementLineage>();
  private readonly cursors = new Map<string, StatementLineage>();
  private searchPath: readonly string[] = ['$user', 'public'];

  constructor(
    private readonly core: MaskingEngineCore,
    private readonly ctx: SessionContext,
  ) {}

  parameterStatus(name: string, value: string): void {
    if (name === 'search_path') this.searchPath = parseSearchPath(value);
  }

  /** The lineage of a statement about to run (also records PREPARE / DECLARE for later). */
  private async lineageOf(text: string): Promise<StatementLineage> {
    const resource = this.ctx.resource.name;
    let lineage = this.core.analyze(resource, text, this.searchPath, this.lookups());
    const needsFresh = lineage.unknownLineage.some(
      (u) => u.kind === 'unknown-relation' || u.kind === 'unknown-column',
    );
    // A name the snapshot does not know: the schema may have changed since it was read.
    if (needsFresh && (await this.core.refresh(resource))) {
      lineage = this.core.analyze(resource, text, this.searchPath, this.lookups());
    }
    if (lineage.prepared) this.prepared.set(lineage.prepared, lineage);
    if (lineage.cursor && lineage.statementType === 'DeclareCursorStmt')
      this.cursors.set(lineage.cursor, lineage);
    return lineage;
  }

  private lookups() {
    return { prepared: (n: string) => this.prepared.get(n), cursor: (n: string) => this.cursors.get(n) };
  }

  async prepare(
    statement: StatementDecision,
    portal: PortalInfo | undefined,
  ): Promise<MaskingRun | undefined> {
    const resource = this.ctx.resource.name;
    if (!this.core.catalog(resource)) {
      throw unavailable('masking is unavailable: the upstream catalog could not be read; statement refused');
    }
    const lineage = await this.lineageOf(statement.text);
    // The snapshot lineage was computed on (it may have been reloaded just now).
    const catalog = this.core.catalog(resource)!;
    const escalation = inferenceEscalation(lineage, this.core.config);
    let preset: ResultPlan | undefined;
    let resolvePlan: (() => ResultPlan | undefined) | undefined;
    if (portal) {
      // The Describe that plans this Execute may still be on its way (same pipeline): look
      // the plan up when the first row arrives, with the Bind's result formats.
      const lookup = () => {
        const described = this.portals.get(portal.portal) ?? this.statements.get(portal.statementName);
        return described
          ? withFormats(described.plan, formatsFor(portal.resultFormats, described.plan.fields.length))
          : undefined;
      };
      preset = lookup();
      resolvePlan = lookup;
    }
    return new StatementMasker(this.core, catalog, lineage, statement.text, preset, escalation, resolvePlan);
  }

  parse(text: string): Promise<void> | undefined {
    const resource = this.ctx.resource.name;
    if (!this.core.catalog(resource)) return undefined;
    let lineage: StatementLineage;
    try {
      lineage = this.core.analyze(resource, text, this.searchPath, this.lookups());
    } catch {
      return undefined;
    }
    const unknownNames = lineage.unknownLineage.some(
      (u) => u.kind === 'unknown-relation' || u.kind === 'unknown-column',
    );
    return unknownNames ? this.core.refresh(resource).then(() => undefined) : undefined;
  }

  describe(target: DescribeTarget): Pick<StatementRun, 'rowDescription'> | undefined {
    const catalog = this.core.catalog(this.ctx.resource.name);
    const text = target.text;
    const remember = target.kind === 'S' ? this.statements : this.portals;
    remember.delete(target.name);
    return {
      rowDescription: (frame: Buffer) => {
        // A Describe is answered before any Execute: lineage comes from the current snapshot
        // (no refresh here); a statement we never saw is planned fail-closed (all masked).
        const lineage =
          text === undefined
            ? undefined
            : this.core.analyze(this.ctx.resource.name, text, this.searchPath, this.lookups());
        if (!catalog) throw unavailable('masking is unavailable');
        const fields = this.core.codecs.parseRowDescription(frame);
        const plan = planResult(fields, lineage, catalog, this.core.methodFor);
        remember.set(target.name, { plan, lineage });
        return this.core.codecs.rewriteRowDescription(frame, plan.changes);
      },
    };
  }

  close(kind: 'S' | 'P', name: string): void {
    (kind === 'S' ? this.statements : this.portals).delete(name);
  }
}

function withFormats(plan: ResultPlan, formats: readonly number[]): ResultPlan {
  return { ...plan, fields: plan.fields.map((f, i) => ({ ...f, format: formats[i] ?? 0 })) };
}

/** `"$user", public` → ['$user', 'public'] (quoted names keep their case). */
export function parseSearchPath(value: string): string[] {
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    out.push(
      part.startsWith('"') && part.endsWith('"')
        ? part.slice(1, -1).replaceAll('""', '"')
        : part.toLowerCase(),
    );
  }
  return out;
}

export type { MaskingSummary };

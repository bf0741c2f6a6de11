/**
 * `phigate policy explain`: for operators writing rules. Prints, per statement, the facts the
 * engine derived, the decision and the rule that fired; `--json` for machines. Without
 * --config it uses the dev policy (hipaa-baseline, PHI tables of the demo database).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfigFile } from '../../core/config/load.js';
import type { PolicyConfig } from '../../core/config/policy.js';
import { isPhigateError } from '../../core/errors.js';
import {
  type BatchDecision,
  configPhiTables,
  createPolicyEngine,
  DEV_RESOURCE,
  devPolicyConfig,
  loadSqlParser,
  type StatementFacts,
  type TableRef,
} from '../../proxy/policy/index.js';
import { phiIndex } from '../../proxy/policy/rules/phi-index.js';

export const POLICY_EXPLAIN_USAGE = `usage: phigate policy explain [--config FILE] [--resource NAME] [--agent ID] [--groups a,b]
                              [--search-path TEXT] [--upstream-user NAME] [--json] "SQL" | -

Shows, for each statement of SQL (or of stdin with -), the facts the policy engine derives,
the decision and the rule that fired.

  --config FILE        phigate YAML config (default: dev policy, hipaa-baseline, demo PHI tables)
  --resource NAME      resource the statement is for (default: the first configured, or "ehr")
  --agent ID           agent id rules see (default "policy-explain")
  --groups a,b         agent groups rules see
  --search-path TEXT   the session's search_path (default "$user", public)
  --upstream-user NAME the upstream login that $user stands for
  --json               one JSON document instead of text
`;

export interface ExplainIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: () => string;
}

const processIo: ExplainIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stdin: () => readFileSync(0, 'utf8'),
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** `phigate policy <subcommand>`: today only `explain`. */
export async function policyCommand(argv: string[], io: ExplainIo = processIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'explain') return policyExplainCommand(rest, io);
  if (sub === '--help' || sub === '-h') {
    io.stdout(POLICY_EXPLAIN_USAGE);
    return EXIT.ok;
  }
  io.stderr(`phigate policy: unknown subcommand ${sub ? `"${sub}"` : '(none)'}\n\n${POLICY_EXPLAIN_USAGE}`);
  return EXIT.usage;
}

export async function policyExplainCommand(argv: string[], io: ExplainIo = processIo): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        resource: { type: 'string' },
        agent: { type: 'string' },
        groups: { type: 'string' },
        'search-path': { type: 'string' },
        'upstream-user': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`phigate policy explain: ${(error as Error).message}\n\n${POLICY_EXPLAIN_USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.stdout(POLICY_EXPLAIN_USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    io.stderr(
      `phigate policy explain: give exactly one SQL argument (or - for stdin)\n\n${POLICY_EXPLAIN_USAGE}`,
    );
    return EXIT.usage;
  }
  const sql = positionals[0] === '-' ? io.stdin() : (positionals[0] as string);
  try {
    const setup = loadSetup(values);
    await loadSqlParser();
    const engine = createPolicyEngine(setup.policy);
    const session = engine.openSession({
      agent: {
        id: (values.agent as string | undefined) ?? 'policy-explain',
        groups: splitList(values.groups),
      },
      resource: { name: setup.resource, labels: setup.labels },
      ...(typeof values['upstream-user'] === 'string' && { upstreamUser: values['upstream-user'] }),
      ...(typeof values['search-path'] === 'string' && { searchPath: values['search-path'] }),
    });
    const batch = session.decide(sql, { apply: false });
    const phi = phiIndex(configPhiTables(setup.policy.phiTables)(setup.resource));
    const isPhi = (t: TableRef) => phi.isPhi(t);
    if (values.json) io.stdout(`${JSON.stringify(toJson(batch, setup.resource, isPhi), null, 2)}\n`);
    else io.stdout(renderText(batch, setup.resource, isPhi));
    return EXIT.ok;
  } catch (error) {
    const message = isPhigateError(error) || error instanceof Error ? error.message : 'failed';
    io.stderr(`phigate policy explain: ${message}\n`);
    return EXIT.failed;
  }
}

interface Setup {
  policy: PolicyConfig;
  resource: string;
  labels: Record<string, string>;
}

function loadSetup(values: Record<string, string | boolean | undefined>): Setup {
  const requested = values.resource as string | undefined;
  if (typeof values.config !== 'string')
    return { policy: devPolicyConfig(), resource: requested ?? DEV_RESOURCE, labels: {} };
  const config = loadConfigFile(values.config);
  const name = requested ?? config.resources[0]?.name ?? DEV_RESOURCE;
  const resource = config.resources.find((r) => r.name === name);
  if (requested !== undefined && !resource) throw new Error(`no resource "${requested}" in ${values.config}`);
  return { policy: config.policy as PolicyConfig, resource: name, labels: { ...(resource?.labels ?? {}) } };
}

function splitList(value: string | boolean | undefined): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function toJson(batch: BatchDecision, resource: string, isPhi: (t: TableRef) => boolean) {
  return {
    resource,
    action: batch.action,
    decision: batch.decision,
    ...(batch.syntaxError && { syntaxError: batch.syntaxError }),
    statements: batch.statements.map((s) => ({
      text: s.text,
      fingerprint: s.fingerprint,
      decision: s.decision,
      phiTables: phiTouched(s.facts, isPhi),
      facts: s.facts,
    })),
  };
}

function phiTouched(f: StatementFacts, isPhi: (t: TableRef) => boolean) {
  return {
    read: f.tablesRead.filter(isPhi).map((t) => t.name),
    written: f.tablesWritten.filter(isPhi).map((t) => t.name),
  };
}

function renderText(batch: BatchDecision, resource: string, isPhi: (t: TableRef) => boolean): string {
  const out: string[] = [];
  if (batch.syntaxError)
    out.push(`unparseable: ${batch.syntaxError.message} at position ${batch.syntaxError.position ?? '?'}`);
  batch.statements.forEach((s, i) => {
    out.push(`statement ${i + 1} of ${batch.statements.length}: ${oneLine(s.text)}`);
    out.push(`  fingerprint     ${s.fingerprint}`);
    renderFacts(s.facts, '  ', isPhi, out);
    const d = s.decision;
    out.push(`  decision        ${d.action.toUpperCase()} by rule "${d.ruleId}": ${d.reason}`);
    if (d.factsUsed.length) out.push(`  facts used      ${d.factsUsed.join(', ')}`);
    out.push('');
  });
  const d = batch.decision;
  const which = batch.decisive ? `statement ${batch.statements.indexOf(batch.decisive) + 1}, ` : '';
  out.push(`message on ${resource}: ${d.action.toUpperCase()} (${which}rule "${d.ruleId}"): ${d.reason}`);
  return `${out.join('\n')}\n`;
}

function renderFacts(
  f: StatementFacts,
  indent: string,
  isPhi: (t: TableRef) => boolean,
  out: string[],
): void {
  const row = (label: string, value: string) => out.push(`${indent}${label.padEnd(16)}${value}`);
  const tables = (list: readonly TableRef[]) =>
    list.length ? list.map((t) => tableText(t, isPhi)).join(', ') : '-';
  row('kind', `${f.kind} (${f.statementType})`);
  row('tables read', tables(f.tablesRead));
  row('tables written', tables(f.tablesWritten));
  if (f.scans.length) {
    const scans = f.scans.map(
      (s) => `${tableText(s.table, isPhi)} (${s.where ? 'WHERE' : 'no WHERE'}, ${limitText(s.limit)})`,
    );
    row('scans', scans.join('; '));
  }
  row('functions', f.functions.length ? f.functions.join(', ') : '-');
  row('where', f.where ? 'yes' : 'no');
  row('limit', limitText(f.limit));
  if (f.copy) row('copy', `${f.copy.direction} ${f.copy.target}`);
  if (f.settings.length) row('settings', f.settings.map((s) => `${s.name} (${s.via})`).join(', '));
  if (f.dataModifyingCte) row('data-mod. CTE', 'yes');
  if (f.selectInto) row('select into', 'yes');
  if (f.cursor) row('cursor', f.cursor);
  if (f.prepared) row('prepared', f.prepared);
  if (f.opaque.length) row('opaque', f.opaque.join('; '));
  f.inner.forEach((inner, i) => {
    out.push(
      `${indent}inner[${i}] ${inner.role}${inner.role === 'explains' ? ' (not run, not decided)' : ''}:`,
    );
    renderFacts(inner.facts, `${indent}  `, isPhi, out);
  });
}

function tableText(t: TableRef, isPhi: (t: TableRef) => boolean): string {
  const others = t.candidates.filter((c) => c !== t.name);
  const alt = t.anySchema ? ' (schema not certain)' : others.length ? ` (or ${others.join(', ')})` : '';
  return `${t.name}${alt}${isPhi(t) ? ' [PHI]' : ''}`;
}

function limitText(limit: StatementFacts['limit']): string {
  return limit === null ? 'no LIMIT' : limit === 'unknown' ? 'LIMIT not constant' : `LIMIT ${limit}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 197)}...` : flat;
}

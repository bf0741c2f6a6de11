/**
 * Differential test of the shape cache: thousands of generated statements (shape-corpus.ts) and
 * the baseline corpus with its literals varied, decided by an engine with every cache on and by
 * a fresh engine with none, side by side in sessions with different agents, resources and
 * search_path states. Every decision must be the same, field by field (action, rule, reason,
 * facts used, facts, fingerprint, text and offsets of every statement), whether it came from the
 * shape cache or not. The test also proves that it exercised the shape cache: many hits, for
 * each action.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { policySchema } from '../../../../core/config/policy.js';
import {
  type BatchDecision,
  createPolicyEngine,
  DEV_PHI_TABLES,
  loadSqlParser,
  type OpenSessionOptions,
  type PolicyEngine,
  type PolicySession,
} from '../../../../proxy/policy/index.js';
import { CURSORS, EVASIONS, EXPLAIN, PREPARED, READS, WRITES } from './baseline-cases/queries.js';
import {
  COPY,
  FUNCTIONS,
  MESSAGES,
  PROCEDURAL,
  SCHEMA_AND_PRIVILEGES,
  SEARCH_PATH,
  SETTINGS,
} from './baseline-cases/statements.js';
import { ADVERSARIAL_PAIRS, instantiate, mutateLiterals, seeded, TEMPLATES } from './shape-corpus.js';

const BASELINE = [
  ...READS,
  ...EVASIONS,
  ...CURSORS,
  ...WRITES,
  ...EXPLAIN,
  ...PREPARED,
  ...FUNCTIONS,
  ...COPY,
  ...PROCEDURAL,
  ...SETTINGS,
  ...SCHEMA_AND_PRIVILEGES,
  ...MESSAGES,
  ...SEARCH_PATH,
].map(([sql]) => sql);

const policy = (cache: boolean) =>
  policySchema.parse({
    phiTables: { ehr: [...DEV_PHI_TABLES], archive: ['archive.patients'] },
    cache: cache ? {} : { parseEntries: 0, decisionEntries: 0 },
  });

/** Sessions that must not share decisions: other agent, resource (other PHI set), search_path, user. */
const SESSIONS: readonly OpenSessionOptions[] = [
  { agent: { id: 'agent-1', groups: ['analysts'] }, resource: { name: 'ehr' }, upstreamUser: 'phigate' },
  { agent: { id: 'agent-1', groups: ['analysts'] }, resource: { name: 'archive' }, upstreamUser: 'phigate' },
  { agent: { id: 'agent-2' }, resource: { name: 'ehr' }, searchPath: 'archive, public' },
  { agent: { id: 'agent-2' }, resource: { name: 'ehr', labels: { env: 'prod' } } },
];

function view(batch: BatchDecision): string {
  return JSON.stringify({
    action: batch.action,
    decision: batch.decision,
    syntaxError: batch.syntaxError ?? null,
    decisive: batch.decisive ? batch.statements.indexOf(batch.decisive) : -1,
    statements: batch.statements.map((s) => ({
      text: s.text,
      start: s.start,
      end: s.end,
      fingerprint: s.fingerprint,
      facts: s.facts,
      decision: s.decision,
    })),
  });
}

let cachedEngine: PolicyEngine;
let freshEngine: PolicyEngine;
const hitsByAction = { allow: 0, approve: 0, deny: 0 };
let compared = 0;

/** Decides each text with both engines in lockstep sessions; every decision must be equal. */
function differential(texts: readonly string[]): void {
  const pairs: [PolicySession, PolicySession][] = SESSIONS.map((o) => [
    cachedEngine.openSession(o),
    freshEngine.openSession(o),
  ]);
  for (const text of texts) {
    for (const [cached, fresh] of pairs) {
      const before = cachedEngine.cacheStats().shapeHits;
      const a = cached.decide(text);
      const hit = cachedEngine.cacheStats().shapeHits > before;
      const b = fresh.decide(text);
      compared++;
      if (view(a) !== view(b)) expect(JSON.parse(view(a)), JSON.stringify(text)).toEqual(JSON.parse(view(b)));
      if (hit) {
        hitsByAction[a.action]++;
        for (const s of a.statements) expect(text.slice(s.start, s.end)).toBe(s.text);
      }
    }
  }
}

beforeAll(async () => {
  await loadSqlParser();
  cachedEngine = createPolicyEngine(policy(true));
  freshEngine = createPolicyEngine(policy(false));
});

describe('shape cache ≡ no cache', () => {
  it('on generated statements (literals, case, whitespace, comments, quoting, limits, set_config)', () => {
    const random = seeded(20240607);
    const texts: string[] = [];
    for (const template of TEMPLATES) for (let v = 0; v < 30; v++) texts.push(instantiate(template, random));
    expect(texts.length).toBeGreaterThan(2_000);
    differential(texts);
  });

  it('on the baseline corpus, as it is and with its literals varied', () => {
    const random = seeded(7);
    const texts = BASELINE.flatMap((sql) => [
      sql,
      mutateLiterals(sql, random),
      mutateLiterals(sql, random),
      sql,
    ]);
    differential(texts);
  });

  it('on adversarial pairs (the second is what a lexer bug would mistake for the first)', () => {
    for (const [first, second] of ADVERSARIAL_PAIRS) {
      const storedBefore = cachedEngine.cacheStats().shapesStored;
      differential([first]);
      differential([second]);
      // The first text's shape was stored (or already known), so the second really was tested
      // against it; set_config is never eligible.
      const twin = first.replace(/'x'/, "'y'").replace(/= 1\b/, '= 2');
      const hitsBefore = cachedEngine.cacheStats().shapeHits;
      differential([twin]);
      const used =
        cachedEngine.cacheStats().shapesStored > storedBefore ||
        cachedEngine.cacheStats().shapeHits > hitsBefore;
      expect(used, first).toBe(!/set_config/i.test(first));
    }
  });

  it('exercised the shape cache for every action', () => {
    expect(compared).toBeGreaterThan(10_000);
    expect(hitsByAction.allow).toBeGreaterThan(1_000);
    expect(hitsByAction.approve).toBeGreaterThan(100);
    expect(hitsByAction.deny).toBeGreaterThan(100);
  });
});

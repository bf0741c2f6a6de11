/**
 * The masking leak harness (issue 4 acceptance): each SQL shape of
 * test/fixtures/masking/leak-shapes.ts runs through a real gateway with psql, node-postgres
 * (text, and binary result format over the extended protocol) and postgres.js, each on a fresh
 * connection through a TCP tap that keeps every byte. No raw value of any PHI column of the
 * rows involved — read directly from upstream, in the forms it can take — may appear in those
 * bytes, in psql's output or in the driver's decoded values; the client must read the result
 * as it reads the direct one (same results, columns and row counts, non-PHI columns unchanged).
 *
 * Control: the same shape runs with the same client directly against upstream through a tap
 * of its own, and the same detector must find raw PHI there (for every shape that exposes
 * any), so a detector that sees nothing cannot pass the harness.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAK_SHAPES, type LeakShape } from '../fixtures/masking/leak-shapes.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { CLIENTS, type ClientKind, type ClientRun, runWithClient } from '../helpers/masking-clients.js';
import { compareRuns, findLeaks, requestedFormats } from '../helpers/masking-leak-check.js';
import { describeFindings, loadPhiOracle, type PhiOracle, scrub } from '../helpers/masking-phi.js';
import { startTap, type Tap } from '../helpers/masking-tap.js';
import { createEhrDatabase, upstreamServer, withDirect } from '../helpers/upstream.js';

const AGENT = 'leak-agent';
const SETUP_SQL = readFileSync(new URL('../fixtures/masking/setup.sql', import.meta.url), 'utf8');

/** The test agent may read in bulk, COPY out and write (RETURNING) without approval; nothing else changes. */
function leakHarnessConfig(inferenceGuard: boolean) {
  return {
    approvals: { mode: 'defer' as const },
    masking: { inferenceGuard },
    policy: {
      extends: ['hipaa-baseline' as const],
      phiTables: { '*': ['public.patients', 'public.encounters', 'public.lab_results'] },
      rules: [
        {
          id: 'leak-harness-agent',
          action: 'allow' as const,
          reason: 'the leak harness reads, exports and updates (RETURNING) PHI to check the masking',
          match: { agent: { ids: [AGENT] }, kinds: ['read' as const, 'copy' as const, 'write' as const] },
        },
      ],
    },
  };
}

let database: string;
let gateways: Record<'default' | 'noGuard', { gw: TestGateway; tap: Tap; token: string }>;
let upstreamTap: Tap;
let oracle: PhiOracle;

beforeAll(async () => {
  database = await createEhrDatabase('leak');
  await withDirect(database, (c) => c.query(SETUP_SQL));
  oracle = await withDirect(database, (c) => loadPhiOracle(c, 20));
  const open = async (guard: boolean) => {
    const gw = await startTestGateway({ database, config: leakHarnessConfig(guard) });
    const tap = await startTap({ host: gw.host, port: gw.port });
    return { gw, tap, token: await gw.token(AGENT) };
  };
  gateways = { default: await open(true), noGuard: await open(false) };
  const up = upstreamServer();
  upstreamTap = await startTap({ host: up.host, port: up.port });
});

afterAll(async () => {
  await upstreamTap?.close();
  for (const g of Object.values(gateways ?? {})) {
    await g.tap.close();
    await g.gw.close();
  }
});

async function runShape(
  shape: LeakShape,
  client: ClientKind,
): Promise<{ direct: ClientRun; via: ClientRun }> {
  const up = upstreamServer();
  const direct = await runWithClient(
    client,
    upstreamTap,
    { database, user: up.user, password: up.password },
    shape.statements,
  );
  const g = gateways[shape.gateway ?? 'default'];
  const via = await runWithClient(
    client,
    g.tap,
    { database, user: AGENT, password: g.token },
    shape.statements,
  );
  return { direct, via };
}

describe('leak harness: SQL shapes × clients', () => {
  it('has at least 60 shapes over every kind the acceptance names', () => {
    expect(LEAK_SHAPES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(LEAK_SHAPES.map((s) => s.id)).size).toBe(LEAK_SHAPES.length);
    const groups = new Set(LEAK_SHAPES.map((s) => s.group));
    for (const g of [
      'alias',
      'expression',
      'cast',
      'function',
      'aggregate',
      'window',
      'cte',
      'subquery',
      'setop',
      'lateral',
      'json',
      'wholerow',
      'view',
      'copy',
      'returning',
      'prepared',
      'cursor',
      'explain',
      'error',
    ])
      expect(groups, g).toContain(g);
  });

  it('reads the raw PHI of the rows involved directly from upstream', () => {
    expect(oracle.patientIds).toHaveLength(20);
    expect(oracle.values).toBeGreaterThan(20 * 12);
    expect(oracle.needles.length).toBeGreaterThan(400);
  });

  for (const shape of LEAK_SHAPES) {
    const clients = shape.clients ?? CLIENTS;
    describe(`${shape.group}: ${shape.id}`, () => {
      it.each(clients)('%s', async (client) => {
        const { direct, via } = await runShape(shape, client);
        const expectError = shape.expect === 'error';

        // The control run: the shape works directly, and (when it exposes PHI) the detector sees it.
        if (expectError) expect(direct.error, 'direct run should fail').toBeDefined();
        else expect(direct.error ? scrub(oracle, direct.error.message) : '', 'direct run').toBe('');
        if (process.env.LEAK_DEBUG)
          for (const m of scrub(oracle, via.text).matchAll(/.{0,60}\[LEAK:[^\]]+\].{0,30}/g))
            console.log(client, m[0]);
        if (shape.exposes !== false)
          expect(
            findLeaks(oracle, direct).length,
            'control: the detector finds raw PHI in the direct run',
          ).toBeGreaterThan(0);

        // Through the gateway: no raw PHI anywhere the client received.
        const leaks = findLeaks(oracle, via);
        expect(describeFindings(leaks), 'raw PHI in what the client received').toBe('');

        // The client read the result (or the same error) without trouble.
        if (expectError) {
          expect(via.error, 'the gateway run fails like the direct one').toBeDefined();
          if (direct.error?.code) expect(via.error?.code).toBe(direct.error.code);
        } else if (shape.expect === 'refused') {
          // The refusal reaches the client as an ErrorResponse from phigate (SQLSTATE PG020).
          expect(via.error, 'the gateway refuses (fail closed)').toBeDefined();
          const received = Buffer.concat(via.wire.map((w) => w.toClient)).toString('latin1');
          expect(received).toMatch(/CPG020\0/);
        } else {
          expect(via.error ? scrub(oracle, `${via.error.code ?? ''} ${via.error.message}`) : '').toBe('');
          expect(compareRuns(direct, via, shape).join('\n')).toBe('');
        }
        if (client === 'pg-binary')
          expect(requestedFormats(via), 'binary result format requested').toContain(1);
      });
    });
  }
});

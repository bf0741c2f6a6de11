import { afterEach, describe, expect, it, vi } from 'vitest';
import { DECISION_EVENT } from '../../../../core/approvals/decision.js';
import type { ApprovalRequest } from '../../../../core/approvals/request.js';
import type { ApprovalOutcome } from '../../../../core/approvals/status.js';
import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import { approvalOrchestrator } from '../../../../functions/approvals/orchestrator.js';
import { approvalRequest, at, decision, T0 } from './fixtures.js';
import { History, lastActions, type ReplayState, replay } from './replay-harness.js';

/**
 * Approver-chosen scope through the durable-functions replay: the decision event carries
 * `scope` (once, or a window with duration and statement pattern); the orchestrator checks it
 * against the request (maximum fixed at start, pattern must match the statement) and counts the
 * grant from its own clock.
 */
const PATTERN = 'UPDATE patients SET phone = * WHERE patient_id = *';
const request = approvalRequest({ maxWindowMs: 8 * 3_600_000 });
const ID = request.approvalId;
const run = (h: History, r: ApprovalRequest = request) => replay(approvalOrchestrator, h, ID, r);
const windowOf = (minutes: number, statementPattern = PATTERN) => ({
  kind: 'window' as const,
  windowMs: minutes * 60_000,
  statementPattern,
});

function waiting(r: ApprovalRequest = request): History {
  return new History(APPROVAL_FUNCTIONS.orchestrator)
    .started(T0, r)
    .taskScheduled(0, APPROVAL_FUNCTIONS.notify, T0)
    .completed(T0)
    .played()
    .episode(at(1))
    .taskCompleted(0, { posted: true }, at(1))
    .timerCreated(1, at(900), at(1))
    .completed(at(1))
    .played();
}

const recordInputs = (s: ReplayState) =>
  lastActions(s)
    .filter((a) => a.functionName === APPROVAL_FUNCTIONS.record)
    .map(
      (a) =>
        a.input as { kind: string; outcome?: ApprovalOutcome; rejection?: { code: string; reason: string } },
    );

/** Completes the record activity scheduled as task 2 at `t` seconds. */
const recorded = (h: History, t: number) =>
  h
    .taskScheduled(2, APPROVAL_FUNCTIONS.record, at(t))
    .completed(at(t))
    .played()
    .episode(at(t + 1))
    .taskCompleted(2, null, at(t + 1));

afterEach(() => vi.useRealTimers());

describe('approvalOrchestrator: approver-chosen scope, replayed by durable-functions', () => {
  it('a window: the grant is bound to agent + resource + pattern, from the orchestration time for the chosen duration', async () => {
    // The decidedAt the HTTP function wrote is earlier; the grant counts from when the orchestration took it.
    const d = decision({ scope: windowOf(30), decidedAt: at(10).toISOString() });
    const h = waiting().episode(at(60)).eventRaised(DECISION_EVENT, d, at(60));
    const s1 = await run(h);
    expect(recordInputs(s1)[0]?.outcome).toMatchObject({ state: 'approved', grant: { kind: 'window' } });
    const s2 = await run(recorded(h, 60));
    expect(s2.isDone).toBe(true);
    expect(s2.output).toEqual(
      expect.objectContaining({
        state: 'approved',
        approver: { id: 'user-oid-alice', name: 'Name of user-oid-alice' },
        decidedAt: at(60).toISOString(),
        grant: {
          kind: 'window',
          approvalId: ID,
          agentId: 'agent-app-1',
          resource: 'ehr',
          statementPattern: PATTERN,
          validFrom: at(60).toISOString(),
          validUntil: at(60 + 30 * 60).toISOString(),
        },
      }),
    );
    // Deterministic: another wall clock replays to the same output and actions.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const again = await run(h);
    expect(again.output).toEqual(s2.output);
    expect(again.actions).toEqual(s2.actions);
  });

  it('"once" chosen on a requested window grants this statement once', async () => {
    const asked = approvalRequest({ maxWindowMs: 3_600_000, scope: windowOf(60) });
    const h = waiting(asked)
      .episode(at(60))
      .eventRaised(DECISION_EVENT, decision({ scope: { kind: 'once' } }), at(60));
    const s = await run(recorded(h, 60), asked);
    expect(s.output).toMatchObject({
      state: 'approved',
      grant: { kind: 'once', fingerprint: asked.fingerprint, validUntil: at(660).toISOString() },
    });
  });

  it.each([
    [
      'a window above the maximum',
      request,
      decision({ scope: windowOf(8 * 60 + 1) }),
      /between 1 minute and 480 minutes/,
    ],
    [
      'a pattern that does not match the statement',
      request,
      decision({ scope: windowOf(30, 'UPDATE patients SET phone = * WHERE patient_id = * OR true') }),
      /does not match the statement under review/,
    ],
    [
      'a pattern spanning two statements',
      request,
      decision({ scope: windowOf(30, `${PATTERN}; DELETE FROM patients`) }),
      /one statement/,
    ],
    [
      'a window on a request started without a maximum',
      approvalRequest(),
      decision({ scope: windowOf(30) }),
      /not enabled/,
    ],
    [
      'a denial carrying a scope',
      request,
      decision({ action: 'deny', scope: windowOf(30) }),
      /carries no scope/,
    ],
  ])('%s is refused (scope_invalid, recorded) and the wait goes on', async (_label, r, bad, reason) => {
    const h = waiting(r).episode(at(40)).eventRaised(DECISION_EVENT, bad, at(40));
    const s1 = await run(h, r);
    expect(s1.isDone).toBe(false);
    expect(recordInputs(s1)).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        rejection: expect.objectContaining({ code: 'scope_invalid', reason: expect.stringMatching(reason) }),
      }),
    ]);
    expect(JSON.stringify(recordInputs(s1)[0]?.rejection)).not.toContain('555-0100');
    // A valid decision from another approver (fresh token) still decides.
    recorded(h, 40)
      .timerCreated(3, at(900), at(41))
      .completed(at(41))
      .played()
      .episode(at(120))
      .eventRaised(DECISION_EVENT, decision({ approverId: 'user-oid-carol' }), at(120));
    const s2 = await run(h, r);
    const out = recordInputs(s2).at(-1)?.outcome;
    expect(out).toMatchObject({
      state: 'approved',
      approver: { id: 'user-oid-carol' },
      grant: { kind: 'once' },
    });
    expect(out?.rejected.map((x) => x.code)).toEqual(['scope_invalid']);
  });
});

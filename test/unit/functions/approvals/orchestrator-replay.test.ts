import { afterEach, describe, expect, it, vi } from 'vitest';
import { DECISION_EVENT } from '../../../../core/approvals/decision.js';
import type { ApprovalOutcome } from '../../../../core/approvals/status.js';
import { APPROVAL_FUNCTIONS } from '../../../../functions/approvals/activity-names.js';
import { approvalOrchestrator } from '../../../../functions/approvals/orchestrator.js';
import { approvalRequest, at, decision, T0 } from './fixtures.js';
import { History, lastActions, type ReplayState, replay } from './replay-harness.js';

const request = approvalRequest();
const ID = request.approvalId;
const run = (h: History) => replay(approvalOrchestrator, h, ID, request);

/** Episodes 1-2: started, notify scheduled (id 0) and completed, then the WhenAny(event, timer id 1). */
function waiting(): History {
  return new History(APPROVAL_FUNCTIONS.orchestrator)
    .started(T0, request)
    .taskScheduled(0, APPROVAL_FUNCTIONS.notify, T0)
    .completed(T0)
    .played()
    .episode(at(1))
    .taskCompleted(0, { posted: true }, at(1))
    .timerCreated(1, at(900), at(1))
    .completed(at(1))
    .played();
}

const names = (s: ReplayState) =>
  lastActions(s).map((a) => (a.functionName as string) ?? `type:${a.actionType}`);
const recordInputs = (s: ReplayState) =>
  lastActions(s)
    .filter((a) => a.functionName === APPROVAL_FUNCTIONS.record)
    .map((a) => a.input as { kind: string; outcome?: ApprovalOutcome; rejection?: { code: string } });

afterEach(() => vi.useRealTimers());

describe('approvalOrchestrator replayed by durable-functions', () => {
  it('first episode: publishes pending status and schedules the notify activity only', async () => {
    const s = await run(new History(APPROVAL_FUNCTIONS.orchestrator).started(T0, request));
    expect(s.isDone).toBe(false);
    expect(names(s)).toEqual([APPROVAL_FUNCTIONS.notify]);
    expect(s.customStatus).toEqual({ state: 'pending', usedTokenIds: [], rejected: [], notified: false });
  });

  it('then waits on WhenAny(ApprovalDecision, timer at expiresAt)', async () => {
    const s = await run(waiting());
    const whenAny = lastActions(s).at(-1)!;
    expect(whenAny.actionType).toBe(11);
    const [event, timer] = whenAny.compoundActions as Array<Record<string, unknown>>;
    expect(event).toMatchObject({ externalEventName: DECISION_EVENT, actionType: 6 });
    expect(timer).toMatchObject({ fireAt: request.expiresAt, isCanceled: false, actionType: 5 });
    expect((s.customStatus as { notified: boolean }).notified).toBe(true);
  });

  it('approved: cancels the timer, records the outcome, returns approved with approver, times and grant', async () => {
    const h = waiting().episode(at(60)).eventRaised(DECISION_EVENT, decision(), at(60));
    const s1 = await run(h);
    expect(s1.isDone).toBe(false);
    const timerAction = (
      lastActions(s1).find((a) => a.actionType === 11)!.compoundActions as Array<Record<string, unknown>>
    )[1];
    expect(timerAction!.isCanceled).toBe(true);
    const [rec] = recordInputs(s1);
    expect(rec?.kind).toBe('outcome');
    expect(rec?.outcome?.state).toBe('approved');

    h.taskScheduled(2, APPROVAL_FUNCTIONS.record, at(60))
      .completed(at(60))
      .played()
      .episode(at(61))
      .taskCompleted(2, { posted: true }, at(61));
    const s2 = await run(h);
    expect(s2.isDone).toBe(true);
    const out = s2.output as ApprovalOutcome;
    expect(out).toMatchObject({
      state: 'approved',
      approvalId: ID,
      approver: { id: 'user-oid-alice', name: 'Name of user-oid-alice' },
      decidedAt: at(60).toISOString(),
      requestedAt: T0.toISOString(),
      grant: {
        kind: 'once',
        agentId: 'agent-app-1',
        resource: 'ehr',
        fingerprint: request.fingerprint,
        validUntil: at(660).toISOString(),
      },
    });
  });

  it('denied: returns denied with the approver and the decision time', async () => {
    const h = waiting()
      .episode(at(30))
      .eventRaised(DECISION_EVENT, decision({ action: 'deny', approverId: 'user-oid-bob' }), at(30))
      .taskScheduled(2, APPROVAL_FUNCTIONS.record, at(30))
      .completed(at(30))
      .played()
      .episode(at(31))
      .taskCompleted(2, { posted: true }, at(31));
    const s = await run(h);
    expect(s.isDone).toBe(true);
    expect(s.output).toMatchObject({
      state: 'denied',
      approver: { id: 'user-oid-bob' },
      decidedAt: at(30).toISOString(),
    });
    expect((s.output as Record<string, unknown>).grant).toBeUndefined();
  });

  it('timed out: the timer fires first, the outcome is expired at expiresAt', async () => {
    const h = waiting().episode(at(900)).timerFired(1, at(900));
    const s1 = await run(h);
    expect(recordInputs(s1).map((r) => r.outcome?.state)).toEqual(['expired']);
    h.taskScheduled(2, APPROVAL_FUNCTIONS.record, at(900))
      .completed(at(900))
      .played()
      .episode(at(901))
      .taskCompleted(2, null, at(901));
    const s2 = await run(h);
    expect(s2.isDone).toBe(true);
    expect(s2.output).toMatchObject({ state: 'expired', decidedAt: request.expiresAt });
  });

  it('a decision arriving together with the fired timer after the deadline does not approve', async () => {
    const h = waiting()
      .episode(at(901))
      .timerFired(1, at(900))
      .eventRaised(DECISION_EVENT, decision(), at(901));
    const s = await run(h);
    expect(recordInputs(s).map((r) => r.outcome?.state)).toEqual(['expired']);
  });

  it('duplicate events: the first valid decision wins, later ones change nothing', async () => {
    const h = waiting()
      .episode(at(60))
      .eventRaised(DECISION_EVENT, decision(), at(60))
      .eventRaised(DECISION_EVENT, decision(), at(60))
      .eventRaised(DECISION_EVENT, decision({ action: 'deny', approverId: 'user-oid-bob' }), at(60));
    const s1 = await run(h);
    const recs = recordInputs(s1);
    expect(recs).toHaveLength(1);
    expect(recs[0]?.outcome).toMatchObject({ state: 'approved', approver: { id: 'user-oid-alice' } });
    h.taskScheduled(2, APPROVAL_FUNCTIONS.record, at(60))
      .completed(at(60))
      .played()
      .episode(at(61))
      .taskCompleted(2, null, at(61));
    const s2 = await run(h);
    expect(s2.isDone).toBe(true);
    expect(s2.output).toMatchObject({ state: 'approved', approver: { id: 'user-oid-alice' } });
  });

  it('an event raised before the wait (while notify still runs) is buffered and decides', async () => {
    const h = new History(APPROVAL_FUNCTIONS.orchestrator)
      .started(T0, request)
      .taskScheduled(0, APPROVAL_FUNCTIONS.notify, T0)
      .completed(T0)
      .played()
      .episode(at(2))
      .eventRaised(DECISION_EVENT, decision({ decidedAt: at(2).toISOString() }), at(2))
      .completed(at(2))
      .played()
      .episode(at(3))
      .taskCompleted(0, { posted: true }, at(3));
    const s = await run(h);
    expect(recordInputs(s)[0]?.outcome).toMatchObject({ state: 'approved', decidedAt: at(3).toISOString() });
  });

  it.each([
    ['a non-member', decision({ approverId: 'user-oid-mallory', groups: ['grp-other'] }), 'not_an_approver'],
    ['the requester (agent object id)', decision({ approverId: 'agent-oid-1' }), 'self_approval'],
    [
      'the requester by alias',
      { ...decision(), approver: { ...decision().approver, aliases: ['AGENT-SUB-1'] } },
      'self_approval',
    ],
    ['an invalid action', decision({ action: 'escalate' }), 'invalid_action'],
    [
      'another approval id',
      decision({ approvalId: 'apr-ffffffffffffffffffffffffffffffff' }),
      'wrong_approval',
    ],
    ['a malformed event', { approvalId: ID, action: 'approve' }, 'malformed'],
  ])(
    '%s: the decision is recorded as refused and the wait goes on until a valid one',
    async (_label, bad, code) => {
      const h = waiting().episode(at(40)).eventRaised(DECISION_EVENT, bad, at(40));
      const s1 = await run(h);
      expect(s1.isDone).toBe(false);
      const recs = recordInputs(s1);
      expect(recs).toEqual([
        expect.objectContaining({ kind: 'rejected', rejection: expect.objectContaining({ code }) }),
      ]);
      expect(recs[0]?.rejection).not.toHaveProperty('statement');
      expect((s1.customStatus as { rejected: Array<{ code: string }> }).rejected.map((r) => r.code)).toEqual([
        code,
      ]);
      // The orchestration keeps waiting: a new WhenAny with a fresh timer at the same deadline.
      h.taskScheduled(2, APPROVAL_FUNCTIONS.record, at(40))
        .completed(at(40))
        .played()
        .episode(at(41))
        .taskCompleted(2, null, at(41));
      const s2 = await run(h);
      const whenAny = lastActions(s2).find((a) => a.actionType === 11)!;
      expect((whenAny.compoundActions as Array<Record<string, unknown>>)[1]).toMatchObject({
        fireAt: request.expiresAt,
      });
      h.timerCreated(3, at(900), at(41))
        .completed(at(41))
        .played()
        .episode(at(120))
        .eventRaised(DECISION_EVENT, decision({ approverId: 'user-oid-carol' }), at(120));
      const s3 = await run(h);
      const out = recordInputs(s3).at(-1)?.outcome;
      expect(out).toMatchObject({ state: 'approved', approver: { id: 'user-oid-carol' } });
      expect(out?.rejected.map((r) => r.code)).toEqual([code]);
    },
  );

  it('a token used for a refused decision cannot be replayed', async () => {
    const bad = decision({ approverId: 'user-oid-mallory', groups: ['grp-other'], tokenId: 'tok-1' });
    const again = decision({ tokenId: 'tok-1' });
    const h = waiting()
      .episode(at(40))
      .eventRaised(DECISION_EVENT, bad, at(40))
      .taskScheduled(2, APPROVAL_FUNCTIONS.record, at(40))
      .completed(at(40))
      .played()
      .episode(at(41))
      .taskCompleted(2, null, at(41))
      .timerCreated(3, at(900), at(41))
      .completed(at(41))
      .played()
      .episode(at(50))
      .eventRaised(DECISION_EVENT, again, at(50));
    const s = await run(h);
    // Actions accumulate over the whole execution: the second record is the refusal of the replayed token.
    expect(recordInputs(s).map((r) => r.rejection?.code)).toEqual(['not_an_approver', 'token_reused']);
    expect((s.customStatus as { usedTokenIds: string[] }).usedTokenIds).toEqual(['tok-1']);
  });

  it('a notify that fails after its retries does not end the approval: it waits, notified = false', async () => {
    // The extension retries (timer, reschedule) and reports each step; the library's RetryableTask
    // gives up after 3 attempts: fail 0, retry timer 1, fail 2, retry timer 3, fail 4, timer 5.
    const h = new History(APPROVAL_FUNCTIONS.orchestrator)
      .started(T0, request)
      .taskScheduled(0, APPROVAL_FUNCTIONS.notify, T0)
      .completed(T0)
      .played()
      .episode(at(1))
      .taskFailed(0, at(1))
      .timerFired(1, at(3))
      .taskFailed(2, at(4))
      .timerFired(3, at(6))
      .taskFailed(4, at(7));
    const retrying = await run(h);
    expect(lastActions(retrying).some((a) => a.actionType === 11)).toBe(false);
    h.timerFired(5, at(9));
    const s = await run(h);
    expect(s.isDone).toBe(false);
    expect(s.error).toBeUndefined();
    const whenAny = lastActions(s).find((a) => a.actionType === 11);
    expect(whenAny).toBeDefined();
    expect(s.customStatus).toMatchObject({ state: 'pending', notified: false });
  });

  it('fails closed when the outcome cannot be recorded (audit sink down after retries)', async () => {
    const h = waiting()
      .episode(at(60))
      .eventRaised(DECISION_EVENT, decision(), at(60))
      .taskScheduled(2, APPROVAL_FUNCTIONS.record, at(60))
      .completed(at(60))
      .played()
      .episode(at(61))
      .taskFailed(2, at(61))
      .timerFired(3, at(63))
      .taskFailed(4, at(64))
      .timerFired(5, at(66))
      .taskFailed(6, at(67))
      .timerFired(7, at(69));
    // The orchestration fails (the status endpoint maps Failed to expired): never approved.
    await expect(run(h)).rejects.toThrow(/activity failed/);
  });

  it('is deterministic: the same history replays to the same output whatever the wall clock says', async () => {
    const h = waiting()
      .episode(at(60))
      .eventRaised(DECISION_EVENT, decision(), at(60))
      .taskScheduled(2, APPROVAL_FUNCTIONS.record, at(60))
      .completed(at(60))
      .played()
      .episode(at(61))
      .taskCompleted(2, null, at(61));
    const a = await run(h);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-01-01T00:00:00Z'));
    const b = await run(h);
    expect(b.output).toEqual(a.output);
    expect(b.actions).toEqual(a.actions);
  });

  it('refuses an input that is not an ApprovalRequest', async () => {
    const h = new History(APPROVAL_FUNCTIONS.orchestrator).started(T0, { nope: true });
    await expect(replay(approvalOrchestrator, h, ID, { nope: true })).rejects.toThrow(
      /ApprovalRequest contract/,
    );
  });
});

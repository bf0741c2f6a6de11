import { app } from '@azure/functions';
import { describe, expect, it, vi } from 'vitest';

describe('registerApprovalFunctions', () => {
  it('registers the orchestration, two activities and four HTTP routes with the right auth levels', async () => {
    const http = vi.spyOn(app, 'http').mockImplementation(() => undefined);
    const generic = vi.spyOn(app, 'generic').mockImplementation(() => undefined);
    const { registerApprovalFunctions } = await import('../../../../functions/approvals/register.js');
    registerApprovalFunctions();
    const routes = http.mock.calls.map(([name, o]) => [name, o.route, o.methods, o.authLevel]);
    expect(routes).toEqual([
      ['approvalStart', 'approvals', ['POST'], 'function'],
      ['approvalStatus', 'approvals/{id}', ['GET'], 'function'],
      ['approvalReview', 'approvals/{id}/review', ['GET'], 'anonymous'],
      ['approvalDecision', 'approvals/{id}/decision', ['POST'], 'anonymous'],
    ]);
    for (const [, o] of http.mock.calls) expect(o.extraInputs?.[0]?.type).toBe('durableClient');
    expect(generic.mock.calls.map(([name, o]) => [name, o.trigger.type])).toEqual([
      ['approvalOrchestrator', 'orchestrationTrigger'],
      ['approvalNotify', 'activityTrigger'],
      ['approvalRecord', 'activityTrigger'],
    ]);
  });

  it('answers 503 problem+json when the app settings are missing, naming no value', async () => {
    const http = vi.spyOn(app, 'http').mockImplementation(() => undefined);
    vi.spyOn(app, 'generic').mockImplementation(() => undefined);
    const { registerApprovalFunctions } = await import('../../../../functions/approvals/register.js');
    registerApprovalFunctions();
    const start = http.mock.calls.find(([n]) => n === 'approvalStart')![1].handler;
    const { HttpRequest, InvocationContext } = await import('@azure/functions');
    const errors: string[] = [];
    const ctx = new InvocationContext({
      functionName: 'approvalStart',
      logHandler: (_l, ...a) => void errors.push(a.join(' ')),
    });
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('PHIGATE_')) delete process.env[k];
    try {
      const res = await start(
        new HttpRequest({ method: 'POST', url: 'https://f.example.net/api/approvals' }),
        ctx,
      );
      expect(res).toMatchObject({ status: 503 });
      expect(JSON.parse(String((res as { body: string }).body))).toMatchObject({ code: 'settings-invalid' });
      expect(errors.join('\n')).toContain('PHIGATE_APPROVERS_GROUP');
    } finally {
      process.env = saved;
    }
  });
});

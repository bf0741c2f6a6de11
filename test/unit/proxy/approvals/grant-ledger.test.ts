import { describe, expect, it } from 'vitest';
import { statementSha256 } from '../../../../core/approvals/statement-digest.js';
import type { Grant } from '../../../../core/approvals/status.js';
import { GrantLedger } from '../../../../proxy/approvals/grant-ledger.js';

const T = new Date('2026-11-28T10:00:00.000Z');
const TEXT = "update patients set phone = '555-0100' where patient_id = 3";
const once: Grant = {
  kind: 'once',
  approvalId: 'apr-1',
  agentId: 'agent',
  resource: 'ehr',
  fingerprint: 'fp',
  statementSha256: statementSha256(TEXT),
  validFrom: T.toISOString(),
  validUntil: new Date(T.getTime() + 600_000).toISOString(),
};
const q = (statement: string, over: object = {}) => ({
  agentId: 'agent',
  resource: 'ehr',
  fingerprint: 'fp',
  statement,
  ...over,
});

describe('grant ledger', () => {
  it('a once grant lets through only the approved text, once, inside its validity', () => {
    const l = new GrantLedger();
    l.add(once);
    const at = new Date(T.getTime() + 1_000);
    // The fingerprint is the same for other literal values; the text is not.
    expect(l.claim(q("update patients set phone = '555-0100' where patient_id = 4"), at)).toBeUndefined();
    expect(l.claim(q(`${TEXT} `), at)).toBeUndefined();
    expect(l.claim(q(TEXT), new Date(T.getTime() - 1))).toBeUndefined();
    expect(l.claim(q(TEXT), at)).toMatchObject({ approvalId: 'apr-1', kind: 'once' });
    expect(l.claim(q(TEXT), at)).toBeUndefined();
  });

  it('fails closed on a once grant without a text digest (an older control plane)', () => {
    const l = new GrantLedger();
    const { statementSha256: _digest, ...legacy } = once as Extract<Grant, { kind: 'once' }>;
    l.add(legacy as Grant);
    expect(l.claim(q(TEXT), new Date(T.getTime() + 1_000))).toBeUndefined();
  });

  it('a window with a pattern that does not compile matches nothing', () => {
    const l = new GrantLedger();
    l.add({
      kind: 'window',
      approvalId: 'apr-2',
      agentId: 'agent',
      resource: 'ehr',
      statementPattern: "update patients set phone = 'open",
      validFrom: T.toISOString(),
      validUntil: new Date(T.getTime() + 600_000).toISOString(),
    });
    expect(l.claim(q(TEXT), new Date(T.getTime() + 1_000))).toBeUndefined();
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signDecisionToken,
  signingKeyFromBase64,
  verifyDecisionToken,
} from '../../../../core/approvals/decision-token.js';

const KEY = Buffer.alloc(32, 1);
const claims = { approvalId: 'apr-1', action: 'approve' as const, approverId: 'user-1', expiresAt: 2_000 };

describe('decision tokens', () => {
  it('round-trips the bound claims with a fresh jti each time', () => {
    const a = signDecisionToken(KEY, claims);
    const b = signDecisionToken(KEY, claims);
    const va = verifyDecisionToken(KEY, a, 1_000);
    expect(va).toMatchObject({ ok: true, claims: { ...claims } });
    expect(va.ok && verifyDecisionToken(KEY, b, 1_000).ok && va.claims.jti).not.toBe(
      (verifyDecisionToken(KEY, b, 1_000) as { claims: { jti: string } }).claims.jti,
    );
  });

  it('refuses expiry at and after exp', () => {
    const t = signDecisionToken(KEY, claims);
    expect(verifyDecisionToken(KEY, t, 1_999).ok).toBe(true);
    expect(verifyDecisionToken(KEY, t, 2_000)).toMatchObject({ ok: false, code: 'token_expired' });
  });

  it('refuses any change of payload or signature, another key, and junk', () => {
    const t = signDecisionToken(KEY, claims);
    const [v, p, s] = t.split('.') as [string, string, string];
    const denied = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), act: 'deny' }),
    ).toString('base64url');
    expect(verifyDecisionToken(KEY, `${v}.${denied}.${s}`, 0)).toMatchObject({
      ok: false,
      code: 'token_forged',
    });
    expect(verifyDecisionToken(KEY, `${v}.${p}.${s}x`, 0)).toMatchObject({ ok: false, code: 'token_forged' });
    expect(verifyDecisionToken(Buffer.alloc(32, 2), t, 0)).toMatchObject({ ok: false, code: 'token_forged' });
    for (const junk of ['', 'a.b', 'v2.x.y', 42, null, `${v}.${p}`, 'x'.repeat(5000)]) {
      expect(verifyDecisionToken(KEY, junk, 0)).toMatchObject({ ok: false, code: 'token_malformed' });
    }
  });

  it('refuses a validly signed body with a bad action', () => {
    // Signed by us but with an action outside the contract: malformed, not trusted.
    const forgedBody = signDecisionToken(KEY, { ...claims, action: 'escalate' as never });
    expect(verifyDecisionToken(KEY, forgedBody, 0)).toMatchObject({ ok: false, code: 'token_malformed' });
  });

  it('requires keys of at least 32 bytes', () => {
    expect(() => signDecisionToken(Buffer.alloc(16), claims)).toThrow(/at least 32 bytes/);
    expect(() => signingKeyFromBase64(Buffer.alloc(31).toString('base64'))).toThrow();
    expect(() => signingKeyFromBase64(undefined)).toThrow(/not set/);
    expect(signingKeyFromBase64(Buffer.alloc(32, 9).toString('base64')).byteLength).toBe(32);
  });

  it('binds the scope kind of the approve button; deny carries none; a first-format token approves once', () => {
    const scopeOf = (t: string) => {
      const v = verifyDecisionToken(KEY, t, 1_000);
      return v.ok ? v.claims.scope : v.code;
    };
    expect(scopeOf(signDecisionToken(KEY, claims))).toBe('once');
    expect(scopeOf(signDecisionToken(KEY, { ...claims, scope: 'window' }))).toBe('window');
    expect(scopeOf(signDecisionToken(KEY, { ...claims, action: 'deny' }))).toBeUndefined();
    expect(() => signDecisionToken(KEY, { ...claims, action: 'deny', scope: 'window' })).toThrow();
    // Turning a once token into a window token breaks the signature.
    const once = signDecisionToken(KEY, claims);
    const [v, p, sig] = once.split('.') as [string, string, string];
    const body = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const widened = Buffer.from(JSON.stringify({ ...body, scp: 'window' })).toString('base64url');
    expect(verifyDecisionToken(KEY, `${v}.${widened}.${sig}`, 1_000)).toMatchObject({ code: 'token_forged' });
    // A validly signed body of the first format (no scp) approves once; a bad scp is malformed.
    const mac = (payload: string) =>
      createHmac('sha256', KEY).update(`phigate-decision.${payload}`).digest('base64url');
    const legacy = Buffer.from(JSON.stringify({ ...body, scp: undefined })).toString('base64url');
    expect(scopeOf(`v1.${legacy}.${mac(legacy)}`)).toBe('once');
    const bad = Buffer.from(JSON.stringify({ ...body, scp: 'forever' })).toString('base64url');
    expect(scopeOf(`v1.${bad}.${mac(bad)}`)).toBe('token_malformed');
    const denyWithScope = Buffer.from(JSON.stringify({ ...body, act: 'deny', scp: 'window' })).toString(
      'base64url',
    );
    expect(scopeOf(`v1.${denyWithScope}.${mac(denyWithScope)}`)).toBe('token_malformed');
  });
});

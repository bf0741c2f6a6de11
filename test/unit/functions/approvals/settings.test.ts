import { describe, expect, it } from 'vitest';
import { loadApprovalSettings, reviewLinks } from '../../../../functions/approvals/settings.js';

const KEY = Buffer.alloc(32, 4).toString('base64');
const base = {
  PHIGATE_APPROVERS_GROUP: 'grp',
  PHIGATE_APPROVAL_SIGNING_KEY: KEY,
  PHIGATE_REVIEW_BASE_URL: 'https://func.example.net/',
};

describe('Functions app settings', () => {
  it('reads the settings with defaults; an empty webhook setting counts as unset', () => {
    const s = loadApprovalSettings({
      ...base,
      PHIGATE_TEAMS_WEBHOOK_URL: '',
      PHIGATE_PROXY_PRINCIPAL_IDS: 'a, b',
    });
    expect(s).toMatchObject({
      approverGroup: 'grp',
      teamsWebhookUrl: undefined,
      reviewBaseUrl: 'https://func.example.net',
      defaultTimeoutMs: 900_000,
      maxTimeoutMs: 3_600_000,
      statementOnCard: 'truncated',
      proxyPrincipalIds: ['a', 'b'],
    });
    expect(reviewLinks(s.reviewBaseUrl, 'apr-1').approve).toBe(
      'https://func.example.net/api/approvals/apr-1/review?intent=approve',
    );
  });

  it('names missing or invalid settings, never their values', () => {
    const secret = 'ftp//prod-00 logic azure com sig=TOPSECRET';
    expect(() => loadApprovalSettings({ PHIGATE_TEAMS_WEBHOOK_URL: `${secret} not a url` })).toThrow(
      /PHIGATE_APPROVERS_GROUP, PHIGATE_APPROVAL_SIGNING_KEY, PHIGATE_TEAMS_WEBHOOK_URL, PHIGATE_REVIEW_BASE_URL/,
    );
    try {
      loadApprovalSettings({ ...base, PHIGATE_TEAMS_WEBHOOK_URL: `${secret} not a url` });
    } catch (e) {
      expect(String(e)).not.toContain('TOPSECRET');
    }
    expect(() =>
      loadApprovalSettings({ ...base, PHIGATE_APPROVAL_SIGNING_KEY: Buffer.alloc(16).toString('base64') }),
    ).toThrow(/PHIGATE_APPROVAL_SIGNING_KEY \(base64, >= 32 bytes\)/);
  });
});

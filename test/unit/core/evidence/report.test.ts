import { describe, expect, it } from 'vitest';
import { EvidenceCollector } from '../../../../core/evidence/model.js';
import { buildEvidencePackage } from '../../../../core/evidence/package.js';
import { stackedBarChart } from '../../../../core/evidence/svg-chart.js';

const verification = {
  ok: false,
  records: 10,
  segments: 1,
  sessions: 1,
  problemCount: 2,
  firstProblem: 'segment-000001.jsonl:4 (lseq 4): log-gap: records lseq 3..3 are missing before this record',
  lastLseq: 10,
  lastHash: 'a'.repeat(64),
  retentionBoundary: undefined,
  warnings: [],
};

describe('evidence report', () => {
  it('escapes statement text and names; says plainly when verification failed', () => {
    const model = new EvidenceCollector({ from: 0, to: Date.now() }).finish();
    model.statements.push({
      session: 's<1>',
      stmt: 1,
      agentId: '<img src=x onerror=alert(1)>',
      agentName: '',
      subject: '',
      tenant: '',
      issuer: '',
      resource: 'ehr',
      client: '',
      text: "select '</td><script>alert(1)</script>'",
      fingerprint: '',
      path: 'simple',
      decision: 'allow',
      ruleId: 'r',
      reason: 'x & y',
      approvalId: '',
      approvalState: '',
      approver: '',
      approvedAt: '',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:00.001Z',
      durationMs: 1,
      status: 'ok',
      rows: 0,
      columns: '',
      masked: '',
      maskedValues: 0,
      bytesOut: 0,
      sqlstate: '',
      errorCode: '',
      recorded: false,
      intentHash: '',
      outcomeHash: '',
      lseq: 1,
    });
    const files = buildEvidencePackage({
      model,
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
      agent: undefined,
      generatedAt: '2026-01-03T00:00:00.000Z',
      verification,
      transcripts: new Map(),
    });
    const html = files.find((f) => f.path === 'report.html')!.content;
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;/td&gt;&lt;script&gt;');
    expect(html).toContain('Chain verification FAILED</b> with 2 problem(s)');
    expect(html).toContain('log-gap: records lseq 3..3 are missing');
    const manifest = JSON.parse(files.at(-1)!.content);
    expect(manifest.verification.ok).toBe(false);
  });

  it('charts are inline SVG with a title, a bar per group and the totals', () => {
    const svg = stackedBarChart(
      'T <x>',
      [
        { name: 'a', color: '#111' },
        { name: 'b', color: '#222' },
      ],
      [
        { label: 'g1', values: [2, 1] },
        { label: 'g2', values: [0, 4] },
      ],
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>T &lt;x&gt;</title>');
    expect(svg.match(/<rect [^>]*height="16"/g)).toHaveLength(3);
    expect(svg).toMatch(/>3<\/text>[\s\S]*>4<\/text>/);
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as h, PAGE_HEADERS } from '../../core/approvals/html.js';

/** Small HTTP helpers of the dev approvals server (bodies with a cap, problem+json, pages). */
export const MAX_BODY = 64 * 1024;

/** The body as text, or undefined when it exceeds `max` bytes. */
export function readBody(req: IncomingMessage, max = MAX_BODY): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve(undefined);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > max ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** RFC 9457 problem; `detail` never echoes request values. */
export function problem(res: ServerResponse, status: number, code: string, detail: string): void {
  const body = JSON.stringify({ type: `urn:phigate:problem:${code}`, title: code, status, detail, code });
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(body);
}

export function json(res: ServerResponse, status: number, doc: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(doc));
}

export function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...PAGE_HEADERS });
  res.end(body);
}

export function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...extra });
  res.end();
}

export const wantsHtml = (req: IncomingMessage): boolean => (req.headers.accept ?? '').includes('text/html');

/** The page frame of the dev-only pages (console, sign-in). */
export function shell(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)} · phigate dev</title>
<style>body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:64rem;padding:0 1rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left}tr.pending{background:#fff8dc}.banner{background:#fff3c4;padding:.5rem}
label{display:block;margin:.5rem 0}</style></head><body>${body}</body></html>`;
}

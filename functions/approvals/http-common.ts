import type { HttpRequest } from '@azure/functions';
import type { DurablePort } from './durable-port.js';
import type { ApprovalSettings } from './settings.js';

export interface HttpDeps {
  readonly settings: ApprovalSettings;
  readonly durable: DurablePort;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export const MAX_BODY_BYTES = 256 * 1024;

export type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: boolean };

/** Reads a request body with a size cap (the statement can be long, but not unbounded). */
export async function readBody(req: HttpRequest, max = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > max) return { ok: false, tooLarge: true };
  try {
    const text = await req.text();
    if (Buffer.byteLength(text) > max) return { ok: false, tooLarge: true };
    return { ok: true, text };
  } catch {
    return { ok: false, tooLarge: false };
  }
}

/**
 * Start and status are `authLevel: 'function'` (the host checks the function key before this
 * code runs). When PHIGATE_PROXY_PRINCIPAL_IDS is set, the caller must also be one of those
 * managed identities, as validated by App Service authentication (`x-ms-client-principal-id`).
 */
export function proxyCallerAllowed(req: HttpRequest, settings: ApprovalSettings): boolean {
  if (settings.proxyPrincipalIds.length === 0) return true;
  const id = req.headers.get('x-ms-client-principal-id');
  return !!id && settings.proxyPrincipalIds.includes(id);
}

export const wantsHtml = (req: HttpRequest): boolean =>
  (req.headers.get('accept') ?? '').includes('text/html');

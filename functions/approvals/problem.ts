import type { HttpResponseInit } from '@azure/functions';

/**
 * RFC 9457 problem details. `code` is stable; `detail` names the problem and never echoes
 * request values, tokens or statement text.
 */
export const PROBLEM = {
  badRequest: { status: 400, title: 'Bad request' },
  unauthenticated: { status: 401, title: 'Sign-in required' },
  forbidden: { status: 403, title: 'Forbidden' },
  notFound: { status: 404, title: 'Not found' },
  conflict: { status: 409, title: 'Conflict' },
  gone: { status: 410, title: 'Gone' },
  tooLarge: { status: 413, title: 'Payload too large' },
  unsupported: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable decision' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export function problem(kind: keyof typeof PROBLEM, code: string, detail: string): HttpResponseInit {
  const { status, title } = PROBLEM[kind];
  return {
    status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
    body: JSON.stringify({ type: `urn:phigate:problem:${code}`, title, status, detail, code }),
  };
}

export function json(status: number, body: unknown): HttpResponseInit {
  return {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

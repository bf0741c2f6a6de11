/**
 * GET a small JSON document (discovery document, JWKS) with a timeout and a size cap.
 * Failures are thrown as plain Errors with a short reason (status code, timeout, size):
 * the caller turns them into IDENTITY_UNAVAILABLE.
 */

/** Discovery documents and key sets are a few KiB; anything near this is not one. */
const MAX_BYTES = 512 * 1024;

export type FetchLike = (input: URL, init: RequestInit) => Promise<Response>;

export async function fetchJson(url: URL, timeoutMs: number, fetchImpl: FetchLike = fetch): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'GET',
      redirect: 'error',
      headers: { accept: 'application/json, application/jwk-set+json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    throw new Error(name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed', {
      cause: error,
    });
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`response larger than ${MAX_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      let part: Awaited<ReturnType<typeof reader.read>>;
      try {
        part = await reader.read();
      } catch (error) {
        throw new Error('response body could not be read in time', { cause: error });
      }
      if (part.done) break;
      size += part.value.byteLength;
      if (size > MAX_BYTES) {
        await reader.cancel().catch(() => undefined);
        throw new Error(`response larger than ${MAX_BYTES} bytes`);
      }
      chunks.push(part.value);
    }
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new Error('response is not JSON');
  }
}

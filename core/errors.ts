/**
 * Errors with a stable code. Request-time errors become a PostgreSQL ErrorResponse
 * (sqlstate) or an HTTP problem+json (status). Messages never interpolate row values,
 * literals, parameters, tokens or secrets: only names of things (rules, resources, keys).
 */
export class PhigateError extends Error {
  readonly code: string;
  readonly sqlstate: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly hint: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { sqlstate?: string; status?: number; detail?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PhigateError';
    this.code = code;
    this.sqlstate = options.sqlstate ?? 'XX000';
    this.status = options.status ?? 500;
    this.detail = options.detail;
    this.hint = options.hint;
  }
}

export const isPhigateError = (e: unknown): e is PhigateError => e instanceof PhigateError;

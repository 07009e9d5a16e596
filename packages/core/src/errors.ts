import type { Finding, Problem, ServerErrorCode } from './types.js';

/** Codes a client raises itself, when no problem+json came back. */
export type ClientErrorCode = 'NETWORK' | 'TIMEOUT' | 'UNEXPECTED_RESPONSE';
export type ErrorCode = ServerErrorCode | ClientErrorCode;

/** The one error type the client throws: a problem from the gateway, or a transport failure. */
export class IhError extends Error {
  override readonly name = 'IhError';
  readonly code: ErrorCode;
  /** HTTP status, 0 when no response arrived. */
  readonly status: number;
  readonly detail?: string;
  readonly fieldErrors: ReadonlyArray<{ pointer: string; message: string }>;
  /** For PRESCRIPTION_CHECK_FAILED: what the prescription checks found. */
  readonly findings: ReadonlyArray<Finding>;

  constructor(code: ErrorCode, status: number, message: string, init: { detail?: string; fieldErrors?: Problem['errors']; findings?: Problem['findings']; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.status = status;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.findings = init.findings ?? [];
  }

  static fromProblem(problem: Problem): IhError {
    return new IhError(problem.code, problem.status, problem.title, { detail: problem.detail, fieldErrors: problem.errors, findings: problem.findings });
  }

  /** Whether trying the same call again later may succeed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export function isIhError(e: unknown): e is IhError {
  return e instanceof Error && e.name === 'IhError' && typeof (e as IhError).code === 'string';
}

/** Reads a problem+json body, or returns undefined if the body is not one. */
export function parseProblem(body: unknown): Problem | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const p = body as Record<string, unknown>;
  return typeof p.code === 'string' && typeof p.status === 'number' && typeof p.title === 'string'
    ? (p as unknown as Problem)
    : undefined;
}

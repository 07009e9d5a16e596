/**
 * What the gateway logs. Request logs carry the method, the path (opaque ids only, no query
 * string), the status, the duration and the request id — never headers (Authorization) or
 * bodies, which may hold names, ID numbers and phone numbers.
 */
import type { FastifyServerOptions } from 'fastify';

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

interface RequestLike {
  method?: string;
  url?: string;
}

function pathOnly(url: string | undefined): string | undefined {
  return url?.split('?')[0];
}

/** Errors are logged by type, message, code and stack only; driver errors' other fields (e.g. pg's `detail`, which quotes values) are left out. */
export function safeError(err: unknown): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (!(err instanceof Error)) return { type: typeof err, message: '', stack: '' };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), stack: err.stack ?? '' };
}

export const logSerializers = {
  req: (req: RequestLike) => ({ method: req.method, url: pathOnly(req.url) }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: safeError,
};

/** Fastify logger options: ours, with a caller's level/stream/transport on top. */
export function loggerOptions(level: string, custom?: LoggerOptions | boolean): FastifyServerOptions['logger'] {
  if (custom === false) return false;
  const base = { level, serializers: logSerializers };
  if (custom === true || custom === undefined) return base;
  return { ...base, ...custom, serializers: { ...logSerializers, ...(custom.serializers ?? {}) } };
}

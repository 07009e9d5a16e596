/**
 * Contract-driven routing, in one place: one Fastify route per operation of openapi.yaml,
 * validated with the contract's schemas, authenticated when the contract secures it and
 * refused (ROLE_NOT_ALLOWED) to a user whose role its `x-ihkit-roles` does not name,
 * rate-limited when it names a class (`x-ihkit-rate-limit`: per address, and per signed-in
 * user), audited when its handler reads or writes patient data, and answered by the handler of
 * the same operationId, with the contract's catalog text in Traditional Chinese for readers of
 * zh-TW (catalog-text.ts). Whose consult, prescription or report it is stays the handlers' to check.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import { outcomeOf, writeAudit, type AuditNote } from './audit.js';
import type { Contract } from './contract.js';
import type { Call, OperationHandler, Services } from './operations.js';
import type { ServerErrorCode } from '@ihkit/core';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { classify, HttpProblem, PROBLEMS } from './problems.js';
import { addressSubject, RATE_LIMIT_CLASSES, RATE_LIMIT_RULES, REFUSALS_ONLY, type RateLimitRule } from './rate-limit.js';
import type { UserRow } from './users.js';
import { unstorableText } from './validation.js';
import { holdsCatalogText, inTraditional } from './catalog-text.js';
import { wantsTraditional } from './languages.js';

/** Handlers by operationId, loosely typed (the `Handlers` type is the strict one). */
export type HandlerMap = Record<string, { audit?: string; handle(call: never, services: Services): Promise<{ status?: number; body: unknown }> } | undefined>;

/** Refuses to start when the contract and the handlers do not match one to one. */
export function checkCoverage(contract: Contract, handlers: HandlerMap): void {
  const ops = new Set(contract.operations.map((o) => o.operationId));
  const missing = [...ops].filter((id) => !handlers[id]);
  const extra = Object.keys(handlers).filter((id) => handlers[id] && !ops.has(id));
  const problems = [
    ...(missing.length ? [`operations without a handler: ${missing.join(', ')}`] : []),
    ...(extra.length ? [`handlers without an operation in openapi.yaml: ${extra.join(', ')}`] : []),
  ];
  if (problems.length) throw new Error(`ihkit gateway: the handlers do not match the contract — ${problems.join('; ')}`);
}

declare module 'fastify' {
  interface FastifyRequest {
    ihkitUser: UserRow | null;
    ihkitSession: string | null;
    /** The body as it arrived, for an operation that takes it so (`x-ihkit-raw-body`). */
    ihkitRawBody: string | null;
    ihkitAuthenticatedAt: Date | null;
  }
}

export interface RouterOptions {
  /** Largest body by operationId, over the contract's `x-ihkit-binary-body` maxBytes (the gateway's configured limits). */
  bodyLimits?: Partial<Record<string, number>>;
  /** The largest body of the other operations (the server's body limit). */
  bodyLimit?: number;
}

/** Reads a body whole (at most `limit` bytes), keeping it, and hands the parser the same bytes. */
async function keepRawBody(request: FastifyRequest, payload: NodeJS.ReadableStream, limit: number): Promise<NodeJS.ReadableStream> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > limit) throw new HttpProblem('PAYLOAD_TOO_LARGE');
    chunks.push(bytes);
  }
  const raw = Buffer.concat(chunks);
  request.ihkitRawBody = raw.toString('utf8');
  const again = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
  again.receivedEncodedLength = raw.length;
  return again;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function hasBody(request: FastifyRequest): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

export function registerOperations(app: FastifyInstance, contract: Contract, handlers: HandlerMap, services: Services, options: RouterOptions = {}): void {
  checkCoverage(contract, handlers);
  for (const op of contract.operations) {
    const code = op.binaryBody?.unsupportedCode;
    if (code && !(code in PROBLEMS)) throw new Error(`openapi: ${op.operationId} refuses other media types with ${code}, which is not an ErrorCode`);
    if (op.rateLimit && !RATE_LIMIT_CLASSES.includes(op.rateLimit)) throw new Error(`openapi: ${op.operationId} names rate-limit class ${op.rateLimit}; the classes are ${RATE_LIMIT_CLASSES.join(', ')}`);
  }
  app.decorateRequest('ihkitUser', null);
  app.decorateRequest('ihkitSession', null);
  app.decorateRequest('ihkitRawBody', null);
  // A form body (a payment provider's notification) is read into its fields; only the
  // operations that take one (`x-ihkit-raw-body`) let it through preParsing.
  if (contract.operations.some((o) => o.rawBody?.contentTypes.includes('application/x-www-form-urlencoded'))) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  }
  app.decorateRequest('ihkitAuthenticatedAt', null);
  // File bodies (images, recordings) arrive as Buffers: up to the server's body limit, except on the
  // routes of operations that take files, which set their own.
  const binaryTypes = [...new Set(contract.operations.flatMap((o) => o.binaryBody?.contentTypes ?? []))];
  if (binaryTypes.length) app.addContentTypeParser(binaryTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  for (const op of contract.operations) {
    const handler = handlers[op.operationId] as unknown as OperationHandler;
    const binary = op.binaryBody;
    const rule = (scope: 'address' | 'user') => {
      const name = `${op.rateLimit}.${scope}` as RateLimitRule;
      return op.rateLimit && RATE_LIMIT_RULES.includes(name) ? name : undefined;
    };
    const byAddress = rule('address');
    /** The statuses whose answers hold catalog text (catalog-text.ts). */
    const catalogText = new Set(Object.entries(op.schema.response ?? {}).filter(([, schema]) => holdsCatalogText(schema)).map(([status]) => status));
    const byUser = rule('user');
    /** The call's audit_log rows, when the operation is audited. */
    const audit = async (request: FastifyRequest, user: UserRow | undefined, note: AuditNote, status: number) => {
      if (!handler.audit) return;
      // A stranger's refused call that touched no patient: counted, not a row anyone could add for ever.
      if (!user && status >= 400 && !note.patientIds.length) return services.refusals.add(op.operationId, outcomeOf(status), services.now());
      await writeAudit(services.db, { ...note, actorId: user?.id ?? null, actorRole: user?.role ?? null, action: op.operationId, outcome: outcomeOf(status), requestId: request.id });
    };
    app.route({
      method: op.method,
      url: op.routePath,
      schema: op.schema,
      ...(binary ? { bodyLimit: options.bodyLimits?.[op.operationId] ?? binary.maxBytes } : {}),
      // A body of a type the operation does not take is refused before it is read: a file of another type with
      // the operation's own code; anything but JSON elsewhere (another operation's file type, text/plain …).
      preParsing: async (request: FastifyRequest, _reply, payload) => {
        const type = mediaType(request.headers['content-type']);
        if (binary) {
          if (!type || !binary.contentTypes.includes(type)) throw new HttpProblem((binary.unsupportedCode ?? 'UNSUPPORTED_MEDIA_TYPE') as ServerErrorCode, `Send ${binary.contentTypes.join(', ')}.`);
        } else if (op.rawBody) {
          if (type && !op.rawBody.contentTypes.includes(type) && hasBody(request)) throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', `Send JSON or a form (${op.rawBody.contentTypes.join(', ')}).`);
          return keepRawBody(request, payload, options.bodyLimit ?? Number.POSITIVE_INFINITY);
        } else if (type && type !== 'application/json' && hasBody(request)) {
          throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON as application/json.');
        }
        return payload;
      },
      config: { operationId: op.operationId },
      // Authentication and the role come first, so a caller who may not call it learns nothing
      // from validation; then the rate limits, so that invalid requests count too.
      onRequest: op.secured || byAddress
        ? async (request: FastifyRequest) => {
            if (op.secured) {
              const signedIn = await authenticate(services, request.headers.authorization, request.log);
              const user = signedIn.user;
              request.ihkitUser = user;
              request.ihkitSession = signedIn.sessionId ?? null;
              request.ihkitAuthenticatedAt = signedIn.authenticatedAt ?? null;
              if (!op.roles.includes(user.role)) {
                await audit(request, user, { resourceType: handler.audit ?? op.operationId, patientIds: [] }, 403);
                throw new HttpProblem('ROLE_NOT_ALLOWED', `${op.operationId} is for ${op.roles.join(', ')}.`);
              }
            }
            if (byAddress) await services.limiter.take(byAddress, addressSubject(request.ip));
            if (byUser && request.ihkitUser) await services.limiter.take(byUser, request.ihkitUser.id);
          }
        : undefined,
      // An optional body that was left out is an empty object.
      preValidation: op.schema.body && !op.bodyRequired
        ? async (request: FastifyRequest) => {
            if (request.body === undefined || request.body === null) request.body = {};
          }
        : undefined,
      // After the schemas: text they allow but the database would refuse or change.
      preHandler: async (request: FastifyRequest) => {
        const errors = [...unstorableText(request.params, '/path'), ...unstorableText(request.query, '/query'), ...unstorableText(request.body, '/body')];
        if (errors.length) throw new HttpProblem('VALIDATION_FAILED', 'Text may not contain NUL or an unpaired UTF-16 surrogate.', errors);
      },
      handler: async (request, reply) => {
        const user = request.ihkitUser ?? undefined;
        const note: AuditNote = { resourceType: handler.audit ?? op.operationId, patientIds: [] };
        const call: Call = {
          operationId: op.operationId as Call['operationId'],
          requestId: request.id,
          params: request.params as never,
          query: request.query as never,
          body: request.body as never,
          headers: request.headers,
          ...(request.ihkitRawBody !== null ? { rawBody: request.ihkitRawBody } : {}),
          clientIp: request.ip,
          user,
          sessionId: request.ihkitSession ?? undefined,
          authenticatedAt: request.ihkitAuthenticatedAt ?? undefined,
          audit: note,
        };
        let result;
        try {
          result = await handler.handle(call, services);
        } catch (error) {
          // With the database out of reach, the failed request cannot leave its row either: expected, so a warning.
          await audit(request, user, note, PROBLEMS[classify(error).code].status).catch((auditError: unknown) =>
            request.log[isDatabaseUnavailable(auditError) ? 'warn' : 'error']({ err: auditError }, 'audit write failed'));
          throw error;
        }
        const status = result.status ?? 200;
        if (byAddress && REFUSALS_ONLY.includes(byAddress)) await services.limiter.giveBack(byAddress, addressSubject(request.ip));
        await audit(request, user, note, status);
        if (result.headers) reply.headers(result.headers);
        let body: unknown = result.body;
        const schema = op.schema.response?.[String(status)];
        if (catalogText.has(String(status))) {
          // The answer depends on the reader's language: catalog text in Traditional for zh-TW.
          reply.header('vary', 'Accept-Language');
          if (schema && wantsTraditional(request.headers['accept-language'])) {
            body = await inTraditional(schema, body);
            reply.header('content-language', 'zh-TW');
          }
        }
        return reply.code(status).send(body);
      },
    });
  }
}

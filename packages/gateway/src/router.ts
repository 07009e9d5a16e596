/**
 * Contract-driven routing, in one place: one Fastify route per operation of openapi.yaml,
 * validated with the contract's schemas, authenticated when the contract secures it, audited
 * when its handler reads or writes patient data, and answered by the handler of the same
 * operationId.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authenticate } from './auth.js';
import { outcomeOf, writeAudit, type AuditNote } from './audit.js';
import type { Contract } from './contract.js';
import type { Call, OperationHandler, Services } from './operations.js';
import type { ServerErrorCode } from '@ihkit/core';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { classify, HttpProblem, PROBLEMS } from './problems.js';
import type { UserRow } from './users.js';

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
  }
}

export interface RouterOptions {
  /** Largest body by operationId, over the contract's `x-ihkit-binary-body` maxBytes (the gateway's configured limits). */
  bodyLimits?: Partial<Record<string, number>>;
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
function mediaType(header: string | undefined): string | undefined {
  return header?.split(';')[0]?.trim().toLowerCase() || undefined;
}

export function registerOperations(app: FastifyInstance, contract: Contract, handlers: HandlerMap, services: Services, options: RouterOptions = {}): void {
  checkCoverage(contract, handlers);
  for (const op of contract.operations) {
    const code = op.binaryBody?.unsupportedCode;
    if (code && !(code in PROBLEMS)) throw new Error(`openapi: ${op.operationId} refuses other media types with ${code}, which is not an ErrorCode`);
  }
  app.decorateRequest('ihkitUser', null);
  // File bodies (images, recordings) arrive as Buffers: up to the server's body limit, except on the
  // routes of operations that take files, which set their own.
  const binaryTypes = [...new Set(contract.operations.flatMap((o) => o.binaryBody?.contentTypes ?? []))];
  if (binaryTypes.length) app.addContentTypeParser(binaryTypes, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  for (const op of contract.operations) {
    const handler = handlers[op.operationId] as unknown as OperationHandler;
    const binary = op.binaryBody;
    app.route({
      method: op.method,
      url: op.routePath,
      schema: op.schema,
      ...(binary ? { bodyLimit: options.bodyLimits?.[op.operationId] ?? binary.maxBytes } : {}),
      // A file body of a type the operation does not take is refused before it is read, with the operation's own code.
      preParsing: binary
        ? async (request: FastifyRequest) => {
            const type = mediaType(request.headers['content-type']);
            if (!type || !binary.contentTypes.includes(type)) throw new HttpProblem((binary.unsupportedCode ?? 'UNSUPPORTED_MEDIA_TYPE') as ServerErrorCode);
          }
        : undefined,
      config: { operationId: op.operationId },
      // Authentication comes first, so an anonymous caller learns nothing from validation.
      onRequest: op.secured
        ? async (request: FastifyRequest) => {
            request.ihkitUser = await authenticate(services.db, services.tokens, request.headers.authorization);
          }
        : undefined,
      // An optional body that was left out is an empty object.
      preValidation: op.schema.body && !op.bodyRequired
        ? async (request: FastifyRequest) => {
            if (request.body === undefined || request.body === null) request.body = {};
          }
        : undefined,
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
          user,
          audit: note,
        };
        const audit = async (status: number) => {
          if (!handler.audit) return;
          await writeAudit(services.db, { ...note, actorId: user?.id ?? null, actorRole: user?.role ?? null, action: op.operationId, outcome: outcomeOf(status), requestId: request.id });
        };
        let result;
        try {
          result = await handler.handle(call, services);
        } catch (error) {
          // With the database out of reach, the failed request cannot leave its row either: expected, so a warning.
          await audit(PROBLEMS[classify(error).code].status).catch((auditError: unknown) =>
            request.log[isDatabaseUnavailable(auditError) ? 'warn' : 'error']({ err: auditError }, 'audit write failed'));
          throw error;
        }
        const status = result.status ?? 200;
        await audit(status);
        if (result.headers) reply.headers(result.headers);
        return reply.code(status).send(result.body);
      },
    });
  }
}

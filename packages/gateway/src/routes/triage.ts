/** The hospital's guided-triage rules: public, cacheable, the same for everyone (no patient data). */
import type { OperationHandler } from '../operations.js';

export const getTriageRules: OperationHandler<'getTriageRules'> = {
  async handle(call, { triage }) {
    const headers = { etag: triage.etag, 'cache-control': 'public, max-age=300' };
    const wanted = call.headers['if-none-match'];
    if (typeof wanted === 'string' && wanted.split(',').some((t) => t.trim().replace(/^W\//, '') === triage.etag)) return { status: 304, body: undefined as never, headers };
    return { body: triage.rules, headers };
  },
};

/** The finance office's view of reconciliation (对账): runs and differences, and running a day again. */
import { signedIn, type OperationHandler } from '../operations.js';
import { assertWithinOrganization } from '../organizations/isolation.js';
import { HttpProblem } from '../problems.js';
import { readReconciliation, reconcileNow } from '../payments/reconcile.js';

/** The longest range of days one answer covers. */
const MAX_DAYS = 93;

export const listReconciliation: OperationHandler<'listReconciliation'> = {
  audit: 'reconciliation',
  async handle(call, services) {
    // The payment providers reconciled are the home organization's.
    assertWithinOrganization(signedIn(call), services.organizations.home.id);
    const { from, to } = call.query;
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (!(days >= 0) || days >= MAX_DAYS) throw new HttpProblem('VALIDATION_FAILED', `From a day to the same or a later one, at most ${MAX_DAYS} days.`, [{ pointer: '/query/to', message: `is not within ${MAX_DAYS} days after from` }]);
    return { body: await readReconciliation(services.db, { from, to }) };
  },
};

export const runReconciliation: OperationHandler<'runReconciliation'> = {
  audit: 'reconciliation',
  async handle(call, services) {
    const { provider, date } = call.body;
    call.audit.resourceId = `${provider}:${date}`;
    assertWithinOrganization(signedIn(call), services.organizations.home.id);
    // A run records bills and differences, not patient data, in steps of its own (as the sweep's runs do):
    // on the gateway's database as it is, not the call's audited one (audited-db.ts), which would
    // refuse its writes outside a transaction. The call's own audit row is written by the router.
    await reconcileNow({ ...services, db: services.rawDb ?? services.db }, provider, date).catch((err: unknown) => {
      if (err instanceof HttpProblem) throw err;
      throw new HttpProblem('PAYMENT_UNAVAILABLE', 'The provider’s bill could not be had; the run is recorded as failed and tried again later.');
    });
    return { body: await readReconciliation(services.db, { from: date, to: date, provider }) };
  },
};

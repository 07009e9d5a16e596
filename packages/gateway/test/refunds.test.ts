/**
 * Money given back: every path that cancels or refunds, driven against a payment provider that
 * records what it was asked. After every transition, refused or accepted, the provider's ledger
 * of refunds equals ours — a refused transition never reaches the provider (the attack this
 * guards against: cancel a consult the doctor already accepted, get the fee back at the
 * provider, keep the consult).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createSandboxPayments, type RefundRequest, type SandboxPayments } from '@ihkit/adapters';
import type { Consult, Drug, Payment, Prescription, Problem } from '@ihkit/core';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, paidConsult, post, requestConsult, say } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The sandbox provider, recording every refund call and able to fail like a provider that is down. */
function recordingProvider(now: () => Date): SandboxPayments & { calls: RefundRequest[]; down: boolean } {
  const sandbox = createSandboxPayments({ secret: 'refund-test-secret', now });
  const provider = {
    ...sandbox,
    calls: [] as RefundRequest[],
    down: false,
    async refund(request: RefundRequest) {
      provider.calls.push(request);
      if (provider.down) throw new Error('the provider is not answering');
      return sandbox.refund(request);
    },
  };
  return provider;
}

for (const database of databases) {
  describe(`refunds (${database.name})`, () => {
    let gw: TestGateway;
    let provider: ReturnType<typeof recordingProvider>;
    let zhang: string;
    let doctor: string;
    let pharmacist: string;
    let self: string;

    before(async () => {
      // The provider's clock is the test's: a payer who pays after the day ends pays late there too.
      provider = recordingProvider(() => gw.clock.now());
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, payments: provider });
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      pharmacist = await login(gw, 'ph.sun', 'demo');
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
    });
    after(async () => {
      await gw?.close();
    });
    beforeEach(() => {
      provider.down = false;
    });

    /** Our refunds: recorded ones, and payments marked refunded. */
    async function ours() {
      const { rows } = await gw.db.query<{ id: string; payment_id: string; amount: number; done: boolean }>('SELECT id, payment_id, amount, done_at IS NOT NULL AS done FROM refunds');
      const { rows: refundedPayments } = await gw.db.query<{ id: string }>(`SELECT id FROM payments WHERE status = 'refunded'`);
      return { rows: rows.sort(byId), refundedPayments: refundedPayments.map((p) => p.id).sort() };
    }

    /**
     * Right after the transition and once the relay has run: the provider refunded exactly what
     * we recorded (by refund id, payment and amount), and every payment we call refunded has its
     * refund recorded. Returns the number of refunds.
     */
    async function ledgersAgree(step: string): Promise<number> {
      const theirs = () => [...provider.refunds.values()].map((r) => ({ id: r.refundId, payment_id: r.orderId, amount: r.amount.amount })).sort(byId);
      const check = async () => {
        const { rows, refundedPayments } = await ours();
        assert.deepEqual(rows.filter((r) => !r.done).map((r) => r.id), [], `${step}: a recorded refund is still waiting for the provider`);
        assert.deepEqual(rows.map(({ id, payment_id, amount }) => ({ id, payment_id, amount })), theirs(), `${step}: the provider's refunds are not ours`);
        assert.deepEqual(rows.map((r) => r.payment_id).sort(), refundedPayments, `${step}: a payment is marked refunded without a refund, or the other way round`);
      };
      // At once (a refused transition must not have reached the provider), then after the relay.
      const { rows } = await ours();
      assert.ok(theirs().every((t) => rows.some((r) => r.id === t.id)), `${step}: the provider refunded something we never recorded`);
      await eventually(check);
      return rows.length;
    }

    const problem = (res: { statusCode: number; json(): unknown }, status: number, code: Problem['code']) => {
      assert.equal(res.statusCode, status, JSON.stringify(res.json()));
      assert.equal((res.json() as Problem).code, code);
    };

    test('a consult: withdrawn unpaid, withdrawn paid, refused once accepted or completed, referred before and after acceptance', async () => {
      let count = await ledgersAgree('at start');

      const unpaid = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      ok(await post(gw, zhang, `/consults/${unpaid.id}/cancel`));
      assert.equal(await ledgersAgree('withdrawn before paying'), count, 'nothing was paid, nothing goes back');

      const paid = await paidConsult(gw, zhang, self, 'I10');
      assert.equal(ok<Consult>(await post(gw, zhang, `/consults/${paid.id}/cancel`)).status, 'refunded');
      assert.equal(await ledgersAgree('withdrawn after paying'), ++count);
      ok(await post(gw, zhang, `/consults/${paid.id}/cancel`));
      assert.equal(await ledgersAgree('withdrawn twice'), count, 'once, however often it is asked');

      // The attack: the doctor has accepted; the patient asks to cancel.
      const accepted = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${accepted.id}/accept`));
      const callsBefore = provider.calls.length;
      problem(await post(gw, zhang, `/consults/${accepted.id}/cancel`), 409, 'INVALID_STATE');
      assert.equal(provider.calls.length, callsBefore, 'the provider was asked to refund a consult the doctor had accepted');
      assert.equal(await ledgersAgree('cancel refused once accepted'), count);
      assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${accepted.id}`)).status, 'accepted');

      ok(await say(gw, doctor, accepted.id, '请继续按时服药。'), 201);
      ok(await post(gw, doctor, `/consults/${accepted.id}/complete`, { complaint: '头晕', diagnosis: '原发性高血压', advice: '继续服药' }));
      problem(await post(gw, zhang, `/consults/${accepted.id}/cancel`), 409, 'INVALID_STATE');
      assert.equal(await ledgersAgree('cancel refused once completed'), count);

      const working = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${working.id}/accept`));
      ok(await post(gw, doctor, `/consults/${working.id}/refer`, { reason: '需要来院检查' }));
      assert.equal(await ledgersAgree('referred after acceptance'), count, 'the doctor took it on: no refund');

      const waiting = await paidConsult(gw, zhang, self, 'I10');
      assert.equal(ok<Consult>(await post(gw, doctor, `/consults/${waiting.id}/refer`, { reason: '症状需线下评估' })).status, 'refunded');
      assert.equal(await ledgersAgree('referred before acceptance'), ++count);
      const refund = provider.refunds.get(`rf_${ok<Payment>(await post(gw, zhang, `/consults/${waiting.id}/payment`)).id}`);
      assert.equal(refund?.amount.amount, waiting.fee.amount, 'the whole fee');
    });

    test('a consult not accepted in time, and a payment arriving after its consult ended', async () => {
      let count = await ledgersAgree('at start');
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      const unpaid = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      const order = ok<Payment>(await post(gw, zhang, `/consults/${unpaid.id}/payment`));
      gw.clock.set(gw.clock.now().getTime() + 121 * 60_000);
      try {
        const ended = await gw.sweepConsults();
        assert.ok(ended.includes(waiting.id) && ended.includes(unpaid.id), 'both ended by the sweep');
        assert.equal(await ledgersAgree('not accepted in time'), ++count);
        assert.equal(ok<Payment>(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`)).status, 'refunded');
        assert.equal(await ledgersAgree('paid after the consult ended'), ++count);
        // The provider repeats its notice: nothing more.
        const repeat = provider.payerPaid({ orderId: order.id, providerRef: 'r', amount: order.amount });
        ok(await gw.app.inject({ method: 'POST', url: '/api/payments/notify/sandbox', headers: repeat.headers as Record<string, string>, payload: repeat.body }));
        assert.equal(await ledgersAgree('the notice repeated'), count);
      } finally {
        gw.clock.set(Date.now());
      }
    });

    test('a prescription: cancelled before dispatch, refused after, and paid once it could no longer be', async () => {
      let count = await ledgersAgree('at start');
      const consult = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      const drug = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
      const prescribe = async () => {
        const rx = ok<Prescription>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: drug.id, dose: drug.adultDose?.min ?? drug.unitDose, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }), 201);
        ok(await post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}));
        return rx;
      };
      const pickup = ok<{ items: Array<{ id: string }> }>(await get(gw, zhang, '/pickup-points')).items[0]!.id;
      const order = async (rx: Prescription) => ok<Payment>(await post(gw, zhang, `/prescriptions/${rx.id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: pickup } }));

      const first = await prescribe();
      ok(await post(gw, zhang, `/payments/${(await order(first)).id}/sandbox-pay`));
      assert.equal(ok<Prescription>(await post(gw, zhang, `/prescriptions/${first.id}/cancel`)).payment?.status, 'refunded');
      assert.equal(await ledgersAgree('prescription cancelled before dispatch'), ++count);

      // Dispatched: the pharmacy cannot stop it, the cancel is refused, nothing goes back.
      const second = await prescribe();
      ok(await post(gw, zhang, `/payments/${(await order(second)).id}/sandbox-pay`));
      await gw.db.query(`UPDATE prescriptions SET status = 'dispatched' WHERE id = $1`, [second.id]);
      const callsBefore = provider.calls.length;
      assert.equal((await post(gw, zhang, `/prescriptions/${second.id}/cancel`)).statusCode, 409);
      assert.equal(provider.calls.length, callsBefore, 'no refund asked for a refused cancel');
      assert.equal(await ledgersAgree('cancel refused after dispatch'), count);

      // Ordered, then the day ends; the payer pays late: the money goes back.
      const third = await prescribe();
      const late = await order(third);
      gw.clock.set(Date.parse(third.validUntil) + 1000);
      try {
        zhang = await login(gw, 'zhangwei', 'demo');
        assert.equal(ok<Payment>(await post(gw, zhang, `/payments/${late.id}/sandbox-pay`)).status, 'refunded');
        assert.equal(await ledgersAgree('paid after the prescription expired'), ++count);
      } finally {
        gw.clock.set(Date.now());
        zhang = await login(gw, 'zhangwei', 'demo');
        doctor = await login(gw, DOCTOR.username, DOCTOR.password);
        pharmacist = await login(gw, 'ph.sun', 'demo');
      }
    });

    test('a provider that is down: the refund is recorded, waits, and is made once it answers — exactly once', async () => {
      const count = await ledgersAgree('at start');
      provider.down = true;
      const paid = await paidConsult(gw, zhang, self, 'I10');
      assert.equal(ok<Consult>(await post(gw, zhang, `/consults/${paid.id}/cancel`)).status, 'refunded', 'the patient is answered at once');
      await eventually(async () => {
        const { rows } = await gw.db.query<{ attempts: number; last_error: string | null }>('SELECT attempts, last_error FROM refunds WHERE done_at IS NULL');
        assert.equal(rows.length, 1, 'one refund waits');
        assert.ok(rows[0]!.attempts >= 1 && rows[0]!.last_error, 'tried and failed');
      });
      assert.equal(provider.refunds.size, count, 'the provider has made nothing yet');

      provider.down = false;
      assert.deepEqual(await gw.relayRefunds(), { done: 0, failed: 0 }, 'not before its retry time');
      gw.clock.set(gw.clock.now().getTime() + 10 * 60_000);
      try {
        assert.deepEqual(await gw.relayRefunds(), { done: 1, failed: 0 });
        assert.deepEqual(await gw.relayRefunds(), { done: 0, failed: 0 }, 'and only once');
      } finally {
        gw.clock.set(Date.now());
      }
      assert.equal(await ledgersAgree('after the provider came back'), count + 1);
    });

    test('a relay that died after the provider answered: the refund is asked again by id and made once', async () => {
      const count = await ledgersAgree('at start');
      const paid = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, zhang, `/consults/${paid.id}/cancel`));
      await ledgersAgree('cancelled');
      // As if our record of the provider's answer had been lost: the row is due again.
      await gw.db.query('UPDATE refunds SET done_at = NULL, refund_ref = NULL WHERE payment_id = (SELECT id FROM payments WHERE consult_id = $1)', [paid.id]);
      const callsBefore = provider.calls.length;
      assert.deepEqual(await gw.relayRefunds(), { done: 1, failed: 0 });
      assert.equal(provider.calls.length, callsBefore + 1, 'asked again');
      assert.equal(await ledgersAgree('reconciled'), count + 1, 'the provider refunded it once');
    });
  });
}

/**
 * A follow-up consult's fee through medical insurance (医保移动支付) against the sandbox insurer,
 * the same settlement as a prescription's (insurance/payable.ts): the fee is a service item with
 * its own coverage rule (up to its price limit, 60 % from the pooled fund, no deductible), the
 * self-pay part through the sandbox payment provider makes the consult paid as a card payment
 * does, nothing left makes it paid at once, repeats settle once, a crash between the insurer's
 * answer and our record is repaired, and a consult refunded or never accepted is reversed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CONSULT_SERVICE_CODE, createSandboxInsurance, createSandboxPayments, INSURANCE_RETURN_CODE, type ReversalRequest, type SandboxInsurance } from '@ihkit/adapters';
import type { Consult, Doctor, InsuranceSettlement, Payment, Problem } from '@ihkit/core';
import { crashingAt, type CrashingDb } from './helpers/crash.js';
import { databases, login, startGateway, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, post, requestConsult } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const RETURN = 'https://portal.example/clinic';

for (const database of databases) {
  describe(`consult fees through medical insurance (${database.name})`, () => {
    let gw: TestGateway;
    let db: CrashingDb;
    let insurer: SandboxInsurance & { settles: number; reversals: ReversalRequest[] };
    let zhang: string;
    let self: string;
    /** The chief physician (¥50: above the fee's price limit, a self-pay part left) and an attending one (¥20: within it, all covered). */
    let chief: Doctor;
    let attending: Doctor;

    before(async () => {
      const sandbox = createSandboxInsurance({ now: () => gw.clock.now() });
      insurer = {
        ...sandbox,
        settles: 0,
        reversals: [],
        async settle(r) {
          if ((await sandbox.query({ settlementId: r.settlementId })).status !== 'settled') insurer.settles++;
          return sandbox.settle(r);
        },
        async reverse(r) {
          insurer.reversals.push(r);
          return sandbox.reverse(r);
        },
      };
      gw = await startGateway(
        { open: async () => (db = crashingAt(await database.open(), /^UPDATE insurance_settlements SET status = 'settled'/)) },
        { demo: true, sweepIntervalMs: 0, insurance: insurer, payments: createSandboxPayments({ secret: 'insurance-consults-test', now: () => gw.clock.now() }) },
      );
      zhang = await login(gw, 'zhangwei', 'demo');
      self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      const consult = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      const doctors = ok<{ items: Doctor[] }>(await get(gw, zhang, `/doctors?departmentId=${consult.departmentId}`)).items;
      chief = doctors.find((d) => d.id === consult.doctorId)!;
      attending = doctors.find((d) => d.fee.amount === 2_000)!;
      assert.equal(chief.fee.amount, 5_000);
      ok(await post(gw, zhang, `/consults/${consult.id}/cancel`));
    });
    after(async () => {
      await gw?.close();
    });

    const requested = async (doctor: Doctor) => ok<Consult>(await requestConsult(gw, zhang, self, 'I10', doctor.id), 201);

    /** Started and authorised at the e-certificate page: the pre-settled settlement of the consult's fee. */
    async function preSettled(consult: Consult): Promise<InsuranceSettlement> {
      const started = ok<InsuranceSettlement>(await post(gw, zhang, `/consults/${consult.id}/insurance`, { returnUrl: RETURN }));
      assert.equal(started.status, 'authorising');
      assert.equal(started.consultId, consult.id);
      assert.equal(started.prescriptionId, undefined);
      const state = new URL(started.authoriseUrl!, 'http://x').searchParams.get('state')!;
      const back = insurer.answer(state, 'authorise')!;
      const code = new URLSearchParams(new URL(back.returnUrl).hash.slice(1)).get(INSURANCE_RETURN_CODE)!;
      return ok<InsuranceSettlement>(await post(gw, zhang, '/insurance/authorisations', { state, code }));
    }

    const settle = (s: InsuranceSettlement, body: object = {}) => post(gw, zhang, `/insurance/settlements/${s.id}/settle`, body);
    const status = async (c: Consult) => ok<Consult>(await get(gw, zhang, `/consults/${c.id}`)).status;
    const settlementStatus = async (id: string) => (await gw.db.query<{ status: string }>('SELECT status FROM insurance_settlements WHERE id = $1', [id])).rows[0]!.status;

    /** At `at` the sweep ends the consult as `endsAs`; its settlement is reversed here and at the insurer. */
    async function expiresReversed(consult: Consult, pre: InsuranceSettlement, at: number, endsAs: Consult['status']) {
      gw.clock.set(at);
      try {
        assert.ok((await gw.sweepConsults()).includes(consult.id));
        assert.equal(await settlementStatus(pre.id), 'reversed');
        await gw.relayRefunds();
        await eventually(async () => assert.equal((await insurer.query({ settlementId: pre.id })).status, 'reversed'));
      } finally {
        gw.clock.set(Date.now());
        zhang = await login(gw, 'zhangwei', 'demo');
      }
      assert.equal(await status(consult), endsAs);
    }

    test('the hospital says consult fees can be settled through insurance', async () => {
      assert.deepEqual(ok<{ insurance?: object }>(await get(gw, zhang, '/payment-methods')).insurance, { insurer: 'sandbox', consults: true });
    });

    test('the fee split (a service item above its price limit), settled once however often confirmed, the self-pay part paid: the consult goes to its doctor; withdrawn, refunded and reversed once', async () => {
      const consult = await requested(chief);
      const pre = await preSettled(consult);
      assert.equal(pre.status, 'pre-settled');
      // ¥50: the fund counts ¥20 of it (the limit), pays 60 % of that; the rest of the ¥20 from the account; ¥30 self-pay.
      assert.deepEqual(pre.split!.items.map((i) => [i.code, i.category, i.eligible.amount]), [[CONSULT_SERVICE_CODE, 'A', 2_000]]);
      assert.deepEqual([pre.split!.pooled.amount, pre.split!.personalAccount.amount, pre.split!.selfPay.amount], [1_200, 800, 3_000]);
      assert.equal(await status(consult), 'requested', 'nothing is settled before the patient confirms');

      const before = insurer.settles;
      const [one, two] = await Promise.all([settle(pre), settle(pre)]);
      const first = ok<InsuranceSettlement>(one);
      assert.equal(ok<InsuranceSettlement>(two).status, 'settled');
      assert.equal(ok<InsuranceSettlement>(await settle(pre)).payment?.id, first.payment?.id);
      assert.equal(insurer.settles - before, 1, 'the insurer settled once');
      assert.deepEqual(first.payment?.amount, pre.split!.selfPay, 'the self-pay part is what is left to pay');
      assert.equal(first.payment?.consultId, consult.id);
      assert.equal(await status(consult), 'requested', 'not paid until the self-pay part is');
      // payConsult now orders the self-pay part, not the whole fee.
      assert.deepEqual(ok<Payment>(await post(gw, zhang, `/consults/${consult.id}/payment`)).amount, pre.split!.selfPay);

      ok<Payment>(await post(gw, zhang, `/payments/${first.payment!.id}/sandbox-pay`));
      const paid = ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`));
      assert.equal(paid.status, 'paid');
      assert.ok(paid.acceptBy, 'it waits for its doctor as a consult paid by card does');

      const reversalsBefore = insurer.reversals.length;
      ok(await post(gw, zhang, `/consults/${consult.id}/cancel`));
      await gw.relayRefunds();
      await eventually(async () => assert.equal((await insurer.query({ settlementId: pre.id })).status, 'reversed'));
      assert.equal(insurer.reversals.length - reversalsBefore, 1, 'reversed once');
      assert.equal(await settlementStatus(pre.id), 'reversed');
      await eventually(async () => {
        const refunds = await gw.db.query<{ amount: number; done: boolean }>('SELECT amount, done_at IS NOT NULL AS done FROM refunds WHERE payment_id = $1', [first.payment!.id]);
        assert.deepEqual(refunds.rows, [{ amount: 3_000, done: true }]);
      });
      assert.equal(ok<InsuranceSettlement>(await settle(pre)).status, 'reversed', 'a reversed settlement is not settled again');
    });

    test('nothing left to pay: the consult is paid at settlement; not accepted in time, the insurer’s part goes back', async () => {
      const consult = await requested(attending);
      const pre = await preSettled(consult);
      assert.deepEqual([pre.split!.pooled.amount, pre.split!.personalAccount.amount, pre.split!.selfPay.amount], [1_200, 800, 0]);
      const done = ok<InsuranceSettlement>(await settle(pre));
      assert.equal(done.status, 'settled');
      assert.equal(done.payment, undefined);
      const paid = ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`));
      assert.equal(paid.status, 'paid');
      // The doctor never accepts it: it expires and the settlement is reversed (there is no card payment to refund).
      await expiresReversed(consult, pre, Date.parse(paid.acceptBy!) + 60_000, 'refunded');
    });

    test('settled but its self-pay part never paid: the consult lapses and the settlement is reversed', async () => {
      const consult = await requested(chief);
      const pre = await preSettled(consult);
      assert.equal(ok<InsuranceSettlement>(await settle(pre)).status, 'settled');
      await expiresReversed(consult, pre, Date.parse(consult.createdAt) + 24 * 3600_000, 'cancelled');
    });

    test('a crash between the insurer’s settlement and our record: the sweep records it and the consult is paid', async () => {
      const consult = await requested(attending);
      const pre = await preSettled(consult);
      const before = insurer.settles;
      db.crashNext = true;
      assert.equal((await settle(pre)).statusCode, 500);
      assert.equal(db.crashNext, false, 'the crash happened');
      assert.equal((await insurer.query({ settlementId: pre.id })).status, 'settled', 'the insurer had settled');
      assert.equal(await status(consult), 'requested');
      assert.deepEqual(await gw.repairInsurance(), [], 'not before the settle call could have ended');
      gw.clock.set(Date.now() + 2 * 60_000);
      try {
        assert.deepEqual(await gw.repairInsurance(), [pre.id]);
        assert.deepEqual(await gw.repairInsurance(), []);
      } finally {
        gw.clock.set(Date.now());
        zhang = await login(gw, 'zhangwei', 'demo');
      }
      assert.equal(await settlementStatus(pre.id), 'settled');
      assert.equal(await status(consult), 'paid', 'nothing was left: paid by the repair');
      assert.equal(insurer.settles - before, 1);
    });

    test('a fulfilment is a prescription’s only; a consult that cannot be paid any more is not settled', async () => {
      const consult = await requested(attending);
      const pre = await preSettled(consult);
      const delivery = await settle(pre, { fulfilment: { method: 'delivery', address: { recipient: '张伟', phone: '13800000000', region: '北京市', detail: '朝阳区一号' } } });
      assert.equal(delivery.json<Problem>().code, 'VALIDATION_FAILED');
      ok(await post(gw, zhang, `/consults/${consult.id}/cancel`));
      assert.equal((await settle(pre)).json<Problem>().code, 'INVALID_STATE');
      assert.equal((await post(gw, zhang, `/consults/${consult.id}/insurance`, { returnUrl: RETURN })).json<Problem>().code, 'INVALID_STATE');
      // Someone else's consult: not found.
      const other = await login(gw, 'lina', 'demo');
      const mine = await requested(attending);
      assert.equal((await post(gw, other, `/consults/${mine.id}/insurance`, { returnUrl: RETURN })).statusCode, 404);
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      assert.equal((await post(gw, doctor, `/consults/${mine.id}/insurance`, { returnUrl: RETURN })).statusCode, 403);
    });
  });

  describe(`consult fees where the hospital does not settle them through insurance (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, insuranceConsults: false, insurance: createSandboxInsurance() });
    });
    after(async () => {
      await gw?.close();
    });

    test('not offered, and refused', async () => {
      const zhang = await login(gw, 'zhangwei', 'demo');
      assert.deepEqual(ok<{ insurance?: object }>(await get(gw, zhang, '/payment-methods')).insurance, { insurer: 'sandbox', consults: false });
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang, '/patients')).items.find((p) => p.relation === 'self')!.id;
      const consult = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      const refused = await post(gw, zhang, `/consults/${consult.id}/insurance`, { returnUrl: RETURN });
      assert.equal(refused.statusCode, 409);
      assert.equal(refused.json<Problem>().code, 'INVALID_STATE');
    });
  });
}

/**
 * Signatures by the signer's own key through the reference CA: the doctor and the pharmacist
 * confirm on their "device" (or refuse, or let it lapse); a prescription changed in the database
 * after signing — any signed field, any status column — is neither paid for, nor accepted as
 * paid when the money arrives, nor sent to the pharmacy; a revoked certificate signs no more,
 * while what it signed before still verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLocalCa, createSandboxPharmacy, demoPickupPoints, type LocalCa, type PharmacyAdapter } from '@ihkit/adapters';
import type { Payment, Prescription, PrescriptionVerification, Problem } from '@ihkit/core';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, ok, post } from './helpers/consults.js';

const PHARMACIST = { username: 'ph.sun', password: 'demo' } as const;
type Response = Awaited<ReturnType<typeof post>>;

for (const database of databases) {
  describe(`CA signatures (${database.name})`, () => {
    let gw: TestGateway;
    let ca: LocalCa;
    let zhang: string;
    let doctor: string;
    let pharmacist: string;
    let amlodipine: string;
    /** The sandbox pharmacy, refusing every hand-off while `refuse` is set; what reached it. */
    const pharmacyState = { refuse: false, received: [] as string[] };

    before(async () => {
      ca = await createLocalCa({ enrolOnRequest: true, confirmWithinMs: 60_000, now: () => (gw ? gw.clock.now() : new Date()) });
      const sandbox = createSandboxPharmacy({ pickupPoints: demoPickupPoints, now: () => gw.clock.now() });
      const pharmacy: PharmacyAdapter = {
        ...sandbox,
        dispatch: async (order) => {
          if (pharmacyState.refuse) throw new Error('the pharmacy is down');
          pharmacyState.received.push(order.orderId);
          return sandbox.dispatch(order);
        },
      };
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, signer: ca.adapter, signatureRoots: [ca.rootPem], pharmacy, signConfirmSeconds: 10,
        // The pharmacy refuses hand-offs on purpose here: its breaker must not open.
        adapterBreakerFailures: 1000 });
      zhang = await login(gw, 'zhangwei', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      pharmacist = await login(gw, PHARMACIST.username, PHARMACIST.password);
      amlodipine = ok<{ items: Array<{ id: string; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!.id;
    });
    after(async () => {
      await gw?.close();
    });

    /** The request waiting on a signer's device, once the gateway has asked. */
    async function waiting() {
      for (let i = 0; i < 200; i++) {
        const found = ca.devices().flatMap((d) => d.pending().map((r) => ({ ...r, device: d })));
        if (found.length) return found[0]!;
        await sleep(20);
      }
      throw new Error('no signature request reached a device');
    }

    /** `call`, with the signer answering on their device while the gateway waits. */
    async function onDevice(answer: 'confirm' | 'refuse', call: () => Promise<Response>): Promise<Response> {
      const response = call();
      const request = await waiting();
      if (answer === 'confirm') await request.device.confirm(request.requestId);
      else request.device.refuse(request.requestId);
      return response;
    }

    const prescribe = async (consultId: string) =>
      onDevice('confirm', () => post(gw, doctor, `/consults/${consultId}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }));
    const approve = (id: string) => onDevice('confirm', () => post(gw, pharmacist, `/prescriptions/${id}/approve`, {}));
    const order = (id: string) => post(gw, zhang, `/prescriptions/${id}/payment`, { fulfilment: { method: 'pickup', pickupPointId: demoPickupPoints[0]!.id } });
    const code = (res: Response) => (res.json() as Problem).code;

    async function approved(): Promise<Prescription> {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const rx = ok<Prescription>(await prescribe(consult.id), 201);
      return ok<Prescription>(await approve(rx.id));
    }

    /** A change made by someone who switches the database's rules off. */
    const tamper = (sql: string, id: string) =>
      gw.db.transaction(async (tx) => {
        await tx.query('SET LOCAL session_replication_role = replica');
        await tx.query(`UPDATE prescriptions SET ${sql} WHERE id = $1`, [id]);
      });

    test('the doctor confirms on the device: signed by their certificate, with a timestamp; the pharmacist’s approval is signed the same way', async () => {
      const rx = await approved();
      assert.equal(rx.signature.algorithm, 'ECDSA-P256-SHA256');
      assert.match(rx.signature.certificateSerial ?? '', /^[0-9a-f]+$/);
      assert.equal(rx.signature.valid, true);
      assert.equal(rx.review?.signature?.signer, '孙悦');
      assert.notEqual(rx.review?.signature?.certificateSerial, rx.signature.certificateSerial, 'each signer has their own certificate');
      assert.match(rx.verificationCode ?? '', /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
      const stored = await gw.db.query<{ sig_timestamp: string; sig_chain: string[] }>('SELECT sig_timestamp, sig_chain FROM prescriptions WHERE id = $1', [rx.id]);
      assert.ok(stored.rows[0]!.sig_timestamp.length > 100, 'the timestamp token is kept');
      assert.equal(stored.rows[0]!.sig_chain.length, 1, 'the chain up to the root');
      const keys = await gw.db.query("SELECT 1 FROM prescriptions WHERE content::text LIKE '%PRIVATE KEY%' OR review_signature::text LIKE '%PRIVATE KEY%' OR sig_chain::text LIKE '%PRIVATE KEY%'");
      assert.equal(keys.rows.length, 0, 'no private key in the gateway’s database');
    });

    test('refused on the device: SIGNATURE_REFUSED and nothing stored; nobody confirms in time: SIGNATURE_TIMED_OUT', async () => {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const refused = await onDevice('refuse', () => post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }));
      assert.equal(refused.statusCode, 409);
      assert.equal(code(refused), 'SIGNATURE_REFUSED');
      const late = post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() });
      await waiting();
      gw.clock.set(gw.clock.ms + 61_000);
      assert.equal(code(await late), 'SIGNATURE_TIMED_OUT');
      const stored = await gw.db.query('SELECT 1 FROM prescriptions WHERE consult_id = $1', [consult.id]);
      assert.equal(stored.rows.length, 0);
      // The pharmacist refusing on their phone leaves the prescription waiting for review.
      const rx = ok<Prescription>(await prescribe(consult.id), 201);
      assert.equal(code(await onDevice('refuse', () => post(gw, pharmacist, `/prescriptions/${rx.id}/approve`, {}))), 'SIGNATURE_REFUSED');
      assert.equal(ok<Prescription>(await get(gw, pharmacist, `/prescriptions/${rx.id}`)).status, 'pending_review');
    });

    const SIGNED_FIELDS: Array<[string, string]> = [
      ['the patient', `content = jsonb_set(content, '{patient,name}', '"李四"')`],
      ['a drug', `content = jsonb_set(content, '{items,0,drugId}', '"drug_other"')`],
      ['a quantity', `content = jsonb_set(content, '{items,0,quantity}', '9')`],
      ['the diagnosis', `content = jsonb_set(content, '{diagnosis,code}', '"E11"')`],
      ['the validity (signed)', `content = jsonb_set(content, '{validDays}', '5')`],
      ['the validity (column)', `valid_until = valid_until + interval '10 days'`],
      ['the review', `review = jsonb_set(review, '{note}', '"不合理"')`],
      ['the pharmacist’s signature', `review_signature = NULL`],
    ];

    test('a signed field changed after signing: the payment order is refused', async () => {
      for (const [what, sql] of SIGNED_FIELDS) {
        const rx = await approved();
        await tamper(sql, rx.id);
        const res = await order(rx.id);
        assert.equal(res.statusCode, 409, what);
        assert.equal(code(res), 'SIGNATURE_INVALID', what);
      }
    });

    test('a status column changed by hand: not approved without the pharmacist’s signed approval', async () => {
      const consult = await acceptedConsult(gw, zhang, doctor);
      const waitingReview = ok<Prescription>(await prescribe(consult.id), 201);
      await tamper(`status = 'approved'`, waitingReview.id);
      assert.equal(code(await order(waitingReview.id)), 'SIGNATURE_INVALID', 'approved without a review');
      const returned = ok<Prescription>(await prescribe((await acceptedConsult(gw, zhang, doctor)).id), 201);
      ok(await onDevice('confirm', () => post(gw, pharmacist, `/prescriptions/${returned.id}/return`, { reason: '剂量需调整' })));
      await tamper(`status = 'approved'`, returned.id);
      assert.equal(code(await order(returned.id)), 'SIGNATURE_INVALID', 'a signed return is not an approval');
      await tamper(`status = 'approved', review = jsonb_set(review, '{decision}', '"approved"')`, returned.id);
      assert.equal(code(await order(returned.id)), 'SIGNATURE_INVALID', 'nor is a return turned into an approval');
    });

    test('changed between the order and the money arriving: the payment goes back, the prescription is not paid', async () => {
      for (const [what, sql] of SIGNED_FIELDS.slice(0, 6)) {
        const rx = await approved();
        const payment = ok<Payment>(await order(rx.id));
        await tamper(sql, rx.id);
        ok(await post(gw, zhang, `/payments/${payment.id}/sandbox-pay`));
        const row = await gw.db.query<{ status: string }>('SELECT status FROM prescriptions WHERE id = $1', [rx.id]);
        assert.equal(row.rows[0]!.status, 'approved', `${what}: not paid`);
        const refunds = await gw.db.query('SELECT 1 FROM refunds WHERE payment_id = $1', [payment.id]);
        assert.equal(refunds.rows.length, 1, `${what}: refunded`);
        assert.ok(!pharmacyState.received.includes(rx.id), `${what}: not sent to the pharmacy`);
      }
    });

    test('changed after payment, before the pharmacy took it: it is not sent', async () => {
      for (const [what, sql] of SIGNED_FIELDS.slice(0, 6)) {
        const rx = await approved();
        const payment = ok<Payment>(await order(rx.id));
        pharmacyState.refuse = true;
        ok(await post(gw, zhang, `/payments/${payment.id}/sandbox-pay`));
        pharmacyState.refuse = false;
        await tamper(sql, rx.id);
        await gw.sweepPrescriptions();
        const row = await gw.db.query<{ status: string; pharmacy_ref: string | null }>('SELECT status, pharmacy_ref FROM prescriptions WHERE id = $1', [rx.id]);
        assert.deepEqual(row.rows[0], { status: 'paid', pharmacy_ref: null }, what);
        assert.ok(!pharmacyState.received.includes(rx.id), `${what}: not sent to the pharmacy`);
      }
      // Untouched, the same path reaches the pharmacy.
      const rx = await approved();
      const payment = ok<Payment>(await order(rx.id));
      pharmacyState.refuse = true;
      ok(await post(gw, zhang, `/payments/${payment.id}/sandbox-pay`));
      pharmacyState.refuse = false;
      await gw.sweepPrescriptions();
      assert.ok(pharmacyState.received.includes(rx.id));
    });

    test('the printed verification code checks both signatures, publicly, naming the signers and no patient', async () => {
      const rx = await approved();
      const verify = (code: string) => gw.app.inject({ method: 'GET', url: `/api/prescription-verifications/${code}` });
      const res = await verify(rx.verificationCode!);
      const v = ok<PrescriptionVerification>(res);
      assert.equal(v.valid, true);
      assert.equal(v.number, rx.number);
      assert.deepEqual([v.doctor.name, v.doctor.certificateSerial, v.doctor.valid], [rx.doctorName, rx.signature.certificateSerial, true]);
      assert.deepEqual([v.pharmacist?.name, v.pharmacist?.certificateSerial, v.pharmacist?.valid], ['孙悦', rx.review?.signature?.certificateSerial, true]);
      assert.ok(!res.body.includes(rx.patient.name) && !res.body.includes(rx.items[0]!.name), 'no patient, no drugs');
      await tamper(`content = jsonb_set(content, '{items,0,quantity}', '9')`, rx.id);
      const changed = ok<PrescriptionVerification>(await verify(rx.verificationCode!));
      assert.equal(changed.valid, false);
      assert.deepEqual([changed.doctor.valid, changed.doctor.fault], [false, 'content']);
      assert.equal(changed.pharmacist?.fault, 'content', 'the review signed the content as it was');
      assert.equal(code(await verify('2222-3333-4444')), 'VERIFICATION_CODE_UNKNOWN');
      assert.equal((await verify('not_a_code')).statusCode, 400);
    });

    test('a revoked certificate signs no more; what it signed before still verifies', async () => {
      const before = await approved();
      const licence = ca.devices().find((d) => d.licenceNumber === before.doctorLicenceNumber)!.licenceNumber;
      await ca.revoke(licence);
      gw.clock.set(gw.clock.ms + 2000);
      const consult = await acceptedConsult(gw, zhang, doctor);
      const refused = await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: amlodipine, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() });
      assert.equal(code(refused), 'SIGNER_CERTIFICATE_INVALID');
      const read = ok<Prescription>(await get(gw, zhang, `/prescriptions/${before.id}`));
      assert.equal(read.signature.valid, true, 'signed while the certificate was good');
      ok<Payment>(await order(before.id));
      // A new certificate for the doctor (a new phone): signs again.
      await ca.enrol({ licenceNumber: licence, name: before.doctorName });
      ok<Prescription>(await prescribe(consult.id), 201);
    });
  });
}

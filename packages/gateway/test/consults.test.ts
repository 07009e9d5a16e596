import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Consult, ConsultMessage, Payment } from '@ihkit/core';
import { API, auth, databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { conditions, DOCTOR, get, messages, ok, OTHER_DOCTOR, paidConsult, PNG_1x1, post, requestConsult, say } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

/** The demo's patients (ids by the demo's own listing, so the test does not hard-code them). */
async function patientsOf(gw: TestGateway, token: string) {
  return ok<{ items: Array<{ id: string; name: string; relation: string; minor: boolean }> }>(await get(gw, token, '/patients')).items;
}

function problem(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  assert.equal(res.statusCode, status, JSON.stringify(res.json()));
  assert.equal((res.json() as { code: string }).code, code);
}

for (const database of databases) {
  describe(`online consults (${database.name})`, () => {
    let gw: TestGateway;
    let zhang: string; // 张伟: hypertension and diabetes; his son 张小明 (5) has asthma
    let lina: string;
    let doctor: string; // 周敏, who diagnosed 张伟's hypertension
    let otherDoctor: string;
    let self: string;
    let child: string;

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      zhang = await login(gw, 'zhangwei', 'demo');
      lina = await login(gw, 'lina', 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      otherDoctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      const patients = await patientsOf(gw, zhang);
      self = patients.find((p) => p.relation === 'self')!.id;
      child = patients.find((p) => p.relation === 'child')!.id;
    });
    after(() => gw?.close());

    test('conditions are the diagnoses of offline visits, only for the user’s own patients', async () => {
      const list = await conditions(gw, zhang, self);
      assert.deepEqual(list.map((c) => c.code).sort(), ['E11.9', 'I10']);
      assert.ok(list.every((c) => c.encounterId && c.date && c.doctorId));
      problem(await get(gw, lina, `/patients/${self}/conditions`), 404, 'NOT_FOUND');
    });

    test('a follow-up consult is requested, with its first event, and a retry returns it', async () => {
      const key = newKey();
      const first = ok<Consult>(await requestConsult(gw, zhang, self, 'I10', undefined, key), 201);
      assert.equal(first.status, 'requested');
      assert.equal(first.condition.code, 'I10');
      assert.equal(first.patient.name, '张伟');
      assert.equal(first.fee.currency, 'CNY');
      assert.equal(first.guardian, undefined);
      const again = ok<Consult>(await requestConsult(gw, zhang, self, 'I10', undefined, key), 201);
      assert.equal(again.id, first.id);
      const events = await messages(gw, zhang, first.id);
      assert.deepEqual(events.map((m) => [m.seq, m.kind, m.event]), [[1, 'event', 'requested']]);
      // The same key for another request is refused.
      problem(await requestConsult(gw, zhang, self, 'E11.9', undefined, key), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    test('no earlier offline diagnosis: FIRST_VISIT_NOT_ALLOWED', async () => {
      const [c] = await conditions(gw, zhang, self);
      const res = await post(gw, zhang, '/consults', { patientId: self, doctorId: c!.doctorId, encounterId: c!.encounterId, conditionCode: 'J45.9', complaint: '咳嗽' }, { 'idempotency-key': newKey() });
      problem(res, 422, 'FIRST_VISIT_NOT_ALLOWED');
      const made = await post(gw, zhang, '/consults', { patientId: self, doctorId: c!.doctorId, encounterId: 'enc_made_up', conditionCode: c!.code, complaint: '咳嗽' }, { 'idempotency-key': newKey() });
      problem(made, 422, 'FIRST_VISIT_NOT_ALLOWED');
    });

    test('a consult for someone else’s patient is refused; a child’s consult names the guardian', async () => {
      problem(await post(gw, lina, '/consults', { patientId: self, doctorId: 'd', encounterId: 'e', conditionCode: 'I10', complaint: 'x' }, { 'idempotency-key': newKey() }), 403, 'FORBIDDEN');
      const consult = ok<Consult>(await requestConsult(gw, zhang, child, 'J45.9'), 201);
      assert.deepEqual(consult.guardian, { name: '张伟', relation: 'parent' });
      assert.equal(consult.patient.age, 5);
    });

    test('paying through the sandbox: signed notification, applied once, then the doctor sees it', async () => {
      const consult = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      // Unpaid consults are not in the doctor's queue.
      problem(await get(gw, doctor, `/consults/${consult.id}`), 404, 'NOT_FOUND');
      const order = ok<Payment>(await post(gw, zhang, `/consults/${consult.id}/payment`));
      assert.equal(order.status, 'pending');
      assert.equal(order.provider, 'sandbox');
      assert.equal(ok<Payment>(await post(gw, zhang, `/consults/${consult.id}/payment`)).id, order.id, 'one order per consult');

      // A notification with a wrong signature changes nothing.
      const forged = gw.sandbox!.payerPaid({ orderId: order.id, providerRef: 'x', amount: order.amount });
      const res = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: { ...forged.headers, 'x-sandbox-signature': 'f'.repeat(64) }, payload: forged.body });
      problem(res, 401, 'PAYMENT_SIGNATURE_INVALID');
      // A correctly signed notification for another amount is refused too.
      const wrongAmount = gw.sandbox!.payerPaid({ orderId: order.id, providerRef: 'wrong', amount: { amount: 1, currency: 'CNY' } });
      problem(await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: wrongAmount.headers as Record<string, string>, payload: wrongAmount.body }), 400, 'VALIDATION_FAILED');
      assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`)).status, 'requested');

      const paid = ok<Payment>(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`));
      assert.equal(paid.status, 'paid');
      // The provider repeats its notification: handled, nothing changes.
      const repeat = gw.sandbox!.payerPaid({ orderId: order.id, providerRef: 'x', amount: order.amount });
      assert.equal((await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: repeat.headers as Record<string, string>, payload: repeat.body })).statusCode, 200);

      const after = ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`));
      assert.equal(after.status, 'paid');
      assert.ok(after.acceptBy && Date.parse(after.acceptBy) > gw.clock.now().getTime());
      assert.deepEqual((await messages(gw, zhang, consult.id)).map((m) => m.event), ['requested', 'paid']);
      const queue = ok<{ items: Consult[] }>(await get(gw, doctor, '/consults?status=paid')).items;
      assert.ok(queue.some((c) => c.id === consult.id));
      problem(await get(gw, otherDoctor, `/consults/${consult.id}`), 404, 'NOT_FOUND');
      assert.ok(!ok<{ items: Consult[] }>(await get(gw, otherDoctor, '/consults')).items.some((c) => c.id === consult.id));
    });

    test('lifecycle: accept → chat (in progress) → complete with the record; illegal moves are INVALID_STATE', async () => {
      const consult = await paidConsult(gw, zhang, self, 'I10');
      problem(await say(gw, zhang, consult.id, '医生您好'), 409, 'INVALID_STATE');
      problem(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: 'a', diagnosis: 'b', advice: 'c' }), 409, 'INVALID_STATE');
      problem(await post(gw, zhang, `/consults/${consult.id}/accept`), 403, 'ROLE_NOT_ALLOWED');
      assert.equal(ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`)).status, 'accepted');
      assert.equal(ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`)).status, 'accepted', 'accepting twice is harmless');
      problem(await post(gw, zhang, `/consults/${consult.id}/cancel`), 409, 'INVALID_STATE');

      ok<ConsultMessage>(await say(gw, zhang, consult.id, '医生您好，血压 150/95'), 201);
      assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`)).status, 'accepted');
      ok<ConsultMessage>(await say(gw, doctor, consult.id, '请继续服药，每天早晚测量血压。'), 201);
      assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${consult.id}`)).status, 'in_progress');

      problem(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: ' ', diagnosis: 'b', advice: 'c' }), 400, 'VALIDATION_FAILED');
      const done = ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/complete`, { complaint: '血压控制不佳', diagnosis: '原发性高血压', advice: '继续服药，两周后复查' }));
      assert.equal(done.status, 'completed');
      assert.equal(done.record?.diagnosis, '原发性高血压');
      problem(await say(gw, zhang, consult.id, '谢谢'), 409, 'INVALID_STATE');
      const seen = await messages(gw, zhang, consult.id);
      assert.deepEqual(seen.map((m) => m.seq), seen.map((_, i) => i + 1), 'seq 1, 2, 3, … without gaps');
      assert.deepEqual(seen.map((m) => m.event ?? m.sender), ['requested', 'paid', 'accepted', 'patient', 'in_progress', 'doctor', 'completed']);
    });

    test('messages: retry with the same key is one message; after= resumes; read marks only move forward', async () => {
      // 张伟's diabetes was diagnosed by another doctor: he asks 周敏 all the same.
      const zhou = (await conditions(gw, zhang, self)).find((c) => c.code === 'I10')!.doctorId;
      const consult = await paidConsult(gw, zhang, self, 'E11.9', zhou);
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      const key = newKey();
      const a = ok<ConsultMessage>(await say(gw, zhang, consult.id, '空腹血糖 8.1', key), 201);
      const b = ok<ConsultMessage>(await say(gw, zhang, consult.id, '空腹血糖 8.1', key), 201);
      assert.equal(a.id, b.id);
      problem(await say(gw, zhang, consult.id, '别的内容', key), 422, 'IDEMPOTENCY_KEY_REUSED');
      problem(await post(gw, zhang, `/consults/${consult.id}/messages`, { text: 'x', attachmentId: 'att_x' }, { 'idempotency-key': newKey() }), 400, 'VALIDATION_FAILED');
      const later = await messages(gw, doctor, consult.id, a.seq - 1);
      assert.equal(later[0]?.id, a.id);
      assert.equal(later.length, 1);
      const read = ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/read`, { seq: a.seq }));
      assert.equal(read.readSeq.doctor, a.seq);
      assert.equal(ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/read`, { seq: 1 })).readSeq.doctor, a.seq);
    });

    test('images: checked by content, stored, served to the participants only', async () => {
      const consult = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      const upload = (body: Buffer, type = 'image/png', token = zhang) =>
        gw.app.inject({ method: 'POST', url: `${API}/consults/${consult.id}/attachments`, headers: auth(token, { 'content-type': type }), payload: body });
      problem(await upload(Buffer.from('GIF89a\x01\x00\x01\x00')), 415, 'UNSUPPORTED_MEDIA_TYPE');
      problem(await upload(Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      problem(await upload(Buffer.concat([PNG_1x1, Buffer.alloc(5 * 1024 * 1024)])), 413, 'PAYLOAD_TOO_LARGE');
      problem(await upload(PNG_1x1, 'image/png', lina), 404, 'NOT_FOUND');
      const att = ok<{ id: string; contentType: string; size: number }>(await upload(PNG_1x1, 'image/jpeg'), 201);
      assert.equal(att.contentType, 'image/png', 'the type comes from the bytes, not the header');
      const sent = ok<ConsultMessage>(await post(gw, zhang, `/consults/${consult.id}/messages`, { attachmentId: att.id }, { 'idempotency-key': newKey() }), 201);
      assert.equal(sent.kind, 'image');
      assert.equal(sent.attachment?.id, att.id);
      const image = await get(gw, doctor, `/consults/${consult.id}/attachments/${att.id}`);
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/png');
      assert.deepEqual(image.rawPayload, PNG_1x1);
      problem(await get(gw, lina, `/consults/${consult.id}/attachments/${att.id}`), 404, 'NOT_FOUND');
      problem(await get(gw, otherDoctor, `/consults/${consult.id}/attachments/${att.id}`), 404, 'NOT_FOUND');
    });

    test('hostile images: markup, scripts and SVG under an image type, truncated headers and a name are refused; a polyglot is served as the image it is, never as a page', async () => {
      const consult = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      const upload = (body: Buffer, type = 'image/png', extra: Record<string, string> = {}, query = '') =>
        gw.app.inject({ method: 'POST', url: `${API}/consults/${consult.id}/attachments${query}`, headers: auth(zhang, { 'content-type': type, ...extra }), payload: body });
      const png = PNG_1x1.subarray(0, 8);
      const refused: Array<[string, Buffer, string?]> = [
        ['an HTML page as a PNG', Buffer.from('<!doctype html><script>alert(1)</script>')],
        ['an SVG as a PNG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
        ['an SVG with an XML declaration as a WebP', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/webp'],
        ['a script as a JPEG', Buffer.from('alert(document.cookie)'), 'image/jpeg'],
        ['a Windows program as a PNG', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
        ['a PNG signature alone', png],
        ['a PNG signature before markup', Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')])],
        ['a PNG cut inside its IHDR chunk', PNG_1x1.subarray(0, 20)],
        ['a JPEG start of image alone', Buffer.from([0xff, 0xd8, 0xff])],
        ['a JPEG start of image before markup', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<script>alert(1)</script>')]), 'image/jpeg'],
        ['a RIFF that is not a WebP image', Buffer.concat([Buffer.from('RIFF\x00\x01\x00\x00WEBP<svg onload=alert(1)>', 'latin1')]), 'image/webp'],
        ['a GIF as a PNG', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
      ];
      for (const [what, bytes, type] of refused) {
        const res = await upload(bytes, type);
        assert.equal(res.statusCode, 415, `${what}: ${res.body}`);
        assert.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE', what);
      }
      // No name is taken: not as a parameter, and a Content-Disposition header is ignored.
      problem(await upload(PNG_1x1, 'image/png', {}, '?filename=evil.exe'), 400, 'VALIDATION_FAILED');
      const named = ok<{ id: string; contentType: string }>(await upload(PNG_1x1, 'image/png', { 'content-disposition': 'attachment; filename="evil.exe"' }), 201);
      assert.equal(named.contentType, 'image/png');

      // A real PNG with a page after it is a PNG: served as one, which no browser renders as a page.
      const polyglot = Buffer.concat([PNG_1x1, Buffer.from('<html><body onload="alert(1)"><script>alert(2)</script></body></html>')]);
      const stored = ok<{ id: string; contentType: string }>(await upload(polyglot, 'image/webp'), 201);
      assert.equal(stored.contentType, 'image/png', 'typed by its bytes');
      for (const id of [stored.id, named.id]) {
        const res = await get(gw, doctor, `/consults/${consult.id}/attachments/${id}`);
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'image/png');
        assert.equal(res.headers['x-content-type-options'], 'nosniff');
        assert.match(String(res.headers['content-security-policy']), /default-src 'none'/);
        assert.match(String(res.headers['content-disposition']), /^inline$/, 'no name from the upload');
      }
      assert.ok((await get(gw, doctor, `/consults/${consult.id}/attachments/${stored.id}`)).rawPayload.equals(polyglot), 'kept byte for byte');
    });

    test('refer offline: a reason is required; before acceptance the fee is refunded', async () => {
      const working = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${working.id}/accept`));
      problem(await post(gw, doctor, `/consults/${working.id}/refer`, { reason: '   ' }), 400, 'VALIDATION_FAILED');
      const referred = ok<Consult>(await post(gw, doctor, `/consults/${working.id}/refer`, { reason: '需要心电图检查，请来院就诊' }));
      assert.equal(referred.status, 'referred');
      assert.equal(referred.referralReason, '需要心电图检查，请来院就诊');

      const waiting = await paidConsult(gw, zhang, self, 'I10');
      const early = ok<Consult>(await post(gw, doctor, `/consults/${waiting.id}/refer`, { reason: '症状需线下评估' }));
      assert.equal(early.status, 'refunded');
      assert.equal(early.cancelReason, 'referred_before_acceptance');
      await eventually(() => assert.ok([...gw.sandbox!.refunds.values()].some((r) => r.amount.amount === waiting.fee.amount), 'refunded at the provider after the commit'));
    });

    test('the patient withdraws: unpaid → cancelled, paid → refunded; a cancelled consult takes no payment', async () => {
      const unpaid = ok<Consult>(await requestConsult(gw, zhang, self, 'I10'), 201);
      assert.equal(ok<Consult>(await post(gw, zhang, `/consults/${unpaid.id}/cancel`)).status, 'cancelled');
      problem(await post(gw, zhang, `/consults/${unpaid.id}/payment`), 409, 'INVALID_STATE');
      const paid = await paidConsult(gw, zhang, self, 'I10');
      const refunded = ok<Consult>(await post(gw, zhang, `/consults/${paid.id}/cancel`));
      assert.equal(refunded.status, 'refunded');
      assert.equal(refunded.cancelReason, 'by_patient');
      assert.equal(ok<Consult>(await post(gw, zhang, `/consults/${paid.id}/cancel`)).status, 'refunded', 'cancelling twice is harmless');
    });

    test('not accepted in time: cancelled and refunded by the sweep; not paid in time: cancelled', async () => {
      const waiting = await paidConsult(gw, zhang, self, 'I10');
      const unpaid = ok<Consult>(await requestConsult(gw, zhang, self, 'E11.9'), 201);
      const order = ok<Payment>(await post(gw, zhang, `/consults/${unpaid.id}/payment`));
      gw.clock.set(gw.clock.now().getTime() + 121 * 60_000);
      try {
        const ended = await gw.sweepConsults();
        assert.ok(ended.includes(waiting.id) && ended.includes(unpaid.id));
        const w = ok<Consult>(await get(gw, zhang, `/consults/${waiting.id}`));
        assert.equal(w.status, 'refunded');
        assert.equal(w.cancelReason, 'not_accepted_in_time');
        await eventually(() => assert.ok([...gw.sandbox!.refunds.values()].some((r) => r.reason.includes('in time') && r.amount.amount === waiting.fee.amount), 'refunded at the provider after the commit'));
        problem(await post(gw, doctor, `/consults/${waiting.id}/accept`), 409, 'INVALID_STATE');
        const u = ok<Consult>(await get(gw, zhang, `/consults/${unpaid.id}`));
        assert.equal(u.status, 'cancelled');
        assert.equal(u.cancelReason, 'not_paid_in_time');
        // The payer finishes paying after the consult ended: the money goes straight back.
        const late = ok<Payment>(await post(gw, zhang, `/payments/${order.id}/sandbox-pay`));
        assert.equal(late.status, 'refunded');
        assert.equal(ok<Consult>(await get(gw, zhang, `/consults/${unpaid.id}`)).status, 'cancelled');
        assert.deepEqual(await gw.sweepConsults(), [], 'a second sweep finds nothing');
      } finally {
        gw.clock.set(Date.now());
      }
    });

    test('every message and state change is kept, audited and cannot be edited', async () => {
      const consult = await paidConsult(gw, zhang, self, 'I10');
      ok(await post(gw, doctor, `/consults/${consult.id}/accept`));
      ok(await say(gw, zhang, consult.id, '今天血压 160/100'), 201);
      const { rows } = await gw.db.query<{ action: string; actor_role: string; outcome: string }>(
        `SELECT action, actor_role, outcome FROM audit_log WHERE resource_id = $1 OR resource_id IN (SELECT id FROM payments WHERE consult_id = $1) OR (resource_type = 'consult_message' AND patient_id = $2) ORDER BY id`, [consult.id, self]);
      const actions = rows.map((r) => r.action);
      for (const a of ['createConsult', 'payConsult', 'acceptConsult', 'sendConsultMessage']) assert.ok(actions.includes(a), `${a} is audited: ${actions.join(',')}`);
      await assert.rejects(gw.db.query(`UPDATE consult_messages SET text = 'changed' WHERE consult_id = $1`, [consult.id]), /append-only/);
      // Deleted only once past their retention (retention.test.ts), never before.
      await assert.rejects(gw.db.query(`DELETE FROM consult_messages WHERE consult_id = $1`, [consult.id]), /is kept until .*DELETE refused/);
      const retention = await gw.db.query<{ years: number }>(`SELECT extract(year FROM age(retain_until, created_at))::int AS years FROM consults WHERE id = $1`, [consult.id]);
      assert.equal(retention.rows[0]!.years, 15);
      const chat = await gw.db.query<{ years: number }>(`SELECT min(extract(year FROM age(retain_until, created_at)))::int AS years FROM consult_messages WHERE consult_id = $1`, [consult.id]);
      assert.ok(chat.rows[0]!.years >= 3);
      // No clinical text or names in the logs.
      assert.ok(!gw.logs.text.includes('160/100') && !gw.logs.text.includes('张伟'));
    });
  });
}

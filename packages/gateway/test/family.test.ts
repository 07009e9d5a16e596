/**
 * Acting for someone else needs their proof, through the real gateway on both databases. An
 * attacker who knows a stranger's name and resident ID number links them, claims someone
 * else's child, replays, guesses and reuses one-time codes: each is refused with its code and
 * leaves an audit row, and nothing of the patient can be read or done in their name before the
 * patient's proof is in (a code sent to the phone on file, their approval in their own account,
 * the guardian record at the HIS, staff seeing the guardian). Every patient sees who may act
 * for them and can end it; a new link is announced to their phone; codes are never logged.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { HisPatient, SandboxMessage } from '@ihkit/adapters';
import type { FamilyLink, Patient } from '@ihkit/core';
import { parseRateLimits } from '../src/rate-limit.js';
import { linkPatient, upsertUser } from '../src/users.js';
import { API, auth, bookableSlots, book, databases, login, newKey, sessionToken, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';
import { get, ok, post } from './helpers/consults.js';
import { eventually } from './helpers/live.js';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

test('which patients a user may act for is read in one place: users.ts (active links only)', () => {
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  // The table of links is read for access in users.ts; family/ makes and proves links; migrations create it.
  const allowed = ['users.ts', 'family/links.ts', 'family/codes.ts'];
  const readers = files(srcDir).map((f) => relative(srcDir, f).replaceAll('\\', '/')).filter((f) => !f.startsWith('migrations/') && readFileSync(join(srcDir, f), 'utf8').includes('user_patients'));
  assert.deepEqual(readers.filter((f) => !allowed.includes(f)), [], 'only users.ts decides which patients a user may act for');
  const users = readFileSync(join(srcDir, 'users.ts'), 'utf8');
  for (const fn of ['linkedPatients', 'accountsOf', 'linkedPatient']) {
    const body = users.slice(users.indexOf(`export async function ${fn}(`)).split('\n}\n')[0]!;
    assert.match(body, /\$\{ACTIVE\}/, `${fn} counts active links only`);
  }
});

for (const database of databases) {
  describe(`family links need the patient's proof (${database.name})`, () => {
    let gw: TestGateway;
    let zhang: string; // 张伟: the attacker in most cases, the holder in the others
    let wang: string; // 王芳: another account
    let lina: string; // 李娜: a patient with her own account
    let admin: string;
    let zhaoMin: HisPatient; // an adult with a phone on file and no account
    let sunXiaoyu: HisPatient; // 赵敏's daughter, 3, 赵敏 the guardian on file
    let liNa: HisPatient;
    let zhangUser: string;

    const named = async (name: string) => {
      const { rows } = await gw.db.query<{ id: string }>('SELECT id FROM demo_patients WHERE name = $1', [name]);
      return (await gw.his.findPatient({ patientId: rows[0]!.id }))!;
    };
    const add = (token: string, p: HisPatient, relation: string, key = newKey()) =>
      gw.app.inject({ method: 'POST', url: `${API}/patients`, headers: auth(token, { 'idempotency-key': key }), payload: { name: p.name, idNumber: p.idNumber, relation } });
    const confirm = (token: string, linkId: string, code: string) => post(gw, token, `/family-links/${linkId}/confirm`, { code });
    const resend = (token: string, linkId: string) => post(gw, token, `/family-links/${linkId}/code`);
    const mine = async (token: string) => ok<{ items: Patient[] }>(await get(gw, token, '/patients')).items;
    const linksToMe = async (token: string) => ok<{ items: FamilyLink[] }>(await get(gw, token, '/family-links')).items;
    /** The messages the sandbox sent to the patient's phone, newest first, once every message to them waiting in the outbox is through. */
    const inbox = async (patientId: string): Promise<SandboxMessage[]> => {
      await eventually(async () => {
        await gw.relayNotifications();
        const { rows } = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notification_outbox WHERE patient_id = $1 AND done_at IS NULL', [patientId]);
        assert.equal(rows[0]!.n, 0, `every message to ${patientId} is through`);
      });
      return gw.sandboxNotifications!.inbox(patientId);
    };
    const codes = (patientId: string) => gw.sandboxNotifications!.inbox(patientId).filter((m) => m.template === 'family-link-code');
    /** The latest code sent to the patient's phone. */
    const sentCode = async (patientId: string): Promise<string> => (await inbox(patientId)).find((m) => m.template === 'family-link-code')!.params.code!;
    const refused = (res: LightMyRequestResponse, status: number, code: string, what: string) => {
      assert.equal(res.statusCode, status, `${what}: ${res.body}`);
      assert.equal(res.json().code, code, what);
    };
    const auditOf = async (res: LightMyRequestResponse) =>
      (await gw.db.query<AuditRow>('SELECT * FROM audit_log WHERE request_id = $1', [res.headers['x-request-id']])).rows;
    /** Refused with `code`, and an audit row names the patient with the refusal. */
    const refusedAndAudited = async (res: LightMyRequestResponse, status: number, code: string, patientId: string, what: string) => {
      refused(res, status, code, what);
      const rows = await auditOf(res);
      assert.ok(rows.some((r) => r.patient_id === patientId && r.outcome !== 'ok'), `${what}: an audit row names the patient (${JSON.stringify(rows.map((r) => [r.action, r.patient_id, r.outcome]))})`);
    };

    /** Everything of the patient the holder asks for or does in their name is refused, each refusal audited. */
    const nothingReadable = async (token: string, patientId: string, what: string) => {
      const [slot] = await bookableSlots(gw, token);
      await refusedAndAudited(await get(gw, token, `/patients/${patientId}/conditions`), 404, 'NOT_FOUND', patientId, `${what}: conditions`);
      await refusedAndAudited(await get(gw, token, `/patients/${patientId}/lab-reports`), 403, 'FORBIDDEN', patientId, `${what}: lab reports`);
      await refusedAndAudited(await get(gw, token, `/patients/${patientId}/imaging-studies`), 403, 'FORBIDDEN', patientId, `${what}: imaging studies`);
      await refusedAndAudited(await book(gw, token, { slotId: slot!.id, patientId }), 403, 'FORBIDDEN', patientId, `${what}: booking in their name`);
      await refusedAndAudited(await post(gw, token, '/consults', { patientId, doctorId: 'doc_x', encounterId: 'enc_x', conditionCode: 'I10', complaint: '头晕' }, { 'idempotency-key': newKey() }), 403, 'FORBIDDEN', patientId, `${what}: a consult in their name`);
      for (const path of ['/appointments', '/consults', '/prescriptions']) {
        const res = await get(gw, token, path);
        assert.equal(res.statusCode, 200, `${what}: ${path}`);
        assert.ok(!res.body.includes(patientId), `${what}: ${path} holds nothing of theirs`);
      }
    };

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      zhang = await login(gw, 'zhangwei', 'demo');
      wang = await login(gw, 'wangfang', 'demo');
      lina = await login(gw, 'lina', 'demo');
      const adminId = await upsertUser(gw.db, { username: 'family.admin', role: 'admin', displayName: '窗口' });
      admin = await sessionToken(adminId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 8 * 3600_000) });
      zhaoMin = await named('赵敏');
      sunXiaoyu = await named('孙小雨');
      liNa = await named('李娜');
      zhangUser = ok<{ id: string }>(await get(gw, zhang, '/me')).id;
    });
    after(() => gw?.close());

    test('the demo’s seeded family is proven; a stranger linked by name and ID number is pending, and nothing of theirs is readable', async () => {
      const seeded = (await mine(zhang)).filter((p) => p.relation !== 'self');
      assert.ok(seeded.length >= 2 && seeded.every((p) => p.status === 'active' && p.since), 'seeded links are active');
      ok(await get(gw, zhang, `/patients/${seeded[0]!.id}/conditions`));

      const res = await add(zhang, zhaoMin, 'other');
      assert.equal(res.statusCode, 201, res.body);
      const p = res.json() as Patient;
      assert.equal(p.status, 'pending');
      assert.equal(p.since, undefined);
      assert.deepEqual(p.pending?.waitingFor, ['code'], 'she has a phone on file and no account');
      assert.equal(p.pending?.phoneMasked, `*******${zhaoMin.phone!.slice(-4)}`);
      assert.ok(!res.body.includes(zhaoMin.phone!), 'the phone number stays at the HIS');
      assert.equal((await auditOf(res)).find((r) => r.patient_id === zhaoMin.id)?.resource_id, p.linkId);
      assert.equal((await mine(zhang)).find((x) => x.id === zhaoMin.id)?.status, 'pending', 'listed as pending');
      await nothingReadable(zhang, zhaoMin.id, 'pending stranger');
    });

    test('the code sent to her phone proves it: then readable, announced to her; replaying it is CONSENT_CODE_USED', async () => {
      const link = (await mine(zhang)).find((x) => x.id === zhaoMin.id)!;
      const [sent] = await inbox(zhaoMin.id);
      assert.equal(sent!.template, 'family-link-code');
      assert.equal(sent!.phone, zhaoMin.phone);
      assert.match(sent!.text, /张伟申请代您办理/);
      const code = sent!.params.code!;
      assert.equal(gw.sandboxNotifications!.inbox(zhaoMin.id).length, 1, 'one code sent');
      assert.match(code, /^\d{6}$/);
      const withCode = (await mine(zhang)).find((x) => x.id === zhaoMin.id)!;
      assert.ok(withCode.pending?.codeSentAt && withCode.pending.codeExpiresAt, 'the code’s clock runs from when it was sent');

      const res = await confirm(zhang, link.linkId, ` ${code.slice(0, 3)} ${code.slice(3)} `);
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((res.json() as Patient).status, 'active');
      ok(await get(gw, zhang, `/patients/${zhaoMin.id}/conditions`));
      const messages = await inbox(zhaoMin.id);
      assert.equal(messages[0]!.template, 'family-link-active', 'a new link is announced to her');
      assert.match(messages[0]!.text, /张伟可代您办理/);

      await refusedAndAudited(await confirm(zhang, link.linkId, code), 409, 'CONSENT_CODE_USED', zhaoMin.id, 'the same code again');
      // Codes are never logged, nor kept: the outbox holds the code row's id, not the code.
      assert.ok(!gw.logs.text.includes(code), 'the code is in no log line');
      const { rows } = await gw.db.query<{ params: string }>('SELECT params::text AS params FROM notification_outbox');
      assert.ok(rows.every((r) => !r.params.includes(code)), 'the outbox does not keep the code');
    });

    test('an ended link gives nothing; asked for again it is pending, and the old code replayed is CONSENT_CODE_USED', async () => {
      const link = (await mine(zhang)).find((x) => x.id === zhaoMin.id)!;
      const [slot] = await bookableSlots(gw, zhang);
      const appointment = ok<{ id: string }>(await book(gw, zhang, { slotId: slot!.id, patientId: zhaoMin.id }), 201);
      const oldCode = codes(zhaoMin.id)[0]!.params.code!;
      const ended = ok<FamilyLink>(await post(gw, zhang, `/family-links/${link.linkId}/end`));
      assert.equal(ended.status, 'ended');
      assert.ok(ended.endedAt);
      assert.ok(!(await mine(zhang)).some((x) => x.id === zhaoMin.id), 'no longer listed');
      assert.ok(!(await get(gw, zhang, '/appointments')).body.includes(appointment.id), 'her appointment is hidden again');
      await refusedAndAudited(await get(gw, zhang, `/appointments/${appointment.id}`), 404, 'NOT_FOUND', zhaoMin.id, 'her appointment by id');

      const again = ok<Patient>(await add(zhang, zhaoMin, 'other'), 201);
      assert.equal(again.status, 'pending');
      assert.equal(again.linkId, link.linkId);
      await refusedAndAudited(await confirm(zhang, again.linkId, oldCode), 409, 'CONSENT_CODE_USED', zhaoMin.id, 'the old code replayed');
      await nothingReadable(zhang, zhaoMin.id, 'asked for again');
    });

    test('guessing: five wrong codes spend it (CONSENT_CODE_INVALID, then CONSENT_CODE_EXPIRED for the right one); a new code after a minute', async () => {
      const link = (await mine(zhang)).find((x) => x.id === zhaoMin.id)!;
      const code = await sentCode(zhaoMin.id);
      refused(await resend(zhang, link.linkId), 429, 'RATE_LIMITED', 'a new code within the minute');
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 5; i++) await refusedAndAudited(await confirm(zhang, link.linkId, wrong), 422, 'CONSENT_CODE_INVALID', zhaoMin.id, `wrong try ${i + 1}`);
      await refusedAndAudited(await confirm(zhang, link.linkId, code), 422, 'CONSENT_CODE_EXPIRED', zhaoMin.id, 'the right code after five wrong tries');
      await nothingReadable(zhang, zhaoMin.id, 'after guessing');

      gw.clock.set(gw.clock.ms + 61_000);
      const resent = ok<Patient>(await resend(zhang, link.linkId));
      assert.equal(resent.status, 'pending');
      const fresh = await sentCode(zhaoMin.id);
      await refusedAndAudited(await confirm(zhang, link.linkId, code), 422, 'CONSENT_CODE_EXPIRED', zhaoMin.id, 'the replaced code');
      // Ten minutes after it was sent, the fresh one is too old.
      gw.clock.set(gw.clock.ms + 10 * 60_000 + 1000);
      await refusedAndAudited(await confirm(zhang, link.linkId, fresh), 422, 'CONSENT_CODE_EXPIRED', zhaoMin.id, 'a code past ten minutes');
    });

    test('reusing a code sent for someone else’s link is CONSENT_CODE_INVALID', async () => {
      gw.clock.set(gw.clock.ms + 61_000);
      const theirs = ok<Patient>(await add(wang, zhaoMin, 'other'), 201);
      const theirCode = await sentCode(zhaoMin.id);
      const link = (await mine(zhang)).find((x) => x.id === zhaoMin.id)!;
      ok(await resend(zhang, link.linkId));
      assert.notEqual(await sentCode(zhaoMin.id), theirCode);
      await refusedAndAudited(await confirm(zhang, link.linkId, theirCode), 422, 'CONSENT_CODE_INVALID', zhaoMin.id, 'another link’s code');
      // Someone else's link is not found at all, whatever the code.
      await refusedAndAudited(await confirm(zhang, theirs.linkId, theirCode), 404, 'NOT_FOUND', zhaoMin.id, 'confirming someone else’s link');
      await refusedAndAudited(await resend(zhang, theirs.linkId), 404, 'NOT_FOUND', zhaoMin.id, 'sending codes for someone else’s link');
      await nothingReadable(zhang, zhaoMin.id, 'with another link’s code');
      ok(await confirm(wang, theirs.linkId, theirCode));
    });

    test('claiming someone else’s child stays pending for staff; her guardian on file is linked at once', async () => {
      const res = await add(zhang, sunXiaoyu, 'child');
      assert.equal(res.statusCode, 201, res.body);
      const claim = res.json() as Patient;
      assert.equal(claim.status, 'pending');
      assert.equal(claim.minor, true);
      assert.deepEqual(claim.pending, { waitingFor: ['in_person'] });
      await nothingReadable(zhang, sunXiaoyu.id, 'a claimed child');
      await refusedAndAudited(await resend(zhang, claim.linkId), 409, 'INVALID_STATE', sunXiaoyu.id, 'a code for a child’s link');
      await refusedAndAudited(await confirm(zhang, claim.linkId, '123456'), 409, 'INVALID_STATE', sunXiaoyu.id, 'a code for a child’s link');
      assert.equal(codes(sunXiaoyu.id).length, 0, 'no code goes to a child’s phone');

      // Her mother, the guardian the hospital has on file, with an account of her own.
      const motherId = await upsertUser(gw.db, { username: 'zhaomin', role: 'patient', displayName: '赵敏', hisPatientId: zhaoMin.id });
      await linkPatient(gw.db, motherId, zhaoMin.id, 'self');
      const mother = await sessionToken(motherId, { db: gw.db, issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 8 * 3600_000) });
      const hers = ok<Patient>(await add(mother, sunXiaoyu, 'child'), 201);
      assert.equal(hers.status, 'active');
      ok(await get(gw, mother, `/patients/${sunXiaoyu.id}/conditions`));

      // Staff at the desk see the claim, and confirm it only when shown the documents.
      const waiting = ok<{ items: Array<{ id: string; holderName: string; patient: { id: string } }> }>(await get(gw, admin, '/family-links/in-person')).items;
      assert.deepEqual(waiting.map((w) => [w.id, w.holderName, w.patient.id]), [[claim.linkId, '张伟', sunXiaoyu.id]]);
      const confirmed = ok<FamilyLink>(await post(gw, admin, `/family-links/${claim.linkId}/in-person`, { document: 'household_register' }));
      assert.deepEqual([confirmed.status, confirmed.proof], ['active', 'in_person']);
      ok(await get(gw, zhang, `/patients/${sunXiaoyu.id}/conditions`));
      const { rows } = await gw.db.query<{ proved_by: string; proof_document: string }>('SELECT proved_by, proof_document FROM user_patients WHERE id = $1', [claim.linkId]);
      assert.deepEqual(rows[0], { proved_by: ok<{ id: string }>(await get(gw, admin, '/me')).id, proof_document: 'household_register' });
      ok(await post(gw, zhang, `/family-links/${claim.linkId}/end`));
      await refusedAndAudited(await post(gw, admin, `/family-links/${claim.linkId}/in-person`, { document: 'birth_certificate' }), 409, 'INVALID_STATE', sunXiaoyu.id, 'confirming an ended link');
    });

    test('an adult with an account approves in it; she sees who may act for her and since when, and ends it', async () => {
      const asked = ok<Patient>(await add(zhang, liNa, 'spouse'), 201);
      assert.deepEqual(asked.pending?.waitingFor, ['code', 'account']);
      await refusedAndAudited(await post(gw, zhang, `/family-links/${asked.linkId}/approve`), 404, 'NOT_FOUND', liNa.id, 'approving one’s own request');
      await refusedAndAudited(await post(gw, wang, `/family-links/${asked.linkId}/approve`), 404, 'NOT_FOUND', liNa.id, 'approving for someone else');
      await refusedAndAudited(await post(gw, wang, `/family-links/${asked.linkId}/end`), 404, 'NOT_FOUND', liNa.id, 'ending someone else’s link');
      assert.ok(!(await get(gw, wang, '/family-links')).body.includes(asked.linkId), 'not in anyone else’s list');
      await nothingReadable(zhang, liNa.id, 'before she approves');

      const pending = (await linksToMe(lina)).find((l) => l.id === asked.linkId)!;
      assert.deepEqual([pending.status, pending.holderName, pending.relation, pending.since], ['pending', '张伟', 'spouse', undefined]);
      const approved = ok<FamilyLink>(await post(gw, lina, `/family-links/${asked.linkId}/approve`));
      assert.deepEqual([approved.status, approved.proof], ['active', 'account']);
      assert.equal(approved.since, gw.clock.now().toISOString());
      ok(await get(gw, zhang, `/patients/${liNa.id}/conditions`));
      assert.equal((await inbox(liNa.id))[0]!.template, 'family-link-active', 'announced to her phone');
      assert.equal((await linksToMe(lina)).find((l) => l.id === asked.linkId)?.since, approved.since);

      const ended = ok<FamilyLink>(await post(gw, lina, `/family-links/${asked.linkId}/end`));
      assert.equal(ended.status, 'ended');
      assert.ok(!(await linksToMe(lina)).some((l) => l.id === asked.linkId));
      await nothingReadable(zhang, liNa.id, 'after she ended it');
      // Her own record cannot be unlinked.
      const self = (await mine(lina)).find((p) => p.relation === 'self')!;
      refused(await post(gw, lina, `/family-links/${self.linkId}/end`), 409, 'INVALID_STATE', 'ending one’s own record');
    });

    test('a provider outage loses no code: it is sent once the provider is back, valid from then; a code replaced meanwhile is never sent', async () => {
      const people = await gw.db.query<{ id: string }>("SELECT id FROM demo_patients WHERE name IN ('刘国强')");
      const liu = (await gw.his.findPatient({ patientId: people.rows[0]!.id }))!;
      gw.sandboxNotifications!.down = true;
      const asked = ok<Patient>(await add(wang, liu, 'other'), 201);
      await eventually(async () => {
        await gw.relayNotifications();
        const { rows } = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM notification_outbox WHERE patient_id = $1 AND attempts > 0 AND done_at IS NULL', [liu.id]);
        assert.ok(rows[0]!.n > 0, 'tried and failed');
      });
      assert.equal(codes(liu.id).length, 0);
      gw.clock.set(gw.clock.ms + 61_000);
      ok(await resend(wang, asked.linkId)); // replaces the first, which then must never go out
      assert.equal((await mine(wang)).find((p) => p.id === liu.id)?.pending?.codeSentAt, undefined, 'not sent yet');

      gw.clock.set(gw.clock.ms + 60 * 60_000); // the provider is back an hour later
      gw.sandboxNotifications!.down = false;
      const code = await sentCode(liu.id);
      await gw.relayNotifications();
      assert.equal(codes(liu.id).length, 1, 'the replaced code was dropped, the current one sent once');
      const { rows } = await gw.db.query<{ outcome: string }>('SELECT outcome FROM notification_outbox WHERE patient_id = $1 ORDER BY created_at', [liu.id]);
      assert.deepEqual(rows.map((r) => r.outcome), ['dropped', 'sent']);
      const active = ok<Patient>(await confirm(wang, asked.linkId, code));
      assert.equal(active.status, 'active', 'valid from when it was sent, not when it was asked for');
    });

    test('guessing is rate-limited per account (RATE_LIMITED, with Retry-After)', async () => {
      const limited = await startGateway(database, { demo: true, sweepIntervalMs: 0, rateLimits: parseRateLimits(undefined) });
      try {
        const token = await login(limited, 'chenjing', 'demo');
        const him = (await limited.his.findPatient({ patientId: zhaoMin.id }))!;
        const asked = ok<Patient>(await limited.app.inject({ method: 'POST', url: `${API}/patients`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { name: him.name, idNumber: him.idNumber, relation: 'other' } }), 201);
        const answers: LightMyRequestResponse[] = [];
        for (let i = 0; i < 11; i++) answers.push(await post(limited, token, `/family-links/${asked.linkId}/confirm`, { code: '000000' }));
        assert.deepEqual(answers.map((r) => r.statusCode), [...Array(10).fill(422), 429]);
        assert.equal(answers[10]!.json().code, 'RATE_LIMITED');
        assert.ok(Number(answers[10]!.headers['retry-after']) > 0, 'with Retry-After');
      } finally {
        await limited.close();
      }
    });

    test('codes, phone numbers and names are in no log line', async () => {
      const sent = gw.sandboxNotifications!.sent;
      assert.ok(sent.length > 3);
      for (const m of sent) {
        if (m.params.code) assert.ok(!gw.logs.text.includes(m.params.code), 'a code in the logs');
        assert.ok(!gw.logs.text.includes(m.phone!), 'a phone number in the logs');
      }
      for (const p of [zhaoMin, liNa, sunXiaoyu]) {
        assert.ok(!gw.logs.text.includes(p.name), `${p.name} in the logs`);
        assert.ok(!gw.logs.text.includes(p.idNumber), 'an ID number in the logs');
      }
      assert.ok(zhangUser);
    });
  });
}

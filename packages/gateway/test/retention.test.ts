/**
 * Retention (gw_016_retention, records/): the database refuses to delete or rewrite a record it
 * must keep — medical records 15 years from the patient's last visit, chat and media 3 years,
 * nothing while the patient is on legal hold — and the purge job removes only what has passed
 * and is on no hold, each unit with its audit row.
 *
 * The database's clock cannot be moved, so records are made old by hand: their dates (and their
 * patient's last visit) are moved back with the database's rules off, as only a superuser could.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts, type Queryable } from '@ihkit/adapters';
import type { Consult, Drug } from '@ihkit/core';
import { placeHold, releaseHold } from '../src/records/holds.js';
import { DOCTOR, get, ok, paidConsult, post, say, PNG_1x1 } from './helpers/consults.js';
import { API, auth, databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';

const account = (username: string) => demoAccounts.find((a) => a.username === username)!;
const ZHANG = account('zhangwei');
const WANGFANG = account('wangfang');
/** 张伟's mother and 王芳's husband: Zhou Min's hypertension patients, as 张伟 is. */
const MOTHER = ZHANG.family.find((f) => f.relation === 'parent')!.patientId;
const HUSBAND = WANGFANG.family.find((f) => f.relation === 'spouse')!.patientId;
const LAB_PATIENT = account('liuyang').family[0]!.patientId;

const count = async (q: Queryable, sql: string, params: unknown[] = []) => Number((await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0]!.n);

/** Moves a consult, everything of it and its patient's last visit `years` back. */
async function makeOld(q: Queryable & { transaction: (fn: (tx: Queryable) => Promise<void>) => Promise<void> }, consultId: string, years: number) {
  await q.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    const by = `${years} years`;
    const back = (col: string) => `${col} = ${col} - $2::interval`;
    await tx.query(`UPDATE retention_patients SET ${back('last_visit_at')} WHERE patient_id = (SELECT patient_id FROM consults WHERE id = $1)`, [consultId, by]);
    await tx.query(`UPDATE consults SET ${back('created_at')}, ${back('ended_at')}, ${back('retain_until')} WHERE id = $1`, [consultId, by]);
    await tx.query(`UPDATE consult_messages SET ${back('created_at')}, ${back('retain_until')} WHERE consult_id = $1`, [consultId, by]);
    await tx.query(`UPDATE consult_attachments SET ${back('created_at')}, ${back('retain_until')} WHERE consult_id = $1`, [consultId, by]);
    await tx.query(`UPDATE prescriptions SET ${back('created_at')}, ${back('retain_until')} WHERE consult_id = $1`, [consultId, by]);
    await tx.query(`UPDATE prescription_history SET ${back('retain_until')} WHERE prescription_id IN (SELECT id FROM prescriptions WHERE consult_id = $1)`, [consultId, by]);
  });
}

for (const database of databases) {
  describe(`retention (${database.name})`, () => {
    let gw: TestGateway;
    let zhang: string;
    let wangfang: string;
    let doctor: string;
    let self: string;

    /** A consult of `patientId` (Zhou Min's hypertension), accepted, with a message and an image, then completed. */
    async function completedConsult(token: string, patientId: string, prescribe = false): Promise<Consult> {
      const paid = await paidConsult(gw, token, patientId, 'I10');
      ok(await post(gw, doctor, `/consults/${paid.id}/accept`));
      if (prescribe) {
        const drug = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
        const item = { drugId: drug.id, dose: drug.adultDose?.min ?? drug.unitDose, frequency: 'qd', days: 7 };
        ok(await post(gw, doctor, `/consults/${paid.id}/prescriptions`, { items: [item] }, { 'idempotency-key': newKey() }), 201);
      }
      ok(await say(gw, token, paid.id, '最近血压 150/95。'), 201);
      const image = await gw.app.inject({ method: 'POST', url: `${API}/consults/${paid.id}/attachments`, headers: auth(token, { 'content-type': 'image/png' }), payload: PNG_1x1 });
      assert.equal(image.statusCode, 201, image.body);
      ok(await say(gw, doctor, paid.id, '继续服药，两周后复查。'), 201);
      return ok<Consult>(await post(gw, doctor, `/consults/${paid.id}/complete`, { complaint: '血压偏高', diagnosis: '原发性高血压', advice: '继续服药' }));
    }

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      zhang = await login(gw, ZHANG.username, 'demo');
      wangfang = await login(gw, WANGFANG.username, 'demo');
      doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      self = ZHANG.patientId!;
    });
    after(() => gw?.close());

    test('a retained consult cannot be deleted, its record not rewritten, its retention not shortened; its chat not deleted either', async () => {
      const consult = await completedConsult(zhang, self);
      await assert.rejects(gw.db.query('DELETE FROM consults WHERE id = $1', [consult.id]), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'IH001');
        assert.match(e.message, new RegExp(`consults ${consult.id} is kept until .*DELETE refused`));
        return true;
      });
      await assert.rejects(gw.db.query(`UPDATE consults SET record = jsonb_set(record, '{diagnosis}', '"改过的诊断"') WHERE id = $1`, [consult.id]), /a consult's request, record and outcome are kept as written/);
      await assert.rejects(gw.db.query(`UPDATE consults SET status = 'cancelled' WHERE id = $1`, [consult.id]), /kept as written/);
      await assert.rejects(gw.db.query(`UPDATE consults SET retain_until = now() WHERE id = $1`, [consult.id]), /retention is lengthened, never shortened/);
      await gw.db.query(`UPDATE consults SET retain_until = retain_until + interval '1 year' WHERE id = $1`, [consult.id]);
      await assert.rejects(gw.db.query('DELETE FROM consult_messages WHERE consult_id = $1', [consult.id]), /consult_messages .* is kept until .*DELETE refused/);
      await assert.rejects(gw.db.query('DELETE FROM consult_attachments WHERE consult_id = $1', [consult.id]), /DELETE refused/);
      await assert.rejects(gw.db.query('TRUNCATE consult_messages'), /TRUNCATE refused on consult_messages/);
    });

    test('the purge removes only what has passed its retention and is on no legal hold, each with its audit row', async () => {
      // 张伟's mother: a consult 16 years old (with a prescription), her last visit — everything of it goes.
      const mothers = await completedConsult(zhang, MOTHER, true);
      assert.equal(await count(gw.db, 'prescriptions WHERE consult_id = $1', [mothers.id]), 1);
      await makeOld(gw.db, mothers.id, 16);

      // 张伟: a consult 16 years old, but he was seen since — its record stays, its chat and images (3 years) go.
      const old = await completedConsult(zhang, self);
      await makeOld(gw.db, old.id, 16);
      const recent = await completedConsult(zhang, self);

      // 王芳's husband: 16 years old too, but on legal hold.
      const held = await completedConsult(wangfang, HUSBAND);
      await makeOld(gw.db, held.id, 16);
      const holdId = await placeHold(gw.db, HUSBAND, 'court order 2026-17', { by: 'officer_7' });

      // Lab reports: one issued 16 years ago (a patient with no visit since), one last year.
      for (const [id, years] of [['test_lab_old', 16], ['test_lab_new', 1]] as const) {
        await gw.db.query(
          `INSERT INTO lab_reports (id, patient_id, source, title, status, issued_at, observations) VALUES ($1, $2, 'test', '血常规', 'final', now() - $3::interval, '[]')`,
          [id, LAB_PATIENT, `${years} years`]);
      }
      // A correction keeps the version it replaced.
      await gw.db.query(`UPDATE lab_reports SET status = 'corrected' WHERE id = 'test_lab_old'`);
      assert.equal(await count(gw.db, 'lab_report_versions WHERE report_id = $1', ['test_lab_old']), 1);

      const before = { consults: await count(gw.db, 'consults'), audit: await count(gw.db, 'audit_log') };
      const result = await gw.purgeRecords();
      assert.deepEqual(result, { consults: 1, chatMedia: 1, labReports: 1, carePlans: 0, kept: 0 });

      // The mother's consult and all of it are gone.
      assert.equal(await count(gw.db, 'consults WHERE id = $1', [mothers.id]), 0);
      for (const table of ['consult_messages', 'consult_attachments', 'prescriptions', 'payments']) assert.equal(await count(gw.db, `${table} WHERE consult_id = $1`, [mothers.id]), 0, table);
      assert.equal(await count(gw.db, 'regulator_outbox WHERE patient_id = $1', [MOTHER]), 0);
      // 张伟's old consult: the record stays (his last visit is recent), the chat and image are gone.
      const kept = (await gw.db.query<{ record: unknown }>('SELECT record FROM consults WHERE id = $1', [old.id])).rows[0];
      assert.ok(kept?.record, 'the medical record is kept');
      assert.equal(await count(gw.db, 'consult_messages WHERE consult_id = $1', [old.id]), 0);
      assert.equal(await count(gw.db, 'consult_attachments WHERE consult_id = $1', [old.id]), 0);
      await assert.rejects(gw.db.query('DELETE FROM consults WHERE id = $1', [old.id]), /DELETE refused/, 'kept 15 years from his last visit, not from the consult');
      // The recent consult and the held one are whole.
      assert.ok(await count(gw.db, 'consult_messages WHERE consult_id = $1', [recent.id]) >= 3);
      assert.ok(await count(gw.db, 'consult_messages WHERE consult_id = $1', [held.id]) >= 3);
      assert.equal(await count(gw.db, 'consults WHERE id = $1', [held.id]), 1);
      // Lab reports: the old one and its earlier version went; the new one stays.
      assert.deepEqual((await gw.db.query<{ id: string }>(`SELECT id FROM lab_reports WHERE id LIKE 'test_lab_%' ORDER BY id`)).rows.map((r) => r.id), ['test_lab_new']);
      assert.equal(await count(gw.db, 'lab_report_versions WHERE report_id = $1', ['test_lab_old']), 0);
      assert.equal(await count(gw.db, 'consults'), before.consults - 1);

      // Each unit left its row (actor system), and the chain holds.
      const rows = (await gw.db.query<{ actor_role: string; resource_type: string; resource_id: string; patient_id: string; outcome: string }>(
        `SELECT actor_role, resource_type, resource_id, patient_id, outcome FROM audit_log WHERE action = 'purgeRecords' ORDER BY id`)).rows;
      assert.deepEqual(rows, [
        { actor_role: 'system', resource_type: 'consult', resource_id: mothers.id, patient_id: MOTHER, outcome: 'ok' },
        { actor_role: 'system', resource_type: 'chat_media', resource_id: old.id, patient_id: self, outcome: 'ok' },
        { actor_role: 'system', resource_type: 'lab_report', resource_id: 'test_lab_old', patient_id: LAB_PATIENT, outcome: 'ok' },
      ]);
      assert.equal(await count(gw.db, 'audit_log'), before.audit + 3);
      const hold = (await gw.db.query<{ action: string; actor_id: string; actor_role: string }>(`SELECT action, actor_id, actor_role FROM audit_log WHERE resource_type = 'legal_hold'`)).rows;
      assert.deepEqual(hold, [{ action: 'placeLegalHold', actor_id: 'officer_7', actor_role: 'owner' }]);

      // Nothing more is due; the held consult cannot be deleted by hand either.
      assert.deepEqual(await gw.purgeRecords(), { consults: 0, chatMedia: 0, labReports: 0, carePlans: 0, kept: 0 });
      await assert.rejects(gw.db.query('DELETE FROM consult_messages WHERE consult_id = $1', [held.id]), /DELETE refused/);

      // The hold released (once), the husband's consult goes at the next purge.
      await assert.rejects(gw.db.query('DELETE FROM legal_holds WHERE id = $1', [holdId]), /append-only/);
      await assert.rejects(gw.db.query('UPDATE legal_holds SET reference = $2 WHERE id = $1', [holdId, 'other']), /append-only/);
      assert.equal(await releaseHold(gw.db, holdId, { by: 'officer_7' }), true);
      assert.equal(await releaseHold(gw.db, holdId), false, 'released once');
      assert.deepEqual(await gw.purgeRecords(), { consults: 1, chatMedia: 0, labReports: 0, carePlans: 0, kept: 0 });
      assert.equal(await count(gw.db, 'consults WHERE id = $1', [held.id]), 0);
      assert.ok((await gw.verifyAudit()).ok);
    });

    test('the periods are the database\'s: 15 years for medical records, 3 for chat and media', async () => {
      const { rows } = await gw.db.query<{ m: string; c: string }>(
        `SELECT ihkit_retention_period('medical_record')::text AS m, ihkit_retention_period('chat_media')::text AS c`);
      assert.deepEqual(rows[0], { m: '15 years', c: '3 years' });
      const consult = ok<{ items: Consult[] }>(await get(gw, zhang, '/consults')).items[0]!;
      const r = (await gw.db.query<{ consult: number; chat: number }>(
        `SELECT extract(year FROM age(c.retain_until, c.created_at))::int AS consult,
                (SELECT min(extract(year FROM age(m.retain_until, m.created_at)))::int FROM consult_messages m WHERE m.consult_id = c.id) AS chat
           FROM consults c WHERE c.id = $1`, [consult.id])).rows[0]!;
      assert.ok(r.consult >= 15);
      assert.equal(r.chat, 3);
    });
  });
}

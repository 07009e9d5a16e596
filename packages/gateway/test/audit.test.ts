import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, auth, book, bookableSlots, databases, demoPatient, login, newKey, otherDemoPatient, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`audit trail (${database.name})`, () => {
    let gw: TestGateway;
    let token: string;
    let userId: string;
    const me = demoPatient();
    const other = otherDemoPatient();
    const rows = async (action: string) => (await gw.db.query<AuditRow>('SELECT * FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;

    before(async () => {
      gw = await startGateway(database, { demo: true });
      token = await login(gw, me.username, me.password);
      userId = (await gw.app.inject({ method: 'GET', url: `${API}/me`, headers: auth(token) })).json().id;
    });
    after(() => gw?.close());

    test('reads of patient data leave one row per patient, with opaque ids only', async () => {
      const res = await gw.app.inject({ method: 'GET', url: `${API}/patients`, headers: auth(token) });
      assert.equal(res.statusCode, 200);
      const logged = await rows('listMyPatients');
      assert.deepEqual(logged.map((r) => r.patient_id).sort(), [me.patientId, ...me.family.map((f) => f.patientId)].sort());
      for (const r of logged) {
        assert.equal(r.actor_id, userId);
        assert.equal(r.actor_role, 'patient');
        assert.equal(r.outcome, 'ok');
        assert.equal(r.resource_type, 'patient');
        assert.equal(r.request_id, res.headers['x-request-id']);
      }
      // Endpoints that touch no patient data leave no row.
      await gw.app.inject({ method: 'GET', url: `${API}/departments`, headers: auth(token) });
      assert.equal((await rows('listDepartments')).length, 0);
    });

    test('a booking, a refused booking and a probe of someone else’s appointment are all recorded', async () => {
      const [slot, slot2] = await bookableSlots(gw, token);
      const ok = await book(gw, token, { slotId: slot!.id, patientId: me.patientId });
      assert.equal(ok.statusCode, 201, ok.body);
      const denied = await book(gw, token, { slotId: slot2!.id, patientId: other.patientId });
      assert.equal(denied.statusCode, 403);
      const bookings = await rows('bookAppointment');
      assert.deepEqual(
        bookings.map((r) => [r.outcome, r.patient_id, r.resource_id]),
        [
          ['ok', me.patientId, ok.json().id],
          ['denied', other.patientId, null],
        ],
      );

      const otherToken = await login(gw, other.username, other.password);
      const theirs = await book(gw, otherToken, { slotId: slot2!.id, patientId: other.patientId }, newKey());
      assert.equal(theirs.statusCode, 201, theirs.body);
      const probe = await gw.app.inject({ method: 'GET', url: `${API}/appointments/${theirs.json().id}`, headers: auth(token) });
      assert.equal(probe.statusCode, 404);
      const reads = await rows('getAppointment');
      assert.equal(reads.length, 1);
      assert.equal(reads[0]!.outcome, 'denied');
      assert.equal(reads[0]!.actor_id, userId);
      assert.equal(reads[0]!.resource_id, theirs.json().id);

      const cancelled = await gw.app.inject({ method: 'POST', url: `${API}/appointments/${ok.json().id}/cancel`, headers: auth(token), payload: {} });
      assert.equal(cancelled.statusCode, 200);
      assert.deepEqual((await rows('cancelAppointment')).map((r) => r.outcome), ['ok']);
      await gw.app.inject({ method: 'GET', url: `${API}/appointments`, headers: auth(token) });
      assert.ok((await rows('listMyAppointments')).length >= 1);
    });

    test('no audit row holds a name or an ID number', async () => {
      const record = (await gw.his.findPatient({ patientId: me.patientId }))!;
      const { rows: all } = await gw.db.query<Record<string, unknown>>('SELECT * FROM audit_log');
      const text = JSON.stringify(all);
      assert.ok(!text.includes(record.name));
      assert.ok(!text.includes(record.idNumber));
    });

    test('audit_log refuses UPDATE, DELETE and TRUNCATE', async () => {
      await assert.rejects(gw.db.query("UPDATE audit_log SET outcome = 'ok'"), /append-only/);
      await assert.rejects(gw.db.query('DELETE FROM audit_log'), /append-only/);
      await assert.rejects(gw.db.query('TRUNCATE audit_log'), /append-only/);
      const { rows: left } = await gw.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      assert.ok(left[0]!.n > 0);
    });
  });
}

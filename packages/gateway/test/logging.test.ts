import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { API, auth, book, bookableSlots, databases, demoPatient, login, newKey, startGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`log privacy (${database.name})`, () => {
    test("a booking flow's logs hold no name, ID number, phone, token or body — but do hold method, path, status, duration and request id", async () => {
      const gw = await startGateway(database, { demo: true });
      try {
        const me = demoPatient();
        const token = await login(gw, me.username, me.password);
        const record = (await gw.his.findPatient({ patientId: me.patientId }))!;
        await gw.app.inject({ method: 'GET', url: `${API}/patients`, headers: auth(token) });
        const [slot] = await bookableSlots(gw, token);
        const booked = await book(gw, token, { slotId: slot!.id, patientId: me.patientId });
        assert.equal(booked.statusCode, 201, booked.body);
        await gw.app.inject({ method: 'GET', url: `${API}/appointments/${booked.json().id}`, headers: auth(token) });
        await gw.app.inject({ method: 'POST', url: `${API}/appointments/${booked.json().id}/cancel`, headers: auth(token), payload: { reason: `${record.name} 身体不适` } });
        // A family member added by name and ID number, and a failed attempt.
        await gw.app.inject({ method: 'POST', url: `${API}/patients`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { name: record.name, idNumber: record.idNumber, relation: 'other' } });
        await gw.app.inject({ method: 'POST', url: `${API}/patients`, headers: auth(token, { 'idempotency-key': newKey() }), payload: { name: '李四', idNumber: '11010119900307123X', relation: 'other' } });

        const text = gw.logs.text;
        assert.ok(text.length > 0);
        for (const secret of [record.name, record.idNumber, record.phone, token, '李四', '11010119900307123X']) {
          if (!secret) continue;
          assert.ok(!text.includes(secret), `logs must not contain ${JSON.stringify(secret.slice(0, 3))}…`);
        }
        const completed = gw.logs.lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.msg === 'request completed');
        assert.ok(completed.length >= 6);
        for (const l of completed) {
          assert.equal(typeof l.reqId, 'string');
          assert.equal(typeof l.responseTime, 'number');
          assert.equal(typeof l.res.statusCode, 'number');
        }
        const incoming = gw.logs.lines.map((l) => JSON.parse(l) as Record<string, any>).filter((l) => l.msg === 'incoming request');
        assert.ok(incoming.some((l) => l.req.method === 'POST' && l.req.url === `${API}/appointments`));
        assert.ok(incoming.every((l) => !('headers' in l.req)));
      } finally {
        await gw.close();
      }
    });
  });
}

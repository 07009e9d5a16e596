import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Slot } from '@ihkit/core';
import { linkPatient, upsertUser } from '../src/users.js';
import { API, bookableSlots, databases, demoPatient, login, newKey, sessionToken, startGateway } from './helpers/gateway.js';
import { createHisPatients, limitSlotCapacity } from './helpers/his-data.js';

const N = 50;

for (const database of databases) {
  describe(`concurrent booking over HTTP (${database.name})`, () => {
    test(`${N} users booking one capacity-1 slot at once: exactly one 201, ${N - 1} SLOT_TAKEN`, async () => {
      const gw = await startGateway(database, { demo: true });
      try {
        const token = await login(gw, demoPatient().username, demoPatient().password);
        const slot: Slot = (await bookableSlots(gw, token))[0]!;
        await limitSlotCapacity(gw.db, slot.id, 1);

        const patientIds = await createHisPatients(gw.db, N);
        const tokens: string[] = [];
        for (const [i, patientId] of patientIds.entries()) {
          const userId = await upsertUser(gw.db, { username: `load-${i}`, role: 'patient', displayName: `Load ${i}`, hisPatientId: patientId });
          await linkPatient(gw.db, userId, patientId, 'self');
          tokens.push(await sessionToken(userId, { issuedAt: gw.clock.now(), expiresAt: new Date(gw.clock.ms + 3600_000), db: gw.db }));
        }

        const base = await gw.app.listen({ port: 0, host: '127.0.0.1' });
        const results = await Promise.all(
          patientIds.map(async (patientId, i) => {
            const res = await fetch(`${base}${API}/appointments`, {
              method: 'POST',
              headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json', 'idempotency-key': newKey() },
              body: JSON.stringify({ slotId: slot.id, patientId }),
            });
            return { status: res.status, body: (await res.json()) as { code?: string; id?: string } };
          }),
        );
        const created = results.filter((r) => r.status === 201);
        const taken = results.filter((r) => r.status === 409 && r.body.code === 'SLOT_TAKEN');
        assert.equal(created.length, 1, JSON.stringify(results.filter((r) => r.status !== 409).slice(0, 3)));
        assert.equal(taken.length, N - 1, JSON.stringify(results.filter((r) => r.status !== 201 && r.body.code !== 'SLOT_TAKEN').slice(0, 3)));

        const after = await gw.his.getSlot(slot.id);
        assert.equal(after!.available, 0);
        const { rows } = await gw.db.query<{ outcome: string; n: number }>("SELECT outcome, count(*)::int AS n FROM audit_log WHERE action = 'bookAppointment' GROUP BY outcome ORDER BY outcome");
        assert.deepEqual(rows, [{ outcome: 'error', n: N - 1 }, { outcome: 'ok', n: 1 }]);
      } finally {
        await gw.close();
      }
    });
  });
}

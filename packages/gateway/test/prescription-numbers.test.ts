/**
 * Prescription numbers beyond the gateway's own count (prescriptions.test.ts): a HIS that
 * numbers prescriptions itself, and a gateway upgraded to numbering with prescriptions already
 * stored.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoHis, createLocalCa, type Db, type HisAdapter } from '@ihkit/adapters';
import type { Prescription } from '@ihkit/core';
import { databases, login, newKey, startGateway, type TestGateway } from './helpers/gateway.js';
import { acceptedConsult, DOCTOR, get, ok, post } from './helpers/consults.js';

/** Signs a prescription of amlodipine at its usual dose for a new consult of 张伟's. */
async function prescribe(gw: TestGateway, zhang: string, doctor: string): Promise<Prescription> {
  const consult = await acceptedConsult(gw, zhang, doctor);
  const drug = ok<{ items: Array<{ id: string; adultDose?: { min: number }; unitDose: number; control: string }> }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
  const draft = { items: [{ drugId: drug.id, dose: drug.adultDose?.min ?? drug.unitDose, frequency: 'qd', days: 7 }] };
  return ok<Prescription>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, draft, { 'idempotency-key': newKey() }), 201);
}

for (const database of databases) {
  describe(`prescription numbers (${database.name})`, () => {
    test('a HIS that numbers prescriptions gives them its own; where it answers none, the gateway numbers them', async (t) => {
      const asked: Array<{ patientId: string; doctorId: string }> = [];
      let own: string | undefined = 'CF2026-000123';
      const his = (db: Db): HisAdapter => ({
        ...createDemoHis(db),
        numberPrescription: async (p) => {
          asked.push({ patientId: p.patientId, doctorId: p.doctorId });
          return own;
        },
      });
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, his });
      t.after(() => gw.close());
      const zhang = await login(gw, 'zhangwei', 'demo');
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const first = await prescribe(gw, zhang, doctor);
      assert.equal(first.number, 'CF2026-000123');
      assert.equal(asked.length, 1);
      assert.equal(asked[0]!.patientId, first.patient.id);
      assert.equal(ok<Prescription>(await get(gw, zhang, `/prescriptions/${first.id}`)).number, 'CF2026-000123');
      own = undefined;
      assert.match((await prescribe(gw, zhang, doctor)).number, /^\d{8}-0001$/);
    });

    test('numbering added to a gateway that holds prescriptions numbers them by day in the order made, and counts on from there', async (t) => {
      const db = await database.open();
      const keep = { open: async () => db };
      // One CA across the restart, as a hospital's is.
      const ca = await createLocalCa({ enrolOnRequest: true, autoConfirm: true });
      const signing = { signer: ca.adapter, signatureRoots: [ca.rootPem] };
      let gw = await startGateway(keep, { demo: true, sweepIntervalMs: 0, ...signing });
      t.after(() => db.close());
      const zhang = await login(gw, 'zhangwei', 'demo');
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const made = [await prescribe(gw, zhang, doctor)];
      gw.clock.set(gw.clock.ms + 60_000); // a minute later (the test clock stands still otherwise)
      made.push(await prescribe(gw, zhang, doctor));
      // As the database was before gw_011: no numbers, no counters (and so none of gw_016's rule on them, which names the column).
      await db.query('DROP TRIGGER prescriptions_record_kept ON prescriptions');
      await db.query('DROP INDEX prescriptions_number');
      await db.query('ALTER TABLE prescriptions DROP COLUMN number');
      await db.query('DROP TABLE prescription_numbers');
      await db.query("DELETE FROM schema_migrations WHERE name = 'gw_011_prescription_numbers'");
      await gw.app.close();
      gw = await startGateway(keep, { demo: true, sweepIntervalMs: 0, ...signing });
      t.after(() => gw.app.close());
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(gw.clock.now()).replaceAll('-', '');
      const read = async (id: string) => ok<Prescription>(await get(gw, await login(gw, 'zhangwei', 'demo'), `/prescriptions/${id}`)).number;
      assert.deepEqual([await read(made[0]!.id), await read(made[1]!.id)], [`${day}-0001`, `${day}-0002`]);
      assert.equal((await prescribe(gw, await login(gw, 'zhangwei', 'demo'), await login(gw, DOCTOR.username, DOCTOR.password))).number, `${day}-0003`);
    });
  });
}

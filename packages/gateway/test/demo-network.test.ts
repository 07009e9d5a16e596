/** The demo network (docs/network.md): the city hospital and two county hospitals, each with its own HIS and staff. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HisAdapter } from '@ihkit/adapters';
import type { Consult, PractitionerStatus } from '@ihkit/core';
import { demoNetwork } from '../src/organizations/demo-network.js';
import { DOCTOR, get, ok, paidConsult } from './helpers/consults.js';
import { databases, demoPatient, login, startGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`the demo network (${database.name})`, () => {
    test('two county hospitals beside the city, their own departments and staff, and nothing of the city’s', async () => {
      const network = demoNetwork('home');
      const gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, organization: { id: 'home', kind: 'regional-centre' }, ...network });
      try {
        const { rows } = await gw.db.query<{ id: string; kind: string; parent_id: string | null; home: boolean }>('SELECT id, kind, parent_id, home FROM organizations ORDER BY id');
        assert.deepEqual(rows.map((r) => [r.id, r.kind, r.parent_id, r.home]), [
          ['county-east', 'county', 'home', false], ['county-west', 'county', 'home', false], ['home', 'regional-centre', null, true],
        ]);

        const departments = async (i: number) => (await (network.organizations[i]!.his as (db: typeof gw.db) => HisAdapter)(gw.db).listDepartments()).map((d) => d.name);
        assert.deepEqual(await departments(0), ['心血管内科', '呼吸内科', '儿科']);
        assert.deepEqual(await departments(1), ['心血管内科', '内分泌科', '消化内科']);
        assert.ok((await gw.his.listDepartments()).length > 3, 'the city hospital has every department');

        const me = demoPatient();
        const patient = await login(gw, me.username, me.password);
        const consult = await paidConsult(gw, patient, me.patientId, 'I10');
        const zhou = await login(gw, DOCTOR.username, DOCTOR.password);
        assert.ok(ok<{ items: Consult[] }>(await get(gw, zhou, '/consults')).items.some((c) => c.id === consult.id));

        // The county's cardiologist: the same HIS doctor id as 周敏, another hospital.
        const east = await login(gw, 'dr.east', 'demo');
        const user = (await gw.db.query<{ organization_id: string; his_doctor_id: string }>("SELECT organization_id, his_doctor_id FROM users WHERE username = 'dr.east'")).rows[0]!;
        assert.equal(user.organization_id, 'county-east');
        assert.equal(ok<PractitionerStatus>(await get(gw, east, '/me/practitioner')).standing, 'permitted', 'their own HIS knows them');
        assert.deepEqual(ok<{ items: Consult[] }>(await get(gw, east, '/consults')).items, [], 'nothing of the city’s queue');
        assert.equal((await get(gw, east, `/consults/${consult.id}`)).statusCode, 404);
        assert.equal((await get(gw, east, `/patients/${me.patientId}/lab-reports`)).statusCode, 403);
        assert.equal(ok<{ items: unknown[] }>(await get(gw, await login(gw, 'admin.west', 'demo'), '/regulator-reports?state=waiting')).items.length, 0, 'nor the city’s supervision outbox');
      } finally {
        await gw.close();
      }
    });
  });
}

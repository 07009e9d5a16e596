import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoAccounts, type HisPatient } from '@ihkit/adapters';
import { ADULT_AGE, ageOn, residentIdCheckChar, type Patient } from '@ihkit/core';
import { API, auth, databases, demoPatient, login, newKey, otherDemoPatient, startGateway, type TestGateway } from './helpers/gateway.js';

/** A valid resident ID number that no demo patient holds. */
function unknownResidentId(): string {
  const first17 = '43010219850917' + '731';
  return first17 + residentIdCheckChar(first17);
}

for (const database of databases) {
  describe(`patients and family members (${database.name})`, () => {
    let gw: TestGateway;
    let token: string;
    const me = demoPatient();
    const other = otherDemoPatient();
    let records: HisPatient[];

    before(async () => {
      gw = await startGateway(database, { demo: true });
      token = await login(gw, me.username, me.password);
      const ids = new Set(demoAccounts.flatMap((a) => [a.patientId, ...a.family.map((f) => f.patientId)]).filter((x): x is string => !!x));
      records = (await Promise.all([...ids].map((id) => gw.his.findPatient({ patientId: id })))).filter((p): p is HisPatient => !!p);
    });
    after(() => gw?.close());

    const add = (body: { name: string; idNumber: string; relation: string }, key = newKey(), t = token) =>
      gw.app.inject({ method: 'POST', url: `${API}/patients`, headers: auth(t, { 'idempotency-key': key }), payload: body });
    const mine = async () => (await gw.app.inject({ method: 'GET', url: `${API}/patients`, headers: auth(token) })).json().items as Patient[];
    const isMinor = (p: HisPatient) => ageOn(p.birthDate, gw.clock.now()) < ADULT_AGE;

    test('listMyPatients: self first, ID numbers masked, minors flagged, each link active since it was proven', async () => {
      const items = await mine();
      assert.equal(items[0]!.id, me.patientId);
      assert.equal(items[0]!.relation, 'self');
      assert.equal(items.length, 1 + me.family.length);
      for (const p of items) {
        assert.equal(p.status, 'active');
        assert.ok(p.since && p.linkId);
        const record = records.find((r) => r.id === p.id)!;
        assert.equal(p.name, record.name);
        assert.equal(p.birthDate, record.birthDate);
        assert.equal(p.minor, isMinor(record));
        assert.notEqual(p.idNumberMasked, record.idNumber);
        assert.equal(p.idNumberMasked.slice(0, 4), record.idNumber.slice(0, 4));
        assert.match(p.idNumberMasked, /^\d{4}\*{12}[\dX]{2}$/);
        assert.equal(Object.hasOwn(p, 'idNumber'), false);
      }
    });

    test('a wrong check digit is INVALID_RESIDENT_ID', async () => {
      const valid = unknownResidentId();
      const wrong = valid.slice(0, 17) + (valid[17] === '1' ? '2' : '1');
      const res = await add({ name: '张三', idNumber: wrong, relation: 'parent' });
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'INVALID_RESIDENT_ID');
    });

    test('an ID number the hospital does not know, or a name that does not match, is PATIENT_NOT_FOUND', async () => {
      const unknown = await add({ name: '张三', idNumber: unknownResidentId(), relation: 'parent' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'PATIENT_NOT_FOUND');
      const record = (await gw.his.findPatient({ patientId: other.patientId }))!;
      const mismatch = await add({ name: `${record.name}X`, idNumber: record.idNumber, relation: 'other' });
      assert.equal(mismatch.statusCode, 404);
      assert.equal(mismatch.json().code, 'PATIENT_NOT_FOUND');
      assert.deepEqual(mismatch.json().title, unknown.json().title);
    });

    test('an adult found by the real-name check is added pending; a retry with the same key returns them; adding again is PATIENT_ALREADY_LINKED', async () => {
      const record = records.find((r) => !isMinor(r) && r.id !== me.patientId && !me.family.some((f) => f.patientId === r.id))!;
      assert.ok(record, 'an adult demo patient not linked to me');
      const key = newKey();
      const res = await add({ name: record.name, idNumber: record.idNumber.toLowerCase(), relation: 'parent' }, key);
      assert.equal(res.statusCode, 201, res.body);
      const p = res.json() as Patient;
      assert.equal(p.id, record.id);
      assert.equal(p.relation, 'parent');
      assert.equal(p.minor, false);
      assert.equal(p.status, 'pending', 'a name and an ID number prove nothing');
      const retry = await add({ name: record.name, idNumber: record.idNumber, relation: 'parent' }, key);
      assert.equal(retry.statusCode, 201, retry.body);
      assert.equal(retry.json().id, record.id);
      const again = await add({ name: record.name, idNumber: record.idNumber, relation: 'parent' });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'PATIENT_ALREADY_LINKED');
      assert.equal((await mine()).find((x) => x.id === record.id)?.status, 'pending');
      const self = (await gw.his.findPatient({ patientId: me.patientId }))!;
      const selfAgain = await add({ name: self.name, idNumber: self.idNumber, relation: 'other' });
      assert.equal(selfAgain.json().code, 'PATIENT_ALREADY_LINKED');
    });

    test('a minor can only be asked for as a child, by an adult: GUARDIAN_REQUIRED otherwise', async (t) => {
      const minor = records.find((r) => isMinor(r) && !me.family.some((f) => f.patientId === r.id) && r.id !== me.patientId);
      if (!minor) return t.skip('the demo hospital has no minor outside this family');
      const asSpouse = await add({ name: minor.name, idNumber: minor.idNumber, relation: 'spouse' });
      assert.equal(asSpouse.statusCode, 422);
      assert.equal(asSpouse.json().code, 'GUARDIAN_REQUIRED');
      const asChild = await add({ name: minor.name, idNumber: minor.idNumber, relation: 'child' });
      assert.equal(asChild.statusCode, 201, asChild.body);
      assert.equal(asChild.json().minor, true);
      // Not this user's child on the hospital's records: staff must see them as the guardian (family.test.ts).
      assert.equal(asChild.json().status, 'pending');
    });
  });
}

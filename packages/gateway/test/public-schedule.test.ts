/**
 * The public schedule: departments, doctors and free places can be browsed before signing in,
 * as every hospital's own site allows — with nothing of any patient in the answers, and a
 * scraper limited per address. Booking still needs a signed-in patient.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { addDays } from '@ihkit/core';
import { demoAccounts } from '@ihkit/adapters';
import { parseRateLimits } from '../src/rate-limit.js';
import { API, bookableSlots, book, databases, demoPatient, login, startGateway, type TestGateway } from './helpers/gateway.js';

for (const database of databases) {
  describe(`the public schedule (${database.name})`, () => {
    let gw: TestGateway;
    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0, rateLimits: parseRateLimits('schedule.address=5/1m') });
    });
    after(() => gw?.close());

    test('departments, doctors and slots answer without a token, with no patient in them; booking still needs one', async () => {
      const token = await login(gw, demoPatient().username, 'demo');
      const booked = (await bookableSlots(gw, token))[0]!;
      const appointment = await book(gw, token, { slotId: booked.id, patientId: demoPatient().patientId });
      assert.equal(appointment.statusCode, 201);

      const from = gw.clock.now().toISOString().slice(0, 10);
      const departments = await gw.app.inject({ method: 'GET', url: `${API}/departments`, remoteAddress: '198.51.100.7' });
      assert.equal(departments.statusCode, 200);
      const department = departments.json().items[0];
      const doctors = await gw.app.inject({ method: 'GET', url: `${API}/doctors?departmentId=${department.id}`, remoteAddress: '198.51.100.7' });
      assert.equal(doctors.statusCode, 200);
      assert.ok(doctors.json().items.length > 0);
      const slots = await gw.app.inject({ method: 'GET', url: `${API}/slots?departmentId=${booked.departmentId}&from=${from}&to=${addDays(from, 20)}`, remoteAddress: '198.51.100.7' });
      assert.equal(slots.statusCode, 200);
      const mine = slots.json().items.find((s: { id: string }) => s.id === booked.id);
      assert.ok(mine, 'the booked slot is listed');
      assert.equal(mine.available, booked.available - 1, 'its free places count the booking');

      const seen = [departments.body, doctors.body, slots.body].join('\n');
      const patients = demoAccounts.flatMap((a) => (a.patientId ? [a.patientId] : []));
      assert.ok(patients.length > 1);
      for (const id of patients) assert.ok(!seen.includes(id), `patient ${id} in the public schedule`);
      assert.ok(!seen.includes(appointment.json().id), 'the appointment in the public schedule');

      const anonymous = await gw.app.inject({ method: 'POST', url: `${API}/appointments`, headers: { 'idempotency-key': 'k-public-1' }, payload: { slotId: booked.id, patientId: demoPatient().patientId }, remoteAddress: '198.51.100.7' });
      assert.equal(anonymous.statusCode, 401);
    });

    test('a scraper is limited per address (RATE_LIMITED with Retry-After); another address is not', async () => {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await gw.app.inject({ method: 'GET', url: `${API}/departments`, remoteAddress: '203.0.113.9' }));
      assert.deepEqual(answers.map((r) => r.statusCode), [200, 200, 200, 200, 200, 429]);
      assert.equal(answers[5]!.json().code, 'RATE_LIMITED');
      assert.ok(Number(answers[5]!.headers['retry-after']) > 0);
      const other = await gw.app.inject({ method: 'GET', url: `${API}/departments`, remoteAddress: '203.0.113.10' });
      assert.equal(other.statusCode, 200);
    });
  });
}

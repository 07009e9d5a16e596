/**
 * The worked example behind a real gateway, as an integrator tries it: the vendor HIS adapter
 * given to createGateway (no demo hospital), a patient signed in through an OpenID provider (the
 * tests' oidc-provider) whose token names their HIS patient id, and a booking made and cancelled
 * through the HTTP API — landing in the vendor's own registrations.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Appointment, Slot } from '@ihkit/core';
import { createGateway, loadConfig, type Gateway } from '@ihkit/gateway';
import { openPglite } from '../../packages/gateway/src/db/index.js';
import { startIdentityProvider, type TestIdp } from '../../packages/gateway/test/helpers/identity-provider.js';
import { createVendorHis } from './adapter.js';
import { startSampleHis } from './sample-hospital.js';
import type { VendorHis } from './vendor-his.js';

let vendor: VendorHis;
let from: string;
let idp: TestIdp;
let gateway: Gateway;
let token: string;
const patient = 'BR000013';

before(async () => {
  const sample = await startSampleHis();
  vendor = sample.vendor;
  from = sample.fixture.from;
  idp = await startIdentityProvider([
    { subject: 'hospital-sso-0013', name: '测试', acr: 'real-name', claims: { name: '测试', ihkit_role: 'patient', ihkit_patient_id: patient } },
  ]);
  const config = loadConfig({ IHKIT_JWT_ISSUER: idp.issuer, IHKIT_JWT_AUDIENCE: idp.audience, IHKIT_RATE_LIMITS: 'off' });
  gateway = await createGateway({ ...config, demo: false, db: await openPglite(), his: createVendorHis({ baseUrl: vendor.url }), logger: false });
  token = (await idp.browser().signIn('hospital-sso-0013')).access_token;
});
after(async () => {
  await gateway?.close();
  await idp?.close();
  await vendor?.close();
});

const call = (method: 'GET' | 'POST', url: string, body?: object, headers: Record<string, string> = {}) =>
  gateway.app.inject({ method, url: `/api${url}`, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body ? { payload: body } : {}) });

test('a patient books and cancels through the gateway, on the vendor HIS', async () => {
  const slots = (await call('GET', `/slots?from=${from}&to=${from}&departmentId=K01`)).json<{ items: Slot[] }>().items;
  const slot = slots.find((s) => s.available > 1)!;
  assert.ok(slot, 'the gateway lists the vendor’s schedule');
  assert.match(slot.start, /^\d{4}-\d{2}-\d{2}T08:00:00\+08:00$/, 'local 08:00 with the hospital’s offset');
  assert.deepEqual(slot.fee, { amount: 5000, currency: 'CNY' }, 'fen stay fen');

  const booked = await call('POST', '/appointments', { slotId: slot.id, patientId: patient }, { 'idempotency-key': 'worked-example-1' });
  assert.equal(booked.statusCode, 201, booked.body);
  const appointment = booked.json<Appointment>();
  assert.equal(appointment.number, vendor.gh.get(appointment.id)?.ghxh, 'the vendor’s registration number');
  assert.equal(vendor.gh.get(appointment.id)?.zt, '0', 'registered at the vendor');

  const again = await call('POST', '/appointments', { slotId: slot.id, patientId: patient }, { 'idempotency-key': 'worked-example-1' });
  assert.equal(again.json<Appointment>().id, appointment.id, 'a retry is the same registration (the same serial at the vendor)');
  assert.equal(vendor.gh.size, 1);

  const cancelled = await call('POST', `/appointments/${appointment.id}/cancel`, {});
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  assert.equal(vendor.gh.get(appointment.id)?.zt, '1', 'cancelled at the vendor');
});

test('the vendor’s own refusals reach the patient as the contract’s codes', async () => {
  const slots = (await call('GET', `/slots?from=${from}&to=${from}&departmentId=K02`)).json<{ items: Slot[] }>().items;
  const [a, b] = slots;
  const first = await call('POST', '/appointments', { slotId: a!.id, patientId: patient }, { 'idempotency-key': 'worked-example-2' });
  assert.equal(first.statusCode, 201, first.body);
  const second = await call('POST', '/appointments', { slotId: b!.id, patientId: patient }, { 'idempotency-key': 'worked-example-3' });
  assert.equal(second.json<{ code: string }>().code, 'ALREADY_BOOKED', 'the vendor’s 1003 同一医生同一天已有挂号');
});

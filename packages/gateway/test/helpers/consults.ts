/** Consult flows for tests: asking for a follow-up, paying it in the sandbox, the doctor's side. */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Condition, Consult, ConsultMessage, Payment } from '@ihkit/core';
import { API, auth, newKey, type TestGateway } from './gateway.js';

export const DOCTOR = { username: 'dr.zhou', password: 'demo' } as const;
export const OTHER_DOCTOR = { username: 'dr.huang', password: 'demo' } as const;

export function ok<T>(res: LightMyRequestResponse, status = 200): T {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.json() as T;
}

export const get = (gw: TestGateway, token: string, path: string) => gw.app.inject({ method: 'GET', url: `${API}${path}`, headers: auth(token) });
export const post = (gw: TestGateway, token: string, path: string, payload: object = {}, headers: Record<string, string> = {}) =>
  gw.app.inject({ method: 'POST', url: `${API}${path}`, headers: auth(token, headers), payload });

export async function conditions(gw: TestGateway, token: string, patientId: string): Promise<Condition[]> {
  return ok<{ items: Condition[] }>(await get(gw, token, `/patients/${patientId}/conditions`)).items;
}

/** Asks for a consult about the patient's condition `code` (diagnosed by the demo's Zhou Min for 张伟's hypertension). */
export async function requestConsult(gw: TestGateway, token: string, patientId: string, code: string, doctorId?: string, key = newKey()) {
  const condition = (await conditions(gw, token, patientId)).find((c) => c.code === code);
  if (!condition) throw new Error(`patient has no condition ${code}`);
  return post(gw, token, '/consults', { patientId, doctorId: doctorId ?? condition.doctorId, encounterId: condition.encounterId, conditionCode: code, complaint: '血压最近偏高，头晕。' }, { 'idempotency-key': key });
}

export async function payInSandbox(gw: TestGateway, token: string, consultId: string): Promise<Payment> {
  const order = ok<Payment>(await post(gw, token, `/consults/${consultId}/payment`));
  return ok<Payment>(await post(gw, token, `/payments/${order.id}/sandbox-pay`));
}

/** A consult of `patientId` about `code`, paid. */
export async function paidConsult(gw: TestGateway, token: string, patientId: string, code: string, doctorId?: string): Promise<Consult> {
  const consult = ok<Consult>(await requestConsult(gw, token, patientId, code, doctorId), 201);
  await payInSandbox(gw, token, consult.id);
  return ok<Consult>(await get(gw, token, `/consults/${consult.id}`));
}

export async function say(gw: TestGateway, token: string, consultId: string, text: string, key = newKey()) {
  return post(gw, token, `/consults/${consultId}/messages`, { text }, { 'idempotency-key': key });
}

export async function messages(gw: TestGateway, token: string, consultId: string, after = 0): Promise<ConsultMessage[]> {
  return ok<{ items: ConsultMessage[] }>(await get(gw, token, `/consults/${consultId}/messages?after=${after}`)).items;
}

/** A tiny valid PNG (1×1). */
export const PNG_1x1 = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201ff8a2f5e0b0000000049454e44ae426082', 'hex');

/** A WebM recording as MediaRecorder makes it (EBML header, doctype webm), with bytes of every value after the header. */
export const WEBM = Buffer.concat([Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d', 'hex'), randomBytes(4096), Buffer.from([0, 0xff, 0x0d, 0x0a])]);

/** A consult of the patient's own, paid and accepted by `doctor`. */
export async function acceptedConsult(gw: TestGateway, patient: string, doctor: string): Promise<Consult> {
  const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, patient, '/patients')).items.find((p) => p.relation === 'self')!.id;
  const consult = await paidConsult(gw, patient, self, 'I10');
  return ok<Consult>(await post(gw, doctor, `/consults/${consult.id}/accept`));
}

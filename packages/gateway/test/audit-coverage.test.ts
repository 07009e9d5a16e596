/**
 * The audit trail's coverage, read from the contract: every operation that concerns patient
 * data has an audit resource type in its handler, a call leaves rows saying who, what and
 * when, and no operation of the API reaches the trail itself (audit.test.ts shows the table
 * refusing UPDATE, DELETE and TRUNCATE). The realtime socket's frames likewise, from
 * CLIENT_FRAME_TYPES in @ihkit/core: each says how it is audited (FRAME_AUDIT), and the
 * audited ones leave rows naming the patient.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CLIENT_FRAME_TYPES, type Consult, type Payment, type VideoRoom } from '@ihkit/core';
import { loadContract, type ContractOperation } from '../src/contract.js';
import { FRAME_AUDIT, SERVER_FRAME_AUDIT } from '../src/realtime/socket.js';
import { handlers } from '../src/routes/index.js';
import { API, databases, login, startGateway, type AuditRow, type TestGateway } from './helpers/gateway.js';
import { DOCTOR, get, ok, paidConsult, post, requestConsult } from './helpers/consults.js';
import { listen, RawSocket } from './helpers/live.js';

/** Ids of patient data: an operation taking one (in its path, query or body) concerns patient data. */
const PATIENT_DATA_IDS = ['patientId', 'remoteConsultationId', 'planId', 'linkId', 'appointmentId', 'consultId', 'prescriptionId', 'paymentId', 'roomId', 'recordingId', 'reportId', 'studyId', 'alertId', 'attachmentId'];
/** Collections of patient data: an operation under one of these paths concerns it. */
const PATIENT_DATA_PATHS = ['patients', 'family-links', 'appointments', 'consults', 'payments', 'prescriptions', 'video-rooms', 'recordings', 'lab-reports', 'imaging-studies', 'critical-alerts', 'regulator-reports', 'prescription-verifications', 'remote-consultations'];
/** Fields of patient data in an answer. */
const PATIENT_DATA_FIELDS = [...PATIENT_DATA_IDS, 'patient', 'guardian', 'idNumber', 'idNumberMasked', 'phone'];

type Schema = Record<string, unknown> | undefined;

/** Every property name anywhere in a (dereferenced) JSON schema. */
function propertyNames(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) propertyNames(s, out);
  else if (schema && typeof schema === 'object') {
    const s = schema as Record<string, unknown>;
    for (const [name, sub] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
      out.add(name);
      propertyNames(sub, out);
    }
    for (const key of ['items', 'additionalProperties', 'allOf', 'oneOf', 'anyOf']) propertyNames(s[key], out);
  }
  return out;
}

/** Why the contract says an operation concerns patient data (empty: it does not). */
export function patientDataReasons(op: Pick<ContractOperation, 'path' | 'schema'>): string[] {
  const collection = op.path.split('/')[1] ?? '';
  const inputs = [op.schema.params, op.schema.querystring, op.schema.body].flatMap((s: Schema) => [...propertyNames(s)]);
  const outputs = Object.values(op.schema.response ?? {}).flatMap((s) => [...propertyNames(s)]);
  return [
    ...(PATIENT_DATA_PATHS.includes(collection) ? [`path /${collection}`] : []),
    ...[...new Set(inputs)].filter((n) => PATIENT_DATA_IDS.includes(n)).map((n) => `takes ${n}`),
    ...[...new Set(outputs)].filter((n) => PATIENT_DATA_FIELDS.includes(n)).map((n) => `answers ${n}`),
  ];
}

const operations = loadContract().operations;
const auditOf = (operationId: string) => handlers[operationId as keyof typeof handlers]?.audit;

/** For each audited socket frame: the frame aimed at a consult and room, and what its rows name. */
const SOCKET_CALLS: Record<string, (ids: { consultId: string; roomId: string }) => { frame: object; resourceType: string; resourceId: string }> = {
  subscribe: ({ consultId }) => ({ frame: { type: 'subscribe', consultId, after: 0 }, resourceType: 'consult_message', resourceId: consultId }),
  'video-join': ({ roomId }) => ({ frame: { type: 'video-join', roomId }, resourceType: 'video_room', resourceId: roomId }),
};

test('every frame type of the socket says how it is audited, and each audited one is called below', () => {
  assert.deepEqual(Object.keys(FRAME_AUDIT).sort(), [...CLIENT_FRAME_TYPES].sort(), 'FRAME_AUDIT in realtime/socket.ts: one entry per frame type');
  const audited = Object.entries(FRAME_AUDIT).filter(([, a]) => 'action' in a).map(([type]) => type);
  assert.deepEqual(audited.sort(), Object.keys(SOCKET_CALLS).sort(), 'SOCKET_CALLS: one call per audited frame');
});

test('every frame the socket sends says how its delivery is audited, each audited one with an action of its own', () => {
  const actions = Object.values(SERVER_FRAME_AUDIT).flatMap((a) => ('action' in a ? [a.action] : []));
  assert.equal(new Set(actions).size, actions.length);
  // What hands over patient data, or names a patient's record outside a subscription audited at its start, is audited per delivery.
  for (const type of ['message', 'consults', 'critical-alert', 'prescription', 'invitation', 'report', 'care-alert', 'video-room'] as const) assert.ok('action' in SERVER_FRAME_AUDIT[type], type);
});

test('the rule reads patient data from paths, ids taken and fields answered', () => {
  assert.deepEqual(patientDataReasons({ path: '/health', schema: { response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } } }), []);
  assert.deepEqual(patientDataReasons({ path: '/things/{consultId}', schema: { params: { type: 'object', properties: { consultId: { type: 'string' } } } } }), ['takes consultId']);
  assert.deepEqual(patientDataReasons({ path: '/things', schema: { response: { 200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { idNumberMasked: {} } } } } } } } }), ['answers idNumberMasked']);
  assert.deepEqual(patientDataReasons({ path: '/consults', schema: {} }), ['path /consults']);
});

test('every operation that concerns patient data is audited (a new one without `audit` fails here)', () => {
  const concerned = operations.filter((op) => patientDataReasons(op).length > 0);
  assert.ok(concerned.length >= 50, `${concerned.length} operations concern patient data`);
  const missing = concerned.filter((op) => !auditOf(op.operationId)).map((op) => `${op.operationId} (${op.method} ${op.path}: ${patientDataReasons(op).join(', ')})`);
  assert.deepEqual(missing, [], `operations concerning patient data without an audit resource type in routes/index.ts:\n${missing.join('\n')}`);
});

test('the operations left unaudited concern no patient data, and every audited one does', () => {
  const unaudited = operations.filter((op) => !auditOf(op.operationId));
  for (const op of unaudited) assert.deepEqual(patientDataReasons(op), [], op.operationId);
  // Sign-in, the caller's own practitioner record, the catalogue, the drug list, the triage rules, the payment methods, ICE servers, health and the health education articles: nothing of a patient's.
  assert.deepEqual(unaudited.map((op) => op.operationId).sort(), ['getArticle', 'getIceServers', 'getMe', 'getMyPractitioner', 'getTriageRules', 'health', 'listArticles', 'listCarePlanTemplates', 'listDepartments', 'listDoctors', 'listMySessions', 'listPaymentMethods', 'listPickupPoints', 'listRemoteConsultationDirectory', 'listSlots', 'login', 'logout', 'logoutEverywhere', 'publishArticle', 'revokeSession', 'searchDrugs', 'updateArticle', 'withdrawArticle']);
  for (const op of operations.filter((o) => auditOf(o.operationId))) assert.ok(patientDataReasons(op).length > 0, `${op.operationId} is audited but the rule above does not see patient data in it`);
});

test('no operation reaches the audit trail, and only calls (the router, audited-db), the live socket and the gateway\'s jobs write it', () => {
  assert.deepEqual(operations.filter((op) => /audit/i.test(op.path) || /audit/i.test(op.operationId)).map((op) => op.operationId), []);
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(src, f));
  const text = (f: string) => readFileSync(f, 'utf8');
  const name = (f: string) => relative(src, f).replaceAll('\\', '/');
  // SQL that changes audit rows appears nowhere but in the migration that chained the rows written before the chain (once, as
  // the owner); the one INSERT is audit.ts's.
  assert.deepEqual(files.filter((f) => /(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|TRUNCATE\s+(TABLE\s+)?audit_log)/i.test(text(f))).map(name), ['migrations/gw_015_audit_chain.ts']);
  assert.deepEqual(files.filter((f) => /INSERT\s+INTO\s+audit_log/i.test(text(f))).map(name), ['audit.ts']);
  assert.deepEqual(files.filter((f) => /\bwriteAudit(Rows)?\(/.test(text(f)) && !f.endsWith('/audit.ts')).map(name).sort(), [
    'audited-db.ts', 'booking/holds.ts', 'booking/reschedule-difference.ts', 'consults/expiry.ts', 'insurance/settlement.ts', 'notifications/outbox.ts', 'prescriptions/fulfilment.ts', 'realtime/delivery-audit.ts', 'realtime/socket.ts', 'records/holds.ts', 'records/purge.ts', 'regulator/outbox.ts', 'remote-consultations/writeback.ts', 'router.ts',
  ]);
});

for (const database of databases) {
  describe(`audit rows of calls (${database.name})`, () => {
    let gw: TestGateway;
    const users: Record<string, { token: string; id: string }> = {};

    before(async () => {
      gw = await startGateway(database, { demo: true, sweepIntervalMs: 0 });
      for (const [username, password] of [['zhangwei', 'demo'], ['lina', 'demo'], [DOCTOR.username, DOCTOR.password]] as const) {
        const token = await login(gw, username, password);
        users[username] = { token, id: ok<{ id: string }>(await get(gw, token, '/me')).id };
      }
    });
    after(() => gw?.close());

    /** The rows a request left, checked against who did what, and when. */
    async function rowsOf(res: { headers: Record<string, unknown> }, startedAt: number): Promise<Omit<AuditRow, 'at' | 'id' | 'request_id'>[]> {
      const { rows } = await gw.db.query<AuditRow>('SELECT at, actor_id, actor_role, action, patient_id, resource_type, resource_id, outcome FROM audit_log WHERE request_id = $1 ORDER BY id', [String(res.headers['x-request-id'])]);
      for (const r of rows) {
        const at = new Date(r.at).getTime();
        assert.ok(at >= startedAt - 1000 && at <= Date.now() + 1000, `${r.action} at ${new Date(r.at).toISOString()} is when it was called`);
      }
      return rows.map(({ at: _at, ...rest }) => rest);
    }
    const expected = (action: string, who: { id: string } | null, role: string | null, patientId: string, resourceId: string | null, outcome = 'ok') =>
      ({ actor_id: who?.id ?? null, actor_role: role, action, patient_id: patientId, resource_type: auditOf(action) ?? null, resource_id: resourceId, outcome });

    test('reads and writes of a consult, its payment and reports: one row each, with who, what and when', async () => {
      const zhang = users.zhangwei!;
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang.token, '/patients')).items.find((p) => p.relation === 'self')!.id;

      let t = Date.now();
      const conditions = await get(gw, zhang.token, `/patients/${self}/conditions`);
      assert.deepEqual(await rowsOf(conditions, t), [expected('listConditions', zhang, 'patient', self, null)]);

      t = Date.now();
      const created = await requestConsult(gw, zhang.token, self, 'I10');
      const consult = ok<Consult>(created, 201);
      assert.deepEqual(await rowsOf(created, t), [expected('createConsult', zhang, 'patient', self, consult.id)]);

      t = Date.now();
      const ordered = await post(gw, zhang.token, `/consults/${consult.id}/payment`);
      const order = ok<Payment>(ordered);
      assert.deepEqual(await rowsOf(ordered, t), [expected('payConsult', zhang, 'patient', self, order.id)]);

      // The provider's notification: no user behind it, but the payment and its patient.
      const paid = gw.sandbox!.payerPaid({ orderId: order.id, providerRef: 'ref', amount: order.amount });
      t = Date.now();
      const notified = await gw.app.inject({ method: 'POST', url: `${API}/payments/notify/sandbox`, headers: paid.headers as Record<string, string>, payload: paid.body });
      assert.equal(notified.statusCode, 200, notified.body);
      assert.deepEqual(await rowsOf(notified, t), [expected('paymentNotify', null, null, self, order.id)]);

      const doctor = users[DOCTOR.username]!;
      t = Date.now();
      const accepted = await post(gw, doctor.token, `/consults/${consult.id}/accept`);
      ok(accepted);
      assert.deepEqual(await rowsOf(accepted, t), [expected('acceptConsult', doctor, 'doctor', self, consult.id)]);

      // Someone else's probe is recorded as denied, naming whose data it was after.
      const lina = users.lina!;
      t = Date.now();
      const probe = await get(gw, lina.token, `/consults/${consult.id}`);
      assert.equal(probe.statusCode, 404);
      assert.deepEqual(await rowsOf(probe, t), [expected('getConsult', lina, 'patient', self, consult.id, 'denied')]);

      t = Date.now();
      const reports = await get(gw, zhang.token, `/patients/${self}/lab-reports`);
      ok(reports);
      assert.deepEqual(await rowsOf(reports, t), [expected('listLabReports', zhang, 'patient', self, null)]);
    });

    test('the socket: a subscribe or video join leaves a row naming the patient, someone else’s refused a denied one; one for an id of nothing is counted, not stored', async () => {
      const [zhang, lina, doctor] = [users.zhangwei!, users.lina!, users[DOCTOR.username]!];
      const self = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, zhang.token, '/patients')).items.find((p) => p.relation === 'self')!.id;
      const consult = await paidConsult(gw, zhang.token, self, 'I10');
      ok(await post(gw, doctor.token, `/consults/${consult.id}/accept`));
      const room = ok<VideoRoom>(await post(gw, zhang.token, `/consults/${consult.id}/video-room`));
      const url = await listen(gw);
      const sockets: RawSocket[] = [];
      const answer = async (token: string, frame: object) => {
        const s = await RawSocket.open(url, token);
        sockets.push(s);
        s.send(frame);
        return s.next((x) => x.type !== 'ready');
      };
      const rowsFor = async (actorId: string, action: string, resourceId: string) =>
        (await gw.db.query<AuditRow>('SELECT actor_id, actor_role, action, patient_id, resource_type, resource_id, outcome FROM audit_log WHERE actor_id = $1 AND action = $2 AND resource_id = $3 ORDER BY id', [actorId, action, resourceId])).rows;
      const counted = async (action: string) => {
        await gw.flushRefusals();
        const { rows } = await gw.db.query<{ n: number }>(`SELECT COALESCE(sum(count), 0)::int AS n FROM audit_refusals WHERE action = $1 AND outcome = 'denied'`, [action]);
        return rows[0]!.n;
      };
      try {
        for (const [type, callOf] of Object.entries(SOCKET_CALLS)) {
          const audit = FRAME_AUDIT[type as keyof typeof FRAME_AUDIT];
          assert.ok('action' in audit);
          const { frame, resourceType, resourceId } = callOf({ consultId: consult.id, roomId: room.id });
          const row = (who: { id: string }, role: string, outcome: string) => ({ actor_id: who.id, actor_role: role, action: audit.action, patient_id: self, resource_type: resourceType, resource_id: resourceId, outcome });

          assert.notEqual((await answer(zhang.token, frame)).type, 'error', `${type} as the patient`);
          assert.deepEqual(await rowsFor(zhang.id, audit.action, resourceId), [row(zhang, 'patient', 'ok')], `${type}: the patient's row`);

          assert.equal((await answer(lina.token, frame)).code, 'NOT_FOUND', `${type} as someone else`);
          assert.deepEqual(await rowsFor(lina.id, audit.action, resourceId), [row(lina, 'patient', 'denied')], `${type}: someone else's attempt, naming whose it was`);

          const before = await counted(audit.action);
          const nothing = callOf({ consultId: 'con_nobody', roomId: 'vr_nobody' });
          assert.equal((await answer(lina.token, nothing.frame)).code, 'NOT_FOUND', `${type} of an id that names nothing`);
          assert.deepEqual(await rowsFor(lina.id, audit.action, nothing.resourceId), [], `${type}: no row for an id of nothing`);
          assert.equal(await counted(audit.action), before + 1, `${type}: the refusal is counted`);
        }
      } finally {
        for (const s of sockets) s.close();
      }
    });
  });
}

/**
 * Online follow-up consults: the rules of asking for one (follow-up of an offline diagnosis,
 * real name, a guardian for a minor), the lists, and the doctor's and patient's moves through
 * the lifecycle. Messages are in consult-messages.ts, payment in payments.ts.
 */
import { ageOn, isOfflineVisit, isValidResidentId, localDate, type Condition, type ConsultStatus } from '@ihkit/core';
import { openConsult, withConsult } from '../consults/access.js';
import { refundIfPaid } from '../consults/payments.js';
import { appendMessage, CONSULT_COLUMNS, findConsult, toConsult, transition, type ConsultRow } from '../consults/store.js';
import { newId } from '../ids.js';
import { retainUntil } from '../records/retention.js';
import type { OperationHandler, Services } from '../operations.js';
import { idempotencyKey, signedIn, statusesIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { linkedPatient, linkedPatients } from '../users.js';
import { reportConsult } from '../regulator/outbox.js';
import { organizationOf } from '../organizations/isolation.js';
import { readable } from '../organizations/grants.js';
import { permittedPractitioner, permittedSelf } from '../practitioners.js';
import { isMinor } from './patients.js';

const STATUSES: readonly ConsultStatus[] = ['requested', 'paid', 'accepted', 'in_progress', 'completed', 'referred', 'cancelled', 'refunded'];

/** The diagnoses of the patient's offline visits, one per code (its latest diagnosis), newest first. */
async function offlineConditions(services: Services, patientId: string): Promise<Condition[]> {
  const encounters = await services.his.listEncounters(patientId);
  const seen = new Set<string>();
  const out: Condition[] = [];
  for (const e of [...encounters].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))) {
    // Only an offline visit establishes a diagnosis: not an online consult, nor a visit the HIS gives no kind for.
    if (!isOfflineVisit(e.kind)) continue;
    for (const d of e.diagnoses) {
      if (seen.has(d.code)) continue;
      seen.add(d.code);
      out.push({ encounterId: e.id, code: d.code, name: d.name, date: e.date, departmentId: e.departmentId, doctorId: e.doctorId });
    }
  }
  return out;
}

export const listConditions: OperationHandler<'listConditions'> = {
  audit: 'condition',
  async handle(call, services) {
    const user = signedIn(call);
    const { patientId } = call.params;
    call.audit.patientIds.push(patientId);
    if (!(await linkedPatient(services.db, user.id, patientId))) throw new HttpProblem('NOT_FOUND');
    return { body: { items: await offlineConditions(services, patientId) } };
  },
};

export const listConsults: OperationHandler<'listConsults'> = {
  audit: 'consult',
  async handle(call, services) {
    const user = signedIn(call);
    const statuses = statusesIn(call.query.status, STATUSES);
    let rows: ConsultRow[];
    if (user.role === 'doctor') {
      ({ rows } = await services.db.query<ConsultRow>(
        `SELECT ${CONSULT_COLUMNS} FROM consults WHERE organization_id = $3 AND doctor_id = $1 AND paid_at IS NOT NULL AND ($2::text[] IS NULL OR status = ANY($2::text[]))
         ORDER BY paid_at, id LIMIT 200`,
        [user.his_doctor_id, statuses ?? null, organizationOf(user)],
      ));
    } else {
      const patientIds = (await linkedPatients(services.db, user.id)).map((l) => l.patientId);
      ({ rows } = await services.db.query<ConsultRow>(
        `SELECT ${CONSULT_COLUMNS} FROM consults WHERE patient_id = ANY($1::text[]) AND ($2::text[] IS NULL OR status = ANY($2::text[]))
         ORDER BY created_at DESC, id LIMIT 200`,
        [patientIds, statuses ?? null],
      ));
    }
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    return { body: { items: rows.map(toConsult) } };
  },
};

export const createConsult: OperationHandler<'createConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    const { db, his } = services;
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const { patientId, doctorId, encounterId, conditionCode, complaint } = call.body;
    call.audit.patientIds.push(patientId);

    const earlier = await db.query<ConsultRow>(`SELECT ${CONSULT_COLUMNS} FROM consults WHERE user_id = $1 AND idempotency_key = $2`, [user.id, key]);
    if (earlier.rows[0]) return { status: 201, body: sameRequest(earlier.rows[0], call.body) };

    const link = await linkedPatient(db, user.id, patientId);
    if (!link) throw new HttpProblem('FORBIDDEN');
    // Real name: the hospital's record of this patient, with a resident ID that checks.
    const patient = await his.findPatient({ patientId });
    if (!patient) throw new HttpProblem('PATIENT_NOT_FOUND');
    const now = services.now();
    if (!isValidResidentId(patient.idNumber, now)) throw new HttpProblem('INVALID_RESIDENT_ID', 'The hospital record of this patient has no valid resident ID; please see the registration desk.');
    const minor = isMinor(patient.birthDate, services, his);
    if (minor && link.relation !== 'child') throw new HttpProblem('GUARDIAN_REQUIRED', "A minor's consult is asked for by their guardian.");

    // Follow-up only: a diagnosis made in one of the patient's offline visits.
    const encounters = await his.listEncounters(patientId);
    const encounter = encounters.find((e) => e.id === encounterId && isOfflineVisit(e.kind) && e.diagnoses.some((d) => d.code === conditionCode));
    if (!encounter) throw new HttpProblem('FIRST_VISIT_NOT_ALLOWED', 'No earlier offline visit diagnosed this condition.');

    const doctor = (await his.listDoctors()).find((d) => d.id === doctorId);
    if (!doctor) throw new HttpProblem('NOT_FOUND', 'No such doctor.');
    // Nobody pays for a consult no doctor may accept.
    await permittedPractitioner(services, doctor.id, 'doctor');

    const id = newId('con');
    const today = new Date(`${localDate(now, his.timeZone)}T00:00:00Z`);
    const row = await db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO consults (id, user_id, patient_id, patient_name, patient_gender, patient_age, doctor_id, department_id, encounter_id,
           condition_code, condition_name, condition_date, complaint, guardian_name, guardian_relation, status, fee_amount, fee_currency,
           idempotency_key, created_at, retain_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 'requested', $16, $17, $18, $19, ${retainUntil('medical_record', '$19')})
         ON CONFLICT (user_id, idempotency_key) DO NOTHING RETURNING id`,
        [id, user.id, patientId, patient.name, patient.gender, ageOn(patient.birthDate, today), doctor.id, doctor.departmentId, encounter.id,
          conditionCode, encounter.diagnoses.find((d) => d.code === conditionCode)!.name, encounter.date, complaint,
          minor ? user.display_name : null, minor ? 'parent' : null, doctor.fee.amount, doctor.fee.currency, key, now],
      );
      if (!inserted.rows.length) return undefined; // the same key, at the same moment
      call.audit.resourceId = id;
      await appendMessage(tx, id, { kind: 'event', sender: 'system', event: 'requested' }, now);
      const created = (await tx.query<ConsultRow>(`SELECT ${CONSULT_COLUMNS} FROM consults WHERE id = $1`, [id])).rows[0]!;
      await reportConsult(tx, created, 'created', now);
      return created;
    });
    const result = row ?? (await db.query<ConsultRow>(`SELECT ${CONSULT_COLUMNS} FROM consults WHERE user_id = $1 AND idempotency_key = $2`, [user.id, key])).rows[0]!;
    call.audit.resourceId = result.id;
    return { status: 201, body: sameRequest(result, call.body) };
  },
};

/** The consult made earlier with this Idempotency-Key, if the request is the same one. */
function sameRequest(row: ConsultRow, body: { patientId: string; doctorId: string; encounterId: string; conditionCode: string; complaint: string }) {
  if (row.patient_id !== body.patientId || row.doctor_id !== body.doctorId || row.encounter_id !== body.encounterId || row.condition_code !== body.conditionCode || row.complaint !== body.complaint) {
    throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
  }
  return toConsult(row);
}

export const getConsult: OperationHandler<'getConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    const id = call.params.consultId;
    const row = await readable(call, services, 'consult', id, async () => (await openConsult(call, services.db, id)).row, () => findConsult(services.db, id));
    return { body: toConsult(row) };
  },
};

export const getConsultHistory: OperationHandler<'getConsultHistory'> = {
  audit: 'encounter',
  async handle(call, services) {
    const { row } = await openConsult(call, services.db, call.params.consultId);
    const encounters = await services.his.listEncounters(row.patient_id);
    return { body: { items: encounters.map((e) => ({ id: e.id, date: e.date, kind: e.kind, departmentId: e.departmentId, doctorId: e.doctorId, diagnoses: e.diagnoses })) } };
  },
};

export const cancelConsult: OperationHandler<'cancelConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      if (row.status === 'cancelled' || row.status === 'refunded') return { body: toConsult(row) };
      const now = services.now();
      // The state machine decides first: a consult the doctor has taken on cannot be withdrawn, and then nothing is refunded.
      const cancelled = await transition(tx, row, 'cancel', { cancel_reason: 'by_patient', ended_at: now }, now);
      await refundIfPaid(tx, row.id, services, 'Withdrawn by the patient before the doctor accepted.');
      return { body: toConsult(cancelled) };
    });
  },
};

export const acceptConsult: OperationHandler<'acceptConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    // Theirs to accept (NOT_FOUND otherwise), and theirs to practise online, asked of the HIS before any lock is taken.
    const { user } = await openConsult(call, services.db, call.params.consultId);
    await permittedSelf(services, user);
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      if (row.status === 'accepted' || row.status === 'in_progress') return { body: toConsult(row) };
      const now = services.now();
      if (row.status === 'paid' && row.accept_by && row.accept_by < now) throw new HttpProblem('INVALID_STATE', 'The time to accept this consult has passed; it is being refunded.');
      const accepted = await transition(tx, row, 'accept', { accepted_at: now }, now);
      await reportConsult(tx, accepted, 'accepted', now);
      return { body: toConsult(accepted) };
    });
  },
};

export const completeConsult: OperationHandler<'completeConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      const now = services.now();
      const { complaint, diagnosis, advice } = call.body;
      const record = { complaint: complaint.trim(), diagnosis: diagnosis.trim(), advice: advice.trim(), writtenAt: now.toISOString() };
      if (!record.complaint || !record.diagnosis || !record.advice) throw new HttpProblem('VALIDATION_FAILED', 'The record needs a complaint, a diagnosis and advice.');
      const done = await transition(tx, row, 'complete', { record, ended_at: now }, now);
      await reportConsult(tx, done, 'completed', now);
      return { body: toConsult(done) };
    });
  },
};

export const referConsult: OperationHandler<'referConsult'> = {
  audit: 'consult',
  async handle(call, services) {
    return withConsult(call, services, call.params.consultId, async ({ row }, tx) => {
      const now = services.now();
      const reason = call.body.reason.trim();
      if (!reason) throw new HttpProblem('VALIDATION_FAILED', 'Say why an in-person visit is needed.', [{ pointer: '/body/reason', message: 'must not be blank' }]);
      // Referred before the doctor took it on: the patient gets the fee back.
      const beforeAcceptance = row.status === 'paid';
      const next = await transition(tx, row, 'refer', { referral_reason: reason, ended_at: now, ...(beforeAcceptance ? { cancel_reason: 'referred_before_acceptance' as const } : {}) }, now);
      if (beforeAcceptance) await refundIfPaid(tx, row.id, services, 'Referred to an in-person visit before acceptance.');
      await reportConsult(tx, next, 'referred', now);
      return { body: toConsult(next) };
    });
  },
};

/**
 * The patients a user acts for: their own record and family members linked by a real-name
 * check (resident ID check digit, then the hospital's record by ID number and name). A minor
 * can only be linked by an adult, as their child.
 */
import type { HisAdapter, HisPatient } from '@ihkit/adapters';
import { ADULT_AGE, ageOn, localDate, maskResidentId, parseResidentId, type Patient } from '@ihkit/core';
import type { OperationHandler, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { linkByIdempotencyKey, linkedPatient, linkedPatients, linkPatient, type PatientRelation } from '../users.js';

/** Whether someone born on `birthDate` is a minor today in the hospital's time zone. */
export function isMinor(birthDate: string, services: Pick<Services, 'now'>, his: Pick<HisAdapter, 'timeZone'>): boolean {
  const today = new Date(`${localDate(services.now(), his.timeZone)}T00:00:00Z`);
  return ageOn(birthDate, today) < ADULT_AGE;
}

export function toPatient(p: HisPatient, relation: PatientRelation, services: Pick<Services, 'now' | 'his'>): Patient {
  return {
    id: p.id,
    name: p.name,
    relation,
    gender: p.gender,
    birthDate: p.birthDate,
    idNumberMasked: maskResidentId(p.idNumber),
    minor: isMinor(p.birthDate, services, services.his),
  };
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

export const listMyPatients: OperationHandler<'listMyPatients'> = {
  audit: 'patient',
  async handle(call, services) {
    const user = signedIn(call);
    const links = await linkedPatients(services.db, user.id);
    call.audit.patientIds.push(...links.map((l) => l.patientId));
    const records = await Promise.all(links.map((l) => services.his.findPatient({ patientId: l.patientId })));
    const items = links.flatMap((l, i) => (records[i] ? [toPatient(records[i], l.relation, services)] : []));
    return { body: { items } };
  },
};

export const addFamilyMember: OperationHandler<'addFamilyMember'> = {
  audit: 'patient',
  async handle(call, services) {
    const { db, his } = services;
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const { name, idNumber, relation } = call.body;

    const parsed = parseResidentId(idNumber, services.now());
    if (!parsed.ok) throw new HttpProblem('INVALID_RESIDENT_ID', undefined, [{ pointer: '/body/idNumber', message: `resident ID ${parsed.problem.toLowerCase().replace('_', ' ')} is wrong` }]);

    const earlier = await linkByIdempotencyKey(db, user.id, key);
    if (earlier) {
      // A retry: the same key must mean the same person.
      call.audit.patientIds.push(earlier.patientId);
      const record = await his.findPatient({ patientId: earlier.patientId });
      if (!record || record.idNumber.toUpperCase() !== parsed.value.number || !sameName(record.name, name)) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
      return { status: 201, body: toPatient(record, earlier.relation, services) };
    }

    const record = await his.findPatient({ idNumber: parsed.value.number });
    if (record) {
      call.audit.patientIds.push(record.id);
      call.audit.resourceId = record.id;
    }
    // One answer for "no such record" and "name does not match", so ID numbers cannot be probed.
    if (!record || record.idNumber.toUpperCase() !== parsed.value.number || !sameName(record.name, name)) throw new HttpProblem('PATIENT_NOT_FOUND');
    if (await linkedPatient(db, user.id, record.id)) throw new HttpProblem('PATIENT_ALREADY_LINKED');

    if (isMinor(record.birthDate, services, his)) {
      if (relation !== 'child' || !(await isAdultUser(user.id, services))) throw new HttpProblem('GUARDIAN_REQUIRED');
    }

    if (!(await db.transaction((tx) => linkPatient(tx, user.id, record.id, relation, key)))) {
      // Lost a race with a concurrent request: with the same key it is a retry, else a duplicate.
      const raced = await linkByIdempotencyKey(db, user.id, key);
      if (raced?.patientId === record.id) return { status: 201, body: toPatient(record, raced.relation, services) };
      throw new HttpProblem(raced ? 'IDEMPOTENCY_KEY_REUSED' : 'PATIENT_ALREADY_LINKED');
    }
    return { status: 201, body: toPatient(record, relation, services) };
  },
};

/** A user is an adult when their own (`self`) record says so; without one we cannot tell. */
async function isAdultUser(userId: string, services: Services): Promise<boolean> {
  const self = (await linkedPatients(services.db, userId)).find((l) => l.relation === 'self');
  if (!self) return false;
  const record = await services.his.findPatient({ patientId: self.patientId });
  return record !== undefined && !isMinor(record.birthDate, services, services.his);
}

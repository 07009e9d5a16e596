/**
 * The patients a user acts for: their own record and family members they asked for by a
 * real-name check (resident ID check digit, then the hospital's record by ID number and name).
 * That check only finds the person: it proves nothing, since names and ID numbers leak widely.
 * The link is pending until the person's proof is in (family/proofs.ts), and only an active one
 * lets the user act (users.ts). A minor can only be asked for by an adult, as their child.
 */
import type { HisAdapter, HisPatient } from '@ihkit/adapters';
import { ADULT_AGE, ageOn, localDate, maskResidentId, parseResidentId, type Patient, type PendingProof } from '@ihkit/core';
import type { OperationHandler, Services } from '../operations.js';
import { idempotencyKey, signedIn } from '../operations.js';
import { HttpProblem } from '../problems.js';
import { activateLink, heldLinks, linkBetween, linkByIdempotencyKey, requestLink, type LinkRow } from '../family/links.js';
import { announceActive, awaitsFor, guardianOnFile, mayTextPerson, pendingProof, sendCode } from '../family/proofs.js';
import { linkedPatients, type UserRow } from '../users.js';

/** Whether someone born on `birthDate` is a minor today in the hospital's time zone. */
export function isMinor(birthDate: string, services: Pick<Services, 'now'>, his: Pick<HisAdapter, 'timeZone'>): boolean {
  const today = new Date(`${localDate(services.now(), his.timeZone)}T00:00:00Z`);
  return ageOn(birthDate, today) < ADULT_AGE;
}

/** The patient as its link's holder sees them: the record's facts, the link's state and, pending, what it waits for. */
export function toPatient(p: HisPatient, link: Pick<LinkRow, 'id' | 'relation' | 'status' | 'active_since'>, services: Pick<Services, 'now' | 'his'>, pending?: PendingProof): Patient {
  return {
    id: p.id,
    name: p.name,
    relation: link.relation,
    gender: p.gender,
    birthDate: p.birthDate,
    idNumberMasked: maskResidentId(p.idNumber),
    minor: isMinor(p.birthDate, services, services.his),
    linkId: link.id,
    status: link.status === 'active' ? 'active' : 'pending',
    ...(link.status === 'active' && link.active_since ? { since: link.active_since.toISOString() } : {}),
    ...(link.status === 'pending' && pending ? { pending } : {}),
  };
}

/** The patient of a held link, with what it waits for while pending. */
export async function patientOfLink(services: Services, link: LinkRow, record?: HisPatient): Promise<Patient> {
  const p = record ?? (await services.his.findPatient({ patientId: link.patient_id }));
  if (!p) throw new HttpProblem('PATIENT_NOT_FOUND');
  return toPatient(p, link, services, link.status === 'pending' ? await pendingProof(services.db, link, p) : undefined);
}

function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

export const listMyPatients: OperationHandler<'listMyPatients'> = {
  audit: 'patient',
  async handle(call, services) {
    const user = signedIn(call);
    const links = await heldLinks(services.db, user.id);
    call.audit.patientIds.push(...links.map((l) => l.patient_id));
    const records = await Promise.all(links.map((l) => services.his.findPatient({ patientId: l.patient_id })));
    const items = await Promise.all(links.flatMap((l, i) => (records[i] ? [patientOfLink(services, l, records[i])] : [])));
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
    const matches = (record: HisPatient | undefined): record is HisPatient => !!record && record.idNumber.toUpperCase() === parsed.value.number && sameName(record.name, name);

    const earlier = await linkByIdempotencyKey(db, user.id, key);
    if (earlier) {
      // A retry: the same key must mean the same person. It answers the link as it is now.
      call.audit.patientIds.push(earlier.patient_id);
      call.audit.resourceId = earlier.id;
      const record = await his.findPatient({ patientId: earlier.patient_id });
      if (!matches(record)) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
      return { status: 201, body: await patientOfLink(services, earlier, record) };
    }

    const record = await his.findPatient({ idNumber: parsed.value.number });
    if (record) call.audit.patientIds.push(record.id);
    // One answer for "no such record" and "name does not match", so ID numbers cannot be probed.
    if (!matches(record)) throw new HttpProblem('PATIENT_NOT_FOUND');
    const existing = await linkBetween(db, user.id, record.id);
    if (existing) call.audit.resourceId = existing.id;
    if (existing && existing.status !== 'ended') throw new HttpProblem('PATIENT_ALREADY_LINKED');

    const minor = isMinor(record.birthDate, services, his);
    const self = await ownRecord(user, services);
    if (minor && (relation !== 'child' || !self || isMinor(self.birthDate, services, his))) throw new HttpProblem('GUARDIAN_REQUIRED');
    const guardian = minor && (await guardianOnFile(services, record.id, self?.id));
    // An adult with a phone on file is sent a code at once, while codes to that phone are not spent.
    const texting = !minor && record.phone ? await mayTextPerson(services, record.id) : undefined;

    const link = await db.transaction(async (tx) => {
      const asked = await requestLink(tx, { userId: user.id, patientId: record.id, relation, idempotencyKey: key, awaits: awaitsFor(minor), now: services.now() });
      if (!asked) return undefined;
      if (guardian) {
        const active = await activateLink(tx, asked.id, 'guardian', services.now());
        await announceActive(tx, services, active, user.display_name, services.now());
        return active;
      }
      if (texting?.ok) await sendCode(tx, asked, user.display_name, services.now());
      return asked;
    });
    if (!link) {
      // Lost a race with a concurrent request: with the same key it is a retry, else a duplicate.
      const raced = await linkByIdempotencyKey(db, user.id, key);
      if (raced?.patient_id === record.id) return { status: 201, body: await patientOfLink(services, raced, record) };
      throw new HttpProblem(raced ? 'IDEMPOTENCY_KEY_REUSED' : 'PATIENT_ALREADY_LINKED');
    }
    call.audit.resourceId = link.id;
    return { status: 201, body: await patientOfLink(services, link, record) };
  },
};

/** The user's own (`self`) hospital record, if they have one. */
async function ownRecord(user: UserRow, services: Services): Promise<HisPatient | undefined> {
  const self = (await linkedPatients(services.db, user.id)).find((l) => l.relation === 'self');
  return self ? services.his.findPatient({ patientId: self.patientId }) : undefined;
}

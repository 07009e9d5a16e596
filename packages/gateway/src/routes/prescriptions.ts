/**
 * E-prescriptions: the catalog and checks for the doctor's editor, signing and submitting,
 * pharmacist review, paying with a choice of delivery or pickup, cancelling, and reading with
 * the signature verified every time. Rules: @ihkit/core's prescription-rules via checks.ts.
 */
import { ageOn, addDays, CHILD_DOSE_AGE, hasBlockingFinding, GUARDIAN_PRESENCE_AGE, localDate, type Allergy, type ConsultStatus, type Finding, type PrescriptionDraft, type PrescriptionStatus } from '@ihkit/core';
import type { CaSignature, Queryable } from '@ihkit/adapters';
import { zonedInstant } from '@ihkit/adapters';
import { openConsult } from '../consults/access.js';
import { settleByQuery } from '../payments/apply.js';
import { findPayment, orderPayment, refundPayment, toPayment } from '../payments/orders.js';
import { type ConsultRow } from '../consults/store.js';
import { newId } from '../ids.js';
import type { Call, OperationHandler, OperationId, Services } from '../operations.js';
import { idempotencyKey, signedIn, statusesIn } from '../operations.js';
import { organizationOf } from '../organizations/isolation.js';
import { readable } from '../organizations/grants.js';
import { HttpProblem } from '../problems.js';
import { linkedPatients, type UserRow } from '../users.js';
import { assertSameBasis, checkDraft, refuseOnErrors, type CheckedDraft } from '../prescriptions/checks.js';
import { permittedSelf, type PermittedPractitioner } from '../practitioners.js';
import { refreshFulfilment } from '../prescriptions/fulfilment.js';
import { fulfilmentOf, preparePayment } from '../prescriptions/payable.js';
import { liveSettlement } from '../insurance/store.js';
import { reverseInsurance } from '../insurance/reversals.js';
import { openPrescription } from '../prescriptions/lifecycle.js';
import { nextPrescriptionNumber } from '../prescriptions/numbers.js';
import { assertRecentSignIn } from '../prescriptions/signing.js';
import { Accepted, completeWith, signAndStore, type SignatureRequestRow } from '../prescriptions/signature-requests.js';
import { pendingOf, pendingPrescribing } from '../prescriptions/signature-request-view.js';
import { assertPrescriptionSigned, newVerificationCode, reviewDocument, signatureColumns, verifiedSigners } from '../prescriptions/signatures.js';
import {
  appendHistory, assertMove, canMove, findPrescription, insertSigned, listPrescriptionRows, markCancelled, prescriptionByKey, replaceSigned, storeDecision, toPrescription,
  type PrescriptionFilter, type PrescriptionRow, type Review, type SignedContent,
} from '../prescriptions/store.js';
import { verifyByCode } from '../prescriptions/verification.js';
import { reportPrescription } from '../regulator/outbox.js';


const STATUSES: readonly PrescriptionStatus[] = ['pending_review', 'returned', 'approved', 'paid', 'dispatched', 'completed', 'cancelled', 'expired'];
/** A doctor prescribes for a consult they have taken on, during it or once it is complete. */
const PRESCRIBABLE: readonly ConsultStatus[] = ['accepted', 'in_progress', 'completed'];

/** The consult, its doctor's to prescribe for, and the doctor as the HIS records them — permitted to practise online today. */
async function consultForPrescribing(call: Call<OperationId>, services: Services, consultId: string): Promise<{ row: ConsultRow; user: UserRow; doctor: PermittedPractitioner }> {
  const { row, user } = await openConsult(call, services.db, consultId);
  const doctor = await permittedSelf(services, user);
  if (!PRESCRIBABLE.includes(row.status)) throw new HttpProblem('INVALID_STATE', `A ${row.status} consult cannot be prescribed for.`);
  return { row, user, doctor };
}

/** The end of the prescription's last valid day in the hospital's time zone. */
function validUntil(services: Services, issued: Date, days: number): Date {
  const lastDay = addDays(localDate(issued, services.his.timeZone), days);
  return new Date(zonedInstant(lastDay, 0, services.his.timeZone).getTime() - 1000);
}

function contentOf(services: Services, base: { id: string; version: number; consult: ConsultRow; doctor: PermittedPractitioner }, draft: PrescriptionDraft, checked: CheckedDraft, issued: Date): SignedContent {
  const { consult, doctor } = base;
  const validDays = draft.validDays ?? 1;
  return {
    id: base.id,
    version: base.version,
    consultId: consult.id,
    hospital: services.his.name,
    patient: { id: checked.patient.id, name: checked.patient.name, gender: checked.patient.gender, birthDate: checked.patient.birthDate, age: checked.ageYears, ...(draft.weightKg ? { weightKg: draft.weightKg } : {}) },
    guardianPresent: draft.guardianPresent ?? false,
    // Who prescribes, as the HIS records them: signed with the rest.
    doctor: { id: consult.doctor_id, name: doctor.name, licenceNumber: doctor.licenceNumber },
    departmentId: consult.department_id,
    diagnosis: { code: consult.condition_code, name: consult.condition_name },
    items: checked.items,
    urgent: draft.urgent ?? false,
    chronic: draft.chronic ?? false,
    ...(draft.longSupplyReason?.trim() ? { longSupplyReason: draft.longSupplyReason.trim() } : {}),
    validDays,
    issuedAt: issued.toISOString(),
    validUntil: validUntil(services, issued, validDays).toISOString(),
    total: checked.total,
  };
}

/** The draft a signed prescription came from, to check it again at review. */
function draftOf(content: SignedContent): PrescriptionDraft {
  return {
    items: content.items.map((i) => ({ drugId: i.drugId, dose: i.dose, frequency: i.frequency, days: i.days, ...(i.note ? { note: i.note } : {}) })),
    urgent: content.urgent,
    chronic: content.chronic,
    ...(content.longSupplyReason ? { longSupplyReason: content.longSupplyReason } : {}),
    ...(content.patient.weightKg ? { weightKg: content.patient.weightKg } : {}),
    guardianPresent: content.guardianPresent,
    validDays: content.validDays,
  };
}

/** Who reviewed, as the HIS records them: signed into the review and reported with the prescription. */
function reviewer(user: UserRow, pharmacist: PermittedPractitioner) {
  return { pharmacistUserId: user.id, pharmacistName: pharmacist.name, pharmacistLicenceNumber: pharmacist.licenceNumber };
}

/** What the signer's phone shows: never clinical text. */
const TITLES = { prescription: '处方 Prescription', review: '审方 Prescription review' } as const;

/** What storing a pharmacist's signed decision needs besides the signed review: the version decided on, and for an approval the checks of the moment. */
interface ReviewCompletion {
  review: Review;
  version: number;
  sigValue: string;
  checked?: { findings: Finding[]; allergies: Allergy[] };
}

/**
 * The pharmacist's decision, signed on their phone (signature-requests.ts: the wait may be long,
 * and outlive the call), then stored if the prescription is still the version they decided on.
 */
async function signedReview(call: Call<'approvePrescription' | 'returnPrescription'>, services: Services, decision: Review['decision'], detail: { reason?: string; note?: string }) {
  const { row, user } = await openPrescription(call, services.db, call.params.prescriptionId);
  const pharmacist = await permittedSelf(services, user);
  // A retry of this pharmacist's decision that already landed (the client retries these calls): answer it, do not refuse it.
  if (row.status === decision && row.review?.decision === decision && row.review.pharmacistUserId === user.id) return { row, user, done: true as const };
  assertMove(row, decision === 'approved' ? 'approve' : 'return');
  assertRecentSignIn(services, call);
  const review: Review = { decision, ...reviewer(user, pharmacist), at: services.now().toISOString(), ...(detail.reason ? { reason: detail.reason } : {}), ...(detail.note ? { note: detail.note } : {}) };
  const sign = (checked?: ReviewCompletion['checked']) => {
    const completion: ReviewCompletion = { review, version: row.version, sigValue: row.sig_value, ...(checked ? { checked } : {}) };
    return signAndStore(services, call, {
      purpose: decision === 'approved' ? 'approve' : 'return', slot: `${decision}:${row.id}:${row.version}:${user.id}`, prescriptionId: row.id, patientId: row.patient_id,
      signer: pharmacist, title: TITLES.review, document: reviewDocument(row, review), completion: { ...completion },
    }, async (id) => (await findPrescription(services.db, id))!, true);
  };
  return { row, user, review, done: false as const, sign };
}

/** The row locked again after signing: the same version, still awaiting `move`. */
async function lockedAsSigned(tx: Queryable, before: Pick<PrescriptionRow, 'id' | 'version' | 'sig_value'>, move: 'approve' | 'return') {
  const locked = (await findPrescription(tx, before.id, true))!;
  assertMove(locked, move);
  if (locked.version !== before.version || locked.sig_value !== before.sig_value) throw new HttpProblem('INVALID_STATE', 'The prescription changed meanwhile; open it again.');
  return locked;
}

/** A pharmacist's decision signed: stored with its signature, reported (signature-requests.ts calls it, from the call or the job). */
async function storeReview(tx: Queryable, services: Services, request: SignatureRequestRow, signature: CaSignature): Promise<PrescriptionRow> {
  const { review, version, sigValue, checked } = request.completion as unknown as ReviewCompletion;
  const move = review.decision === 'approved' ? 'approve' : 'return';
  const locked = await lockedAsSigned(tx, { id: request.prescription_id, version, sig_value: sigValue }, move);
  const now = services.now();
  await storeDecision(tx, locked.id, review, signature, checked);
  if (move === 'approve') {
    await appendHistory(tx, locked, 'approved', review.pharmacistUserId, review.note ? { note: review.note } : {}, now);
    // It takes effect now: the supervision platform hears of it.
    await reportPrescription(tx, locked, 'approved', now, { review: { decision: 'approved', pharmacistUserId: review.pharmacistUserId, at: review.at, signature } });
  } else {
    await appendHistory(tx, locked, 'returned', review.pharmacistUserId, { reason: review.reason }, now);
    await reportPrescription(tx, locked, 'returned', now, { review: { decision: 'returned', pharmacistUserId: review.pharmacistUserId, at: review.at, reason: review.reason!, signature } });
  }
  return (await findPrescription(tx, locked.id))!;
}
completeWith('approve', storeReview);
completeWith('return', storeReview);

/** What storing a doctor's signed prescription (or revision) needs besides the signed content. */
interface PrescribeCompletion {
  basis: string;
  findings: Finding[];
  allergies: Allergy[];
  /** A new prescription: its Idempotency-Key and the HIS's number, if it gives one. */
  key?: string;
  hisNumber?: string;
  /** A revision: the version it replaces. */
  replaces?: number;
}

completeWith('prescribe', async (tx, services, request, sig) => {
  const content = request.document as SignedContent;
  const { key, hisNumber, findings, allergies, basis } = request.completion as unknown as PrescribeCompletion;
  const doctorUserId = request.signer_user_id;
  const byKey = () => prescriptionByKey(tx, doctorUserId, key);
  const signature = signatureColumns(sig);
  const now = services.now();
  try {
    await assertSameBasis(tx, { consultId: content.consultId }, { basis });
  } catch (e) {
    // A retry with the same key that got there first is that prescription, not a change meanwhile.
    const same = await byKey();
    if (same) return same;
    throw e;
  }
  const number = hisNumber ?? (await nextPrescriptionNumber(tx, now, services.his.timeZone));
  const inserted = await insertSigned(tx, {
    content, signature, findings, allergies, signedAt: now, patientId: request.patient_id, doctorUserId, key, number, verificationCode: newVerificationCode(),
  });
  // A retry with the same key got there first: that one stands (and this one's number is not taken: the statement changed nothing).
  if (!inserted) return (await byKey())!;
  await appendHistory(tx, content, 'signed', doctorUserId, { algorithm: signature.sig_algorithm }, now);
  const signed = (await findPrescription(tx, content.id))!;
  await reportPrescription(tx, signed, 'signed', now);
  return signed;
});

completeWith('revise', async (tx, services, request, sig) => {
  const content = request.document as SignedContent;
  const { findings, allergies, basis, replaces } = request.completion as unknown as PrescribeCompletion;
  const signature = signatureColumns(sig);
  const now = services.now();
  await assertSameBasis(tx, { consultId: content.consultId, except: content.id }, { basis });
  const locked = (await findPrescription(tx, content.id, true))!;
  assertMove(locked, 'revise');
  if (locked.version !== replaces) throw new HttpProblem('INVALID_STATE', 'The prescription was revised meanwhile.');
  await replaceSigned(tx, { content, signature, findings, allergies, signedAt: now });
  await appendHistory(tx, content, 'signed', request.signer_user_id, { algorithm: signature.sig_algorithm }, now);
  const revised = (await findPrescription(tx, content.id))!;
  await reportPrescription(tx, revised, 'signed', now);
  return revised;
});

/** The prescription as `reader` sees it: with its payment, and a signature of theirs waiting on their phone. */
async function withPayment(services: Services, row: PrescriptionRow, reader?: UserRow) {
  const payment = await findPayment(services.db, { prescriptionId: row.id });
  return withPending(services, [toPrescription(row, payment && toPayment(payment))], reader).then(([p]) => p!);
}

/** Each prescription with the reader's own signature request that waits for them, if any (a desk reloaded mid-confirmation finds it). */
async function withPending<P extends { id: string; pendingSignature?: unknown }>(services: Services, items: P[], reader?: UserRow): Promise<P[]> {
  if (!reader || reader.role === 'patient') return items;
  const pending = await pendingOf(services.db, reader.id, items.map((p) => p.id));
  for (const p of items) {
    const found = pending.get(p.id);
    if (found) p.pendingSignature = found;
  }
  return items;
}

export const searchDrugs: OperationHandler<'searchDrugs'> = {
  async handle(call, services) {
    return { body: { items: await services.his.searchDrugs(call.body.q, call.body.limit ?? 20) } };
  },
};

export const listPickupPoints: OperationHandler<'listPickupPoints'> = {
  async handle(_call, services) {
    return { body: { items: services.pharmacy ? await services.pharmacy.pickupPoints() : [] } };
  },
};

export const getPrescribingContext: OperationHandler<'getPrescribingContext'> = {
  audit: 'prescription',
  async handle(call, services) {
    // Read-only, so also before the doctor accepts: they can look before they take it on.
    const { row, user } = await openConsult(call, services.db, call.params.consultId);
    const [patient, allergies, pendingSignature] = await Promise.all([
      services.his.findPatient({ patientId: row.patient_id }), services.his.listAllergies(row.patient_id), pendingPrescribing(services.db, user.id, row.id),
    ]);
    if (!patient) throw new HttpProblem('PATIENT_NOT_FOUND');
    const today = new Date(`${localDate(services.now(), services.his.timeZone)}T00:00:00Z`);
    return {
      body: {
        patient: { age: ageOn(patient.birthDate, today), gender: patient.gender },
        allergies,
        rules: { ...services.prescriptionRules, childDoseAge: CHILD_DOSE_AGE, guardianPresenceAge: GUARDIAN_PRESENCE_AGE },
        ...(pendingSignature ? { pendingSignature } : {}),
      },
    };
  },
};

export const checkPrescription: OperationHandler<'checkPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const { row, user } = await consultForPrescribing(call, services, call.params.consultId);
    // A revision is checked beside the consult's other prescriptions, not beside the version it replaces.
    const revises = call.query.revises && (await findPrescription(services.db, call.query.revises));
    if (call.query.revises && (!revises || revises.consult_id !== row.id || revises.doctor_user_id !== user.id)) throw new HttpProblem('NOT_FOUND', 'No such prescription of this consult.');
    const { findings, items, total, allergies } = await checkDraft(services, row.patient_id, call.body, { consultId: row.id, except: call.query.revises });
    return { body: { findings, items, total, allergies } };
  },
};

export const createPrescription: OperationHandler<'createPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const user = signedIn(call);
    const key = idempotencyKey(call);
    const byKey = () => prescriptionByKey(services.db, user.id, key);
    const answer = async (earlier: PrescriptionRow) => {
      if (earlier.consult_id !== call.params.consultId) throw new HttpProblem('IDEMPOTENCY_KEY_REUSED');
      call.audit.resourceId = earlier.id;
      return { status: 201 as const, body: await withPayment(services, earlier) };
    };
    const earlier = await byKey();
    if (earlier) return answer(earlier);
    const { row: consult, doctor } = await consultForPrescribing(call, services, call.params.consultId);
    const scope = { consultId: consult.id };
    const checked = await checkDraft(services, consult.patient_id, call.body, scope);
    if (hasBlockingFinding(checked.findings)) {
      // A retry of a signing that was stored meanwhile is refused by the consult's limits only because of itself: answer that prescription.
      const stored = await byKey();
      if (stored) return answer(stored);
    }
    refuseOnErrors(checked.findings);
    const now = services.now();
    const content = contentOf(services, { id: newId('rx'), version: 1, consult, doctor }, call.body, checked, now);
    assertRecentSignIn(services, call);
    const hisNumber = await services.his.numberPrescription?.({ id: content.id, patientId: consult.patient_id, doctorId: consult.doctor_id, issuedAt: content.issuedAt });
    const completion: PrescribeCompletion = { key, basis: checked.basis, findings: checked.findings, allergies: checked.allergies, ...(hisNumber ? { hisNumber } : {}) };
    const row = await signAndStore(services, call, {
      purpose: 'prescribe', slot: `prescribe:${user.id}:${key}`, prescriptionId: content.id, patientId: consult.patient_id,
      signer: doctor, title: TITLES.prescription, document: content, completion: { ...completion },
    }, async () => (await byKey())!, true);
    if (row instanceof Accepted) return row;
    call.audit.resourceId = row.id;
    return { status: 201, body: await withPayment(services, row) };
  },
};

export const listPrescriptions: OperationHandler<'listPrescriptions'> = {
  audit: 'prescription',
  async handle(call, services) {
    const user = signedIn(call);
    const statuses = statusesIn(call.query.status, STATUSES);
    const filter: PrescriptionFilter = { statuses, consultId: call.query.consultId };
    // Staff see their organization's; a pharmacist's queue of those awaiting review goes oldest first.
    if (user.role !== 'patient') filter.organizationId = organizationOf(user);
    if (user.role === 'pharmacist') {
      if (statuses?.length === 1 && statuses[0] === 'pending_review') filter.order = 'signed';
    } else if (user.role === 'doctor') {
      filter.doctorUserId = user.id;
    } else {
      filter.patientIds = (await linkedPatients(services.db, user.id)).map((l) => l.patientId);
    }
    const rows = await listPrescriptionRows(services.db, filter);
    call.audit.patientIds.push(...rows.map((r) => r.patient_id));
    const items = await withPending(services, await Promise.all(rows.map(async (r) => {
      const p = toPrescription(r);
      p.signature.valid = await verifiedSigners(services, r).then(() => true, () => false);
      if (p.review?.signature) p.review.signature.valid = p.signature.valid;
      return p;
    })), user);
    return { body: { items } };
  },
};

export const getPrescription: OperationHandler<'getPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const id = call.params.prescriptionId;
    let row = await readable(call, services, 'prescription', id, async () => (await openPrescription(call, services.db, id)).row, () => findPrescription(services.db, id));
    // The pharmacy is asked for the patient's care team, not for a reader through a grant.
    if (!call.audit.grantId && canMove(row, 'track')) {
      // Where is it now? A pharmacy that does not answer leaves the last known status.
      await refreshFulfilment(services, row.id).catch(() => undefined);
      row = (await findPrescription(services.db, row.id))!;
    }
    await verifiedSigners(services, row);
    return { body: await withPayment(services, row, signedIn(call)) };
  },
};

export const revisePrescription: OperationHandler<'revisePrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const { row: before } = await openPrescription(call, services.db, call.params.prescriptionId);
    assertMove(before, 'revise');
    const { row: consult, doctor } = await consultForPrescribing(call, services, before.consult_id);
    const scope = { consultId: consult.id, except: before.id };
    const checked = await checkDraft(services, consult.patient_id, call.body, scope);
    refuseOnErrors(checked.findings);
    const now = services.now();
    const content = contentOf(services, { id: before.id, version: before.version + 1, consult, doctor }, call.body, checked, now);
    assertRecentSignIn(services, call);
    const completion: PrescribeCompletion = { basis: checked.basis, findings: checked.findings, allergies: checked.allergies, replaces: before.version };
    const row = await signAndStore(services, call, {
      purpose: 'revise', slot: `revise:${before.id}:${before.version}`, prescriptionId: before.id, patientId: before.patient_id,
      signer: doctor, title: TITLES.prescription, document: content, completion: { ...completion },
    }, async (id) => (await findPrescription(services.db, id))!, true);
    if (row instanceof Accepted) return row;
    return { body: await withPayment(services, row) };
  },
};

export const approvePrescription: OperationHandler<'approvePrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const note = call.body.note?.trim();
    const opened = await signedReview(call, services, 'approved', note ? { note } : {});
    if (opened.done) return { body: await withPayment(services, opened.row) };
    const { row: before, sign } = opened;
    await assertPrescriptionSigned(services, before);
    if (before.valid_until < services.now()) throw new HttpProblem('PRESCRIPTION_EXPIRED');
    // The checks again, with what the HIS knows now (a newly recorded allergy, stock, the consult's other prescriptions).
    const checked = await checkDraft(services, before.patient_id, draftOf(before.content), { consultId: before.consult_id, except: before.id });
    refuseOnErrors(checked.findings);
    const row = await sign({ findings: checked.findings, allergies: checked.allergies });
    if (row instanceof Accepted) return row;
    return { body: await withPayment(services, row) };
  },
};

export const returnPrescription: OperationHandler<'returnPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const reason = call.body.reason.trim();
    if (!reason) throw new HttpProblem('VALIDATION_FAILED', 'Say why the prescription goes back.', [{ pointer: '/body/reason', message: 'must not be blank' }]);
    const opened = await signedReview(call, services, 'returned', { reason });
    if (opened.done) return { body: toPrescription(opened.row) };
    const row = await opened.sign();
    return row instanceof Accepted ? row : { body: toPrescription(row) };
  },
};

export const payPrescription: OperationHandler<'payPrescription'> = {
  audit: 'payment',
  async handle(call, services) {
    const fulfilment = await fulfilmentOf(services, call.body.fulfilment);
    return services.db.transaction(async (tx) => {
      const { row } = await openPrescription(call, tx, call.params.prescriptionId, { forUpdate: true });
      await assertPrescriptionSigned(services, row);
      const existing = await findPayment(tx, { prescriptionId: row.id });
      if (existing && existing.status !== 'pending' && row.status === 'approved') return { body: toPayment(existing) };
      const settled = await liveSettlement(tx, { prescriptionId: row.id });
      if (settled && settled.status !== 'settled') throw new HttpProblem('INVALID_STATE', 'The prescription is being settled through medical insurance.');
      await preparePayment(tx, services, row, existing ? undefined : fulfilment);
      const { provider, channel, openId } = call.body;
      // Settled through insurance, only the self-pay part is left to pay.
      const amount = settled?.split ? settled.split.selfPay : row.content.total;
      const payment = await orderPayment(
        tx,
        services,
        { consultId: row.consult_id, prescriptionId: row.id, amount, description: 'Prescription', expiresAt: row.valid_until },
        { ...(provider ? { provider } : {}), ...(channel ? { channel } : {}), ...(openId ? { openId } : {}), clientIp: call.clientIp },
        (p) => settleByQuery(tx, services, p),
      );
      return { body: toPayment(payment) };
    });
  },
};

export const cancelPrescription: OperationHandler<'cancelPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    return services.db.transaction(async (tx) => {
      const { row, user } = await openPrescription(call, tx, call.params.prescriptionId, { forUpdate: true });
      if (row.status === 'cancelled') return { body: toPrescription(row) };
      assertMove(row, 'cancel');
      if (row.status === 'paid' && row.pharmacy_ref) {
        const stopped = await services.pharmacy!.cancel(row.pharmacy_ref);
        if (!stopped) throw new HttpProblem('INVALID_STATE', 'The pharmacy has already sent it out.');
      }
      const now = services.now();
      await markCancelled(tx, row.id, now);
      await appendHistory(tx, row, 'cancelled', user.id, {}, now);
      await reportPrescription(tx, row, 'cancelled', now, { cancelled: { byUserId: user.id, at: now.toISOString() } });
      await refundPayment(tx, services, { prescriptionId: row.id }, 'Cancelled by the patient before dispatch.');
      await reverseInsurance(tx, services, { prescriptionId: row.id }, 'Cancelled by the patient before dispatch.');
      const after = (await findPrescription(tx, row.id))!;
      const payment = await findPayment(tx, { prescriptionId: row.id });
      return { body: toPrescription(after, payment && toPayment(payment)) };
    });
  },
};


export const verifyPrescription: OperationHandler<'verifyPrescription'> = {
  audit: 'prescription',
  async handle(call, services) {
    const found = await verifyByCode(services, services.db, call.params.code.toUpperCase());
    if (!found) throw new HttpProblem('VERIFICATION_CODE_UNKNOWN');
    call.audit.resourceId = found.row.id;
    call.audit.patientIds.push(found.row.patient_id);
    return { body: found.verification };
  },
};

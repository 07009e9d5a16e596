/**
 * The prescription tables (gw_004): the signed content, the workflow around it, and the
 * history every step appends to. What the patient and staff see is built here.
 */
import { parseCertificates, signerOf, type CaSignature, type Queryable } from '@ihkit/adapters';
import { EXPIRES_UNPAID, type Allergy, type Finding, type Payment, type PickupPoint, type Prescription, type PrescriptionItem, type PrescriptionStatus } from '@ihkit/core';
import { retainUntil } from '../records/retention.js';
import { HttpProblem } from '../problems.js';
import { prescriptionChanged } from './notices.js';

/** What the doctor signs. Its canonical form is the signed document. */
export interface SignedContent {
  id: string;
  version: number;
  consultId: string;
  hospital: string;
  patient: { id: string; name: string; gender: 'male' | 'female'; birthDate: string; age: number; weightKg?: number };
  guardianPresent: boolean;
  /** The prescribing doctor as the HIS records them: their name and practising certificate number (absent on prescriptions signed before it was recorded). */
  doctor: { id: string; name: string; licenceNumber?: string };
  departmentId: string;
  diagnosis: { code: string; name: string };
  items: PrescriptionItem[];
  urgent: boolean;
  chronic: boolean;
  longSupplyReason?: string;
  validDays: number;
  issuedAt: string;
  validUntil: string;
  total: { amount: number; currency: string };
}

export interface FulfilmentChoice {
  method: 'delivery' | 'pickup';
  pickupPoint?: PickupPoint;
  address?: { recipient: string; phone: string; region: string; detail: string };
}

export interface Review {
  decision: 'approved' | 'returned';
  pharmacistUserId: string;
  /** As the HIS records the pharmacist, with their qualification certificate number (absent on reviews made before it was recorded). */
  pharmacistName: string;
  pharmacistLicenceNumber?: string;
  reason?: string;
  note?: string;
  at: string;
}

export interface PrescriptionRow {
  id: string;
  /** The organization it was written in (its consult's). */
  organization_id: string;
  consult_id: string;
  patient_id: string;
  doctor_user_id: string;
  version: number;
  status: PrescriptionStatus;
  content: SignedContent;
  sig_algorithm: string;
  sig_value: string;
  /** The signer's certificate (PEM); its issuers in sig_chain; the TSA's token in sig_timestamp. */
  sig_certificate: string;
  sig_chain: string[];
  sig_timestamp: string;
  signed_at: Date;
  valid_until: Date;
  findings: Finding[];
  allergies: Allergy[];
  review: Review | null;
  /** The pharmacist's signature over the review (signatures.ts reviewDocument). */
  review_signature: CaSignature | null;
  /** Printed on the prescription: checks its signatures (verifyPrescription, `ihkit-gateway verify`). */
  verification_code: string | null;
  fulfilment: FulfilmentChoice | null;
  pharmacy_ref: string | null;
  fulfilment_status: NonNullable<Prescription['fulfilment']>['status'] | null;
  tracking_no: string | null;
  fulfilment_updated_at: Date | null;
  cancelled_at: Date | null;
  idempotency_key: string;
  created_at: Date;
  number: string;
}

export const PRESCRIPTION_COLUMNS = `id, consult_id, patient_id, doctor_user_id, version, status, content, sig_algorithm, sig_value, sig_certificate,
  sig_chain, sig_timestamp, review_signature, verification_code, signed_at, valid_until, findings, allergies, review, fulfilment, pharmacy_ref, fulfilment_status, tracking_no, fulfilment_updated_at,
  cancelled_at, idempotency_key, created_at, number, organization_id`;

export async function findPrescription(q: Queryable, id: string, forUpdate = false): Promise<PrescriptionRow | undefined> {
  const { rows } = await q.query<PrescriptionRow>(`SELECT ${PRESCRIPTION_COLUMNS} FROM prescriptions WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

/** The doctor's prescription made with this Idempotency-Key, if any. */
export async function prescriptionByKey(q: Queryable, doctorUserId: string, key: string | undefined): Promise<PrescriptionRow | undefined> {
  return (await q.query<PrescriptionRow>(`SELECT ${PRESCRIPTION_COLUMNS} FROM prescriptions WHERE doctor_user_id = $1 AND idempotency_key = $2`, [doctorUserId, key])).rows[0];
}

/** A signature as its columns (prescriptions/signatures.ts signatureColumns). */
export type SignatureColumns = Pick<PrescriptionRow, 'sig_algorithm' | 'sig_value' | 'sig_certificate' | 'sig_timestamp'> & { sig_chain: string };

/** What a signed version stores besides its content and signature: the checks it was signed with. */
export interface SignedVersion {
  content: SignedContent;
  signature: SignatureColumns;
  findings: Finding[];
  allergies: Allergy[];
  signedAt: Date;
}

/**
 * Stores a new signed prescription, pending review, in its consult's organization. Answers
 * false when the doctor's Idempotency-Key already made one (that one stands; nothing changed).
 */
export async function insertSigned(tx: Queryable, v: SignedVersion & { patientId: string; doctorUserId: string; key: string | undefined; number: string; verificationCode: string }): Promise<boolean> {
  const { content, signature } = v;
  const inserted = await tx.query(
    `INSERT INTO prescriptions (id, consult_id, patient_id, doctor_user_id, version, status, content, sig_algorithm, sig_value, sig_certificate, signed_at,
       valid_until, findings, allergies, idempotency_key, created_at, retain_until, number, sig_chain, sig_timestamp, verification_code, organization_id)
     VALUES ($1, $2, $3, $4, 1, 'pending_review', $5, $6, $7, $8, $9, $10, $11, $12, $13, $9, ${retainUntil('medical_record', '$9')}, $14, $15, $16, $17,
       (SELECT organization_id FROM consults WHERE id = $2))
     ON CONFLICT (doctor_user_id, idempotency_key) DO NOTHING RETURNING id`,
    [content.id, content.consultId, v.patientId, v.doctorUserId, JSON.stringify(content), signature.sig_algorithm, signature.sig_value, signature.sig_certificate, v.signedAt,
      new Date(content.validUntil), JSON.stringify(v.findings), JSON.stringify(v.allergies), v.key, v.number, signature.sig_chain, signature.sig_timestamp, v.verificationCode],
  );
  return inserted.rows.length > 0;
}

/** Replaces the prescription with a newly signed version, pending review again (its earlier review dropped). */
export async function replaceSigned(tx: Queryable, v: SignedVersion): Promise<void> {
  const { content, signature } = v;
  await tx.query(
    `UPDATE prescriptions SET version = $2, status = 'pending_review', content = $3, sig_algorithm = $4, sig_value = $5, sig_certificate = $6, signed_at = $7,
       valid_until = $8, findings = $9, allergies = $10, review = NULL, review_signature = NULL, sig_chain = $11, sig_timestamp = $12 WHERE id = $1`,
    [content.id, content.version, JSON.stringify(content), signature.sig_algorithm, signature.sig_value, signature.sig_certificate, v.signedAt, new Date(content.validUntil),
      JSON.stringify(v.findings), JSON.stringify(v.allergies), signature.sig_chain, signature.sig_timestamp],
  );
}

/**
 * Stores a pharmacist's signed decision: approved (with the checks the approval saw) or
 * returned to the doctor.
 */
export async function storeDecision(tx: Queryable, id: string, review: Review, signature: CaSignature, checked?: { findings: Finding[]; allergies: Allergy[] }): Promise<void> {
  if (review.decision === 'approved') {
    await tx.query(`UPDATE prescriptions SET status = 'approved', review = $2, review_signature = $3, findings = $4, allergies = $5 WHERE id = $1`,
      [id, JSON.stringify(review), JSON.stringify(signature), JSON.stringify(checked!.findings), JSON.stringify(checked!.allergies)]);
  } else {
    await tx.query(`UPDATE prescriptions SET status = 'returned', review = $2, review_signature = $3 WHERE id = $1`, [id, JSON.stringify(review), JSON.stringify(signature)]);
  }
}

/** Marks the prescription cancelled at `now`, and its fulfilment with it when it had begun. */
export async function markCancelled(tx: Queryable, id: string, now: Date): Promise<void> {
  await tx.query(`UPDATE prescriptions SET status = 'cancelled', cancelled_at = $2, fulfilment_status = CASE WHEN fulfilment_status IS NULL THEN NULL ELSE 'cancelled' END WHERE id = $1`, [id, now]);
}

/** Which prescriptions a list shows (every condition given must hold), and in which order. */
export interface PrescriptionFilter {
  statuses?: readonly PrescriptionStatus[] | null;
  consultId?: string;
  organizationId?: string;
  doctorUserId?: string;
  patientIds?: readonly string[];
  /** `signed`: oldest signed first (a pharmacist's queue); otherwise newest first. */
  order?: 'signed' | 'newest';
}

/** At most 200 prescriptions matching `filter`. */
export async function listPrescriptionRows(q: Queryable, filter: PrescriptionFilter): Promise<PrescriptionRow[]> {
  const filters = ['($1::text[] IS NULL OR status = ANY($1::text[]))', '($2::text IS NULL OR consult_id = $2)'];
  const values: unknown[] = [filter.statuses ?? null, filter.consultId ?? null];
  const where = (condition: (n: number) => string, value: unknown) => {
    values.push(value);
    filters.push(condition(values.length));
  };
  if (filter.organizationId !== undefined) where((n) => `organization_id = $${n}`, filter.organizationId);
  if (filter.doctorUserId !== undefined) where((n) => `doctor_user_id = $${n}`, filter.doctorUserId);
  if (filter.patientIds !== undefined) where((n) => `patient_id = ANY($${n}::text[])`, filter.patientIds);
  const order = filter.order === 'signed' ? 'signed_at, id' : 'created_at DESC, id';
  const { rows } = await q.query<PrescriptionRow>(`SELECT ${PRESCRIPTION_COLUMNS} FROM prescriptions WHERE ${filters.join(' AND ')} ORDER BY ${order} LIMIT 200`, values);
  return rows;
}

/** Masks all but the region: 张* · 138****5678 · 上海市浦东新区 ****. */
function maskAddress(a: NonNullable<FulfilmentChoice['address']>): string {
  const name = a.recipient.slice(0, 1) + '*'.repeat(Math.max(1, a.recipient.length - 1));
  return `${name} · ${a.phone.slice(0, 3)}****${a.phone.slice(-4)} · ${a.region} ****`;
}

/** The certificate's serial and issuer, as printed (not a verification: signatures.ts verifies). */
function certificateFacts(pem: string | undefined): { certificateSerial?: string; issuer?: string } {
  try {
    const cert = pem ? parseCertificates(pem)[0] : undefined;
    if (!cert) return {};
    const { serial, issuer } = signerOf(cert);
    return { certificateSerial: serial, issuer };
  } catch {
    return {};
  }
}

export function toPrescription(r: PrescriptionRow, payment?: Payment): Prescription {
  const c = r.content;
  const p: Prescription = {
    id: r.id,
    number: r.number,
    consultId: r.consult_id,
    version: r.version,
    status: r.status,
    patient: { id: c.patient.id, name: c.patient.name, gender: c.patient.gender, age: c.patient.age, ...(c.patient.weightKg ? { weightKg: c.patient.weightKg } : {}) },
    guardianPresent: c.guardianPresent,
    doctorId: c.doctor.id,
    doctorName: c.doctor.name,
    ...(c.doctor.licenceNumber ? { doctorLicenceNumber: c.doctor.licenceNumber } : {}),
    departmentId: c.departmentId,
    diagnosis: c.diagnosis,
    items: c.items,
    urgent: c.urgent,
    chronic: c.chronic,
    ...(c.longSupplyReason ? { longSupplyReason: c.longSupplyReason } : {}),
    validDays: c.validDays,
    issuedAt: c.issuedAt,
    validUntil: c.validUntil,
    total: c.total,
    signature: { algorithm: r.sig_algorithm, signedAt: r.signed_at.toISOString(), signer: c.doctor.name, certificate: r.sig_certificate, value: r.sig_value, valid: true, ...certificateFacts(r.sig_certificate) },
    ...(r.verification_code ? { verificationCode: r.verification_code } : {}),
    findings: r.findings,
    allergies: r.allergies,
  };
  if (r.review) {
    const { decision, pharmacistName, pharmacistLicenceNumber, reason, note, at } = r.review;
    const signed = r.review_signature;
    p.review = {
      decision, pharmacistName, ...(pharmacistLicenceNumber ? { pharmacistLicenceNumber } : {}), at, ...(reason ? { reason } : {}), ...(note ? { note } : {}),
      ...(signed ? { signature: { algorithm: signed.algorithm, signedAt: at, signer: pharmacistName, certificate: signed.certificates[0] ?? '', value: signed.value, valid: true, ...certificateFacts(signed.certificates[0]) } } : {}),
    };
  }
  if (payment) p.payment = payment;
  if (r.fulfilment && r.fulfilment_status) {
    p.fulfilment = {
      method: r.fulfilment.method,
      status: r.fulfilment_status,
      updatedAt: (r.fulfilment_updated_at ?? r.created_at).toISOString(),
      ...(r.fulfilment.pickupPoint ? { pickupPoint: r.fulfilment.pickupPoint } : {}),
      ...(r.fulfilment.address ? { addressMasked: maskAddress(r.fulfilment.address) } : {}),
      ...(r.tracking_no ? { trackingNo: r.tracking_no } : {}),
    };
  }
  if (r.cancelled_at) p.cancelledAt = r.cancelled_at.toISOString();
  return p;
}

/**
 * Prescriptions that no longer count against their consult's limits on drugs, days and packs:
 * nothing of them is dispensed. Every other one counts, a returned one too (it may be revised).
 */
export const SPENT: readonly PrescriptionStatus[] = ['cancelled', 'expired'];

export type HistoryEvent = 'signed' | 'approved' | 'returned' | 'paid' | 'dispatched' | 'completed' | 'cancelled' | 'expired';

/**
 * Records a step of the prescription's lifecycle and tells, live, everyone who sees it
 * (notices.ts). `row.status` is its status before the step, when it had one: a step from
 * pending review, like signing, changes the pharmacists' queue.
 */
export async function appendHistory(tx: Queryable, row: Pick<PrescriptionRow, 'id' | 'version'> & Partial<Pick<PrescriptionRow, 'status'>>, event: HistoryEvent, actorUserId: string | null, detail: object, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO prescription_history (prescription_id, version, event, actor_user_id, detail, at, retain_until)
     VALUES ($1, $2, $3, $4, $5, $6, ${retainUntil('medical_record', '$6')})`,
    [row.id, row.version, event, actorUserId, JSON.stringify(detail), now],
  );
  await prescriptionChanged(tx, row.id, { review: event === 'signed' || row.status === 'pending_review' });
}

/**
 * The lifecycle, in one table: which statuses each move starts from. `paid` is a payment
 * arriving, `track` asking the pharmacy where the prescription is, `expire` the end of its
 * last valid day.
 */
const MOVES = {
  approve: ['pending_review'],
  return: ['pending_review'],
  revise: ['returned'],
  pay: ['approved'],
  paid: ['approved'],
  track: ['paid', 'dispatched'],
  cancel: ['pending_review', 'returned', 'approved', 'paid'],
  expire: EXPIRES_UNPAID,
} as const satisfies Record<string, readonly PrescriptionStatus[]>;

export type PrescriptionMove = keyof typeof MOVES;

/** Whether `move` may start from the prescription's status. */
export function canMove(row: Pick<PrescriptionRow, 'status'>, move: PrescriptionMove): boolean {
  return (MOVES[move] as readonly PrescriptionStatus[]).includes(row.status);
}

/** The statuses `move` starts from (for a query). */
export function statusesFor(move: PrescriptionMove): readonly PrescriptionStatus[] {
  return MOVES[move];
}

/** INVALID_STATE unless `move` may start from the prescription's status. */
export function assertMove(row: Pick<PrescriptionRow, 'status'>, move: PrescriptionMove): void {
  if (!canMove(row, move)) throw new HttpProblem('INVALID_STATE', `A ${row.status.replace('_', ' ')} prescription does not allow "${move}".`);
}

/**
 * A prescription's two signatures and what they cover. The doctor signs the content (patient,
 * drugs and quantities, diagnosis, validity…); the pharmacist signs the review: the content's
 * digest, the doctor's signature, the decision and who decided. The columns the workflow reads
 * beside the content (patient, validity, version) must say what the content says. A
 * prescription is payable and dispensable only with both signatures valid and an approval.
 */
import { randomInt } from 'node:crypto';
import type { CaSignature, SignatureCheck, SignerCertificate } from '@ihkit/adapters';
import { HttpProblem } from '../problems.js';
import { checkSignature, digestOf, documentBytes, type SignatureTrust } from './signing.js';
import type { PrescriptionRow, Review } from './store.js';

/** The doctor's signature as stored in the row. */
export function doctorSignatureOf(row: Pick<PrescriptionRow, 'sig_algorithm' | 'sig_value' | 'sig_certificate' | 'sig_chain' | 'sig_timestamp'>): CaSignature {
  return { algorithm: row.sig_algorithm, value: row.sig_value, certificates: [row.sig_certificate, ...row.sig_chain], timestamp: row.sig_timestamp };
}

/** The columns that store a signature. */
export function signatureColumns(signature: CaSignature) {
  const [leaf, ...chain] = signature.certificates;
  return { sig_algorithm: signature.algorithm, sig_value: signature.value, sig_certificate: leaf ?? '', sig_chain: JSON.stringify(chain), sig_timestamp: signature.timestamp };
}

/** What the pharmacist signs: their decision on this version of the prescription, as signed by its doctor. */
export function reviewDocument(row: Pick<PrescriptionRow, 'id' | 'version' | 'content' | 'sig_value'>, review: Review) {
  return {
    prescriptionId: row.id,
    version: row.version,
    contentDigest: digestOf(row.content),
    doctorSignature: row.sig_value,
    decision: review.decision,
    pharmacist: { name: review.pharmacistName, licenceNumber: review.pharmacistLicenceNumber },
    at: review.at,
    ...(review.reason ? { reason: review.reason } : {}),
    ...(review.note ? { note: review.note } : {}),
  };
}

/** The doctor's signature over the content, when the columns the workflow reads agree with the content. */
export async function doctorSignatureCheck(trust: SignatureTrust, row: PrescriptionRow): Promise<SignatureCheck> {
  const c = row.content;
  const agrees = row.id === c.id && row.version === c.version && row.consult_id === c.consultId && row.patient_id === c.patient.id && row.valid_until.getTime() === Date.parse(c.validUntil);
  if (!agrees) return { valid: false, fault: 'content' };
  if (!c.doctor.licenceNumber) return { valid: false, fault: 'wrong-signer' };
  return checkSignature(trust, documentBytes(c), doctorSignatureOf(row), c.doctor.licenceNumber);
}

/** The pharmacist's signature over the review, when reviewed. */
export async function reviewSignatureCheck(trust: SignatureTrust, row: PrescriptionRow): Promise<SignatureCheck | undefined> {
  const { review } = row;
  if (!review) return undefined;
  if (!row.review_signature || !review.pharmacistLicenceNumber) return { valid: false, fault: 'malformed' };
  return checkSignature(trust, documentBytes(reviewDocument(row, review)), row.review_signature, review.pharmacistLicenceNumber);
}

function signerOrRefuse(check: SignatureCheck, what: string): SignerCertificate {
  if (!check.valid) throw new HttpProblem('SIGNATURE_INVALID', `${what} was changed after it was signed, or its signature is not its signer’s (${check.fault}).`);
  return check.signer;
}

/** SIGNATURE_INVALID unless the doctor's signature holds over the content and the columns agree with it. */
export async function assertPrescriptionSigned(trust: SignatureTrust, row: PrescriptionRow): Promise<SignerCertificate> {
  return signerOrRefuse(await doctorSignatureCheck(trust, row), 'The prescription');
}

/** The statuses that exist only after a pharmacist's approval. */
export const APPROVED: ReadonlyArray<PrescriptionRow['status']> = ['approved', 'paid', 'dispatched', 'completed'];

/**
 * SIGNATURE_INVALID unless both signatures hold and the signed review approves this version:
 * before it is paid for, when the payment arrives, and before it goes to the pharmacy.
 */
export async function assertPayable(trust: SignatureTrust, row: PrescriptionRow): Promise<void> {
  await assertPrescriptionSigned(trust, row);
  await assertReviewSigned(trust, row, true);
}

/** The pharmacist's signed review of the row, when it has one; required (an approval) when `approval`. */
async function assertReviewSigned(trust: SignatureTrust, row: PrescriptionRow, approval: boolean): Promise<SignerCertificate | undefined> {
  if (approval && row.review?.decision !== 'approved') throw new HttpProblem('SIGNATURE_INVALID', 'The prescription carries no pharmacist’s signed approval.');
  const check = await reviewSignatureCheck(trust, row);
  return check && signerOrRefuse(check, 'The pharmacist’s review');
}

/**
 * Both signatures as a reader sees them (on every read, SIGNATURE_INVALID when one fails): the
 * doctor's; the pharmacist's when reviewed — required once its status says it was approved.
 */
export async function verifiedSigners(trust: SignatureTrust, row: PrescriptionRow): Promise<{ doctor: SignerCertificate; pharmacist?: SignerCertificate }> {
  const doctor = await assertPrescriptionSigned(trust, row);
  const pharmacist = await assertReviewSigned(trust, row, APPROVED.includes(row.status));
  return { doctor, ...(pharmacist ? { pharmacist } : {}) };
}

/** A code printed on the prescription for checking its signatures: 4-4-4 of digits and capitals without look-alikes. */
export function newVerificationCode(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const chars = Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

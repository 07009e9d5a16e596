/**
 * Checking a printed prescription by its verification code (verifyPrescription, and
 * `ihkit-gateway verify <code>`): both signatures verified by certificate over the prescription
 * as the database holds it now. The answer names the signers and their certificates, never the
 * patient or the drugs.
 */
import type { Queryable, SignatureCheck } from '@ihkit/adapters';
import type { PrescriptionVerification, SignerCheck } from '@ihkit/core';
import { doctorSignatureCheck, reviewSignatureCheck } from './signatures.js';
import type { SignatureTrust } from './signing.js';
import { findPrescription, type PrescriptionRow } from './store.js';

function signerCheck(check: SignatureCheck, asSigned: { name: string; licenceNumber?: string }): SignerCheck {
  if (!check.valid) return { name: asSigned.name, ...(asSigned.licenceNumber ? { licenceNumber: asSigned.licenceNumber } : {}), valid: false, fault: check.fault };
  const { signer } = check;
  return { name: signer.name, licenceNumber: signer.licenceNumber, certificateSerial: signer.serial, issuer: signer.issuer, signedAt: check.signedAt.toISOString(), valid: true };
}

/** The prescription with `code` and what its signatures say; undefined when no prescription has it. */
export async function verifyByCode(trust: SignatureTrust, q: Queryable, code: string): Promise<{ row: PrescriptionRow; verification: PrescriptionVerification } | undefined> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM prescriptions WHERE verification_code = $1', [code]);
  const row = rows[0] && (await findPrescription(q, rows[0].id));
  return row && { row, verification: await verificationOf(trust, row) };
}

export async function verificationOf(trust: SignatureTrust, row: PrescriptionRow): Promise<PrescriptionVerification> {
  const c = row.content;
  const doctor = signerCheck(await doctorSignatureCheck(trust, row), c.doctor);
  const review = await reviewSignatureCheck(trust, row);
  const pharmacist = review && row.review ? signerCheck(review, { name: row.review.pharmacistName, licenceNumber: row.review.pharmacistLicenceNumber }) : undefined;
  return {
    valid: doctor.valid && (pharmacist?.valid ?? true),
    number: row.number,
    version: row.version,
    status: row.status,
    issuedAt: c.issuedAt,
    validUntil: c.validUntil,
    doctor,
    ...(pharmacist ? { pharmacist } : {}),
  };
}

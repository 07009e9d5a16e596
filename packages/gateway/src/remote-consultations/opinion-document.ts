/**
 * What an expert signs for a remote consultation's opinion (会诊意见), and its check by
 * certificate: the same CA, roots, CRLs and canonical form as a prescription (prescriptions/signing.ts).
 */
import type { SignatureCheck } from '@ihkit/adapters';
import { doctorSignatureOf } from '../prescriptions/signatures.js';
import { checkSignature, documentBytes, type SignatureTrust } from '../prescriptions/signing.js';
import type { RemoteConsultationRow } from './store.js';

/** The signed document, kept as signed. */
export interface SignedOpinion {
  remoteConsultationId: string;
  patientId: string;
  requestingOrganizationId: string;
  consultingOrganizationId: string;
  question: string;
  opinion: string;
  expertUserId: string;
  expert: { name: string; licenceNumber: string };
  at: string;
}

type SignedColumns = Pick<RemoteConsultationRow, 'id' | 'patient_id' | 'opinion' | 'sig_algorithm' | 'sig_value' | 'sig_certificate' | 'sig_chain' | 'sig_timestamp'>;

/** The expert's signature over the opinion as stored, when it is the consultation's. */
export async function opinionCheck(trust: SignatureTrust, row: SignedColumns): Promise<SignatureCheck> {
  const o = row.opinion;
  if (!o || o.remoteConsultationId !== row.id || o.patientId !== row.patient_id) return { valid: false, fault: 'content' };
  if (!row.sig_algorithm || !row.sig_value || !row.sig_certificate || !row.sig_timestamp) return { valid: false, fault: 'malformed' };
  const signature = doctorSignatureOf({ sig_algorithm: row.sig_algorithm, sig_value: row.sig_value, sig_certificate: row.sig_certificate, sig_chain: row.sig_chain ?? [], sig_timestamp: row.sig_timestamp });
  return checkSignature(trust, documentBytes(o), signature, o.expert.licenceNumber);
}

/**
 * The expert's opinion (会诊意见), signed by their own key through the hospital's CA exactly as a
 * prescription is (prescriptions/signature-requests.ts: they confirm on their phone; the
 * signature is checked by certificate before it is stored), then stored with the turnaround,
 * queued for the requesting organization's HIS (writeback.ts) and reported.
 */
import { practitionerIdOf, permittedSelf } from '../practitioners.js';
import { signatureColumns } from '../prescriptions/signatures.js';
import { assertRecentSignIn } from '../prescriptions/signing.js';
import { completeWith, signAndStore } from '../prescriptions/signature-requests.js';
import type { Call, Services } from '../operations.js';
import { HttpProblem } from '../problems.js';
import type { UserRow } from '../users.js';
import type { SignedOpinion } from './opinion-document.js';
import { findRemoteConsultation, type RemoteConsultationRow } from './store.js';
import { reportStep } from './transitions.js';
import { enqueueWriteback } from './writeback.js';

/** What the expert's phone shows: never clinical text. */
const TITLE = '会诊意见 Consultation opinion';

completeWith('opinion', async (tx, services, request, sig) => {
  const opinion = request.document as SignedOpinion;
  const row = await findRemoteConsultation(tx, opinion.remoteConsultationId, true);
  if (!row || row.state !== 'scheduled' || !row.experts.includes(request.signer_user_id)) throw new HttpProblem('REMOTE_CONSULTATION_NOT_SCHEDULED');
  const now = services.now();
  const s = signatureColumns(sig);
  await tx.query(
    `UPDATE remote_consultations SET state = 'opinion-signed', opinion = $2, sig_algorithm = $3, sig_value = $4, sig_certificate = $5, sig_chain = $6, sig_timestamp = $7,
       signed_at = $8, turnaround_seconds = $9 WHERE id = $1`,
    [row.id, JSON.stringify(opinion), s.sig_algorithm, s.sig_value, s.sig_certificate, s.sig_chain, s.sig_timestamp, now, Math.round((now.getTime() - row.created_at.getTime()) / 1000)]);
  await enqueueWriteback(tx, row, now);
  return reportStep(tx, services, row.id, 'signed', now);
});

/** Has the assigned expert sign `text` as the consultation's opinion; the consultation as stored after. */
export async function signOpinion(services: Services, call: Call, row: RemoteConsultationRow, user: UserRow, text: string): Promise<RemoteConsultationRow> {
  const expert = await permittedSelf(services, user);
  assertRecentSignIn(services, call);
  const document: SignedOpinion = {
    remoteConsultationId: row.id, patientId: row.patient_id, requestingOrganizationId: row.organization_id, consultingOrganizationId: row.receiving_organization_id,
    question: row.question, opinion: text, expertUserId: user.id, expert: { name: expert.name, licenceNumber: expert.licenceNumber }, at: services.now().toISOString(),
  };
  return signAndStore(services, call, {
    purpose: 'opinion', slot: `opinion:${row.id}:${practitionerIdOf(user) ?? user.id}`, prescriptionId: row.id, patientId: row.patient_id,
    signer: document.expert, title: TITLE, document, completion: {},
  }, async (id) => (await findRemoteConsultation(services.db, id))!);
}

/**
 * A signed remote-consultation opinion (会诊意见) into the patient's record: a DocumentReference
 * (LOINC 11488-4 Consult note) of the Patient, its text as a plain-text attachment, the expert's
 * CA signature in an extension, created once per consultation (conditional create on the
 * consultation's id in `urn:ihkit:remote-consultation`): a retry answers the same document.
 */
import { AdapterError } from '../errors.js';
import type { ConsultationOpinionRecord } from '../his.js';
import { LOINC } from './care.js';
import type { HisContext } from './context.js';
import { EXT, REMOTE_CONSULTATION_SYSTEM, tokenValue } from './conventions.js';
import type { CodeableConcept, Identifier, Patient, Reference, Resource } from './resources.js';

export interface FhirDocumentReference extends Resource {
  resourceType: 'DocumentReference';
  identifier?: Identifier[];
  status: 'current' | 'superseded' | 'entered-in-error';
  type?: CodeableConcept;
  subject?: Reference;
  date?: string;
  author?: Reference[];
  description?: string;
  content: Array<{ attachment: { contentType?: string; language?: string; data?: string; title?: string } }>;
}

export async function recordConsultationOpinion(opinion: ConsultationOpinionRecord, ctx: HisContext): Promise<{ ref: string }> {
  if (!(await ctx.client.read<Patient>('Patient', opinion.patientId))) throw new AdapterError('NOT_FOUND', 'no such patient');
  const text = `会诊问题：${opinion.question}\n\n会诊意见：${opinion.opinion}\n\n${opinion.consultingOrganization} ${opinion.expert.name}（执业证书编码 ${opinion.expert.licenceNumber}） ${opinion.signedAt}`;
  const document: FhirDocumentReference = {
    resourceType: 'DocumentReference',
    identifier: [{ system: REMOTE_CONSULTATION_SYSTEM, value: opinion.id }],
    status: 'current',
    type: { coding: [{ system: LOINC, code: '11488-4', display: 'Consult note' }], text: '会诊意见' },
    subject: { reference: `Patient/${opinion.patientId}` },
    date: opinion.signedAt,
    author: [{ display: `${opinion.expert.name} (${opinion.consultingOrganization})` }],
    description: '远程会诊意见',
    content: [{ attachment: { contentType: 'text/plain; charset=utf-8', language: 'zh-CN', title: '会诊意见', data: Buffer.from(text, 'utf8').toString('base64') } }],
    extension: [{ url: EXT.caSignature, valueString: JSON.stringify(opinion.signature) }],
  };
  const { resource } = await ctx.client.create(document, { ifNoneExist: { identifier: `${REMOTE_CONSULTATION_SYSTEM}|${tokenValue(opinion.id)}` } });
  return { ref: `DocumentReference/${resource.id!}` };
}

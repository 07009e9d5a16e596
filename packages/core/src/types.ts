/** Friendly names for the contract's schemas, generated from openapi.yaml into api.gen.ts. */
import type { components, operations } from './api.gen.js';

type Schemas = components['schemas'];
export type Id = Schemas['Id'];
export type Money = Schemas['Money'];
export type Role = Schemas['Role'];
export type Session = Schemas['Session'];
export type SessionInfo = Schemas['SessionInfo'];
export type User = Schemas['User'];
export type Department = Schemas['Department'];
export type Doctor = Schemas['Doctor'];
export type DoctorTitle = Schemas['DoctorTitle'];
export type Slot = Schemas['Slot'];
export type Patient = Schemas['Patient'];
export type FamilyRelation = Schemas['FamilyRelation'];
export type PendingProof = Schemas['PendingProof'];
export type FamilyLink = Schemas['FamilyLink'];
export type FamilyLinkProof = Schemas['FamilyLinkProof'];
export type InPersonFamilyLink = Schemas['InPersonFamilyLink'];
export type Appointment = Schemas['Appointment'];
export type AppointmentStatus = Schemas['AppointmentStatus'];
export type Problem = Schemas['Problem'];
export type PrescriptionVerification = Schemas['PrescriptionVerification'];
export type SignatureRequest = Schemas['SignatureRequest'];
export type PendingSignature = Schemas['PendingSignature'];
export type SignerCheck = Schemas['SignerCheck'];
export type Condition = Schemas['Condition'];
export type Encounter = Schemas['Encounter'];
export type EncounterKind = Schemas['EncounterKind'];
export type Consult = Schemas['Consult'];
export type ConsultStatus = Schemas['ConsultStatus'];
export type ConsultRecord = Schemas['ConsultRecord'];
export type ConsultRecordInput = Schemas['ConsultRecordInput'];
export type ConsultMessage = Schemas['ConsultMessage'];
export type Attachment = Schemas['Attachment'];
export type Payment = Schemas['Payment'];
export type RegistrationFee = Schemas['RegistrationFee'];
export type PendingMove = Schemas['PendingMove'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type PaymentChannel = Schemas['PaymentChannel'];
export type PaymentChoice = Schemas['PaymentChoice'];
export type InsuranceSettlement = Schemas['InsuranceSettlement'];
export type InsuranceSplit = Schemas['InsuranceSplit'];
export type WechatJsapiParams = Schemas['WechatJsapiParams'];
export type Reconciliation = Schemas['Reconciliation'];
export type ReconciliationRun = Schemas['ReconciliationRun'];
export type PaymentDifference = Schemas['PaymentDifference'];
export type Drug = Schemas['Drug'];
export type DrugControl = Schemas['DrugControl'];
export type Frequency = Schemas['Frequency'];
export type Allergy = Schemas['Allergy'];
export type Finding = Schemas['Finding'];
export type FindingCode = Schemas['FindingCode'];
export type PrescriptionItemInput = Schemas['PrescriptionItemInput'];
export type PrescriptionDraft = Schemas['PrescriptionDraft'];
/** The draft's fields that the contract gives a default (false, false, false and 1 day). */
type DraftDefaults = 'urgent' | 'chronic' | 'guardianPresent' | 'validDays';
/**
 * A draft as a request may send it: the fields with a default in the contract may be left out
 * (the gateway fills them in, and the rules read a missing one as its default). The generated
 * PrescriptionDraft makes them required, as they are in what the gateway hands its handlers.
 */
export type PrescriptionDraftInput = Omit<PrescriptionDraft, DraftDefaults> & Partial<Pick<PrescriptionDraft, DraftDefaults>>;
export type PrescriptionItem = Schemas['PrescriptionItem'];
export type PrescriptionCheck = Schemas['PrescriptionCheck'];
export type PrescribingContext = Schemas['PrescribingContext'];
export type PrescriptionStatus = Schemas['PrescriptionStatus'];
export type Prescription = Schemas['Prescription'];
export type Signature = Schemas['Signature'];
export type Fulfilment = Schemas['Fulfilment'];
export type FulfilmentInput = Schemas['FulfilmentInput'];
export type PickupPoint = Schemas['PickupPoint'];
export type VideoRoom = Schemas['VideoRoom'];
export type VideoParticipant = VideoRoom['participants'][number];
export type VideoRecordingStatus = Schemas['VideoRecordingStatus'];
export type VideoRecordingState = Schemas['VideoRecordingState'];
export type VideoRecording = Schemas['VideoRecording'];
export type Interpretation = Schemas['Interpretation'];
export type LabObservation = Schemas['LabObservation'];
export type LabReport = Schemas['LabReport'];
export type ImagingSeries = Schemas['ImagingSeries'];
export type ImagingInstance = ImagingSeries['instances'][number];
export type ImagingStudy = Schemas['ImagingStudy'];
export type ImagingReport = Schemas['ImagingReport'];
export type EcgWaveform = Schemas['EcgWaveform'];
export type EcgLead = Schemas['EcgLead'];
export type EcgLeadName = EcgLead['name'];
export type CriticalAlert = Schemas['CriticalAlert'];
export type CareTemplateId = Schemas['CareTemplateId'];
export type CareMetric = Schemas['CareMetric'];
export type CareReadingKind = Schemas['CareReadingKind'];
export type CareMeal = Schemas['CareMeal'];
export type CareMeasure = Schemas['CareMeasure'];
export type CareThreshold = Schemas['CareThreshold'];
export type CarePlanTemplate = Schemas['CarePlanTemplate'];
export type CareTask = Schemas['CareTask'];
export type CarePlan = Schemas['CarePlan'];
export type CarePlanEndReason = Schemas['CarePlanEndReason'];
export type CarePlanChange = Schemas['CarePlanChange'];
export type CarePatientMatch = Schemas['CarePatientMatch'];
export type CareReadingInput = Schemas['CareReadingInput'];
export type CareBreach = Schemas['CareBreach'];
export type CareReading = Schemas['CareReading'];
export type CareAlert = Schemas['CareAlert'];
export type ArticleSummary = Schemas['ArticleSummary'];
export type Article = Schemas['Article'];
export type ArticleInput = Schemas['ArticleInput'];
export type CarePlanArticle = Schemas['CarePlanArticles']['items'][number];
export type AccessGrant = Schemas['AccessGrant'];
export type AccessGrantRecord = Schemas['AccessGrantRecord'];
export type AccessGrantReason = Schemas['AccessGrantReason'];
export type RemoteConsultation = Schemas['RemoteConsultation'];
export type RemoteConsultationInput = Schemas['RemoteConsultationInput'];
export type RemoteConsultationState = Schemas['RemoteConsultationState'];
export type RemoteConsultationSummary = Schemas['RemoteConsultationSummary'];
export type RemoteConsultationDirectory = Schemas['RemoteConsultationDirectory'];
export type RemoteConsultationOpinion = Schemas['RemoteConsultationOpinion'];
export type RemoteConsultationUrgency = RemoteConsultation['urgency'];
export type AccessGrantInput = Schemas['AccessGrantInput'];
export type Referral = Schemas['Referral'];
export type ReferralInput = Schemas['ReferralInput'];
export type ReferralState = Schemas['ReferralState'];
export type ReferralDirection = Schemas['ReferralDirection'];
export type ReferralDeclineReason = Schemas['ReferralDeclineReason'];
export type PatientReferral = Schemas['PatientReferral'];
export type CareQuestionnaireId = Schemas['CareQuestionnaireId'];
export type CareQuestionnaireSchedule = Schemas['CareQuestionnaireSchedule'];
export type CareQuestionnaireTask = Schemas['CareQuestionnaireTask'];
export type CareQuestionnaireAnswer = Schemas['CareQuestionnaireAnswer'];
export type CareQuestionnaireItemAnswer = Schemas['CareQuestionnaireItemAnswer'];
export type CareQuestionnaireResponseInput = Schemas['CareQuestionnaireResponseInput'];
export type CareQuestionnaireResponse = Schemas['CareQuestionnaireResponse'];
export type Practitioner = Schemas['Practitioner'];
export type PractitionerKind = Schemas['PractitionerKind'];
export type PracticeCategory = Schemas['PracticeCategory'];
export type PractitionerStanding = Schemas['PractitionerStanding'];
export type PractitionerStatus = Schemas['PractitionerStatus'];
/** Codes the gateway answers with (see ErrorCode in openapi.yaml). */
export type ServerErrorCode = Schemas['ErrorCode'];

/** The JSON body an operation takes. */
export type RequestBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;
/** The query parameters an operation takes. */
export type Query<Op extends keyof operations> = operations[Op]['parameters'] extends { query?: infer Q }
  ? NonNullable<Q>
  : never;
/** The JSON body of an operation's 202 Accepted (Prefer: respond-async), never for one without. */
export type AcceptedBody<Op extends keyof operations> = operations[Op]['responses'] extends { 202: { content: { 'application/json': infer R } } } ? R : never;
/** The JSON body of an operation's success response. */
export type ResponseBody<Op extends keyof operations> = {
  [S in keyof operations[Op]['responses']]: S extends 200 | 201
    ? operations[Op]['responses'][S] extends { content: { 'application/json': infer R } }
      ? R
      : never
    : never;
}[keyof operations[Op]['responses']];

/**
 * The authorization matrix, generated from the contract. For every operation of openapi.yaml:
 * - signed in: an anonymous call is refused (401 UNAUTHENTICATED);
 * - every role its `x-ihkit-roles` leaves out is refused (403 ROLE_NOT_ALLOWED, noted in the
 *   audit trail when the operation is audited), even aimed at what that role's own account may see;
 * - every role it names is refused what belongs to someone else (403 or 404, as the handler's
 *   rule says, with nothing of it in the answer), or, for a list of one's own things, answered
 *   without any of the other account's; and the owner's identical call gets through, so the
 *   refusal is about whose it is, not a wrong id.
 * The calls come from RULES, one entry per operation: an operation without an entry fails, and so
 * does an entry (or a role in one) that the contract no longer has.
 *
 * The realtime socket likewise, from FRAME_RULES, one entry per client frame type
 * (CLIENT_FRAME_TYPES in @ihkit/core): every frame before the auth frame is refused
 * (UNAUTHENTICATED); a frame that touches someone's data gets through for the owning accounts
 * and is refused — or reaches nobody — for every other account of every role.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { decodeJwt } from 'jose';
import { addDemoPatients, createDemoHis, createSandboxPayments, demoAccounts, insertNewReports, type Queryable } from '@ihkit/adapters';
import { CLIENT_FRAME_TYPES, PHQ_9, type Consult, type Drug, type Payment, type Role, type VideoRecording, type VideoRoom } from '@ihkit/core';
import { loadContract, type ContractOperation } from '../src/contract.js';
import { notify } from '../src/realtime/notices.js';
import { handlers } from '../src/routes/index.js';
import { upsertUser } from '../src/users.js';
import { listen, RawSocket, type Frame } from './helpers/live.js';
import { API, bookableSlots, book, databases, login, newKey, sessionToken, startGateway, type TestGateway } from './helpers/gateway.js';
import { conditions, DOCTOR, get, OTHER_DOCTOR, ok, paidConsult, PNG_1x1, post, requestConsult, WEBM } from './helpers/consults.js';

const contract = loadContract();

/** What one call sends: the path (with its query) and a JSON body or a file. */
interface Call {
  path: string;
  body?: object;
  file?: { type: string; bytes: Buffer };
}

/** What a role the operation allows gets when it aims at someone else's. */
type Rule =
  /** Refused: 403 FORBIDDEN or 404 NOT_FOUND. */
  | { status: 403 | 404 }
  /** A list of one's own: answered, without these (the owner's answer has them). */
  | { hides: (f: Fixtures) => string[] }
  /** Nothing in it belongs to anyone: why. */
  | { nobodys: string };

type Entry =
  | { public: string }
  /** Acts on the caller's own sessions: listing them, ending the current one or all, revoking one by id. */
  | { sessions: 'list' | 'end-this' | 'end-all' | 'revoke' }
  | {
      /** The call, aimed at what the owning accounts (张伟 the patient, 周敏 his doctor) may see. */
      call: (f: Fixtures) => Call;
      /** One rule per role in the operation's x-ihkit-roles. */
      others: Partial<Record<Role, Rule>>;
      /**
       * What a staff account of another organization gets, where it differs from `others` (whose
       * rule it takes otherwise; a `nobodys` rule there is answered as to anyone).
       */
      foreign?: Partial<Record<Role, Rule>>;
      /** Further calls of someone else's, each mixing an id of their own with one of the owner's. */
      mixed?: (f: Fixtures) => Array<{ role: Role; call: Call; status: 403 | 404 }>;
    };

/** Per staff role, a session of an account of FOREIGN_ORGANIZATION bound to the same HIS ids as the owner's account. */
async function foreignAccounts(db: Queryable, owners: Partial<Record<Role, string>>): Promise<Partial<Record<Role, string>>> {
  const tokens: Partial<Record<Role, string>> = {};
  for (const [role, userId] of Object.entries(owners) as Array<[Role, string]>) {
    const owner = (await db.query<{ display_name: string; his_doctor_id: string | null; his_pharmacist_id: string | null }>(
      'SELECT display_name, his_doctor_id, his_pharmacist_id FROM users WHERE id = $1', [userId])).rows[0]!;
    const id = await upsertUser(db, {
      username: `foreign.${role}`, role, displayName: owner.display_name, organizationId: FOREIGN_ORGANIZATION,
      ...(owner.his_doctor_id ? { hisDoctorId: owner.his_doctor_id } : {}), ...(owner.his_pharmacist_id ? { hisPharmacistId: owner.his_pharmacist_id } : {}),
    });
    tokens[role] = await sessionToken(id, { db });
  }
  return tokens;
}

/** A remote consultation GRANTEE_ORGANIZATION asked of the home organization, naming `expertUserId`, as its gateway stored it. */
async function incomingConsultation(db: Queryable, patientId: string, expertUserId: string): Promise<string> {
  const requester = await upsertUser(db, { username: 'centre.requester', role: 'doctor', displayName: '区域中心医生', organizationId: GRANTEE_ORGANIZATION });
  await db.query(
    `INSERT INTO remote_consultations (id, organization_id, receiving_organization_id, requested_by, patient_id, expert_user_id, question, urgency, attachments, state, created_at, idempotency_key)
     VALUES ('rc_matrix_incoming', $1, 'home', $2, $3, $4, '请会诊', 'urgent', '[]', 'requested', now(), 'matrix')`, [GRANTEE_ORGANIZATION, requester, patientId, expertUserId]);
  return 'rc_matrix_incoming';
}

const FORBIDDEN = { status: 403 } as const;
const NOT_FOUND = { status: 404 } as const;
const hides = (ids: (f: Fixtures) => string[]): Rule => ({ hides: ids });
const nobodys = (why: string): Rule => ({ nobodys: why });
const both = (rule: Rule) => ({ patient: rule, doctor: rule });

/** The accounts and what belongs to 张伟 (the patient) and 周敏 (his doctor). */
interface Fixtures {
  /** Per role: the account that owns (or, for left-out roles, would own) the resources, and another account of that role. */
  as: Record<Role, { owner: string; other?: string }>;
  patientName: string;
  patientIds: string[];
  slotId: string;
  appointmentId: string;
  newFamilyMember: { name: string; idNumber: string };
  /** 张伟's pending link to an adult with no phone on file (codes: PHONE_NOT_ON_FILE; confirming: CONSENT_CODE_INVALID). */
  pendingLinkId: string;
  /** 李娜's pending link to 张伟's own record: his to approve and end. */
  linkToOwnerId: string;
  /** 张伟's claim on a child the HIS records another guardian for: waits for staff in person. */
  childLinkId: string;
  condition: { doctorId: string; encounterId: string; code: string };
  /** Accepted: messages, the call, the prescription. */
  consultId: string;
  /** Asked for, not paid: cancelled here. */
  unpaidConsultId: string;
  /** Paid, not accepted: accepted, completed and referred here. */
  lifecycleConsultId: string;
  paymentId: string;
  attachmentId: string;
  drugId: string;
  prescriptionId: string;
  /** 周敏's signature request of the prescription (signed). */
  signatureRequestId: string;
  pickupPointId: string;
  /** 张伟's insurance settlement of the prescription, at the e-certificate step, and its state. */
  insurance: { settlementId: string; state: string };
  roomId: string;
  participantId: string;
  /** A third doctor, to invite. */
  specialistDoctorId: string;
  recordingId: string;
  reportId: string;
  study: { id: string; seriesId: string; instanceId: string };
  alertId: string;
  /** 张伟's hypertension plan: managed by the nurse, 周敏 its doctor; and its alert (a high reading). */
  planId: string;
  careAlertId: string;
  /** A published hypertension article, assigned in 张伟's plan when it was made; and another, edited and withdrawn here. */
  articleId: string;
  editableArticleId: string;
  /** 张伟's mother's hypertension plan (the same care team), ended here. */
  endablePlanId: string;
  /** 周敏's grant of 张伟's consult to GRANTEE_ORGANIZATION. */
  grantId: string;
  /** 周敏's up-referral of 张伟 to GRANTEE_ORGANIZATION (cancelled here), and one of GRANTEE_ORGANIZATION's down to the home organization (answered here); a department of its HIS. */
  referralId: string;
  incomingReferralId: string;
  departmentId: string;
  /** A report of the supervision outbox (the consult's, waiting). */
  regulatorReportId: string;
  /** 周敏's remote consultation request to GRANTEE_ORGANIZATION for 张伟, with his consult attached. */
  remoteConsultationId: string;
  /** A remote consultation GRANTEE_ORGANIZATION asked of the home organization, naming 周敏: scheduled, declined and answered here. */
  incomingConsultationId: string;
  /** The other patient account's own accepted consult (for the mixed calls). */
  otherConsultId: string;
  /**
   * Per staff role, an account of another organization (FOREIGN_ORGANIZATION) with the owner's
   * role and the owner's HIS ids: its HIS numbers its staff as the home one's does.
   */
  foreign: Partial<Record<Role, string>>;
  /** Per role, the user behind the owning account; and the other patient and doctor accounts' users. */
  userIds: Record<Role, string>;
  otherPatientUserId: string;
  otherDoctorUserId: string;
  /** 周敏's id in the HIS (whose queue and alerts these are). */
  doctorHisId: string;
}

const CATALOG = 'the hospital’s catalog: nobody’s';
const ARTICLES = 'the hospital’s health education articles: nobody’s';
/** The member organization whose staff are the matrix's foreign column. */
const FOREIGN_ORGANIZATION = 'county-matrix';
/** The organization 周敏 shares 张伟's consult with (access grants). */
const GRANTEE_ORGANIZATION = 'centre-matrix';
const ORGANIZATIONS = 'the organization’s grants, issued and received: for its doctors and admins';
const REFERRALS = 'the referrals the organization sent and received: for its doctors and nurses';
const RECEIVER = 'any doctor or nurse of the receiving organization answers its referrals';
const DIRECTORY = 'the network’s organizations and their doctors’ display names, for choosing whom to ask: staff, no patient data';
const COORDINATORS = 'every coordinator (nurse, admin) of the organization sees and handles its remote consultations';
const draft = (f: Fixtures) => ({ items: [{ drugId: f.drugId, dose: 5, frequency: 'qd', days: 7 }] });

const RULES: Record<string, Entry> = {
  health: { public: 'liveness, no data' },
  login: { public: 'signing in' },
  paymentNotify: { public: 'the payment provider’s signed notification; its signature is the check (payments tests)' },
  getTriageRules: { public: 'the hospital’s triage rules: no patient data; the answers stay on the device (triage tests)' },
  verifyPrescription: { public: 'the code printed on the prescription is the check (60 random bits, unknown ones rate-limited); answers the signers, no patient data (ca-signatures tests)' },

  listMySessions: { sessions: 'list' },
  logout: { sessions: 'end-this' },
  logoutEverywhere: { sessions: 'end-all' },
  revokeSession: { sessions: 'revoke' },

  getMe: {
    call: () => ({ path: '/me' }),
    others: { patient: nobodys('answers the caller'), doctor: nobodys('answers the caller'), pharmacist: nobodys('answers the caller'), nurse: nobodys('answers the caller'), admin: nobodys('answers the caller') },
  },
  getMyPractitioner: {
    call: () => ({ path: '/me/practitioner' }),
    others: { doctor: nobodys('answers the caller’s own HIS record'), pharmacist: nobodys('answers the caller’s own HIS record') },
  },
  listDepartments: { public: 'the public schedule: the hospital’s catalog, no patient data, rate-limited per address (public-schedule tests)' },
  listDoctors: { public: 'the public schedule: the hospital’s catalog, no patient data, rate-limited per address (public-schedule tests)' },
  listSlots: { public: 'the public schedule: free places, no patient data, rate-limited per address (public-schedule tests)' },
  listMyPatients: { call: () => ({ path: '/patients' }), others: { patient: hides((f) => f.patientIds) } },
  addFamilyMember: {
    call: (f) => ({ path: '/patients', body: { ...f.newFamilyMember, relation: 'other' } }),
    others: { patient: nobodys('links to the caller whoever passes the real-name check (patients.test.ts); no id of anyone’s is named') },
  },
  listFamilyLinks: { call: () => ({ path: '/family-links' }), others: { patient: hides((f) => [f.linkToOwnerId]) } },
  sendFamilyLinkCode: { call: (f) => ({ path: `/family-links/${f.pendingLinkId}/code` }), others: { patient: NOT_FOUND } },
  confirmFamilyLink: {
    call: (f) => ({ path: `/family-links/${f.pendingLinkId}/confirm`, body: { code: '000000' } }),
    others: { patient: NOT_FOUND },
    mixed: (f) => [{ role: 'patient', call: { path: `/family-links/${f.linkToOwnerId}/confirm`, body: { code: '000000' } }, status: 404 }],
  },
  // The link's holder cannot approve it: only the patient it is to (family.test.ts tries the holder).
  approveFamilyLink: { call: (f) => ({ path: `/family-links/${f.linkToOwnerId}/approve` }), others: { patient: NOT_FOUND } },
  endFamilyLink: { call: (f) => ({ path: `/family-links/${f.linkToOwnerId}/end` }), others: { patient: NOT_FOUND } },
  listInPersonFamilyLinks: {
    call: () => ({ path: '/family-links/in-person' }),
    others: { admin: nobodys('hospital staff at the desk confirm any child’s link: they see every one that waits') },
    foreign: { admin: hides((f) => [f.childLinkId]) },
  },
  confirmFamilyLinkInPerson: {
    call: (f) => ({ path: `/family-links/${f.childLinkId}/in-person`, body: { document: 'birth_certificate' } }),
    others: { admin: nobodys('hospital staff at the desk confirm any child’s link, having seen the guardian') },
    foreign: { admin: NOT_FOUND },
  },
  listMyAppointments: { call: () => ({ path: '/appointments' }), others: { patient: hides((f) => [f.appointmentId]) } },
  bookAppointment: { call: (f) => ({ path: '/appointments', body: { slotId: f.slotId, patientId: f.patientIds[0] } }), others: { patient: FORBIDDEN } },
  getAppointment: { call: (f) => ({ path: `/appointments/${f.appointmentId}` }), others: { patient: NOT_FOUND } },
  rescheduleAppointment: { call: (f) => ({ path: `/appointments/${f.appointmentId}/reschedule`, body: { slotId: f.slotId } }), others: { patient: NOT_FOUND } },
  payAppointment: { call: (f) => ({ path: `/appointments/${f.appointmentId}/payment` }), others: { patient: NOT_FOUND } },
  cancelAppointment: { call: (f) => ({ path: `/appointments/${f.appointmentId}/cancel`, body: {} }), others: { patient: NOT_FOUND } },
  listConditions: { call: (f) => ({ path: `/patients/${f.patientIds[0]}/conditions` }), others: { patient: NOT_FOUND } },
  listConsults: { call: () => ({ path: '/consults' }), others: { patient: hides((f) => [f.consultId, f.unpaidConsultId, f.lifecycleConsultId]), doctor: hides((f) => [f.consultId, f.lifecycleConsultId]) } },
  createConsult: {
    call: (f) => ({ path: '/consults', body: { patientId: f.patientIds[0], doctorId: f.condition.doctorId, encounterId: f.condition.encounterId, conditionCode: f.condition.code, complaint: '血压偏高。' } }),
    others: { patient: FORBIDDEN },
  },
  getConsult: { call: (f) => ({ path: `/consults/${f.consultId}` }), others: both(NOT_FOUND) },
  getConsultHistory: { call: (f) => ({ path: `/consults/${f.consultId}/history` }), others: { doctor: NOT_FOUND } },
  listPaymentMethods: { call: () => ({ path: '/payment-methods' }), others: { patient: nobodys('the hospital’s payment methods, the same for every patient') } },
  payConsult: { call: (f) => ({ path: `/consults/${f.consultId}/payment` }), others: { patient: NOT_FOUND } },
  sandboxPay: { call: (f) => ({ path: `/payments/${f.paymentId}/sandbox-pay` }), others: { patient: NOT_FOUND } },
  cancelConsult: { call: (f) => ({ path: `/consults/${f.unpaidConsultId}/cancel` }), others: { patient: NOT_FOUND } },
  acceptConsult: { call: (f) => ({ path: `/consults/${f.lifecycleConsultId}/accept` }), others: { doctor: NOT_FOUND } },
  completeConsult: { call: (f) => ({ path: `/consults/${f.lifecycleConsultId}/complete`, body: { complaint: '头晕', diagnosis: '高血压', advice: '低盐饮食' } }), others: { doctor: NOT_FOUND } },
  referConsult: { call: (f) => ({ path: `/consults/${f.lifecycleConsultId}/refer`, body: { reason: '需要面诊' } }), others: { doctor: NOT_FOUND } },
  listConsultMessages: { call: (f) => ({ path: `/consults/${f.consultId}/messages` }), others: both(NOT_FOUND) },
  sendConsultMessage: {
    call: (f) => ({ path: `/consults/${f.consultId}/messages`, body: { text: '好的' } }),
    others: both(NOT_FOUND),
    mixed: (f) => [{ role: 'patient', call: { path: `/consults/${f.otherConsultId}/messages`, body: { attachmentId: f.attachmentId } }, status: 404 }],
  },
  uploadConsultAttachment: { call: (f) => ({ path: `/consults/${f.consultId}/attachments`, file: { type: 'image/png', bytes: PNG_1x1 } }), others: both(NOT_FOUND) },
  getConsultAttachment: {
    call: (f) => ({ path: `/consults/${f.consultId}/attachments/${f.attachmentId}` }),
    others: both(NOT_FOUND),
    mixed: (f) => [{ role: 'patient', call: { path: `/consults/${f.otherConsultId}/attachments/${f.attachmentId}` }, status: 404 }],
  },
  markConsultRead: { call: (f) => ({ path: `/consults/${f.consultId}/read`, body: { seq: 1 } }), others: both(NOT_FOUND) },
  searchDrugs: { call: () => ({ path: '/drug-search', body: { q: 'amlodipine' } }), others: { doctor: nobodys(CATALOG), pharmacist: nobodys(CATALOG) } },
  listPickupPoints: { call: () => ({ path: '/pickup-points' }), others: { patient: nobodys(CATALOG) } },
  getPrescribingContext: { call: (f) => ({ path: `/consults/${f.consultId}/prescribing` }), others: { doctor: NOT_FOUND } },
  checkPrescription: { call: (f) => ({ path: `/consults/${f.consultId}/prescription-check`, body: draft(f) }), others: { doctor: NOT_FOUND } },
  createPrescription: { call: (f) => ({ path: `/consults/${f.consultId}/prescriptions`, body: draft(f) }), others: { doctor: NOT_FOUND } },
  listPrescriptions: {
    call: (f) => ({ path: `/prescriptions?consultId=${f.consultId}` }),
    others: { ...both(hides((f) => [f.prescriptionId])), pharmacist: nobodys('pharmacists review every prescription') },
    foreign: { pharmacist: hides((f) => [f.prescriptionId]) },
  },
  getPrescription: {
    call: (f) => ({ path: `/prescriptions/${f.prescriptionId}` }),
    others: { ...both(NOT_FOUND), pharmacist: nobodys('pharmacists review every prescription') },
    foreign: { pharmacist: NOT_FOUND },
  },
  getSignatureRequest: {
    call: (f) => ({ path: `/signature-requests/${f.signatureRequestId}` }),
    others: { ...both(NOT_FOUND), pharmacist: nobodys('pharmacists review every prescription, and so read its signature requests') },
    foreign: { pharmacist: NOT_FOUND },
  },
  revisePrescription: { call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/revise`, body: draft(f) }), others: { doctor: NOT_FOUND } },
  approvePrescription: {
    call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/approve`, body: {} }),
    others: { pharmacist: nobodys('pharmacists review every prescription') },
    foreign: { pharmacist: NOT_FOUND },
  },
  returnPrescription: {
    call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/return`, body: { reason: '剂量需确认' } }),
    others: { pharmacist: nobodys('pharmacists review every prescription') },
    foreign: { pharmacist: NOT_FOUND },
  },
  payPrescription: {
    call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/payment`, body: { fulfilment: { method: 'pickup', pickupPointId: f.pickupPointId } } }),
    others: { patient: NOT_FOUND },
  },
  cancelPrescription: { call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/cancel` }), others: { patient: NOT_FOUND } },
  startPrescriptionInsurance: { call: (f) => ({ path: `/prescriptions/${f.prescriptionId}/insurance`, body: { returnUrl: 'https://portal.example/rx', fulfilment: { method: 'pickup', pickupPointId: f.pickupPointId } } }), others: { patient: NOT_FOUND } },
  startConsultInsurance: { call: (f) => ({ path: `/consults/${f.unpaidConsultId}/insurance`, body: { returnUrl: 'https://portal.example/clinic' } }), others: { patient: NOT_FOUND } },
  authoriseInsurance: { call: (f) => ({ path: '/insurance/authorisations', body: { state: f.insurance.state, code: 'not-a-code' } }), others: { patient: NOT_FOUND } },
  settleInsurance: {
    call: (f) => ({ path: `/insurance/settlements/${f.insurance.settlementId}/settle`, body: { fulfilment: { method: 'pickup', pickupPointId: f.pickupPointId } } }),
    others: { patient: NOT_FOUND },
  },
  openVideoRoom: { call: (f) => ({ path: `/consults/${f.consultId}/video-room` }), others: both(NOT_FOUND) },
  listVideoRooms: { call: () => ({ path: '/video-rooms' }), others: both(hides((f) => [f.roomId])) },
  getVideoRoom: { call: (f) => ({ path: `/video-rooms/${f.roomId}` }), others: both(NOT_FOUND) },
  admitToVideoRoom: { call: (f) => ({ path: `/video-rooms/${f.roomId}/admit`, body: { participantId: f.participantId } }), others: { doctor: NOT_FOUND } },
  inviteToVideoRoom: { call: (f) => ({ path: `/video-rooms/${f.roomId}/invite`, body: { doctorId: f.specialistDoctorId } }), others: { doctor: NOT_FOUND } },
  endVideoRoom: { call: (f) => ({ path: `/video-rooms/${f.roomId}/end` }), others: { doctor: NOT_FOUND } },
  requestVideoRecording: { call: (f) => ({ path: `/video-rooms/${f.roomId}/recording-request` }), others: { doctor: NOT_FOUND } },
  consentToVideoRecording: { call: (f) => ({ path: `/video-rooms/${f.roomId}/recording-consent`, body: { consent: true } }), others: both(NOT_FOUND) },
  uploadVideoRecording: { call: (f) => ({ path: `/video-rooms/${f.roomId}/recordings`, file: { type: 'audio/webm', bytes: WEBM } }), others: { doctor: NOT_FOUND } },
  listConsultRecordings: { call: (f) => ({ path: `/consults/${f.consultId}/recordings` }), others: both(NOT_FOUND) },
  getVideoRecording: { call: (f) => ({ path: `/recordings/${f.recordingId}` }), others: both(NOT_FOUND) },
  // A list asked for by patient id is FORBIDDEN, one report or study NOT_FOUND (reports/access.ts).
  listLabReports: { call: (f) => ({ path: `/patients/${f.patientIds[0]}/lab-reports` }), others: both(FORBIDDEN) },
  getLabReport: { call: (f) => ({ path: `/lab-reports/${f.reportId}` }), others: both(NOT_FOUND) },
  listImagingStudies: { call: (f) => ({ path: `/patients/${f.patientIds[0]}/imaging-studies` }), others: both(FORBIDDEN) },
  getImagingStudy: { call: (f) => ({ path: `/imaging-studies/${f.study.id}` }), others: both(NOT_FOUND) },
  getSeriesThumbnail: { call: (f) => ({ path: `/imaging-studies/${f.study.id}/series/${f.study.seriesId}/thumbnail` }), others: both(NOT_FOUND) },
  getRenderedFrame: { call: (f) => ({ path: `/imaging-studies/${f.study.id}/series/${f.study.seriesId}/instances/${f.study.instanceId}/frames/1` }), others: both(NOT_FOUND) },
  listCriticalAlerts: { call: () => ({ path: '/critical-alerts' }), others: { doctor: hides((f) => [f.alertId]) } },
  acknowledgeCriticalAlert: { call: (f) => ({ path: `/critical-alerts/${f.alertId}/acknowledge` }), others: { doctor: NOT_FOUND } },
  // Follow-up: a plan is its patient's accounts' and its care team's (the nurse who manages it, 周敏 its doctor).
  listCarePlanTemplates: { call: () => ({ path: '/care/templates' }), others: { doctor: nobodys('the hospital’s plan templates'), nurse: nobodys('the hospital’s plan templates') } },
  listCarePlans: { call: () => ({ path: '/care/plans' }), others: { patient: hides((f) => [f.planId]), doctor: hides((f) => [f.planId]), nurse: hides((f) => [f.planId]) } },
  createCarePlan: {
    call: (f) => ({ path: '/care/plans', body: { patientId: f.patientIds[0]!, templateId: 'type-2-diabetes' } }),
    others: { doctor: nobodys('any of the hospital’s patients may be put on a plan; the caller manages it'), nurse: nobodys('any of the hospital’s patients may be put on a plan; the caller manages it') },
  },
  searchCarePatients: {
    call: () => ({ path: '/care/patient-search', body: { q: '张伟' } }),
    others: { doctor: nobodys('the hospital’s patients, found to be put on a plan; audited'), nurse: nobodys('the hospital’s patients, found to be put on a plan; audited') },
  },
  getCarePlan: { call: (f) => ({ path: `/care/plans/${f.planId}` }), others: { patient: NOT_FOUND, doctor: NOT_FOUND, nurse: NOT_FOUND } },
  changeCarePlan: { call: (f) => ({ path: `/care/plans/${f.planId}/changes`, body: { version: 1, revisitEveryDays: 60 } }), others: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  endCarePlan: { call: (f) => ({ path: `/care/plans/${f.endablePlanId}/end`, body: { reason: 'goal-met' } }), others: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  listCareReadings: { call: (f) => ({ path: `/care/plans/${f.planId}/readings` }), others: { patient: NOT_FOUND, doctor: NOT_FOUND, nurse: NOT_FOUND } },
  recordCareReading: {
    call: (f) => ({ path: `/care/plans/${f.planId}/readings`, body: { kind: 'weight', weight: 70.5, takenAt: new Date().toISOString(), source: 'manual' } }),
    others: { patient: NOT_FOUND },
  },
  listCareQuestionnaireResponses: { call: (f) => ({ path: `/care/plans/${f.planId}/questionnaire-responses` }), others: { patient: NOT_FOUND, doctor: NOT_FOUND, nurse: NOT_FOUND } },
  submitCareQuestionnaireResponse: {
    call: (f) => ({ path: `/care/plans/${f.planId}/questionnaire-responses`, body: { questionnaire: 'phq-9', item: PHQ_9.item.map((i) => ({ linkId: i.linkId, answer: [{ valueCoding: { code: i.answerOption![0]!.valueCoding.code } }] })) } }),
    others: { patient: NOT_FOUND },
  },
  listCareAlerts: { call: () => ({ path: '/care/alerts' }), others: { doctor: hides((f) => [f.careAlertId]), nurse: hides((f) => [f.careAlertId]) } },
  acknowledgeCareAlert: { call: (f) => ({ path: `/care/alerts/${f.careAlertId}/acknowledge` }), others: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  // Health education: the articles are the hospital's, public to read; the ones assigned in a plan and their receipts are the plan's.
  listArticles: { public: 'the hospital’s health education articles: no patient data, rate-limited per address (articles tests)' },
  getArticle: { public: 'one of the hospital’s health education articles: no patient data, rate-limited per address (articles tests)' },
  publishArticle: { call: () => ({ path: '/articles', body: { title: '家庭血压测量', markdown: '坐位休息5分钟后测量。', conditions: ['I10'], departments: [] } }), others: { doctor: nobodys(ARTICLES), admin: nobodys(ARTICLES) } },
  updateArticle: { call: (f) => ({ path: `/articles/${f.editableArticleId}`, body: { version: 1, article: { title: '运动与血压', markdown: '每周运动5天。', conditions: [], departments: [] } } }), others: { doctor: nobodys(ARTICLES), admin: nobodys(ARTICLES) } },
  withdrawArticle: { call: (f) => ({ path: `/articles/${f.editableArticleId}/withdraw` }), others: { doctor: nobodys(ARTICLES), admin: nobodys(ARTICLES) } },
  listCarePlanArticles: { call: (f) => ({ path: `/care/plans/${f.planId}/articles` }), others: { patient: NOT_FOUND, doctor: NOT_FOUND, nurse: NOT_FOUND } },
  setCarePlanArticles: { call: (f) => ({ path: `/care/plans/${f.planId}/articles`, body: { articleIds: [f.articleId] } }), others: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  markArticleRead: { call: (f) => ({ path: `/care/plans/${f.planId}/articles/${f.articleId}/read`, body: { version: 1 } }), others: { patient: NOT_FOUND } },
  // The finance office's: every payment's reconciliation, for admins only (no one owns it).
  listReconciliation: {
    call: () => ({ path: `/admin/reconciliation?from=${today(-7)}&to=${today()}` }),
    others: { admin: nobodys('the hospital’s reconciliation with its payment providers, for admins') },
    foreign: { admin: NOT_FOUND },
  },
  runReconciliation: {
    call: () => ({ path: '/admin/reconciliation', body: { provider: 'sandbox', date: today(-2) } }),
    others: { admin: nobodys('the hospital’s reconciliation with its payment providers, for admins') },
    foreign: { admin: NOT_FOUND },
  },
  getIceServers: { call: () => ({ path: '/video/ice-servers' }), others: both(nobodys('relay credentials minted for the caller')) },
  listAccessGrants: {
    call: () => ({ path: '/access-grants' }),
    others: { doctor: nobodys(ORGANIZATIONS), admin: nobodys(ORGANIZATIONS) },
    foreign: { doctor: hides((f) => [f.grantId]), admin: hides((f) => [f.grantId]) },
  },
  // Only what the doctor reads themselves: another doctor may not share 周敏's consult.
  createAccessGrant: {
    call: (f) => ({ path: '/access-grants', body: { granteeOrganizationId: GRANTEE_ORGANIZATION, patientId: f.patientIds[0], records: [{ kind: 'consult', id: f.consultId }], reason: 'referral', days: 3 } }),
    others: { doctor: NOT_FOUND },
  },
  revokeAccessGrant: {
    call: (f) => ({ path: `/access-grants/${f.grantId}/revoke` }),
    others: { doctor: NOT_FOUND, admin: nobodys('any admin of the issuing organization revokes its grants') },
    foreign: { admin: NOT_FOUND },
  },
  // Two-way referral: the staff of the sending and the receiving organization, no one else.
  listReferrals: {
    call: () => ({ path: '/referrals' }),
    others: { doctor: nobodys(REFERRALS), nurse: nobodys(REFERRALS) },
    foreign: { doctor: hides((f) => [f.referralId, f.incomingReferralId]), nurse: hides((f) => [f.referralId, f.incomingReferralId]) },
  },
  // Only records the doctor reads themselves: another doctor may not attach 周敏's consult.
  createReferral: {
    call: (f) => ({ path: '/referrals', body: { direction: 'up', toOrganizationId: GRANTEE_ORGANIZATION, departmentId: f.departmentId, patientId: f.patientIds[0], summary: '胸闷待查', records: [{ kind: 'consult', id: f.consultId }] } }),
    others: { doctor: NOT_FOUND },
  },
  getReferral: {
    call: (f) => ({ path: `/referrals/${f.referralId}` }),
    others: { doctor: nobodys(REFERRALS), nurse: nobodys(REFERRALS) },
    foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND },
  },
  acceptReferral: { call: (f) => ({ path: `/referrals/${f.incomingReferralId}/accept` }), others: { doctor: nobodys(RECEIVER), nurse: nobodys(RECEIVER) }, foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  declineReferral: {
    call: (f) => ({ path: `/referrals/${f.incomingReferralId}/decline`, body: { reason: 'other' } }),
    others: { doctor: nobodys(RECEIVER), nurse: nobodys(RECEIVER) },
    foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND },
  },
  markReferralArrived: { call: (f) => ({ path: `/referrals/${f.incomingReferralId}/arrived` }), others: { doctor: nobodys(RECEIVER), nurse: nobodys(RECEIVER) }, foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  closeReferral: { call: (f) => ({ path: `/referrals/${f.incomingReferralId}/close` }), others: { doctor: nobodys(RECEIVER), nurse: nobodys(RECEIVER) }, foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND } },
  // Only the doctor who sent it.
  cancelReferral: { call: (f) => ({ path: `/referrals/${f.referralId}/cancel` }), others: { doctor: NOT_FOUND } },
  listMyReferrals: { call: () => ({ path: '/my-referrals' }), others: { patient: hides((f) => [f.referralId, f.incomingReferralId]) } },
  listRemoteConsultations: {
    call: () => ({ path: '/remote-consultations' }),
    others: { doctor: hides((f) => [f.remoteConsultationId]), nurse: nobodys(COORDINATORS), admin: nobodys(COORDINATORS) },
    foreign: { doctor: hides((f) => [f.remoteConsultationId, f.incomingConsultationId]), nurse: hides((f) => [f.remoteConsultationId, f.incomingConsultationId]), admin: hides((f) => [f.remoteConsultationId, f.incomingConsultationId]) },
  },
  // For a patient the doctor treats, with records they read themselves: another doctor is refused as for a patient not there.
  createRemoteConsultation: {
    call: (f) => ({ path: '/remote-consultations', body: { receivingOrganizationId: GRANTEE_ORGANIZATION, patientId: f.patientIds[0], question: '请会诊', urgency: 'routine', attachments: [{ kind: 'consult', id: f.consultId }] } }),
    others: { doctor: NOT_FOUND },
  },
  getRemoteConsultation: {
    call: (f) => ({ path: `/remote-consultations/${f.remoteConsultationId}` }),
    others: { doctor: NOT_FOUND, nurse: nobodys(COORDINATORS), admin: nobodys(COORDINATORS) },
    foreign: { doctor: NOT_FOUND, nurse: NOT_FOUND, admin: NOT_FOUND },
  },
  scheduleRemoteConsultation: {
    call: (f) => ({ path: `/remote-consultations/${f.incomingConsultationId}/schedule`, body: { scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), experts: [f.userIds.doctor] } }),
    others: { nurse: nobodys(COORDINATORS), admin: nobodys(COORDINATORS) },
    foreign: { nurse: NOT_FOUND, admin: NOT_FOUND },
  },
  declineRemoteConsultation: {
    call: (f) => ({ path: `/remote-consultations/${f.incomingConsultationId}/decline`, body: { reason: '专家外出' } }),
    others: { nurse: nobodys(COORDINATORS), admin: nobodys(COORDINATORS) },
    foreign: { nurse: NOT_FOUND, admin: NOT_FOUND },
  },
  listRemoteConsultationDirectory: {
    call: () => ({ path: '/remote-consultation-directory' }),
    others: { doctor: nobodys(DIRECTORY), nurse: nobodys(DIRECTORY), admin: nobodys(DIRECTORY) },
  },
  cancelRemoteConsultation: { call: (f) => ({ path: `/remote-consultations/${f.remoteConsultationId}/cancel` }), others: { doctor: NOT_FOUND } },
  submitRemoteConsultationOpinion: { call: (f) => ({ path: `/remote-consultations/${f.incomingConsultationId}/opinion`, body: { opinion: '建议复查' } }), others: { doctor: NOT_FOUND } },
  closeRemoteConsultation: { call: (f) => ({ path: `/remote-consultations/${f.remoteConsultationId}/close` }), others: { doctor: NOT_FOUND } },
  listRegulatorReports: {
    call: () => ({ path: '/regulator-reports?state=waiting' }),
    others: { admin: nobodys('the hospital’s supervision outbox, for its admins: ids and state') },
    foreign: { admin: hides((f) => [f.regulatorReportId]) },
  },
  retryRegulatorReport: {
    call: (f) => ({ path: `/regulator-reports/${f.regulatorReportId}/retry` }),
    others: { admin: nobodys('the hospital’s supervision outbox, for its admins: ids and state') },
    foreign: { admin: NOT_FOUND },
  },
};

/** An account a frame is sent as: its role, its token, and who it is in the messages. */
interface Account {
  role: Role;
  token: string;
  what: string;
}

/** What a data frame's check is given: the fixtures, sockets, and the accounts that are not owners. */
interface FrameTest {
  f: Fixtures;
  /** The gateway's database (to send the notices a change would). */
  db: Queryable;
  /** A socket signed in as `token` (closed after the test). */
  open(token: string): Promise<RawSocket>;
  /** The owning account of `role`. */
  owner(role: Role): Account;
  /** Every account that owns nothing of the entry's: another account of each owning role, the account of every other role. */
  strangers: Account[];
  /** Record that `account` was refused (or reached nobody), and that an owning role got through. */
  refused(account: Account): void;
  through(role: Role): void;
}

type FrameEntry =
  | { public: string }
  /** Acts on the connection's own state only: why. */
  | { own: string; frame: (f: Fixtures) => object }
  | {
      /** The frame, aimed at what the owning accounts may see. */
      frame: (f: Fixtures) => object;
      /** The roles whose owning accounts get through. */
      owners: Role[];
      /** Sends it as every stranger and every owner, and checks what each gets. */
      check(t: FrameTest): Promise<void>;
    };

/** A socket's frames after `ready`: what the gateway sent it besides signing it in. */
const answers = (s: RawSocket) => s.frames.filter((x) => x.type !== 'ready');
/** Long enough for a frame that would reach someone to have reached them. */
const SETTLE_MS = 300;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const signal = (f: Fixtures, to: string) => ({ type: 'video-signal', roomId: f.roomId, to, message: { sessionId: 'ses_matrix', kind: 'hello' } });

/** Each stranger sends `frame` and gets `error` (naming the consult or room), and nothing else. */
async function refusedAs(t: FrameTest, frame: object, error: Frame): Promise<void> {
  for (const account of t.strangers) {
    const s = await t.open(account.token);
    s.send(frame);
    assert.deepEqual(await s.next((x) => x.type !== 'ready'), error, account.what);
    await settle();
    assert.deepEqual(answers(s), [error], `${account.what}: nothing but the refusal`);
    t.refused(account);
  }
}

/** After the owners were told, each stranger's socket holds nothing (but what `except` allows). */
async function nothingReached(t: FrameTest, sockets: Array<{ account: Account; socket: RawSocket }>, except: (account: Account, frame: Frame) => boolean = () => false): Promise<void> {
  await settle();
  for (const { account, socket } of sockets) {
    assert.deepEqual(answers(socket).filter((x) => !except(account, x)), [], `${account.what}: told nothing`);
    t.refused(account);
  }
}

/** The socket's part of the matrix: one entry per client frame type. */
const FRAME_RULES: Record<string, FrameEntry> = {
  auth: { public: 'signs the connection in (a bad token is refused: realtime.test.ts)' },
  unsubscribe: { own: 'drops one of the connection’s own subscriptions', frame: (f) => ({ type: 'unsubscribe', consultId: f.consultId }) },
  'video-leave': { own: 'leaves a room the connection joined', frame: (f) => ({ type: 'video-leave', roomId: f.roomId }) },
  subscribe: {
    frame: (f) => ({ type: 'subscribe', consultId: f.consultId, after: 0 }),
    owners: ['patient', 'doctor'],
    async check(t) {
      const frame = { type: 'subscribe', consultId: t.f.consultId, after: 0 };
      await refusedAs(t, frame, { type: 'error', code: 'NOT_FOUND', consultId: t.f.consultId });
      for (const role of ['patient', 'doctor'] as const) {
        const s = await t.open(t.owner(role).token);
        s.send(frame);
        assert.equal((await s.next((x) => x.type !== 'ready')).type, 'message', `the owning ${role} is sent the messages`);
        t.through(role);
      }
    },
  },
  typing: {
    frame: (f) => ({ type: 'typing', consultId: f.consultId }),
    owners: ['patient', 'doctor'],
    async check(t) {
      const frame = { type: 'typing', consultId: t.f.consultId };
      const [patient, doctor] = [await t.open(t.owner('patient').token), await t.open(t.owner('doctor').token)];
      for (const s of [patient, doctor]) {
        s.send({ type: 'subscribe', consultId: t.f.consultId, after: 0 });
        await s.next((x) => x.type === 'message');
      }
      for (const account of t.strangers) {
        const s = await t.open(account.token);
        s.send(frame);
        await settle();
        assert.deepEqual(answers(s), [], `${account.what}: no answer`);
        assert.equal(patient.count('typing') + doctor.count('typing'), 0, `${account.what}: the typing reached nobody`);
        t.refused(account);
      }
      doctor.send(frame);
      assert.equal((await patient.next((x) => x.type === 'typing')).sender, 'doctor');
      t.through('doctor');
      patient.send(frame);
      assert.equal((await doctor.next((x) => x.type === 'typing')).sender, 'patient');
      t.through('patient');
    },
  },
  queue: {
    frame: () => ({ type: 'queue' }),
    owners: ['doctor'],
    async check(t) {
      const sockets = [];
      for (const account of t.strangers) {
        const socket = await t.open(account.token);
        socket.send({ type: 'queue' });
        sockets.push({ account, socket });
      }
      const mine = await t.open(t.owner('doctor').token);
      mine.send({ type: 'queue' });
      await settle();
      // 周敏's queue changed, and a critical result was raised to him.
      await notify(t.db, { k: 'consult', c: t.f.consultId, d: t.f.doctorHisId });
      await notify(t.db, { k: 'alert', d: t.f.doctorHisId, a: t.f.alertId });
      await mine.next((x) => x.type === 'critical-alert');
      assert.deepEqual(answers(mine), [{ type: 'queue' }, { type: 'critical-alert', alertId: t.f.alertId }]);
      t.through('doctor');
      await nothingReached(t, sockets);
    },
  },
  watch: {
    frame: () => ({ type: 'watch', topic: 'prescriptions' }),
    owners: ['patient', 'doctor', 'nurse'],
    async check(t) {
      const { f } = t;
      const watching = async (account: Account) => {
        const socket = await t.open(account.token);
        for (const topic of ['consults', 'prescriptions', 'invitations', 'reports', 'care']) socket.send({ type: 'watch', topic });
        return { account, socket };
      };
      const strangers = [];
      for (const account of t.strangers) strangers.push(await watching(account));
      const owners = [await watching(t.owner('patient')), await watching(t.owner('doctor')), await watching(t.owner('nurse'))];
      await settle();
      // Notices addressed to every account: each connection still checks who may see the thing.
      const u = [...Object.values(f.userIds), f.otherPatientUserId, f.otherDoctorUserId];
      await notify(t.db, { k: 'consult', c: f.consultId, d: f.condition.doctorId, u });
      await notify(t.db, { k: 'prescription', p: f.prescriptionId, pt: f.patientIds[0]!, d: f.userIds.doctor, u, ph: 1 });
      await notify(t.db, { k: 'invitation', r: f.roomId, u });
      await notify(t.db, { k: 'report', pt: f.patientIds[0]!, rep: f.reportId, u });
      await notify(t.db, { k: 'care', p: f.planId, a: f.careAlertId, u });
      const expected: Frame[] = [{ type: 'prescription', prescriptionId: f.prescriptionId }, { type: 'invitation', roomId: f.roomId }, { type: 'report', patientId: f.patientIds[0]!, reportId: f.reportId }];
      const careAlert: Frame = { type: 'care-alert', alertId: f.careAlertId };
      for (const { account, socket } of owners) {
        await socket.next((x) => x.type === (account.role === 'patient' ? 'report' : 'care-alert'));
        await settle();
        // A consult's state, for the list of one's consults: its patient's accounts only (its doctor has the queue).
        const consults: Frame[] = account.role === 'patient' ? [{ type: 'consults', consultId: f.consultId }] : [];
        // A follow-up alert: the plan's care team only (the nurse who manages it, 周敏 its doctor).
        const told = account.role === 'nurse' ? [careAlert] : account.role === 'doctor' ? [...expected, careAlert] : [...consults, ...expected];
        assert.deepEqual(answers(socket), told, `${account.what} is told of each`);
        t.through(account.role);
      }
      // Pharmacists review every prescription: told of that one, and of nothing else.
      await nothingReached(t, strangers, (account, x) => account.role === 'pharmacist' && x.type === 'prescription' && x.prescriptionId === f.prescriptionId);
    },
  },
  'video-join': {
    frame: (f) => ({ type: 'video-join', roomId: f.roomId }),
    owners: ['patient', 'doctor'],
    async check(t) {
      const frame = { type: 'video-join', roomId: t.f.roomId };
      // Not a participant: someone else's call, whoever they are.
      await refusedAs(t, frame, { type: 'error', code: 'NOT_FOUND', roomId: t.f.roomId });
      for (const role of ['patient', 'doctor'] as const) {
        const s = await t.open(t.owner(role).token);
        s.send(frame);
        const room = await s.next((x) => x.type !== 'ready');
        assert.equal(room.type, 'video-room', `the owning ${role} joins`);
        assert.equal((room.room as VideoRoom).id, t.f.roomId);
        t.through(role);
      }
    },
  },
  'video-signal': {
    frame: (f) => signal(f, f.participantId),
    owners: ['patient', 'doctor'],
    async check(t) {
      const { f } = t;
      const refusal = { type: 'error', code: 'NOT_FOUND', roomId: f.roomId };
      // Signalling into a room one has not joined: strangers, also after a refused join, and an owner's socket that did not join.
      await refusedAs(t, signal(f, f.participantId), refusal);
      for (const account of t.strangers) {
        const s = await t.open(account.token);
        s.send({ type: 'video-join', roomId: f.roomId });
        await s.next((x) => x.type === 'error');
        s.send(signal(f, f.participantId));
        await s.next((x) => x.type === 'error', 2);
        await settle();
        assert.deepEqual(answers(s), [refusal, refusal], `${account.what}, after a refused join`);
      }
      const unjoined = await t.open(t.owner('patient').token);
      unjoined.send(signal(f, f.userIds.doctor));
      assert.deepEqual(await unjoined.next((x) => x.type !== 'ready'), refusal, 'the owning patient, from a socket that did not join');
      const [patient, doctor] = [await t.open(t.owner('patient').token), await t.open(t.owner('doctor').token)];
      for (const s of [patient, doctor]) {
        s.send({ type: 'video-join', roomId: f.roomId });
        await s.next((x) => x.type === 'video-room');
      }
      doctor.send(signal(f, f.participantId));
      assert.equal((await patient.next((x) => x.type === 'video-signal')).from, f.userIds.doctor);
      t.through('doctor');
      patient.send(signal(f, f.userIds.doctor));
      assert.equal((await doctor.next((x) => x.type === 'video-signal')).from, f.participantId);
      t.through('patient');
    },
  },
};

/** The hospital's date `days` from now (a day either way makes no difference to these calls). */
function today(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const PROBLEM_FIELDS = new Set(['type', 'title', 'status', 'code', 'detail', 'instance']);

test('every client frame type of the socket has an entry in FRAME_RULES, and every entry a frame type', () => {
  assert.deepEqual(CLIENT_FRAME_TYPES.filter((type) => !FRAME_RULES[type]), [], 'frame types without an entry in FRAME_RULES: say whose data they touch and who they must refuse');
  assert.deepEqual(Object.keys(FRAME_RULES).filter((type) => !(CLIENT_FRAME_TYPES as readonly string[]).includes(type)), [], 'entries in FRAME_RULES for frame types the protocol no longer has');
});

test('every operation of the contract has an entry in RULES, and every entry an operation', () => {
  const ids = contract.operations.map((o) => o.operationId);
  assert.deepEqual(ids.filter((id) => !RULES[id]), [], 'operations without an entry in RULES: say who may call them and what of someone else’s they must refuse');
  assert.deepEqual(Object.keys(RULES).filter((id) => !ids.includes(id)), [], 'entries in RULES for operations the contract no longer has');
});

for (const database of databases) {
  describe(`authorization matrix (${database.name})`, () => {
    let gw: TestGateway;
    let f: Fixtures;
    const counts = { operations: 0, frames: 0, anonymous: 0, roleRefused: 0, othersRefused: 0, ownListsChecked: 0, ownersThrough: 0, foreignRefused: 0, foreignListsChecked: 0 };

    const send = (op: ContractOperation, call: Call, token?: string): Promise<LightMyRequestResponse> => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const needsKey = ((op.schema.headers as { required?: string[] } | undefined)?.required ?? []).includes('idempotency-key');
      if (needsKey) headers['idempotency-key'] = newKey();
      if (call.file) headers['content-type'] = call.file.type;
      return gw.app.inject({ method: op.method, url: API + call.path, headers, ...(call.file ? { payload: call.file.bytes } : call.body ? { payload: call.body } : {}) });
    };

    /** A problem with `status` and `code`, holding nothing but the problem's own fields and nothing of the owner's. */
    const refusedWith = (res: LightMyRequestResponse, status: number, code: string, what: string) => {
      assert.equal(res.statusCode, status, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      const body = res.json() as Record<string, unknown>;
      assert.equal(body.code, code, what);
      assert.deepEqual(Object.keys(body).filter((k) => !PROBLEM_FIELDS.has(k)), [], `${what}: nothing but the problem`);
      assert.ok(!res.body.includes(f.patientName), `${what}: no name in the answer`);
    };

    /** The call reached the operation's own rules: answered, or refused for the state the resource is in (409, 422), never 401/403/404/400. */
    const through = (res: LightMyRequestResponse, what: string) => {
      assert.ok((res.statusCode >= 200 && res.statusCode < 300) || res.statusCode === 409 || res.statusCode === 422, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    };

    before(async () => {
      // The sandbox keeps a bill, so that runReconciliation has one to compare.
      // Registration fees are charged online: the appointment is held until paid (payAppointment).
      gw = await startGateway(database, {
        demo: true, sweepIntervalMs: 0, bookingHoldMinutes: 15, payments: createSandboxPayments({ secret: 'matrix-sandbox-secret', keepBill: true }),
        // A county hospital whose HIS numbers its staff as the home one's does (the demo HIS again).
        organizations: [
          { id: FOREIGN_ORGANIZATION, name: '县医院', kind: 'county', his: (db) => createDemoHis(db) },
          { id: GRANTEE_ORGANIZATION, name: '区域中心', kind: 'regional-centre', his: (db) => createDemoHis(db) },
        ],
      });
      const zhang = demoAccounts.find((a) => a.username === 'zhangwei')!;
      const wangfang = demoAccounts.find((a) => a.username === 'wangfang')!;
      const zhouAccount = demoAccounts.find((a) => a.username === DOCTOR.username)!;
      const patient = await login(gw, zhang.username, zhang.password);
      const otherPatient = await login(gw, wangfang.username, wangfang.password);
      const doctor = await login(gw, DOCTOR.username, DOCTOR.password);
      const otherDoctor = await login(gw, OTHER_DOCTOR.username, OTHER_DOCTOR.password);
      const pharmacist = await login(gw, 'ph.sun', 'demo');
      const adminId = await upsertUser(gw.db, { username: 'matrix.admin', role: 'admin', displayName: 'Admin' });
      const nurseAccount = demoAccounts.find((a) => a.role === 'nurse')!;
      const nurse = await login(gw, nurseAccount.username, nurseAccount.password);
      const otherNurse = await sessionToken(await upsertUser(gw.db, { username: 'matrix.nurse', role: 'nurse', displayName: 'Nurse' }), { db: gw.db });
      const admin = await sessionToken(adminId, { db: gw.db });
      const userOf = async (token: string) => ok<{ id: string }>(await get(gw, token, '/me')).id;
      const self = zhang.patientId!;

      const [slot, slot2] = await bookableSlots(gw, patient);
      const appointment = ok<{ id: string }>(await book(gw, patient, { slotId: slot!.id, patientId: self }), 201);
      const [newcomer, stranger] = await addDemoPatients(gw.db, 2, 'pat_matrix');
      const { rows: [person] } = await gw.db.query<{ name: string; id_number: string }>('SELECT name, id_number FROM demo_patients WHERE id = $1', [newcomer]);
      // Family links: 张伟's, pending, to a stranger and to a child not his on the HIS's records; 李娜's to 张伟.
      const asks = async (token: string, where: string, relation: string) => {
        const { rows: [p] } = await gw.db.query<{ name: string; id_number: string }>(`SELECT name, id_number FROM demo_patients WHERE ${where}`);
        return ok<{ linkId: string }>(await post(gw, token, '/patients', { name: p!.name, idNumber: p!.id_number, relation }, { 'idempotency-key': newKey() }), 201).linkId;
      };
      const pendingLinkId = await asks(patient, `id = '${stranger}'`, 'other');
      const childLinkId = await asks(patient, "name = '孙小雨'", 'child');
      const linkToOwnerId = await asks(await login(gw, 'lina', 'demo'), `id = '${self}'`, 'spouse');

      // 张伟's consult with 周敏, accepted; paid in the sandbox (the payment kept for sandboxPay).
      const condition = (await conditions(gw, patient, self)).find((c) => c.code === 'I10')!;
      const requested = ok<Consult>(await requestConsult(gw, patient, self, 'I10'), 201);
      const order = ok<Payment>(await post(gw, patient, `/consults/${requested.id}/payment`));
      ok(await post(gw, patient, `/payments/${order.id}/sandbox-pay`));
      const consult = ok<Consult>(await post(gw, doctor, `/consults/${requested.id}/accept`));
      const lifecycle = await paidConsult(gw, patient, self, 'I10');
      const unpaid = ok<Consult>(await requestConsult(gw, patient, self, 'I10'), 201);
      const attachment = ok<{ id: string }>(await gw.app.inject({ method: 'POST', url: `${API}/consults/${consult.id}/attachments`, headers: { authorization: `Bearer ${patient}`, 'content-type': 'image/png' }, payload: PNG_1x1 }), 201);
      ok(await post(gw, patient, `/consults/${consult.id}/messages`, { attachmentId: attachment.id }, { 'idempotency-key': newKey() }), 201);

      // Her husband's consult, for 王芳's mixed calls.
      const husband = ok<{ items: Array<{ id: string; relation: string }> }>(await get(gw, otherPatient, '/patients')).items.find((p) => p.relation === 'spouse')!.id;
      const theirs = await paidConsult(gw, otherPatient, husband, 'I10');
      ok(await post(gw, doctor, `/consults/${theirs.id}/accept`));

      const drug = ok<{ items: Drug[] }>(await post(gw, doctor, '/drug-search', { q: 'amlodipine' })).items.find((d) => d.control === 'none')!;
      const prescription = ok<{ id: string }>(await post(gw, doctor, `/consults/${consult.id}/prescriptions`, { items: [{ drugId: drug.id, dose: 5, frequency: 'qd', days: 7 }] }, { 'idempotency-key': newKey() }), 201);
      const pickupPoint = ok<{ items: Array<{ id: string }> }>(await get(gw, patient, '/pickup-points')).items[0]!;

      // The call: the patient admitted, recording asked for and agreed to, one recording kept.
      const asPatient = ok<VideoRoom>(await post(gw, patient, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/consults/${consult.id}/video-room`));
      ok(await post(gw, doctor, `/video-rooms/${asPatient.id}/admit`, { participantId: asPatient.self }));
      ok(await post(gw, doctor, `/video-rooms/${asPatient.id}/recording-request`));
      ok(await post(gw, patient, `/video-rooms/${asPatient.id}/recording-consent`, { consent: true }));
      const recording = ok<VideoRecording>(await gw.app.inject({ method: 'POST', url: `${API}/video-rooms/${asPatient.id}/recordings`, headers: { authorization: `Bearer ${doctor}`, 'content-type': 'audio/webm', 'idempotency-key': newKey() }, payload: WEBM }), 201);
      const doctors = ok<{ items: Array<{ id: string; name: string; departmentId: string }> }>(await get(gw, doctor, '/doctors')).items;

      // A critical result 周敏 ordered for 张伟: the report and its alert.
      const reportId = 'lab_matrix_1';
      await insertNewReports(gw.db, [{
        id: reportId, patientId: self, orderingDoctorId: zhouAccount.doctorId!, title: '电解质', status: 'final', issuedAt: gw.clock.now().toISOString(),
        observations: [{ code: '2823-3', name: '钾', value: '6.9', numeric: 6.9, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.3 }, interpretation: 'HH' }],
      }], 'test');
      assert.equal(await gw.raiseMissedAlerts(), 1);
      const alert = ok<{ items: Array<{ id: string }> }>(await get(gw, doctor, '/critical-alerts')).items[0]!;
      // Two hypertension articles: the first is assigned in the plan below when it is made.
      const article = (title: string, conditions: string[]) => post(gw, doctor, '/articles', { title, markdown: '每天食盐不超过5克。', conditions, departments: [] }, { 'idempotency-key': newKey() });
      const assigned = ok<{ id: string }>(await article('低盐饮食', ['I10']), 201);
      const editable = ok<{ id: string }>(await article('运动与血压', []), 201);
      // 张伟 on a hypertension plan, and a high reading of his: an alert.
      const plan = ok<{ id: string }>(await post(gw, nurse, '/care/plans', { patientId: self, templateId: 'hypertension', doctorId: zhouAccount.doctorId }, { 'idempotency-key': newKey() }), 201);
      const endable = ok<{ id: string }>(await post(gw, nurse, '/care/plans', { patientId: zhang.family[0]!.patientId, templateId: 'hypertension', doctorId: zhouAccount.doctorId }, { 'idempotency-key': newKey() }), 201);
      const high = ok<{ alertId: string }>(await post(gw, patient, `/care/plans/${plan.id}/readings`, { kind: 'blood-pressure', systolic: 182, diastolic: 112, takenAt: gw.clock.now().toISOString(), source: 'manual' }, { 'idempotency-key': newKey() }), 201);
      const studies = ok<{ items: Array<{ id: string }> }>(await get(gw, patient, `/patients/${self}/imaging-studies`)).items;
      const study = ok<{ id: string; series: Array<{ id: string; instances: Array<{ id: string }> }> }>(await get(gw, patient, `/imaging-studies/${studies[0]!.id}`));

      // 张伟 at the insurer's e-certificate page for the prescription (its state is what comes back from there).
      const insurance = { settlementId: 'ins_matrix', state: 'matrix-insurance-state-0123456789' };
      await gw.db.query(
        `INSERT INTO insurance_settlements (id, insurer, prescription_id, patient_id, user_id, state_hash, status, amount, currency, created_at) VALUES ($1, 'sandbox', $2, $3, $4, $5, 'authorising', 1260, 'CNY', $6)`,
        [insurance.settlementId, prescription.id, self, await userOf(patient), createHash('sha256').update(insurance.state).digest('hex'), gw.clock.now()],
      );

      // 周敏's up-referral of 张伟 to the centre, and the centre's down to the home organization with a follow-up plan.
      const referrals = async (patientId: string, departmentId: string, consultId: string) => {
        const centre = await sessionToken(await upsertUser(gw.db, { username: 'centre.doctor', role: 'doctor', displayName: '中心医生', hisDoctorId: zhouAccount.doctorId!, organizationId: GRANTEE_ORGANIZATION }), { db: gw.db });
        const refer = (token: string, body: object) => post(gw, token, '/referrals', { departmentId, patientId, summary: '转诊摘要', ...body }, { 'idempotency-key': newKey() });
        return {
          departmentId,
          referralId: ok<{ id: string }>(await refer(doctor, { direction: 'up', toOrganizationId: GRANTEE_ORGANIZATION, records: [{ kind: 'consult', id: consultId }] }), 201).id,
          incomingReferralId: ok<{ id: string }>(await refer(centre, { direction: 'down', toOrganizationId: 'home', followUp: { templateId: 'hypertension' } }), 201).id,
        };
      };
      f = {
        as: { patient: { owner: patient, other: otherPatient }, doctor: { owner: doctor, other: otherDoctor }, pharmacist: { owner: pharmacist }, nurse: { owner: nurse, other: otherNurse }, admin: { owner: admin } },
        patientName: '张伟',
        patientIds: [self, ...zhang.family.map((m) => m.patientId)],
        slotId: slot2!.id,
        appointmentId: appointment.id,
        newFamilyMember: { name: person!.name, idNumber: person!.id_number },
        pendingLinkId,
        linkToOwnerId,
        childLinkId,
        condition: { doctorId: condition.doctorId, encounterId: condition.encounterId, code: 'I10' },
        consultId: consult.id,
        unpaidConsultId: unpaid.id,
        lifecycleConsultId: lifecycle.id,
        paymentId: order.id,
        attachmentId: attachment.id,
        drugId: drug.id,
        prescriptionId: prescription.id,
        signatureRequestId: (await gw.db.query<{ id: string }>('SELECT id FROM signature_requests WHERE prescription_id = $1', [prescription.id])).rows[0]!.id,
        pickupPointId: pickupPoint.id,
        insurance,
        roomId: asPatient.id,
        participantId: asPatient.self,
        specialistDoctorId: doctors.find((d) => d.name === '唐慧')!.id,
        recordingId: recording.id,
        reportId,
        study: { id: study.id, seriesId: study.series[0]!.id, instanceId: study.series[0]!.instances[0]!.id },
        alertId: alert.id,
        planId: plan.id,
        careAlertId: high.alertId,
        endablePlanId: endable.id,
        articleId: assigned.id,
        editableArticleId: editable.id,
        grantId: ok<{ id: string }>(await post(gw, doctor, '/access-grants', {
          granteeOrganizationId: GRANTEE_ORGANIZATION, patientId: self, records: [{ kind: 'consult', id: consult.id }], reason: 'second-opinion', days: 7,
        }, { 'idempotency-key': newKey() }), 201).id,
        ...(await referrals(self, doctors[0]!.departmentId, consult.id)),
        regulatorReportId: (await gw.db.query<{ id: string }>('SELECT id FROM regulator_outbox WHERE subject_id = $1 LIMIT 1', [consult.id])).rows[0]!.id,
        remoteConsultationId: ok<{ id: string }>(await post(gw, doctor, '/remote-consultations', {
          receivingOrganizationId: GRANTEE_ORGANIZATION, patientId: self, question: '请会诊', urgency: 'routine', attachments: [{ kind: 'consult', id: consult.id }],
        }, { 'idempotency-key': newKey() }), 201).id,
        incomingConsultationId: await incomingConsultation(gw.db, self, await userOf(doctor)),
        otherConsultId: theirs.id,
        foreign: await foreignAccounts(gw.db, { doctor: await userOf(doctor), pharmacist: await userOf(pharmacist), nurse: await userOf(nurse), admin: adminId }),
        userIds: { patient: await userOf(patient), doctor: await userOf(doctor), pharmacist: await userOf(pharmacist), nurse: await userOf(nurse), admin: adminId },
        otherPatientUserId: await userOf(otherPatient),
        otherDoctorUserId: await userOf(otherDoctor),
        doctorHisId: zhouAccount.doctorId!,
      };
    });
    after(async () => {
      await gw?.close();
    });

    // The socket first: the operations below change what its frames aim at (the call ends).
    let wsUrl: string;
    before(async () => {
      wsUrl = await listen(gw);
    });
    for (const type of CLIENT_FRAME_TYPES) {
      test(`socket frame ${type}`, async () => {
        const entry = FRAME_RULES[type];
        assert.ok(entry, `${type} has no entry in FRAME_RULES`);
        counts.frames++;
        if ('public' in entry) return;
        const sockets: RawSocket[] = [];
        const open = async (token?: string) => {
          const s = await RawSocket.open(wsUrl, token);
          sockets.push(s);
          return s;
        };
        try {
          const anonymous = await open();
          const frame = entry.frame(f);
          assert.equal((frame as { type: string }).type, type);
          anonymous.send(frame);
          assert.deepEqual(await anonymous.next(() => true), { type: 'error', code: 'UNAUTHENTICATED' }, `${type} anonymous`);
          await settle();
          assert.equal(anonymous.frames.length, 1, `${type} anonymous: nothing but the refusal`);
          counts.anonymous++;
          if ('own' in entry) return;

          for (const role of entry.owners) assert.ok(contract.roles.includes(role), `${type}: ${role} is not a role`);
          const strangers: Account[] = contract.roles.flatMap((role): Account[] => {
            if (!entry.owners.includes(role)) return [{ role, token: f.as[role].owner, what: `${type} as ${role}` }];
            const other = f.as[role].other;
            return other ? [{ role, token: other, what: `${type} as another ${role}` }] : [];
          });
          const refused = new Set<Account>();
          const through = new Set<Role>();
          await entry.check({
            f,
            db: gw.db,
            open: (token) => open(token),
            owner: (role) => ({ role, token: f.as[role].owner, what: `${type} as the owning ${role}` }),
            strangers,
            refused: (account) => refused.add(account),
            through: (role) => through.add(role),
          });
          assert.deepEqual(strangers.filter((a) => !refused.has(a)).map((a) => a.what), [], `${type}: every stranger is checked`);
          assert.deepEqual([...through].sort(), [...entry.owners].sort(), `${type}: every owning role gets through`);
          counts.othersRefused += refused.size;
          counts.ownersThrough += through.size;
        } finally {
          for (const s of sockets) s.close();
        }
      });
    }

    for (const op of contract.operations) {
      test(`${op.operationId} (${op.secured ? op.roles.join(', ') : 'public'})`, async () => {
        const entry = RULES[op.operationId];
        assert.ok(entry, `${op.operationId} has no entry in RULES`);
        counts.operations++;
        if ('public' in entry) {
          assert.equal(op.secured, false, `${op.operationId} is signed in now: give it a call and rules`);
          return;
        }
        if ('sessions' in entry) {
          await checkSessionOperation(op, entry.sessions);
          return;
        }
        assert.ok(op.secured, `${op.operationId} is public now: its entry says { public: why }`);
        assert.deepEqual(Object.keys(entry.others).sort(), [...op.roles].sort(), `${op.operationId}: one rule per role in its x-ihkit-roles`);
        const call = entry.call(f);
        const template = new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`);
        assert.match(call.path, template, `${op.operationId}: the call is to ${op.path}`);
        const audited = Boolean(handlers[op.operationId as keyof typeof handlers].audit);

        refusedWith(await send(op, call), 401, 'UNAUTHENTICATED', `${op.operationId} anonymous`);
        counts.anonymous++;

        for (const role of contract.roles.filter((r) => !op.roles.includes(r))) {
          const what = `${op.operationId} as ${role}`;
          const res = await send(op, call, f.as[role].owner);
          refusedWith(res, 403, 'ROLE_NOT_ALLOWED', what);
          const { rows } = await gw.db.query<{ outcome: string; actor_role: string }>('SELECT outcome, actor_role FROM audit_log WHERE request_id = $1', [res.headers['x-request-id']]);
          assert.deepEqual(rows.map((r) => [r.outcome, r.actor_role]), audited ? [['denied', role]] : [], `${what}: the audit trail`);
          counts.roleRefused++;
        }

        // Someone else of each role first, then the owner (whose call may change the resource's state).
        for (const role of op.roles) {
          const rule = entry.others[role]!;
          const what = `${op.operationId} as another ${role}`;
          if ('status' in rule) {
            assert.ok(f.as[role].other, `${what}: there is no other ${role} account`);
            refusedWith(await send(op, call, f.as[role].other), rule.status, rule.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', what);
            counts.othersRefused++;
          } else if ('hides' in rule) {
            assert.ok(f.as[role].other, `${what}: there is no other ${role} account`);
            const res = await send(op, call, f.as[role].other);
            assert.equal(res.statusCode, 200, `${what}: ${res.body.slice(0, 300)}`);
            for (const hidden of [...rule.hides(f), f.patientName]) assert.ok(!res.body.includes(hidden), `${what}: ${hidden} is not theirs`);
            counts.ownListsChecked++;
          }
        }
        // The foreign organization: the owner's role and HIS ids, another organization.
        for (const role of op.roles.filter((r) => r !== 'patient')) {
          const rule = entry.foreign?.[role] ?? entry.others[role]!;
          const what = `${op.operationId} as a ${role} of another organization`;
          const token = f.foreign[role];
          assert.ok(token, `${what}: there is no such account`);
          if ('status' in rule) {
            refusedWith(await send(op, call, token), rule.status, rule.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', what);
            counts.foreignRefused++;
          } else if ('hides' in rule) {
            const res = await send(op, call, token);
            assert.equal(res.statusCode, 200, `${what}: ${res.body.slice(0, 300)}`);
            for (const hidden of [...rule.hides(f), f.patientName]) assert.ok(!res.body.includes(hidden), `${what}: ${hidden} is not theirs`);
            counts.foreignListsChecked++;
          }
        }
        for (const { role, call: theirs, status } of entry.mixed?.(f) ?? []) {
          refusedWith(await send(op, theirs, f.as[role].other), status, status === 403 ? 'FORBIDDEN' : 'NOT_FOUND', `${op.operationId} as another ${role}, mixing in the owner’s id`);
          counts.othersRefused++;
        }
        for (const role of op.roles) {
          const rule = entry.others[role]!;
          const what = `${op.operationId} as the owning ${role}`;
          const res = await send(op, call, f.as[role].owner);
          through(res, what);
          if ('hides' in rule) for (const shown of rule.hides(f)) assert.ok(res.body.includes(shown), `${what}: ${shown} is listed`);
          counts.ownersThrough++;
        }
      });
    }

    /** A new session of `userId` (its token and id). */
    const freshSession = async (userId: string) => {
      const token = await sessionToken(userId, { db: gw.db });
      return { token, id: decodeJwt(token).jti! };
    };
    const signedIn = async (token: string) => (await get(gw, token, '/me')).statusCode === 200;
    let throwaway = 0;

    /** Every role may manage its own sessions, and none can see or end anyone else's (on throwaway users: the fixtures' tokens stay valid). */
    const checkSessionOperation = async (op: ContractOperation, kind: 'list' | 'end-this' | 'end-all' | 'revoke') => {
      refusedWith(await send(op, { path: op.path.replace('{sessionId}', 'ses_matrix') }), 401, 'UNAUTHENTICATED', `${op.operationId} anonymous`);
      counts.anonymous++;
      assert.deepEqual([...op.roles].sort(), [...contract.roles].sort(), `${op.operationId}: every role manages its own sessions`);
      for (const role of op.roles) {
        const what = `${op.operationId} as ${role}`;
        const user = () => upsertUser(gw.db, { username: `matrix.${role}.${++throwaway}`, role, displayName: 'Matrix' });
        const me = await user();
        const [mine, myOther] = [await freshSession(me), await freshSession(me)];
        const theirs = await freshSession(await user());
        if (kind === 'list') {
          const res = await send(op, { path: '/sessions' }, mine.token);
          through(res, what);
          assert.ok(res.body.includes(mine.id) && res.body.includes(myOther.id) && !res.body.includes(theirs.id), `${what}: its own sessions only`);
          counts.ownListsChecked++;
        } else if (kind === 'revoke') {
          refusedWith(await send(op, { path: `/sessions/${theirs.id}/revoke` }, mine.token), 404, 'NOT_FOUND', `${what}, someone else’s session`);
          counts.othersRefused++;
          through(await send(op, { path: `/sessions/${myOther.id}/revoke` }, mine.token), what);
          assert.deepEqual([await signedIn(mine.token), await signedIn(myOther.token)], [true, false], `${what}: only the revoked session is refused`);
          counts.ownersThrough++;
        } else {
          through(await send(op, { path: op.path }, mine.token), what);
          assert.deepEqual([await signedIn(mine.token), await signedIn(myOther.token)], [false, kind === 'end-this'], `${what}: the sessions it ends`);
          counts.ownersThrough++;
        }
        assert.ok(await signedIn(theirs.token), `${what}: someone else’s session goes on`);
      }
    };

    test('counts', (t) => {
      t.diagnostic(`${counts.operations} operations and ${counts.frames} socket frames × ${contract.roles.length} roles: ${counts.anonymous} anonymous refusals, ${counts.roleRefused} role refusals, ${counts.othersRefused} refusals of someone else’s, ${counts.ownListsChecked} own lists without the other’s, ${counts.ownersThrough} owners through; another organization: ${counts.foreignRefused} refusals, ${counts.foreignListsChecked} lists without the owner’s`);
      assert.equal(counts.operations, contract.operations.length);
      assert.equal(counts.frames, CLIENT_FRAME_TYPES.length);
    });
  });
}

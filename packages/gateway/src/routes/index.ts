/** Every operation's handler, by operationId. The router checks this map against the contract. */
import type { Handlers } from '../operations.js';
import { bookAppointment, cancelAppointment, getAppointment, listMyAppointments, payAppointment, rescheduleAppointment } from './booking.js';
import { listDepartments, listDoctors, listSlots } from './catalog.js';
import { addFamilyMember, listMyPatients } from './patients.js';
import { approveFamilyLink, confirmFamilyLink, confirmFamilyLinkInPerson, endFamilyLink, listFamilyLinks, listInPersonFamilyLinks, sendFamilyLinkCode } from './family.js';
import { getMe, health, listMySessions, login, logout, logoutEverywhere, revokeSession } from './session.js';
import { acceptConsult, cancelConsult, completeConsult, createConsult, getConsult, getConsultHistory, listConditions, listConsults, referConsult } from './consults.js';
import { getConsultAttachment, listConsultMessages, markConsultRead, sendConsultMessage, uploadConsultAttachment } from './consult-messages.js';
import { listPaymentMethods, payConsult, paymentNotify, sandboxPay } from './payments.js';
import { authoriseInsuranceHandler, settleInsuranceHandler, startPrescriptionInsurance } from './insurance.js';
import { listReconciliation, runReconciliation } from './reconciliation.js';
import { admitToVideoRoom, endVideoRoom, getIceServers, getVideoRoom, inviteToVideoRoom, listVideoRooms, openVideoRoom } from './video.js';
import { consentToVideoRecording, getVideoRecording, listConsultRecordings, requestVideoRecording, uploadVideoRecording } from './video-recordings.js';
import { getImagingStudy, getLabReport, getRenderedFrame, getSeriesThumbnail, listImagingStudies, listLabReports } from './reports.js';
import { acknowledgeCriticalAlert, listCriticalAlerts } from './critical-alerts.js';
import { getMyPractitioner } from './practitioners.js';
import { listRegulatorReports, retryRegulatorReport } from './regulator-reports.js';
import { createAccessGrant, listAccessGrants, revokeAccessGrant } from './access-grants.js';
import { acceptReferral, cancelReferral, closeReferral, createReferral, declineReferral, getReferral, listMyReferrals, listReferrals, markReferralArrived } from './referrals.js';
import { getTriageRules } from './triage.js';
import { listRemoteConsultationDirectory } from '../remote-consultations/directory.js';
import { cancelRemoteConsultation, closeRemoteConsultation, createRemoteConsultation, declineRemoteConsultation, getRemoteConsultation, listRemoteConsultations, scheduleRemoteConsultation, submitRemoteConsultationOpinion } from '../remote-consultations/handlers.js';
import { acknowledgeCareAlert, changeCarePlan, createCarePlan, endCarePlan, searchCarePatients, getCarePlan, listCareAlerts, listCarePlans, listCarePlanTemplates, listCareReadings, recordCareReading } from './care.js';
import { getArticle, listArticles, listCarePlanArticles, markArticleRead, publishArticle, setCarePlanArticles, updateArticle, withdrawArticleHandler } from './articles.js';
import { listCareQuestionnaireResponses, submitCareQuestionnaireResponse } from './care-questionnaires.js';
import { approvePrescription, cancelPrescription, checkPrescription, getPrescribingContext, createPrescription, getPrescription, listPickupPoints, listPrescriptions, payPrescription, returnPrescription, revisePrescription, searchDrugs, verifyPrescription } from './prescriptions.js';
import { getSignatureRequest } from './signature-requests.js';

export const handlers: Handlers = {
  health,
  login,
  getMe,
  getMyPractitioner,
  listMySessions,
  logout,
  logoutEverywhere,
  revokeSession,
  listDepartments,
  listDoctors,
  listSlots,
  getTriageRules,
  listMyPatients,
  addFamilyMember,
  listFamilyLinks,
  sendFamilyLinkCode,
  confirmFamilyLink,
  approveFamilyLink,
  endFamilyLink,
  listInPersonFamilyLinks,
  confirmFamilyLinkInPerson,
  listMyAppointments,
  bookAppointment,
  getAppointment,
  cancelAppointment,
  payAppointment,
  rescheduleAppointment,
  listConditions,
  listConsults,
  createConsult,
  getConsult,
  getConsultHistory,
  listPaymentMethods,
  payConsult,
  sandboxPay,
  paymentNotify,
  listReconciliation,
  runReconciliation,
  cancelConsult,
  acceptConsult,
  completeConsult,
  referConsult,
  listConsultMessages,
  sendConsultMessage,
  uploadConsultAttachment,
  getConsultAttachment,
  markConsultRead,
  searchDrugs,
  listPickupPoints,
  getPrescribingContext,
  checkPrescription,
  createPrescription,
  listPrescriptions,
  getPrescription,
  revisePrescription,
  approvePrescription,
  returnPrescription,
  verifyPrescription,
  getSignatureRequest,
  payPrescription,
  startPrescriptionInsurance,
  authoriseInsurance: authoriseInsuranceHandler,
  settleInsurance: settleInsuranceHandler,
  cancelPrescription,
  getIceServers,
  openVideoRoom,
  getVideoRoom,
  admitToVideoRoom,
  inviteToVideoRoom,
  endVideoRoom,
  listVideoRooms,
  requestVideoRecording,
  consentToVideoRecording,
  uploadVideoRecording,
  listConsultRecordings,
  getVideoRecording,
  listLabReports,
  getLabReport,
  listImagingStudies,
  getImagingStudy,
  getSeriesThumbnail,
  getRenderedFrame,
  listCriticalAlerts,
  acknowledgeCriticalAlert,
  listCarePlanTemplates,
  listCarePlans,
  createCarePlan,
  searchCarePatients,
  changeCarePlan,
  endCarePlan,
  getCarePlan,
  listCareReadings,
  recordCareReading,
  listCareQuestionnaireResponses,
  submitCareQuestionnaireResponse,
  listCareAlerts,
  acknowledgeCareAlert,
  listArticles,
  publishArticle,
  getArticle,
  updateArticle,
  withdrawArticle: withdrawArticleHandler,
  listCarePlanArticles,
  setCarePlanArticles,
  markArticleRead,
  listRegulatorReports,
  retryRegulatorReport,
  listAccessGrants,
  createAccessGrant,
  revokeAccessGrant,
  listReferrals,
  createReferral,
  getReferral,
  acceptReferral,
  declineReferral,
  markReferralArrived,
  closeReferral,
  cancelReferral,
  listMyReferrals,
  listRemoteConsultations,
  createRemoteConsultation,
  getRemoteConsultation,
  scheduleRemoteConsultation,
  declineRemoteConsultation,
  cancelRemoteConsultation,
  submitRemoteConsultationOpinion,
  closeRemoteConsultation,
  listRemoteConsultationDirectory,
};

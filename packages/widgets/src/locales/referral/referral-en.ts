import type { referral as zhCN } from './referral-zh-CN.js';

/** The referral errors in English. */
export const referral: Record<keyof typeof zhCN, string> = {
  'error.REFERRAL_ATTACHMENT_INVALID': 'A record attached is not this patient’s, or not one you may share. Please choose again.',
  'error.REFERRAL_DIRECTION_INVALID': 'The referral goes the wrong way for this hospital: up is to a higher hospital, down to a lower one.',
  'error.REFERRAL_NOT_PENDING': 'This referral has already been answered. Refresh to see it.',
  'error.REFERRAL_NOT_ACCEPTED': 'This referral has not been accepted, or the patient has already arrived.',
  'error.REFERRAL_NOT_ARRIVED': 'A referral is closed only once the patient has arrived.',
  'error.REFERRAL_CANNOT_CANCEL': 'The patient has arrived or the referral has ended: it can no longer be cancelled.',
  'error.REFERRAL_NO_SLOT': 'The receiving department has no free place in the coming days. Please contact that hospital.',
  'error.REFERRAL_PATIENT_NOT_REGISTERED': 'This hospital has no record of the patient yet. Register the patient first, then accept.',
};

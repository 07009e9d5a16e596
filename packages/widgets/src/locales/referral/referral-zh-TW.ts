import type { referral as zhCN } from './referral-zh-CN.js';

/** The referral errors in Traditional Chinese. */
export const referral: Record<keyof typeof zhCN, string> = {
  'error.REFERRAL_ATTACHMENT_INVALID': '所附病歷不屬於該病人，或您無權共享，請重新選擇。',
  'error.REFERRAL_DIRECTION_INVALID': '轉診方向與醫院層級不符：上轉至上級醫院，下轉至下級醫院。',
  'error.REFERRAL_NOT_PENDING': '該轉診已被處理，請重新整理後查看。',
  'error.REFERRAL_NOT_ACCEPTED': '該轉診尚未接收，或病人已登記到院。',
  'error.REFERRAL_NOT_ARRIVED': '病人登記到院後才能結束轉診。',
  'error.REFERRAL_CANNOT_CANCEL': '病人已到院或轉診已結束，無法撤銷。',
  'error.REFERRAL_NO_SLOT': '接收科別近期沒有可預約的門診時段，請聯絡對方醫院。',
  'error.REFERRAL_PATIENT_NOT_REGISTERED': '本院尚無該病人的病歷資料，請先為病人建檔後再接收。',
};

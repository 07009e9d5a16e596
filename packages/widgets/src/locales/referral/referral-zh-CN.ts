/** The referral (双向转诊) errors in Simplified Chinese: their own module, so only a chunk that shows referrals carries them. */
export const referral = {
  'error.REFERRAL_ATTACHMENT_INVALID': '所附病历不属于该患者，或您无权共享，请重新选择。',
  'error.REFERRAL_DIRECTION_INVALID': '转诊方向与医院层级不符：上转至上级医院，下转至下级医院。',
  'error.REFERRAL_NOT_PENDING': '该转诊已被处理，请刷新后查看。',
  'error.REFERRAL_NOT_ACCEPTED': '该转诊尚未接收，或患者已登记到院。',
  'error.REFERRAL_NOT_ARRIVED': '患者登记到院后才能结束转诊。',
  'error.REFERRAL_CANNOT_CANCEL': '患者已到院或转诊已结束，无法撤销。',
  'error.REFERRAL_NO_SLOT': '接收科室近期没有可预约的号源，请联系对方医院。',
  'error.REFERRAL_PATIENT_NOT_REGISTERED': '本院尚无该患者档案，请先为患者建档后再接收。',
};

/** Remote consultations (远程会诊) in Simplified Chinese: an area of their own, for the widgets that will show them. */
export const remote = {
  'error.REMOTE_CONSULTATION_NOT_PENDING': '该会诊申请已不在待安排状态。',
  'error.REMOTE_CONSULTATION_NOT_SCHEDULED': '只有已安排且尚无会诊意见的会诊才能填写意见。',
  'error.REMOTE_CONSULTATION_NO_OPINION': '该会诊尚无已签名的会诊意见。',
  'error.REMOTE_EXPERT_NOT_ASSIGNED': '只有被指派的会诊专家才能填写会诊意见。',
  'error.REMOTE_EXPERT_NOT_OF_ORGANIZATION': '会诊专家须为受邀医疗机构的医生。',
  'error.REMOTE_ATTACHMENT_NOT_SHAREABLE': '附带的资料不属于该患者，或您无权共享。',
};

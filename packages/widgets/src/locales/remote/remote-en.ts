import type * as zh from './remote-zh-CN.js';

/** Remote consultations in English: a chunk fetched when shown. */
export const remote: Record<keyof typeof zh.remote, string> = {
  'error.REMOTE_CONSULTATION_NOT_PENDING': 'This consultation request is no longer waiting to be scheduled.',
  'error.REMOTE_CONSULTATION_NOT_SCHEDULED': 'An opinion can only be written for a scheduled consultation that has none yet.',
  'error.REMOTE_CONSULTATION_NO_OPINION': 'This consultation has no signed opinion yet.',
  'error.REMOTE_EXPERT_NOT_ASSIGNED': 'Only an expert assigned to this consultation may write its opinion.',
  'error.REMOTE_EXPERT_NOT_OF_ORGANIZATION': 'An expert must be a doctor of the hospital asked.',
  'error.REMOTE_ATTACHMENT_NOT_SHAREABLE': 'An attached record is not one of this patient’s that you may share.',
};

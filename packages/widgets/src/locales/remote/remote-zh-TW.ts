import type * as zh from './remote-zh-CN.js';

/** Remote consultations (遠程會診) in Traditional Chinese: a chunk fetched when shown. */
export const remote: Record<keyof typeof zh.remote, string> = {
  'error.REMOTE_CONSULTATION_NOT_PENDING': '該會診申請已不在待安排狀態。',
  'error.REMOTE_CONSULTATION_NOT_SCHEDULED': '只有已安排且尚無會診意見的會診才能填寫意見。',
  'error.REMOTE_CONSULTATION_NO_OPINION': '該會診尚無已簽名的會診意見。',
  'error.REMOTE_EXPERT_NOT_ASSIGNED': '只有被指派的會診專家才能填寫會診意見。',
  'error.REMOTE_EXPERT_NOT_OF_ORGANIZATION': '會診專家須為受邀醫療機構的醫師。',
  'error.REMOTE_ATTACHMENT_NOT_SHAREABLE': '附帶的資料不屬於該病人，或您無權共享。',
};

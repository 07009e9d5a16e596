import type * as zh from './signature-zh-CN.js';

/** A signature waiting for its signer on their phone, in Traditional Chinese: a chunk of its own. */
export const signature: Record<keyof typeof zh.signature, string> = {
  'rx.signOnPhone': '請在手機上確認簽章',
  'rx.signOnPhone.left': '剩餘 {seconds} 秒',
};

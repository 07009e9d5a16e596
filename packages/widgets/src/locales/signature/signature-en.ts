import type * as zh from './signature-zh-CN.js';

/** A signature waiting for its signer on their phone, in English: a chunk of its own. */
export const signature: Record<keyof typeof zh.signature, string> = {
  'rx.signOnPhone': 'Confirm the signature on your phone',
  'rx.signOnPhone.left': '({seconds} s left)',
};

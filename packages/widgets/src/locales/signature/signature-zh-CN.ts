/** A signature waiting for its signer on their phone, in Simplified Chinese: loaded with the signature follower only. */
export const signature = {
  'rx.signOnPhone': '请在手机上确认签名',
  'rx.signOnPhone.left': '剩余 {seconds} 秒',
};

import type * as zh from './checkout-zh-CN.js';

/** Paying for a consult, a prescription or a registration fee, in Traditional Chinese: a chunk of its own. */
export const checkout: Record<keyof typeof zh.checkout, string> = {
  'payment.methods': '付款方式',
  'payment.method.wechat': '微信支付',
  'payment.method.alipay': '支付寶',
  'payment.method.sandbox': '測試付款（沙盒）',
  'payment.method.other': '其他付款方式（{provider}）',
  'payment.methods.none': '本院尚未開通線上付款，請至醫院收費櫃檯繳費。',
  'payment.start': '前往付款 {amount}',
  'payment.starting': '正在建立訂單…',
  'payment.sandbox': '測試付款（沙盒）',
  'payment.sandboxHint': '這是測試環境，不會實際扣款。',
  'payment.confirm': '確認付款 {amount}',
  'payment.paying': '付款中…',
  'payment.external': '前往付款頁面',
  'payment.check': '我已完成付款',
  'payment.notYet': '尚未收到付款結果，請稍後再試。',
  'payment.change': '改用其他付款方式',
  'payment.wechat.open': '在微信中付款',
  'payment.wechat.cancelled': '付款未完成。您可以再次付款，或改用其他付款方式。',
};

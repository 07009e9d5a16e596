import type * as zh from './checkout-zh-CN.js';

/** Paying for a consult, a prescription or a registration fee, in English: a chunk of its own. */
export const checkout: Record<keyof typeof zh.checkout, string> = {
  'payment.methods': 'Pay with',
  'payment.method.wechat': 'WeChat Pay',
  'payment.method.alipay': 'Alipay',
  'payment.method.sandbox': 'Test payment (sandbox)',
  'payment.method.other': 'Another method ({provider})',
  'payment.methods.none': 'This hospital does not take payments online yet. Please pay at the hospital’s cashier.',
  'payment.start': 'Pay {amount}',
  'payment.starting': 'Creating the order…',
  'payment.sandbox': 'Test payment (sandbox)',
  'payment.sandboxHint': 'This is a test environment; no money is taken.',
  'payment.confirm': 'Pay {amount}',
  'payment.paying': 'Paying…',
  'payment.external': 'Go to the payment page',
  'payment.check': 'I have paid',
  'payment.notYet': 'The payment has not arrived yet. Please try again in a moment.',
  'payment.change': 'Pay another way',
  'payment.wechat.open': 'Pay in WeChat',
  'payment.wechat.cancelled': 'The payment was not completed. You can pay again, or pay another way.',
};

import type * as zh from './insurance-zh-CN.js';

/** Paying with medical insurance (<ih-prescriptions>, <ih-clinic>) in English: a chunk of its own, fetched when shown. */
export const insurance: Record<keyof typeof zh.insurance, string> = {
  'payment.insurance': 'Medical insurance (insurance e-certificate)',
  'payment.insurance.hint': 'You will authorise with your insurance e-certificate; then you see what the pooled fund, your personal account and you yourself pay, and nothing is settled until you confirm.',
  'payment.insurance.authorise': 'Authorise with medical insurance',
  'payment.insurance.authorising': 'Going to the insurance page…',
  'payment.insurance.split': 'Insurance pre-settlement',
  'payment.insurance.total': 'Total',
  'payment.insurance.pooled': 'Pooled fund',
  'payment.insurance.personal': 'Personal account',
  'payment.insurance.selfPay': 'You pay',
  'payment.insurance.category.A': 'Class A',
  'payment.insurance.category.B': 'Class B',
  'payment.insurance.category.C': 'Class C (not covered)',
  'payment.insurance.item': '{name}: {category}, pooled fund {pooled}, personal account {personal}, you pay {selfPay}',
  'payment.insurance.confirm': 'Confirm the insurance settlement',
  'payment.insurance.confirmSelfPay': 'Confirm and pay {amount} yourself',
  'payment.insurance.settling': 'Settling…',
  'payment.insurance.settled': 'Settled by medical insurance; {amount} is left for you to pay.',
  'payment.insurance.refused': 'The insurance authorisation was not completed. You can authorise again, or pay yourself.',
  'payment.insurance.notUse': 'Do not use insurance',
  'payment.insurance.consultFee': 'Online follow-up consult fee',
  'error.INSURANCE_REFUSED': 'Medical insurance did not accept it: the authorisation was refused or has lapsed. You can authorise again or pay yourself.',
  'error.INSURANCE_UNAVAILABLE': 'Medical insurance is not available right now. Please try again later or pay yourself.',
};

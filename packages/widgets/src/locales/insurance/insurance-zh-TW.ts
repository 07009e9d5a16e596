import type * as zh from './insurance-zh-CN.js';

/** Paying with medical insurance (<ih-prescriptions>, <ih-clinic>) in Traditional Chinese: a chunk of its own, fetched when shown. */
export const insurance: Record<keyof typeof zh.insurance, string> = {
  'payment.insurance': '醫保支付（醫保電子憑證）',
  'payment.insurance.hint': '將前往醫保電子憑證授權；授權後先顯示統籌基金、個人帳戶和個人自付各付多少，確認後才結算。',
  'payment.insurance.authorise': '前往醫保授權',
  'payment.insurance.authorising': '正在前往醫保授權…',
  'payment.insurance.split': '醫保預結算',
  'payment.insurance.total': '費用總額',
  'payment.insurance.pooled': '統籌基金支付',
  'payment.insurance.personal': '個人帳戶支付',
  'payment.insurance.selfPay': '個人自付',
  'payment.insurance.category.A': '甲類',
  'payment.insurance.category.B': '乙類',
  'payment.insurance.category.C': '丙類（自費）',
  'payment.insurance.item': '{name}：{category}，統籌 {pooled}，個人帳戶 {personal}，自付 {selfPay}',
  'payment.insurance.confirm': '確認醫保結算',
  'payment.insurance.confirmSelfPay': '確認結算並自付 {amount}',
  'payment.insurance.settling': '正在結算…',
  'payment.insurance.settled': '醫保已結算，尚需自付 {amount}。',
  'payment.insurance.refused': '醫保授權未完成。您可以重新授權，或自費支付。',
  'payment.insurance.notUse': '不使用醫保',
  'payment.insurance.consultFee': '網路複診診察費',
  'error.INSURANCE_REFUSED': '醫保未能受理：授權被拒絕或已失效。可重新授權，或改為自費支付。',
  'error.INSURANCE_UNAVAILABLE': '醫保服務暫時無法使用，請稍後再試或改為自費支付。',
};

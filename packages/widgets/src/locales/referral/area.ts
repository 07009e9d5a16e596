import { referral } from './referral-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The referral (双向转诊) errors: an area of their own, outside areas.ts, so that only the chunks
 * that show referrals carry them; en and zh-TW are chunks fetched when they show them.
 */
export const referralStrings: StringArea = {
  'zh-CN': referral,
  en: () => import('./referral-en.js').then((m) => m.referral),
  'zh-TW': () => import('./referral-zh-TW.js').then((m) => m.referral),
};

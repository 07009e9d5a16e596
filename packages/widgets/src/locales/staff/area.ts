import { desk, pharmacistReview, practitioner, prescriptionEditor } from './staff-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The staff desks' strings, area by area: outside areas.ts, so that only the desks' chunks carry
 * them and the patient page does not; en and zh-TW are one chunk fetched when a desk shows them.
 */
export const deskStrings: StringArea = {
  'zh-CN': desk,
  en: () => import('./staff-en.js').then((m) => m.desk),
  'zh-TW': () => import('./staff-zh-TW.js').then((m) => m.desk),
};
export const prescriptionEditorStrings: StringArea = {
  'zh-CN': prescriptionEditor,
  en: () => import('./staff-en.js').then((m) => m.prescriptionEditor),
  'zh-TW': () => import('./staff-zh-TW.js').then((m) => m.prescriptionEditor),
};
export const pharmacistReviewStrings: StringArea = {
  'zh-CN': pharmacistReview,
  en: () => import('./staff-en.js').then((m) => m.pharmacistReview),
  'zh-TW': () => import('./staff-zh-TW.js').then((m) => m.pharmacistReview),
};
export const practitionerStrings: StringArea = {
  'zh-CN': practitioner,
  en: () => import('./staff-en.js').then((m) => m.practitioner),
  'zh-TW': () => import('./staff-zh-TW.js').then((m) => m.practitioner),
};

import { questionnaireForm } from './questionnaire-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The strings of questionnaires: <ih-followup>'s form (followup/questionnaire-form.ts, which
 * registers them when its chunk loads, so the follow-up chunk does not carry them) and their
 * scores on <ih-care-desk>. An area of their own.
 */
export const questionnaireStrings: StringArea = {
  'zh-CN': questionnaireForm,
  en: () => import('./questionnaire-en.js').then((m) => m.questionnaireForm),
  'zh-TW': () => import('./questionnaire-zh-TW.js').then((m) => m.questionnaireForm),
};

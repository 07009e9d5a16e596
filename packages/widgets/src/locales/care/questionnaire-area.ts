import { questionnaireForm } from './questionnaire-zh-CN.js';
import type { StringArea } from '../../internal/localize.js';

/**
 * The strings of <ih-followup>'s questionnaire form (followup/questionnaire-form.ts): an area of
 * their own, registered when the form's chunk loads, so the follow-up chunk does not carry them.
 */
export const questionnaireStrings: StringArea = {
  'zh-CN': questionnaireForm,
  en: () => import('./questionnaire-en.js').then((m) => m.questionnaireForm),
  'zh-TW': () => import('./questionnaire-zh-TW.js').then((m) => m.questionnaireForm),
};

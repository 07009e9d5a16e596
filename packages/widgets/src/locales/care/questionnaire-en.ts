import type * as zh from './questionnaire-zh-CN.js';

/** <ih-followup>'s questionnaire form in English: a chunk fetched when it shows them. */
export const questionnaireForm: Record<keyof typeof zh.questionnaireForm, string> = {
  'followup.q.progress': 'Question {n} of {total}',
  'followup.q.next': 'Next',
  'followup.q.previous': 'Previous',
  'followup.q.submit': 'Send answers',
  'followup.q.later': 'Later',
  'followup.q.choose': 'Please choose an answer',
  'followup.q.sent': 'Thank you. Your answers went to your care team.',
  'followup.q.safety': 'If you are thinking of hurting yourself, call 120 or go to the nearest emergency department now. Your care team has been told.',
  'error.QUESTIONNAIRE_INVALID': 'Some answers are missing. Please answer every question.',
  'error.QUESTIONNAIRE_NOT_DUE': 'This questionnaire is not due now.',
  'care.band.minimal': 'minimal',
  'care.band.mild': 'mild',
  'care.band.moderate': 'moderate',
  'care.band.moderately-severe': 'moderately severe',
  'care.band.severe': 'severe',
  'care.score': '{score} ({band})',
  'careDesk.selfHarm': 'Item 9 answered yes: thoughts of being better off dead or of self-harm. Contact the patient today.',
  'careDesk.scores': 'Questionnaire scores',
  'careDesk.status.questionnaires': 'Questionnaire overdue: {items}',
  'careDesk.noScores': 'Not answered yet',
  'careDesk.edit.questionnaires': 'Questionnaires',
  'careDesk.edit.qEvery': '{name} · every (days)',
  'careDesk.edit.qAlert': '{name} · alert at score',
};

import type * as zh from './questionnaire-zh-CN.js';

/** <ih-followup>'s questionnaire form in Traditional Chinese: a chunk fetched when it shows them. */
export const questionnaireForm: Record<keyof typeof zh.questionnaireForm, string> = {
  'followup.q.progress': '第 {n} 題，共 {total} 題',
  'followup.q.next': '下一題',
  'followup.q.previous': '上一題',
  'followup.q.submit': '提交',
  'followup.q.later': '稍後再填',
  'followup.q.choose': '請選擇一個答案',
  'followup.q.sent': '謝謝，您的回答已傳送給隨訪團隊。',
  'followup.q.safety': '如果您有傷害自己的想法，請立即撥打 120 或前往最近的急診。您的隨訪團隊已收到提醒。',
  'error.QUESTIONNAIRE_INVALID': '有問題尚未回答，請逐題作答。',
  'error.QUESTIONNAIRE_NOT_DUE': '這份問卷目前不需要填寫。',
  'care.band.minimal': '無或極輕',
  'care.band.mild': '輕度',
  'care.band.moderate': '中度',
  'care.band.moderately-severe': '中重度',
  'care.band.severe': '重度',
  'care.score': '{score} 分（{band}）',
  'careDesk.selfHarm': '第 9 題回答為「有」：有輕生或傷害自己的念頭，請今天聯絡患者。',
  'careDesk.scores': '問卷得分',
  'careDesk.status.questionnaires': '問卷逾期：{items}',
  'careDesk.noScores': '尚未填寫',
  'careDesk.edit.questionnaires': '問卷',
  'careDesk.edit.qEvery': '{name} · 間隔（天）',
  'careDesk.edit.qAlert': '{name} · 達到此分數提醒團隊',
};

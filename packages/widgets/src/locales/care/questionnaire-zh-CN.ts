/** <ih-followup>'s questionnaire form in Simplified Chinese: in the form's own chunk (questionnaire-form.ts). */
export const questionnaireForm = {
  'followup.q.progress': '第 {n} 题，共 {total} 题',
  'followup.q.next': '下一题',
  'followup.q.previous': '上一题',
  'followup.q.submit': '提交',
  'followup.q.later': '稍后再填',
  'followup.q.choose': '请选择一个答案',
  'followup.q.sent': '谢谢，您的回答已发送给随访团队。',
  'followup.q.safety': '如果您有伤害自己的想法，请立即拨打 120 或前往最近的急诊。您的随访团队已收到提醒。',
  'error.QUESTIONNAIRE_INVALID': '有问题尚未回答，请逐题作答。',
  'error.QUESTIONNAIRE_NOT_DUE': '这份问卷目前不需要填写。',
};

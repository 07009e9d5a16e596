/**
 * The questionnaires a follow-up plan can ask a patient to fill in, as a FHIR R4 Questionnaire
 * subset (id/url, title, items with linkId, text, type, answerOption) with each text in zh-CN,
 * zh-TW and en, and each option's score (FHIR's ordinalValue). The scales are the standard ones
 * (the Chinese wording of their widely used Chinese versions), scored as published:
 *
 * - PHQ-9 (Kroenke, Spitzer & Williams 2001): nine items 0–3, total 0–27; 5, 10, 15 and 20 start
 *   mild, moderate, moderately severe and severe depression. Item 9 (thoughts of being better
 *   off dead or of self-harm) above 0 is a safety flag whatever the total.
 * - GAD-7 (Spitzer et al. 2006): seven items 0–3, total 0–21; 5, 10 and 15 start mild, moderate
 *   and severe anxiety.
 *
 * Codes are LOINC (the panel, each item, the total score and the answer list LL358-3).
 */
import type { CareQuestionnaireId } from './types.js';

/** A text the patient reads, in each of the widgets' languages. */
export interface QuestionnaireText {
  'zh-CN': string;
  'zh-TW': string;
  en: string;
}

export interface QuestionnaireCoding {
  system: string;
  code: string;
  display?: string;
}

export interface QuestionnaireAnswerOption {
  valueCoding: QuestionnaireCoding;
  /** What the option scores (FHIR's ordinalValue extension). */
  score: number;
  text: QuestionnaireText;
}

export type QuestionnaireItemType = 'choice' | 'integer' | 'boolean' | 'string';

export interface QuestionnaireItem {
  linkId: string;
  code?: QuestionnaireCoding[];
  text: QuestionnaireText;
  type: QuestionnaireItemType;
  required: boolean;
  /** For `choice`. */
  answerOption?: QuestionnaireAnswerOption[];
  /** For `integer`: the range accepted. */
  minValue?: number;
  maxValue?: number;
  /** For `string`. */
  maxLength?: number;
  /** A safety item: this flag is raised when it scores above 0. */
  flag?: 'self-harm';
}

/** A severity band: from this total score up to the next band's. */
export interface QuestionnaireBand {
  from: number;
  band: string;
}

export interface Questionnaire {
  resourceType: 'Questionnaire';
  id: CareQuestionnaireId;
  url: string;
  name: string;
  status: 'active';
  title: QuestionnaireText;
  /** The question the items answer ("Over the last 2 weeks…"). */
  description: QuestionnaireText;
  /** The panel's code. */
  code: QuestionnaireCoding[];
  /** The total score's code (an Observation of it). */
  scoreCode: QuestionnaireCoding;
  maxScore: number;
  bands: QuestionnaireBand[];
  item: QuestionnaireItem[];
}

export const LOINC = 'http://loinc.org';

/** The standard frequency answers of the PHQ and GAD scales (LOINC answer list LL358-3). */
const FREQUENCY: QuestionnaireAnswerOption[] = [
  { valueCoding: { system: LOINC, code: 'LA6568-5', display: 'Not at all' }, score: 0, text: { 'zh-CN': '完全不会', 'zh-TW': '完全不會', en: 'Not at all' } },
  { valueCoding: { system: LOINC, code: 'LA6569-3', display: 'Several days' }, score: 1, text: { 'zh-CN': '好几天', 'zh-TW': '好幾天', en: 'Several days' } },
  { valueCoding: { system: LOINC, code: 'LA6570-1', display: 'More than half the days' }, score: 2, text: { 'zh-CN': '一半以上的天数', 'zh-TW': '一半以上的天數', en: 'More than half the days' } },
  { valueCoding: { system: LOINC, code: 'LA6571-9', display: 'Nearly every day' }, score: 3, text: { 'zh-CN': '几乎每天', 'zh-TW': '幾乎每天', en: 'Nearly every day' } },
];

const OVER_TWO_WEEKS: QuestionnaireText = {
  'zh-CN': '在过去两周里，你有多少时候受到以下问题的困扰？',
  'zh-TW': '在過去兩週裡，你有多少時候受到以下問題的困擾？',
  en: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
};

/** Frequency items, linkIds 1…n, each with its LOINC code. */
const frequencyItems = (items: Array<[string, QuestionnaireText, QuestionnaireItem['flag']?]>): QuestionnaireItem[] =>
  items.map(([code, text, flag], i) => ({
    linkId: String(i + 1), code: [{ system: LOINC, code }], text, type: 'choice', required: true, answerOption: FREQUENCY, ...(flag ? { flag } : {}),
  }));

export const PHQ_9: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'phq-9',
  url: 'urn:ihkit:questionnaire:phq-9',
  name: 'PHQ9',
  status: 'active',
  title: { 'zh-CN': '抑郁症筛查量表（PHQ-9）', 'zh-TW': '憂鬱症篩檢量表（PHQ-9）', en: 'Patient Health Questionnaire (PHQ-9)' },
  description: OVER_TWO_WEEKS,
  code: [{ system: LOINC, code: '44249-1', display: 'PHQ-9 quick depression assessment panel' }],
  scoreCode: { system: LOINC, code: '44261-6', display: 'Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]' },
  maxScore: 27,
  bands: [{ from: 0, band: 'minimal' }, { from: 5, band: 'mild' }, { from: 10, band: 'moderate' }, { from: 15, band: 'moderately-severe' }, { from: 20, band: 'severe' }],
  item: /* @__PURE__ */ frequencyItems([
    ['44250-9', { 'zh-CN': '做事时提不起劲或没有兴趣', 'zh-TW': '做事時提不起勁或沒有興趣', en: 'Little interest or pleasure in doing things' }],
    ['44255-8', { 'zh-CN': '感到心情低落、沮丧或绝望', 'zh-TW': '感到心情低落、沮喪或絕望', en: 'Feeling down, depressed, or hopeless' }],
    ['44259-0', { 'zh-CN': '入睡困难、睡不安稳或睡眠过多', 'zh-TW': '入睡困難、睡不安穩或睡眠過多', en: 'Trouble falling or staying asleep, or sleeping too much' }],
    ['44254-1', { 'zh-CN': '感觉疲倦或没有活力', 'zh-TW': '感覺疲倦或沒有活力', en: 'Feeling tired or having little energy' }],
    ['44251-7', { 'zh-CN': '食欲不振或吃太多', 'zh-TW': '食慾不振或吃太多', en: 'Poor appetite or overeating' }],
    ['44258-2', { 'zh-CN': '觉得自己很糟，或觉得自己很失败，或让自己或家人失望', 'zh-TW': '覺得自己很糟，或覺得自己很失敗，或讓自己或家人失望', en: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down' }],
    ['44252-5', { 'zh-CN': '对事物专注有困难，例如阅读报纸或看电视时', 'zh-TW': '對事物專注有困難，例如閱讀報紙或看電視時', en: 'Trouble concentrating on things, such as reading the newspaper or watching television' }],
    ['44253-3', {
      'zh-CN': '动作或说话速度缓慢到别人已经察觉？或正好相反——烦躁或坐立不安、动来动去的情况更胜于平常',
      'zh-TW': '動作或說話速度緩慢到別人已經察覺？或正好相反——煩躁或坐立不安、動來動去的情況更勝於平常',
      en: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    }],
    ['44260-8', { 'zh-CN': '有不如死掉或用某种方式伤害自己的念头', 'zh-TW': '有不如死掉或用某種方式傷害自己的念頭', en: 'Thoughts that you would be better off dead or of hurting yourself in some way' }, 'self-harm'],
  ]),
};

export const GAD_7: Questionnaire = {
  resourceType: 'Questionnaire',
  id: 'gad-7',
  url: 'urn:ihkit:questionnaire:gad-7',
  name: 'GAD7',
  status: 'active',
  title: { 'zh-CN': '焦虑症筛查量表（GAD-7）', 'zh-TW': '焦慮症篩檢量表（GAD-7）', en: 'Generalized Anxiety Disorder scale (GAD-7)' },
  description: OVER_TWO_WEEKS,
  code: [{ system: LOINC, code: '69737-5', display: 'Generalized anxiety disorder 7 item (GAD-7)' }],
  scoreCode: { system: LOINC, code: '70274-6', display: 'Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]' },
  maxScore: 21,
  bands: [{ from: 0, band: 'minimal' }, { from: 5, band: 'mild' }, { from: 10, band: 'moderate' }, { from: 15, band: 'severe' }],
  item: /* @__PURE__ */ frequencyItems([
    ['69725-0', { 'zh-CN': '感觉紧张、焦虑或急切', 'zh-TW': '感覺緊張、焦慮或急切', en: 'Feeling nervous, anxious, or on edge' }],
    ['68509-9', { 'zh-CN': '不能够停止或控制担忧', 'zh-TW': '不能夠停止或控制擔憂', en: 'Not being able to stop or control worrying' }],
    ['69733-4', { 'zh-CN': '对各种各样的事情担忧过多', 'zh-TW': '對各種各樣的事情擔憂過多', en: 'Worrying too much about different things' }],
    ['69734-2', { 'zh-CN': '很难放松下来', 'zh-TW': '很難放鬆下來', en: 'Trouble relaxing' }],
    ['69735-9', { 'zh-CN': '由于不安而无法静坐', 'zh-TW': '由於不安而無法靜坐', en: 'Being so restless that it is hard to sit still' }],
    ['69689-8', { 'zh-CN': '变得容易烦恼或急躁', 'zh-TW': '變得容易煩惱或急躁', en: 'Becoming easily annoyed or irritable' }],
    ['69736-7', { 'zh-CN': '感到似乎将有可怕的事情发生而害怕', 'zh-TW': '感到似乎將有可怕的事情發生而害怕', en: 'Feeling afraid, as if something awful might happen' }],
  ]),
};

/** The questionnaires a plan can ask for, by id. */
export const CARE_QUESTIONNAIRES: Readonly<Record<CareQuestionnaireId, Questionnaire>> = { 'phq-9': PHQ_9, 'gad-7': GAD_7 };

/**
 * Checking a patient's answers against a questionnaire and scoring them — the gateway's, never
 * the client's score. Every item is answered once, with a value of its type (a choice by one
 * of its options' codes, an integer in its range); the total is the sum of the chosen options'
 * scores, its band the last one it reaches, and a safety item scoring above 0 raises its flag.
 */
import type { Questionnaire, QuestionnaireItem } from './questionnaires.js';
import type { CareQuestionnaireAnswer, CareQuestionnaireItemAnswer, CareQuestionnaireSchedule } from './types.js';

export interface QuestionnaireProblem {
  /** A JSON pointer into the response (`/item/3/answer/0`), or `/item` for a missing item. */
  pointer: string;
  message: string;
}

export interface QuestionnaireScore {
  score: number;
  band: string;
  flags: Array<NonNullable<QuestionnaireItem['flag']>>;
}

/** Why the answer is not one the item takes (undefined: it is). */
function answerProblem(item: QuestionnaireItem, a: CareQuestionnaireAnswer): string | undefined {
  const given = Object.keys(a).filter((k) => a[k as keyof CareQuestionnaireAnswer] !== undefined);
  const wanted = { choice: 'valueCoding', integer: 'valueInteger', boolean: 'valueBoolean', string: 'valueString' }[item.type];
  if (given.length !== 1 || given[0] !== wanted) return `item ${item.linkId} is answered with ${wanted}`;
  if (item.type === 'choice' && !item.answerOption!.some((o) => o.valueCoding.code === a.valueCoding!.code)) return `${a.valueCoding!.code} is not an option of item ${item.linkId}`;
  if (item.type === 'integer' && ((item.minValue !== undefined && a.valueInteger! < item.minValue) || (item.maxValue !== undefined && a.valueInteger! > item.maxValue))) {
    return `item ${item.linkId} is between ${item.minValue ?? '…'} and ${item.maxValue ?? '…'}`;
  }
  if (item.type === 'string' && (!a.valueString!.trim() || (item.maxLength !== undefined && a.valueString!.length > item.maxLength))) return `item ${item.linkId} is a text of 1 to ${item.maxLength ?? '…'} characters`;
  return undefined;
}

/** What is wrong with the answers (undefined: they answer the questionnaire). */
export function questionnaireProblems(q: Questionnaire, answers: readonly CareQuestionnaireItemAnswer[]): QuestionnaireProblem[] | undefined {
  const out: QuestionnaireProblem[] = [];
  const seen = new Set<string>();
  answers.forEach((given, i) => {
    const item = q.item.find((it) => it.linkId === given.linkId);
    if (!item) out.push({ pointer: `/item/${i}/linkId`, message: `${q.id} has no item ${given.linkId}` });
    else if (seen.has(given.linkId)) out.push({ pointer: `/item/${i}/linkId`, message: `item ${given.linkId} is answered once` });
    else {
      const problem = given.answer.length === 1 ? answerProblem(item, given.answer[0]!) : `item ${item.linkId} has one answer`;
      if (problem) out.push({ pointer: `/item/${i}/answer`, message: problem });
    }
    seen.add(given.linkId);
  });
  for (const item of q.item) if (item.required && !seen.has(item.linkId)) out.push({ pointer: '/item', message: `item ${item.linkId} is not answered` });
  return out.length ? out : undefined;
}

/** The score of answers that questionnaireProblems found nothing wrong with. */
export function scoreQuestionnaire(q: Questionnaire, answers: readonly CareQuestionnaireItemAnswer[]): QuestionnaireScore {
  let score = 0;
  const flags = new Set<NonNullable<QuestionnaireItem['flag']>>();
  for (const given of answers) {
    const item = q.item.find((it) => it.linkId === given.linkId)!;
    const code = given.answer[0]?.valueCoding?.code;
    const points = item.answerOption?.find((o) => o.valueCoding.code === code)?.score ?? 0;
    score += points;
    if (item.flag && points > 0) flags.add(item.flag);
  }
  const band = q.bands.filter((b) => b.from <= score).at(-1)!.band;
  return { score, band, flags: [...flags] };
}

/** Whether a scored response alerts the care team: a safety flag, or a total at or above the plan's limit for it. */
export const responseRaisesAlert = (scored: QuestionnaireScore, schedule: Pick<CareQuestionnaireSchedule, 'alertAtScore'>): boolean =>
  scored.flags.length > 0 || (schedule.alertAtScore !== undefined && scored.score >= schedule.alertAtScore);

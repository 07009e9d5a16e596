import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CARE_QUESTIONNAIRES, GAD_7, PHQ_9, questionnaireProblems, scoreQuestionnaire, type CareQuestionnaireItemAnswer, type Questionnaire } from '@ihkit/core';

/** Answers choosing the option that scores `points[i]` for item i. */
const answersOf = (q: Questionnaire, points: number[]): CareQuestionnaireItemAnswer[] =>
  q.item.map((item, i) => ({ linkId: item.linkId, answer: [{ valueCoding: { code: item.answerOption!.find((o) => o.score === points[i])!.valueCoding.code } }] }));
const scored = (q: Questionnaire, points: number[]) => {
  const answers = answersOf(q, points);
  assert.equal(questionnaireProblems(q, answers), undefined);
  return scoreQuestionnaire(q, answers);
};

test('PHQ-9 and GAD-7 are the standard scales: their items, LOINC codes and answer scores', () => {
  assert.equal(PHQ_9.item.length, 9);
  assert.equal(GAD_7.item.length, 7);
  assert.deepEqual(Object.keys(CARE_QUESTIONNAIRES), ['phq-9', 'gad-7']);
  assert.equal(PHQ_9.scoreCode.code, '44261-6');
  assert.equal(GAD_7.scoreCode.code, '70274-6');
  assert.deepEqual(PHQ_9.item.map((i) => i.code![0]!.code), ['44250-9', '44255-8', '44259-0', '44254-1', '44251-7', '44258-2', '44252-5', '44253-3', '44260-8']);
  assert.deepEqual(PHQ_9.item[0]!.answerOption!.map((o) => [o.valueCoding.code, o.score]), [['LA6568-5', 0], ['LA6569-3', 1], ['LA6570-1', 2], ['LA6571-9', 3]]);
  assert.deepEqual(PHQ_9.item.filter((i) => i.flag).map((i) => [i.linkId, i.flag]), [['9', 'self-harm']]);
  for (const q of Object.values(CARE_QUESTIONNAIRES)) {
    for (const t of [q.title, q.description, ...q.item.map((i) => i.text), ...q.item.flatMap((i) => i.answerOption!.map((o) => o.text))]) {
      assert.ok(t['zh-CN'] && t['zh-TW'] && t.en, 'every text in the three languages');
    }
    assert.equal(q.item.reduce((sum, i) => sum + Math.max(...i.answerOption!.map((o) => o.score)), 0), q.maxScore);
  }
});

test('PHQ-9 totals 0–27 in the standard bands, at their edges', () => {
  const phq = (total: number) => {
    const points = Array.from({ length: 8 }, (_, i) => Math.min(3, Math.max(0, total - 3 * i)));
    return scored(PHQ_9, [...points, 0]);
  };
  const bands: Array<[number, string]> = [[0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'], [15, 'moderately-severe'], [19, 'moderately-severe'], [20, 'severe'], [24, 'severe']];
  for (const [total, band] of bands) assert.deepEqual(phq(total), { score: total, band, flags: [] }, `a total of ${total}`);
  assert.deepEqual(scored(PHQ_9, [3, 3, 3, 3, 3, 3, 3, 3, 3]), { score: 27, band: 'severe', flags: ['self-harm'] });
});

test('PHQ-9 item 9 above 0 is a safety flag whatever the total', () => {
  assert.deepEqual(scored(PHQ_9, [0, 0, 0, 0, 0, 0, 0, 0, 1]), { score: 1, band: 'minimal', flags: ['self-harm'] });
  assert.deepEqual(scored(PHQ_9, [1, 0, 0, 0, 0, 0, 0, 0, 0]).flags, []);
});

test('GAD-7 totals 0–21 in the standard bands, at their edges', () => {
  const gad = (total: number) => scored(GAD_7, Array.from({ length: 7 }, (_, i) => Math.min(3, Math.max(0, total - 3 * i))));
  const bands: Array<[number, string]> = [[0, 'minimal'], [4, 'minimal'], [5, 'mild'], [9, 'mild'], [10, 'moderate'], [14, 'moderate'], [15, 'severe'], [21, 'severe']];
  for (const [total, band] of bands) assert.deepEqual(gad(total), { score: total, band, flags: [] }, `a total of ${total}`);
});

test('answers that do not answer the questionnaire are refused, each with a pointer', () => {
  const all = answersOf(PHQ_9, [1, 1, 1, 1, 1, 1, 1, 1, 0]);
  assert.deepEqual(questionnaireProblems(PHQ_9, all.slice(0, 8)), [{ pointer: '/item', message: 'item 9 is not answered' }]);
  assert.deepEqual(questionnaireProblems(PHQ_9, [...all, { linkId: '10', answer: [{ valueCoding: { code: 'LA6568-5' } }] }]), [{ pointer: '/item/9/linkId', message: 'phq-9 has no item 10' }]);
  assert.deepEqual(questionnaireProblems(PHQ_9, [...all, all[0]!]), [{ pointer: '/item/9/linkId', message: 'item 1 is answered once' }]);
  const wrong = (answer: CareQuestionnaireItemAnswer['answer']) => questionnaireProblems(PHQ_9, [{ linkId: '1', answer }, ...all.slice(1)]);
  assert.deepEqual(wrong([{ valueCoding: { code: 'LA0000-0' } }]), [{ pointer: '/item/0/answer', message: 'LA0000-0 is not an option of item 1' }]);
  assert.deepEqual(wrong([{ valueInteger: 3 }]), [{ pointer: '/item/0/answer', message: 'item 1 is answered with valueCoding' }]);
  assert.deepEqual(wrong([{ valueCoding: { code: 'LA6568-5' } }, { valueCoding: { code: 'LA6569-3' } }]), [{ pointer: '/item/0/answer', message: 'item 1 has one answer' }]);
});

test('integer, yes/no and text items take values of their type', () => {
  const q: Questionnaire = {
    ...PHQ_9, id: 'phq-9', bands: [{ from: 0, band: 'any' }],
    item: [
      { linkId: 'age', text: PHQ_9.title, type: 'integer', required: true, minValue: 0, maxValue: 120 },
      { linkId: 'smokes', text: PHQ_9.title, type: 'boolean', required: true },
      { linkId: 'note', text: PHQ_9.title, type: 'string', required: false, maxLength: 5 },
    ],
  };
  assert.equal(questionnaireProblems(q, [{ linkId: 'age', answer: [{ valueInteger: 120 }] }, { linkId: 'smokes', answer: [{ valueBoolean: false }] }]), undefined);
  assert.deepEqual(questionnaireProblems(q, [{ linkId: 'age', answer: [{ valueInteger: 121 }] }, { linkId: 'smokes', answer: [{ valueString: 'no' }] }, { linkId: 'note', answer: [{ valueString: 'too long' }] }])!.map((p) => p.message), [
    'item age is between 0 and 120', 'item smokes is answered with valueBoolean', 'item note is a text of 1 to 5 characters',
  ]);
  assert.deepEqual(scoreQuestionnaire(q, [{ linkId: 'age', answer: [{ valueInteger: 40 }] }, { linkId: 'smokes', answer: [{ valueBoolean: true }] }]), { score: 0, band: 'any', flags: [] });
});

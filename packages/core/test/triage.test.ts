import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  triage, triageAge, triageBodyAreas, triageDepartmentIds, triageQuestions, triageRulesProblems, triageSymptoms, triageText,
  type TriageDuration, type TriagePatient, type TriageRules,
} from '@ihkit/core';

const read = (path: string): unknown => {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  return path.endsWith('.json') ? JSON.parse(text) : parse(text);
};
const demoRules = read('../triage/demo-rules.yaml') as TriageRules;
const generalRules = read('./fixtures/triage-general-hospital.yaml') as TriageRules;

interface Vignette {
  name: string;
  patient: TriagePatient;
  symptoms: string[];
  duration?: TriageDuration;
  yes?: string[];
  /** A department key (the first suggestion), `emergency:<red flag>` or `none`. */
  expect: string;
  among?: string[];
  notAmong?: string[];
}

function runVignettes(rules: TriageRules, vignettes: Vignette[], departments: Record<string, string>): void {
  const key = (id: string): string => Object.entries(departments).find(([, v]) => v === id)?.[0] ?? id;
  const id = (k: string): string => departments[k] ?? k;
  for (const v of vignettes) {
    test(`${v.name} (${v.patient.sex}, ${v.patient.ageYears} y) → ${v.expect}`, () => {
      const result = triage(rules, { symptoms: v.symptoms, duration: v.duration, yes: v.yes }, v.patient);
      if (v.expect.startsWith('emergency:')) {
        assert.equal(result.kind, 'emergency', `expected a red flag, got ${JSON.stringify(result.kind === 'departments' ? result.departments.map((d) => key(d.departmentId)) : result.kind)}`);
        assert.ok(result.kind === 'emergency' && result.redFlags.some((f) => f.id === v.expect.slice('emergency:'.length)), `red flags: ${result.kind === 'emergency' ? result.redFlags.map((f) => f.id).join(', ') : ''}`);
        return;
      }
      if (v.expect === 'none') {
        assert.deepEqual(result, { kind: 'none' });
        return;
      }
      assert.equal(result.kind, 'departments', `expected departments, got ${result.kind}${result.kind === 'emergency' ? ` (${result.redFlags.map((f) => f.id).join(', ')})` : ''}`);
      if (result.kind !== 'departments') return;
      const got = result.departments.map((d) => key(d.departmentId));
      assert.equal(got[0], v.expect, `ranked: ${got.join(', ')}`);
      for (const k of v.among ?? []) assert.ok(got.includes(k), `${k} is among ${got.join(', ')}`);
      for (const k of v.notAmong ?? []) assert.ok(!result.departments.some((d) => d.departmentId === id(k)), `${k} must not be among ${got.join(', ')}`);
      for (const d of result.departments) assert.ok(d.reasons.length > 0 && d.reasons.every((r) => r['zh-CN'] && r.en), 'every suggestion has its reasons');
    });
  }
}

describe('triage: the demo hospital\'s vignettes', () => {
  const file = read('./triage-vignettes.json') as { departments: Record<string, string>; vignettes: Vignette[] };
  test('there are at least 60, covering every red flag and every department', () => {
    assert.ok(file.vignettes.length >= 60, `${file.vignettes.length} vignettes`);
    const expected = new Set(file.vignettes.map((v) => v.expect));
    for (const f of demoRules.redFlags) assert.ok(expected.has(`emergency:${f.id}`), `no vignette for red flag ${f.id}`);
    for (const k of Object.keys(file.departments)) assert.ok(expected.has(k), `no vignette for ${k}`);
  });
  test('the rules name only the demo hospital\'s departments', () => {
    assert.deepEqual(triageDepartmentIds(demoRules).filter((d) => !Object.values(file.departments).includes(d)), []);
  });
  runVignettes(demoRules, file.vignettes, file.departments);
});

describe('triage: age and sex routing on a general hospital\'s rules', () => {
  const file = read('./triage-general-vignettes.json') as { vignettes: Vignette[] };
  runVignettes(generalRules, file.vignettes, {});

  test('a male patient never gets gynaecology or obstetrics, whatever he answers', () => {
    const everything = generalRules.symptoms.map((s) => s.id);
    const yes = generalRules.questions.map((q) => q.id);
    for (const ageYears of [0.5, 5, 13.9, 14, 18, 30, 54, 80]) {
      const result = triage(generalRules, { symptoms: everything, yes }, { ageYears, sex: 'male' });
      const ids = result.kind === 'departments' ? result.departments.map((d) => d.departmentId) : [];
      assert.ok(!ids.includes('gyn') && !ids.includes('obstetrics'), `${ageYears}: ${ids.join(', ')}`);
      assert.ok(ageYears < 14 ? !ids.includes('andrology') : !ids.includes('paed'), `${ageYears}: ${ids.join(', ')}`);
    }
  });
  test('a woman past child-bearing age is not offered pregnancy symptoms or questions', () => {
    const offered = triageSymptoms(generalRules, 'lower_belly', { ageYears: 56, sex: 'female' }).map((s) => s.id);
    assert.ok(!offered.includes('missed_period') && !offered.includes('morning_sickness') && offered.includes('period_pain'));
    assert.deepEqual(triageQuestions(generalRules, ['lower_abdominal_pain'], { ageYears: 60, sex: 'female' }), []);
    assert.deepEqual(triageQuestions(generalRules, ['lower_abdominal_pain'], { ageYears: 30, sex: 'female' }).map((q) => q.id), ['q_pregnant']);
    assert.ok(!triageSymptoms(generalRules, 'lower_belly', { ageYears: 30, sex: 'male' }).some((s) => s.sex === 'female'));
  });
});

describe('triage: the engine', () => {
  const adult: TriagePatient = { ageYears: 40, sex: 'female' };
  test('scores add up per department and rank it; ties keep the rules\' order; reasons strongest first', () => {
    const result = triage(demoRules, { symptoms: ['chest_pain', 'cough', 'fever'] }, { ageYears: 62, sex: 'male' });
    assert.equal(result.kind, 'departments');
    if (result.kind !== 'departments') return;
    assert.deepEqual(result.departments.map((d) => [d.departmentId, d.score]), [['dep_c3mk33p9', 7], ['dep_bd3dt96k', 4]]);
    assert.equal(result.departments[0]!.reasons[0]!.en, 'A cough is usually a matter for the airways and lungs.');
  });
  test('a question not asked (its symptom not chosen) counts as no', () => {
    assert.equal(triage(demoRules, { symptoms: ['cough'], yes: ['q_chest_sweat'] }, adult).kind, 'departments');
    assert.equal(triage(demoRules, { symptoms: ['chest_pain'], yes: ['q_chest_sweat'] }, adult).kind, 'emergency');
  });
  test('a duration limits a route', () => {
    const score = (duration: TriageDuration): number => {
      const r = triage(demoRules, { symptoms: ['cough'], duration }, adult);
      return r.kind === 'departments' ? r.departments[0]!.score : 0;
    };
    assert.deepEqual([score('hours'), score('days'), score('weeks'), score('months')], [4, 4, 6, 6]);
  });
  test('the red flag result carries the emergency number and nothing to book', () => {
    const result = triage(demoRules, { symptoms: ['face_droop', 'rash'] }, adult);
    assert.deepEqual(result.kind === 'emergency' && [result.phone, result.redFlags.map((f) => f.id)], ['120', ['stroke']]);
    assert.ok(!('departments' in result));
  });
  test('body areas offer only the symptoms the patient may choose', () => {
    assert.ok(triageBodyAreas(demoRules, { ageYears: 30, sex: 'female' }).some((a) => a.id === 'womens_health'));
    assert.ok(!triageBodyAreas(demoRules, { ageYears: 30, sex: 'male' }).some((a) => a.id === 'womens_health'));
    assert.ok(!triageBodyAreas(demoRules, { ageYears: 8, sex: 'female' }).some((a) => a.id === 'womens_health'));
    assert.deepEqual(triageQuestions(demoRules, ['fever'], { ageYears: 3, sex: 'male' }).map((q) => q.id), ['q_stiff_neck', 'q_high_fever', 'q_lethargic']);
    assert.deepEqual(triageQuestions(demoRules, ['fever'], { ageYears: 30, sex: 'male' }).map((q) => q.id), ['q_stiff_neck', 'q_high_fever']);
  });
  test('texts in each language; zh-TW falls back to zh-CN', () => {
    const text = { 'zh-CN': '头痛', 'zh-TW': '頭痛', en: 'Headache' };
    assert.deepEqual(['zh-CN', 'zh-TW', 'zh-HK', 'en', 'fr'].map((l) => triageText(text, l)), ['头痛', '頭痛', '頭痛', 'Headache', 'Headache']);
    assert.equal(triageText({ 'zh-CN': '头痛', en: 'Headache' }, 'zh-TW'), '头痛');
  });
  test('age in years from a birth date, months counted for babies', () => {
    assert.equal(triageAge('2020-06-15', '2026-06-14'), 5 + 11 / 12);
    assert.equal(triageAge('2020-06-15', '2026-06-15'), 6);
    assert.equal(triageAge('2026-04-10', '2026-06-09'), 1 / 12);
    assert.ok(triageAge('2026-04-10', '2026-06-09') < 0.25);
    assert.equal(triageAge('2026-06-10', '2026-06-09'), 0);
  });
});

describe('triage: rules problems', () => {
  test('every text of the demo rules is written in zh-CN, zh-TW and en, and nothing else', () => {
    const texts: [string, string][] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((n, i) => walk(n, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        if ('zh-CN' in node) texts.push([at, Object.keys(node).sort().join(' ')]);
        else for (const [k, v] of Object.entries(node)) walk(v, `${at}/${k}`);
      }
    };
    walk(demoRules, '');
    assert.ok(texts.length > 100);
    assert.deepEqual(texts.filter(([, keys]) => keys !== 'en zh-CN zh-TW'), []);
  });
  test('the demo rules and the fixture have none', () => {
    assert.deepEqual(triageRulesProblems(demoRules), []);
    assert.deepEqual(triageRulesProblems(generalRules), []);
  });
  test('each problem names its place', () => {
    const rules = structuredClone(demoRules);
    rules.routes[3]!.when.anySymptoms = ['ankle_swelling', 'toothache'];
    rules.redFlags[0]!.when.anyYes = ['q_nope'];
    rules.symptoms.push({ id: 'headache', label: { 'zh-CN': '头痛', en: 'Headache' } });
    rules.symptoms.push({ id: 'orphan', label: { 'zh-CN': '无', en: 'None' } });
    rules.questions[0]!.askWhen = ['nothing'];
    rules.departments = [{ id: 'x', minAgeYears: 14, maxAgeYears: 14 }];
    assert.deepEqual(triageRulesProblems(rules), [
      { pointer: `/symptoms/${demoRules.symptoms.length}/id`, message: '"headache" is defined twice' },
      { pointer: `/symptoms/${demoRules.symptoms.length + 1}/id`, message: '"orphan" is in no body area, so no one can choose it' },
      { pointer: '/questions/0/askWhen/0', message: 'names symptom "nothing", which the rules do not define' },
      { pointer: '/departments/0', message: 'minAgeYears 14 is not below maxAgeYears 14' },
      { pointer: '/redFlags/0/when/anyYes/0', message: 'names question "q_nope", which the rules do not define' },
      { pointer: '/routes/3/when/anySymptoms/1', message: 'names symptom "toothache", which the rules do not define' },
    ]);
  });
});

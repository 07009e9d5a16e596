/**
 * End to end: chronic-disease follow-up through the example pages. The nurse, on the staff
 * console's follow-up desk, finds 张伟 by name and puts him on a hypertension plan; 张伟 records a high blood pressure
 * in the portal's <ih-followup> (on a phone), is told his care team knows; and the nurse's
 * desk raises the alert live, with its trend, without a reload. Then he answers the PHQ-9 his
 * plan asks for, item 9 answered: he is told what to do now, and the nurse's desk raises it live.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAndBrowser, openAs, shot } from './demo-browser.js';

const env = demoAndBrowser();

test('the nurse puts a patient on a hypertension plan; his high home reading and his PHQ-9 with item 9 answered reach her desk live', async () => {
  const nurse = await openAs(env, '/staff/', 'rn.xu');
  const desk = nurse.page.locator('ih-care-desk');
  await desk.locator('[part~="enroll-form"]').waitFor();
  assert.equal(await nurse.page.locator('#desk').isHidden(), true, 'a nurse has no consult desk');

  // The nurse finds 张伟 by name (sent in a request body) and puts him on the hypertension plan.
  await desk.getByLabel('查找患者').fill('张伟');
  await desk.getByRole('button', { name: '查找' }).click();
  const match = desk.locator('[part~="match"]').filter({ hasText: '张伟（' });
  await match.waitFor();
  await match.click();
  assert.equal(await match.getAttribute('aria-pressed'), 'true');
  await desk.locator('[part~="template-select"]').selectOption('hypertension');
  await desk.getByRole('button', { name: '加入' }).click();
  const row = desk.locator('[part~="plan"]').filter({ hasText: '张伟' });
  await row.waitFor();
  assert.match((await row.textContent())!, /高血压随访/);
  assert.equal(await desk.locator('[part~="match"]').count(), 0, 'the search is cleared once the patient is on the plan');
  await nurse.page.waitForTimeout(300); // the desk's live connection is up

  // 张伟, on his phone, sees today's tasks and records a high reading.
  const patient = await openAs(env, '/', 'zhangwei', { phone: true });
  const followup = patient.page.locator('ih-followup');
  await followup.scrollIntoViewIfNeeded();
  await followup.locator('[part~="task"]').first().waitFor();
  assert.match((await followup.locator('[part~="task"]').first().textContent())!, /血压/);
  await followup.getByLabel('收缩压（高压，mmHg）').fill('176');
  await followup.getByLabel('舒张压（低压，mmHg）').fill('104');
  await followup.getByLabel('脉搏（次/分，可不填）').fill('92');
  const sent = performance.now();
  await followup.getByRole('button', { name: '保存' }).click();
  const result = followup.locator('[part~="result-alert"]');
  await result.waitFor();
  assert.match((await result.textContent())!, /已通知您的随访医护人员/);
  await followup.locator('[part~="reading-alert"]').waitFor();
  await shot(patient.page, 'care-1-patient-reading', followup);

  // The nurse's desk raises it at once, with the trend, and the worklist shows it.
  const alert = desk.locator('[part~="alert"]').filter({ hasText: '张伟' });
  await alert.waitFor({ timeout: 5000 });
  console.log(`# follow-up alert on the nurse's desk ${(performance.now() - sent).toFixed(0)} ms after the reading was saved`);
  assert.match((await alert.textContent())!.replace(/\s+/g, ' '), /176\/104 mmHg/);
  await row.filter({ hasText: '1 条异常' }).waitFor();
  await shot(nurse.page, 'care-2-nurse-alert');
  await alert.getByRole('button', { name: '已查看' }).click();
  await alert.waitFor({ state: 'detached' });

  // The PHQ-9 the plan asks for, one question at a time, item 9 answered: the desk raises it live.
  await followup.locator('[part~="questionnaire-button"]').click();
  await followup.locator('[part~="questionnaire"]').waitFor();
  for (let i = 0; i < 9; i++) {
    await followup.locator('#q-progress').filter({ hasText: `第 ${i + 1} 题` }).waitFor();
    await followup.locator('[part~="choice"]').nth(i === 8 ? 1 : 0).check();
    await followup.locator('[part~="next-button"]').click();
  }
  const safety = followup.locator('[part~="questionnaire-safety"]');
  await safety.waitFor();
  assert.match((await safety.textContent())!, /120/);
  const phq = desk.locator('[part~="alert"]').filter({ hasText: '情绪问卷（PHQ-9）' });
  await phq.waitFor({ timeout: 5000 });
  assert.match((await phq.textContent())!.replace(/\s+/g, ' '), /1 分（无或极轻）/);
  assert.match((await phq.locator('[part~="safety-flag"]').textContent())!, /第 9 题/);
  await shot(nurse.page, 'care-3-nurse-phq9-alert');

  for (const { urls } of [nurse, patient]) {
    assert.ok(urls.every((u) => !decodeURIComponent(u).includes('张伟') && !u.includes('176')), 'no name or reading in any URL');
  }
  assert.deepEqual(nurse.errors, []);
  assert.deepEqual(patient.errors, []);
});

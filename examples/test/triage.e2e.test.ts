/**
 * End to end, as a patient would: guided triage in the example portal against the real gateway
 * and the demo hospital's triage rules. A mother triages her daughter's palpitations, is sent
 * to paediatrics and lands in the booking for it; then her own drooping face stops triage with
 * the emergency advice and a call to 120. What she answered never leaves the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAndBrowser, shot, signInThroughProvider } from './demo-browser.js';

const env = demoAndBrowser();

test('a patient triages in the portal, lands in booking for the suggested department; a red flag shows the emergency advice', async () => {
  const page = await env.browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const events: { type: string; detail: unknown }[] = [];
  await page.exposeFunction('recordIhEvent', (e: { type: string; detail: unknown }) => events.push(e));
  await page.addInitScript(() => {
    for (const type of ['ih-triaged', 'ih-triage-book']) {
      document.addEventListener(type, (e) => (window as unknown as { recordIhEvent(x: unknown): void }).recordIhEvent({ type, detail: (e as CustomEvent).detail }));
    }
  });
  await page.goto(env.demo.url);
  await signInThroughProvider(page, 'lina');
  await page.locator('#who').getByText('李娜').waitFor();

  const triage = page.locator('ih-triage');
  const booking = page.locator('ih-booking');
  await page.getByRole('link', { name: '智能导诊' }).click();
  await triage.getByRole('heading', { name: '为谁导诊？' }).waitFor();
  await triage.getByRole('button', { name: /周可欣/ }).click();
  await triage.getByRole('heading', { name: '哪里不舒服？' }).waitFor();
  assert.equal(await triage.getByRole('button', { name: '月经与怀孕' }).count(), 0, 'a 9-year-old is not asked about periods and pregnancy');
  await triage.getByRole('button', { name: '胸部与呼吸' }).click();
  await triage.getByRole('checkbox', { name: '心慌、心跳快或不齐' }).check();
  await triage.getByRole('button', { name: '下一步' }).click();
  await triage.getByRole('radio', { name: '1–4 周' }).check();
  await triage.getByRole('button', { name: '查看建议' }).click();
  await triage.getByRole('heading', { name: '建议科室' }).waitFor();
  const best = triage.locator('[part~="suggestion"]').first();
  assert.match((await best.textContent())!, /儿科/);
  assert.match((await best.textContent())!, /心慌、心跳快或不齐由心血管内科诊治。/, 'the reason is the rule\'s');
  await shot(page, 'triage-1-result', triage);

  await best.getByRole('button', { name: '预约儿科' }).click();
  await booking.getByRole('heading', { name: '选择医生' }).waitFor();
  await booking.getByRole('button', { name: /唐慧/ }).waitFor(); // a paediatrician of the demo hospital
  assert.equal(await booking.getByRole('button', { name: /周敏/ }).count(), 0, 'no cardiologists: the booking is for paediatrics');
  await shot(page, 'triage-2-booking');

  // Her own face drooping: triage stops at once with the emergency advice.
  await page.getByRole('link', { name: '智能导诊' }).click();
  await triage.getByRole('button', { name: '重新导诊' }).click();
  await triage.getByRole('button', { name: /李娜/ }).click();
  await triage.getByRole('button', { name: '头部' }).click();
  await triage.getByRole('checkbox', { name: '一侧脸歪、口角下垂' }).check();
  await triage.getByRole('button', { name: '下一步' }).click();
  await triage.getByRole('heading', { name: '请立即就医' }).waitFor();
  const alert = triage.getByRole('alert');
  assert.match((await alert.textContent())!, /可能是中风/);
  const call = triage.getByRole('link', { name: '拨打 120' });
  assert.equal(await call.getAttribute('href'), 'tel:120');
  assert.equal(await triage.getByRole('button', { name: /^预约/ }).count(), 0, 'nothing to book');
  await shot(page, 'triage-3-emergency', triage);

  // Events carry the outcome and department ids only; no request carried an answer.
  assert.deepEqual(events.map((e) => e.type), ['ih-triaged', 'ih-triage-book', 'ih-triaged']);
  assert.deepEqual(events[2]!.detail, { outcome: 'emergency' });
  assert.deepEqual(Object.keys(events[1]!.detail as object).sort(), ['departmentId', 'patientId']);
  const api = requests.filter((r) => r.includes('/api/'));
  assert.ok(api.some((r) => r.startsWith('GET ') && r.includes('/api/triage/rules')), 'the rules were fetched');
  for (const word of ['心慌', 'palpitations', '脸歪', 'face_droop', 'chest', 'weeks']) assert.ok(!api.some((r) => decodeURIComponent(r).includes(word)), `"${word}" went to the gateway`);
  assert.deepEqual(errors, []);
  await page.close();
});
